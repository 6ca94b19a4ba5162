package io.softmax4j.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.zip.CRC32;

/** Crafted image files for tests. */
public final class ImageFiles {
    private ImageFiles() {
    }

    /**
     * A PNG with a valid signature and IHDR chunk declaring {@code width x height} 8-bit gray
     * pixels, and no pixel data: a "decompression bomb" header in 33 bytes.
     */
    public static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(chunk);
        c.writeBytes("IHDR");
        c.writeInt(width);
        c.writeInt(height);
        c.write(new byte[]{8, 0, 0, 0, 0});
        out.writeInt(13);
        out.write(chunk.toByteArray());
        CRC32 crc = new CRC32();
        crc.update(chunk.toByteArray());
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }
}
