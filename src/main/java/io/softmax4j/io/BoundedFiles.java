package io.softmax4j.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The one way softmax4j opens a file a user named (config, model, checkpoint, image, IDX, CSV):
 * it must be a regular file (a named pipe would block forever, a device such as
 * {@code /dev/zero} never ends, and {@code Files.size()} says 0 for both), and it is read
 * through a stream that counts the bytes actually read and stops at a cap, whatever the file
 * system says its size is.
 *
 * <p>Failures are {@link RefusedFileException}s (an {@link IOException}) whose message names the
 * file and the problem, on one line, for the caller to wrap in its own exception type.
 */
public final class BoundedFiles {
    private BoundedFiles() {
    }

    /** Why a file was refused. */
    public enum Problem {
        /** No such file. */
        NOT_FOUND,
        /** A folder, named pipe, device or socket. */
        NOT_REGULAR,
        /** More bytes than the cap. */
        TOO_LARGE
    }

    /** A file refused before or while reading it; the message is {@code <file>: <what>}. */
    public static final class RefusedFileException extends IOException {
        private final transient Path file;
        private final Problem problem;
        private final String detail;

        RefusedFileException(Path file, Problem problem, String detail) {
            super(Printable.escape(file.toString()) + ": " + detail);
            this.file = file;
            this.problem = problem;
            this.detail = detail;
        }

        public Path file() {
            return file;
        }

        public Problem problem() {
            return problem;
        }

        /** The message without the file name in front. */
        public String detail() {
            return detail;
        }
    }

    /**
     * Refuses anything but an existing regular file (symbolic links are followed): a folder, a
     * named pipe (FIFO), a device or a socket.
     */
    public static void requireRegularFile(Path file) throws RefusedFileException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new RefusedFileException(file, Problem.NOT_FOUND, "no such file");
        } catch (IOException | SecurityException e) {
            throw new RefusedFileException(file, Problem.NOT_FOUND, "cannot be read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + Printable.escape(e.getMessage())) + ")");
        }
        if (attributes.isDirectory()) {
            throw new RefusedFileException(file, Problem.NOT_REGULAR, "is a directory, not a regular file");
        }
        if (!attributes.isRegularFile()) {
            throw new RefusedFileException(file, Problem.NOT_REGULAR,
                    "not a regular file (a named pipe, device or socket); give a file saved on disk");
        }
    }

    /** Whether {@code file} exists as something (a folder, pipe, device ... count), links followed. */
    public static boolean exists(Path file) {
        return Files.exists(file);
    }

    /**
     * Opens a regular file for reading; the stream fails with {@link RefusedFileException}
     * ({@link Problem#TOO_LARGE}) as soon as more than {@code cap} bytes have been read.
     */
    public static InputStream newInputStream(Path file, long cap) throws IOException {
        requireRegularFile(file);
        // the size may refuse early (no need to read 64 MB to learn a file is too large), never accept
        if (Files.size(file) > cap) {
            throw new RefusedFileException(file, Problem.TOO_LARGE, tooLarge(cap));
        }
        return new CappedInputStream(Files.newInputStream(file), file, cap);
    }

    /**
     * Wraps any stream (e.g. a decompressing one) so that it fails with {@link RefusedFileException}
     * naming {@code file} once more than {@code cap} bytes have been read from it.
     */
    public static InputStream capped(InputStream in, Path file, long cap) {
        return new CappedInputStream(in, file, cap);
    }

    /** Reads a whole regular file of at most {@code cap} bytes (counted while reading). */
    public static byte[] readAllBytes(Path file, long cap) throws IOException {
        if (cap > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("cap too large for one array: " + cap);
        }
        try (InputStream in = newInputStream(file, cap)) {
            return in.readAllBytes();
        }
    }

    /** The message for a file over its cap. */
    static String tooLarge(long cap) {
        return "is larger than the limit of " + cap + " bytes";
    }

    /** Counts the bytes read and fails once they pass the cap. */
    private static final class CappedInputStream extends FilterInputStream {
        private final Path file;
        private final long cap;
        private long count;

        CappedInputStream(InputStream in, Path file, long cap) {
            super(in);
            this.file = file;
            this.cap = cap;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            // never ask for more than one byte past the cap: enough to tell that the file is too large
            long room = cap - count + 1;
            int n = super.read(b, off, (int) Math.min(len, Math.max(1, room)));
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, cap - count + 1));
            counted(skipped);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void counted(long n) throws RefusedFileException {
            count += n;
            if (count > cap) {
                throw new RefusedFileException(file, Problem.TOO_LARGE, tooLarge(cap));
            }
        }
    }
}
