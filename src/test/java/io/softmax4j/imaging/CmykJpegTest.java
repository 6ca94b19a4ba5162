package io.softmax4j.imaging;

import org.junit.jupiter.api.Test;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** CMYK (four-component) JPEGs are recognised from their frame header, to name them in messages. */
class CmykJpegTest {
    static byte[] jpeg(int bands) throws IOException {
        WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, bands, null);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                for (int b = 0; b < bands; b++) {
                    r.setSample(x, y, b, (x * 16 + b * 40) & 255);
                }
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            w.setOutput(out);
            w.write(null, bands == 4 ? new IIOImage(r, null, null)
                    : new IIOImage(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), null, null), null);
        } finally {
            w.dispose();
        }
        return bytes.toByteArray();
    }

    @Test
    void countsTheComponentsOfTheFrameHeader() throws IOException {
        assertEquals(4, SafeImageReader.jpegComponents(jpeg(4)));
        assertEquals(3, SafeImageReader.jpegComponents(jpeg(3)));
        assertEquals(-1, SafeImageReader.jpegComponents(new byte[]{(byte) 0xFF, (byte) 0xD8, 0, 0}));
    }
}
