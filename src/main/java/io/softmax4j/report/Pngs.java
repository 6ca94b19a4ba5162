package io.softmax4j.report;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small Java2D helpers shared by the picture renderers; all work headless. */
final class Pngs {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Color INK = new Color(0x22, 0x22, 0x22);
    static final Color WRONG = new Color(0xC6, 0x28, 0x28);

    private Pngs() {
    }

    /** A white RGB canvas with antialiased text. */
    static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        return g;
    }

    static byte[] encode(BufferedImage img) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(img, "png", bytes)) {
                throw new IllegalStateException("no PNG writer available in this Java runtime");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Draws {@code text} centred on {@code cx}, shrinking the font (down to 8 pt) to fit {@code maxWidth}. */
    static void centred(Graphics2D g, String text, int cx, int baseline, int maxWidth) {
        Font font = g.getFont();
        FontMetrics fm = g.getFontMetrics(font);
        while (fm.stringWidth(text) > maxWidth && font.getSize2D() > 8) {
            font = font.deriveFont(font.getSize2D() - 1);
            fm = g.getFontMetrics(font);
        }
        while (fm.stringWidth(text) > maxWidth && text.length() > 2) {
            text = text.substring(0, text.length() - 2) + "\u2026";
        }
        Font saved = g.getFont();
        g.setFont(font);
        g.drawString(text, cx - fm.stringWidth(text) / 2, baseline);
        g.setFont(saved);
    }

    /** Draws a grayscale image (bytes 0..255, row-major) scaled up by {@code scale}, pixels kept square. */
    static void drawGray(Graphics2D g, byte[] pixels, int rows, int cols, int x, int y, int scale) {
        BufferedImage gray = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setDataElements(0, 0, cols, rows, pixels);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.drawImage(gray, x, y, cols * scale, rows * scale, null);
    }
}
