package io.softmax4j.data;

import io.softmax4j.io.BoundedFiles;
import io.softmax4j.io.Printable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Opens data files (IDX, CSV) through {@link BoundedFiles}, failing with a {@link DataException} naming the file. */
final class DataFiles {
    private DataFiles() {
    }

    /**
     * A stream over a regular file that fails once more than {@code cap} bytes are read.
     *
     * @throws DataException when the file is missing or not a regular file (a folder, named pipe, device)
     */
    static InputStream open(Path file, long cap) {
        try {
            return BoundedFiles.newInputStream(file, cap);
        } catch (BoundedFiles.RefusedFileException e) {
            throw refused(e);
        } catch (IOException e) {
            throw new DataException(Printable.escape(file + ": cannot read: " + e.getMessage()), e);
        }
    }

    /** The refusal as a data error: {@code <file>: file not found}, {@code <file>: not a regular file ...}. */
    static DataException refused(BoundedFiles.RefusedFileException e) {
        String what = switch (e.problem()) {
            case NOT_FOUND -> "file not found";
            case NOT_REGULAR -> e.detail();
            case TOO_LARGE -> e.detail() + ", too large for a data file softmax4j can hold in memory";
        };
        return new DataException(Printable.escape(e.file().toString()) + ": " + what, e);
    }

    /** Maps a {@link BoundedFiles.RefusedFileException} met while reading to a data error, else rethrows. */
    static DataException whileReading(Path file, IOException e) {
        return e instanceof BoundedFiles.RefusedFileException r ? refused(r)
                : new DataException(Printable.escape(file + ": cannot read: " + e.getMessage()), e);
    }
}
