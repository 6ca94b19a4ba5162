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
    private static final java.util.Map<Integer, String> TYPES = java.util.Map.of(
            0x09, "signed byte", 0x0B, "short", 0x0C, "int", 0x0D, "float", 0x0E, "double");

    private IdxReader() {
    }

    /** Image file contents. */
    public record Images(byte[] pixels, int count, int rows, int cols) {
    }

    /** Reads an images file ({@code idx3-ubyte}). */
    public static Images readImages(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(readMagic(in, file), IMAGES_MAGIC, file);
            int count = readHeaderInt(in, file);
            int rows = readHeaderInt(in, file);
            int cols = readHeaderInt(in, file);
            if (count == 0) {
                throw new DataException(file + ": IDX header declares 0 images; an image set needs at least one");
            }
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
            byte[] pixels = readFully(in, count * rows * cols, file, count + " images of " + rows + "x" + cols);
            expectEnd(in, file);
            return new Images(pixels, count, rows, cols);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read IDX file: " + e.getMessage(), e);
        }
    }

    /** Reads a labels file ({@code idx1-ubyte}). */
    public static byte[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            checkMagic(readMagic(in, file), LABELS_MAGIC, file);
            int count = readHeaderInt(in, file);
            if (count == 0) {
                throw new DataException(file + ": IDX header declares 0 labels; a label set needs at least one");
            }
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
            byte[] labels = readFully(in, count, file, count + " labels");
            expectEnd(in, file);
            return labels;
        } catch (IOException e) {
            throw new DataException(file + ": cannot read IDX file: " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(DataFiles.open(file, MAX_BYTES + 16), 1 << 16);
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

    private static int readHeaderInt(DataInputStream in, Path file) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataException(file + ": truncated: the file ends inside its IDX header");
        }
    }

    /**
     * Names what a wrong magic number is. The magic is {@code 0, 0, type, dimensions}; MNIST-style
     * sets are unsigned bytes ({@code type 0x08}) with 3 dimensions (images) or 1 (labels).
     */
    private static void checkMagic(int magic, int expected, Path file) {
        if (magic == expected) {
            return;
        }
        String wanted = expected == IMAGES_MAGIC ? "an IDX image file (magic number 0x00000803: unsigned bytes, 3 dimensions)"
                : "an IDX label file (magic number 0x00000801: unsigned bytes, 1 dimension)";
        String found = "magic number 0x" + String.format("%08x", magic);
        int type = (magic >>> 8) & 0xFF;
        int dims = magic & 0xFF;
        if ((magic >>> 16) == 0 && type == 0x08) {
            found += ": unsigned bytes with " + dims + " dimension" + (dims == 1 ? "" : "s")
                    + (magic == LABELS_MAGIC ? " (a label file?)" : magic == IMAGES_MAGIC ? " (an image file?)" : "");
        } else if ((magic >>> 16) == 0 && TYPES.containsKey(type)) {
            found += ": IDX " + TYPES.get(type) + " data, which softmax4j does not read (it needs unsigned bytes)";
        } else if ((magic >>> 16) == 0x1f8b) {
            found += ": gzip data; name the file with a .gz ending";
        } else {
            found += ", not an IDX file";
        }
        throw new DataException(file + ": expected " + wanted + ", found " + found);
    }

    /**
     * Reads exactly {@code length} bytes. {@code readNBytes} grows its buffer as data arrives, so
     * a gzipped file whose header promises more than it holds never allocates the promised size.
     */
    private static byte[] readFully(DataInputStream in, int length, Path file, String what) throws IOException {
        if (!file.toString().endsWith(".gz")) {
            return readSizeChecked(in, length, file, what);
        }
        byte[] data;
        try {
            data = in.readNBytes(length);
        } catch (EOFException e) {
            // a gzip stream cut short ends inside its compressed data, not at an item boundary
            throw new DataException(file + ": truncated: the compressed data ends before the " + what
                    + " its header declares (" + e.getMessage() + ")");
        }
        if (data.length < length) {
            throw new DataException(file + ": truncated: the header declares " + what + " (" + length
                    + " bytes of data) but the data ends after " + data.length + " bytes");
        }
        return data;
    }

    /**
     * Reads exactly {@code length} bytes of a plain file whose size was already checked against
     * its header: into one array allocated up front (no second copy, as {@code readNBytes} makes),
     * in chunks, because one huge read would make the JDK allocate, and cache for the thread's
     * lifetime, a temporary direct buffer as large as the file.
     */
    private static byte[] readSizeChecked(DataInputStream in, int length, Path file, String what) throws IOException {
        byte[] data = new byte[length];
        try {
            for (int off = 0; off < length; off += READ_CHUNK) {
                in.readFully(data, off, Math.min(READ_CHUNK, length - off));
            }
        } catch (EOFException e) {
            throw new DataException(file + ": truncated: the header declares " + what + " but the data ends early");
        }
        return data;
    }

    private static void expectEnd(InputStream in, Path file) throws IOException {
        if (in.read() != -1) {
            throw new DataException(file + ": has data past the item count its IDX header declares"
                    + " (a wrong header or two files joined together)");
        }
    }
}
