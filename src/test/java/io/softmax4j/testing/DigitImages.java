package io.softmax4j.testing;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Draws digits with Java2D from a font, as a user's photo or scan of a written digit might look. */
public final class DigitImages {
    private DigitImages() {
    }

    /**
     * A {@code width x height} RGB picture with {@code digit} in {@code ink} on {@code paper}, the
     * glyph {@code size} points high, its centre moved by (dx, dy) from the canvas centre.
     */
    public static BufferedImage draw(char digit, Font font, int width, int height, int dx, int dy,
                                     Color ink, Color paper) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(paper);
        g.fillRect(0, 0, width, height);
        g.setColor(ink);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics();
        String s = String.valueOf(digit);
        int x = (width - fm.stringWidth(s)) / 2 + dx;
        int y = (height + fm.getAscent() - fm.getDescent()) / 2 + dy;
        g.drawString(s, x, y);
        g.dispose();
        return img;
    }

    /** Dark-on-white, the common case: black ink on a white canvas. */
    public static BufferedImage onWhite(char digit, Font font, int width, int height, int dx, int dy) {
        return draw(digit, font, width, height, dx, dy, Color.BLACK, Color.WHITE);
    }
}
