package io.softmax4j.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format), plain or gzipped, refusing anything malformed instead of
 * zero-filling it: wrong magic number, absurd dimensions, truncated or over-long data.
 */
public final class IdxReader {
    /** Upper bound on the pixel bytes of one IDX image file (guards against hostile headers). */
    public static final long MAX_BYTES = 2L * 1024 * 1024 * 1024 - 64;
    private static final int IMAGES_MAGIC = 0x00000803;
    private static final int LABELS_MAGIC = 0x00000801;
    private static final int MAX_SIDE = 4096;
    private static final int READ_CHUNK = 1 << 20;

    private IdxReader() {
    }

    /** Image file contents. */
    public record Images(byte[] pixels, int count, int rows, int cols) {
    }

    /** Reads an images file ({@code idx3-ubyte}). */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readMagic(in, file);
            if (magic != IMAGES_MAGIC) {
                throw new DataException(file + ": not an IDX image file (magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x803)");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0 || rows > MAX_SIDE || cols > MAX_SIDE
                    || (long) count * rows * cols > MAX_BYTES) {
                throw new DataException(file + ": IDX header declares " + count + " images of " + rows + "x" + cols
                        + ", which is not a plausible image set (sides up to " + MAX_SIDE + ", at most "
                        + MAX_BYTES + " bytes)");
            }
            if (!file.toString().endsWith(".gz")) {
                long expected = 16L + (long) count * rows * cols;
                long actual = Files.size(file);
                if (actual != expected) {
                    throw new DataException(file + ": IDX header declares " + count + " images of " + rows + "x" + cols
                            + " (" + expected + " bytes) but the file has " + actual + " bytes"
                            + (actual < expected ? " (truncated?)" : ""));
                }
            }
            byte[] pixels = new byte[count * rows * cols];
            readFully(in, pixels, file, count + " images");
            expectEnd(in, file);
            return new Images(pixels, count, rows, cols);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read IDX file: " + e.getMessage(), e);
        }
    }

    /** Reads a labels file ({@code idx1-ubyte}). */
    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = readMagic(in, file);
            if (magic != LABELS_MAGIC) {
                throw new DataException(file + ": not an IDX label file (magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x801)");
            }
            int count = in.readInt();
            if (count < 0 || count > MAX_BYTES) {
                throw new DataException(file + ": IDX header declares " + count + " labels, not plausible");
            }
            if (!file.toString().endsWith(".gz")) {
                long expected = 8L + count;
                long actual = Files.size(file);
                if (actual != expected) {
                    throw new DataException(file + ": IDX header declares " + count + " labels (" + expected
                            + " bytes) but the file has " + actual + " bytes" + (actual < expected ? " (truncated?)" : ""));
                }
            }
            byte[] labels = new byte[count];
            readFully(in, labels, file, count + " labels");
            expectEnd(in, file);
            return labels;
        } catch (IOException e) {
            throw new DataException(file + ": cannot read IDX file: " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataException(file + ": file not found");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.toString().endsWith(".gz")) {
            raw = new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return new DataInputStream(raw);
    }

    private static int readMagic(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataException(file + ": file is empty or shorter than an IDX header");
        }
    }

    private static void readFully(DataInputStream in, byte[] into, Path file, String what) throws IOException {
        try {
            // In chunks: one huge read would make the JDK allocate (and cache for the thread's
            // lifetime) a temporary direct buffer as large as the whole file, off the heap.
            for (int off = 0; off < into.length; off += READ_CHUNK) {
                in.readFully(into, off, Math.min(READ_CHUNK, into.length - off));
            }
        } catch (EOFException e) {
            throw new DataException(file + ": truncated: the header declares " + what + " but the data ends early");
        }
    }

    private static void expectEnd(InputStream in, Path file) throws IOException {
        if (in.read() != -1) {
            throw new DataException(file + ": has data past the " + "item count its IDX header declares");
        }
    }
}
