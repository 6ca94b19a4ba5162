package io.softmax4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Adler32;

/** File checksums. */
public final class Checksums {
    private Checksums() {
    }

    /** Adler32 of a whole file, the checksum DL4J publishes for MNIST. */
    public static long adler32(Path file) throws IOException {
        Adler32 adler = new Adler32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                adler.update(buf, 0, n);
            }
        }
        return adler.getValue();
    }
}
