package io.softmax4j.imaging;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The EXIF orientation a phone camera writes into a JPEG instead of turning the pixels; Java's
 * decoder ignores it, so a photo of a digit would reach the model lying on its side.
 */
final class ExifOrientation {
    /** The EXIF block sits in the first segments; never read further than this. */
    private static final int MAX_SCAN = 1 << 16;

    private ExifOrientation() {
    }

    /** Walks the JPEG segments to APP1 "Exif" and reads tag 0x0112 of IFD0. */
    static int parse(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            return 1;
        }
        int p = 2;
        while (p + 4 <= b.length && (b[p] & 0xFF) == 0xFF) {
            int marker = b[p + 1] & 0xFF;
            int length = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            if (marker == 0xDA || length < 2) {
                return 1; // image data starts: no EXIF before it
            }
            if (marker == 0xE1 && p + 10 <= b.length && new String(b, p + 4, 6, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equals("Exif\0\0")) {
                return tiffOrientation(b, p + 10, Math.min(b.length, p + 2 + length));
            }
            p += 2 + length;
        }
        return 1;
    }

    private static int tiffOrientation(byte[] b, int tiff, int end) {
        boolean little = b[tiff] == 'I';
        int ifd = tiff + u32(b, tiff + 4, little);
        if (ifd + 2 > end) {
            return 1;
        }
        int entries = u16(b, ifd, little);
        for (int i = 0; i < entries; i++) {
            int e = ifd + 2 + 12 * i;
            if (e + 12 > end) {
                return 1;
            }
            if (u16(b, e, little) == 0x0112) {
                int value = u16(b, e + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int p, boolean little) {
        return little ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 : (b[p] & 0xFF) << 8 | (b[p + 1] & 0xFF);
    }

    private static int u32(byte[] b, int p, boolean little) {
        return little ? u16(b, p, true) | u16(b, p + 2, true) << 16 : u16(b, p, false) << 16 | u16(b, p + 2, false);
    }

    /** The image turned (and mirrored) as the orientation tag says it is to be shown. */
    static BufferedImage apply(BufferedImage img, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return img;
        }
        int w = img.getWidth();
        int h = img.getHeight();
        AffineTransform t = new AffineTransform();
        switch (orientation) {
            case 2 -> t.setTransform(-1, 0, 0, 1, w, 0);   // mirrored
            case 3 -> t.setTransform(-1, 0, 0, -1, w, h);  // upside down
            case 4 -> t.setTransform(1, 0, 0, -1, 0, h);   // mirrored upside down
            case 5 -> t.setTransform(0, 1, 1, 0, 0, 0);    // transposed
            case 6 -> t.setTransform(0, 1, -1, 0, h, 0);   // turned 90 degrees clockwise to show
            case 7 -> t.setTransform(0, -1, -1, 0, h, w);  // transversed
            default -> t.setTransform(0, -1, 1, 0, 0, w);  // 8: turned 90 degrees counter-clockwise
        }
        boolean swap = orientation >= 5;
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_ARGB);
        return new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(toArgb(img), out);
    }

    private static BufferedImage toArgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_ARGB) {
            return img;
        }
        BufferedImage argb = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_ARGB);
        argb.createGraphics().drawImage(img, 0, 0, null);
        return argb;
    }
}
