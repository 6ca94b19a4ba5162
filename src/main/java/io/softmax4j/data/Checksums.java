package io.softmax4j.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import io.softmax4j.io.BoundedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;
import java.util.zip.GZIPInputStream;

/** File checksums. */
public final class Checksums {
    private Checksums() {
    }

    /**
     * Checksums of a file's content: for a {@code .gz} file, of the bytes it decompresses to.
     *
     * @param md5     lower-case hex MD5
     * @param adler32 Adler32
     */
    public record ContentDigest(String md5, long adler32) {
    }

    /** Largest file (or decompressed content) checksummed: beyond any dataset softmax4j can hold. */
    static final long MAX_FILE_BYTES = 1L << 32;

    /** Adler32 of a whole file, the checksum DL4J publishes for MNIST. */
    public static long adler32(Path file) throws IOException {
        Adler32 adler = new Adler32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = BoundedFiles.newInputStream(file, MAX_FILE_BYTES)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                adler.update(buf, 0, n);
            }
        }
        return adler.getValue();
    }

    /**
     * MD5 and Adler32 of what a file holds, decompressing {@code .gz} files first: the same IDX
     * data then has the same checksums whether it is stored plain or gzipped, and whoever gzipped it.
     */
    public static ContentDigest content(Path file) throws IOException {
        MessageDigest md5 = newMd5();
        Adler32 adler = new Adler32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = openContent(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md5.update(buf, 0, n);
                adler.update(buf, 0, n);
            }
        }
        return new ContentDigest(HexFormat.of().formatHex(md5.digest()), adler.getValue());
    }

    /**
     * The Adler32 of each file's content, keyed by file name (by path when two files share a
     * name): the identity of the files a dataset was read from.
     */
    public static Map<String, Long> contentAdler32s(List<Path> files) {
        Map<String, Long> sums = new LinkedHashMap<>();
        for (Path f : files) {
            String key = f.getFileName().toString();
            try {
                sums.put(sums.containsKey(key) ? f.toString() : key, content(f).adler32());
            } catch (IOException e) {
                throw DataFiles.whileReading(f, e);
            }
        }
        return sums;
    }

    /** Lower-case hex MD5 of a file's raw bytes (as published for downloads). */
    public static String md5(Path file) throws IOException {
        MessageDigest md5 = newMd5();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = BoundedFiles.newInputStream(file, MAX_FILE_BYTES)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md5.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    private static InputStream openContent(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(BoundedFiles.newInputStream(file, MAX_FILE_BYTES), 1 << 16);
        return file.getFileName().toString().endsWith(".gz")
                ? BoundedFiles.capped(new GZIPInputStream(raw, 1 << 16), file, MAX_FILE_BYTES) : raw;
    }

    private static MessageDigest newMd5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides MD5", e);
        }
    }
}
