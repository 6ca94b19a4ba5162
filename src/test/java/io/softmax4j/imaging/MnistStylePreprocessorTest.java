package io.softmax4j.imaging;

import io.softmax4j.testing.DigitImages;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistStylePreprocessorTest {
    private static final Path FILE = Path.of("digit.png");
    private final MnistStylePreprocessor preprocessor = new MnistStylePreprocessor();

    /** Rows and columns holding any ink: {top, left, bottom, right}. */
    private static int[] inkBox(PreparedImage p) {
        int top = 99;
        int left = 99;
        int bottom = -1;
        int right = -1;
        for (int y = 0; y < p.rows(); y++) {
            for (int x = 0; x < p.cols(); x++) {
                if (p.pixel(y, x) > 0) {
                    top = Math.min(top, y);
                    left = Math.min(left, x);
                    bottom = Math.max(bottom, y);
                    right = Math.max(right, x);
                }
            }
        }
        return new int[]{top, left, bottom, right};
    }

    private static void assertMnistLike(PreparedImage p) {
        assertEquals(28, p.rows());
        assertEquals(28, p.cols());
        double[] com = p.centreOfMass();
        assertTrue(Math.abs(com[0] - 14) <= 1 && Math.abs(com[1] - 14) <= 1,
                "centre of mass (" + com[0] + ", " + com[1] + ") is within one pixel of (14, 14)");
        float max = 0;
        for (float v : p.pixels()) {
            assertTrue(v >= 0 && v <= 1, "pixel in 0..1: " + v);
            max = Math.max(max, v);
        }
        assertEquals(1f, max, 1e-6, "the strongest ink is white (1)");
        // white on black: the frame's border is background
        for (int i = 0; i < 28; i++) {
            assertEquals(0f, p.pixel(0, i));
            assertEquals(0f, p.pixel(27, i));
            assertEquals(0f, p.pixel(i, 0));
            assertEquals(0f, p.pixel(i, 27));
        }
        int[] box = inkBox(p);
        int longest = Math.max(box[2] - box[0] + 1, box[3] - box[1] + 1);
        assertEquals(20, longest, "the longest side of the ink is scaled to 20 pixels");
    }

    @Test
    void aDarkDigitOffCentreOnALargeWhiteCanvasBecomesACentredWhiteOnBlack28x28() {
        BufferedImage img = DigitImages.onWhite('7', new Font(Font.SANS_SERIF, Font.BOLD, 160), 360, 240, -90, 30);
        PreparedImage p = preprocessor.prepare(img, FILE);
        assertMnistLike(p);
    }

    @Test
    void aLightDigitOnDarkIsNotInvertedAndASmallImageIsScaledUp() {
        BufferedImage img = DigitImages.draw('2', new Font(Font.SERIF, Font.BOLD, 14), 23, 17, 2, 0,
                Color.WHITE, Color.BLACK);
        assertMnistLike(preprocessor.prepare(img, FILE));
    }

    @Test
    void aWideDigitKeepsItsAspectRatio() {
        BufferedImage img = new BufferedImage(400, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 400, 300);
        g.setColor(Color.BLACK);
        g.fillRect(50, 100, 200, 50); // a 4:1 bar
        g.dispose();
        PreparedImage p = preprocessor.prepare(img, FILE);
        int[] box = inkBox(p);
        assertEquals(20, box[3] - box[1] + 1, "width scaled to 20");
        assertEquals(5, box[2] - box[0] + 1, "height keeps the 4:1 ratio");
        assertMnistLike(p);
    }

    @Test
    void greyPaperAndColouredInkArePreparedLikeBlackOnWhite() {
        BufferedImage img = DigitImages.draw('4', new Font(Font.SANS_SERIF, Font.PLAIN, 120), 200, 200, 20, -10,
                new Color(20, 40, 160), new Color(215, 205, 190));
        assertMnistLike(preprocessor.prepare(img, FILE));
    }

    @Test
    void transparentBackgroundCountsAsPaper() {
        BufferedImage img = new BufferedImage(120, 120, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 90));
        g.drawString("3", 30, 95);
        g.dispose();
        assertMnistLike(preprocessor.prepare(img, FILE));
    }

    @Test
    void otherFrameSizesKeepTheMnistProportions() {
        BufferedImage img = DigitImages.onWhite('9', new Font(Font.SANS_SERIF, Font.BOLD, 120), 200, 160, 0, 0);
        PreparedImage p = new MnistStylePreprocessor(56).prepare(img, FILE);
        assertEquals(56, p.rows());
        assertEquals(56, p.cols());
        int[] box = inkBox(p);
        assertEquals(40, Math.max(box[2] - box[0] + 1, box[3] - box[1] + 1));
        double[] com = p.centreOfMass();
        assertTrue(Math.abs(com[0] - 28) <= 1 && Math.abs(com[1] - 28) <= 1, com[0] + ", " + com[1]);
    }

    @Test
    void aFlatImageHasNoDigitAndSaysSo() {
        BufferedImage img = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
        ImageInputException e = assertThrows(ImageInputException.class, () -> preprocessor.prepare(img, FILE));
        assertEquals(ImageInputException.Problem.NO_INK, e.problem());
        assertTrue(e.getMessage().startsWith("digit.png: no digit found"), e.getMessage());
    }

    @Test
    void theShownInputIsWrittenAsA28x28Png(@org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
        BufferedImage img = DigitImages.onWhite('6', new Font(Font.SANS_SERIF, Font.BOLD, 100), 150, 150, 0, 0);
        PreparedImage p = preprocessor.prepare(img, FILE);
        Path written = ShownInputWriter.write(dir.resolve("seen"), Path.of("photos/my six.jpg"), p);
        assertEquals(dir.resolve("seen/my six-28x28.png"), written);
        BufferedImage back = javax.imageio.ImageIO.read(written.toFile());
        assertEquals(28, back.getWidth());
        assertEquals(28, back.getHeight());
        assertEquals(Math.round(p.pixel(14, 14) * 255), back.getRaster().getSample(14, 14, 0));
        try (var files = java.nio.file.Files.list(dir.resolve("seen"))) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void filesOfOneCallThatShareANameGetTheirOwnShownInput(@org.junit.jupiter.api.io.TempDir Path dir) {
        BufferedImage img = DigitImages.onWhite('6', new Font(Font.SANS_SERIF, Font.BOLD, 100), 150, 150, 0, 0);
        PreparedImage p = preprocessor.prepare(img, FILE);
        java.util.Set<Path> taken = new java.util.HashSet<>();
        Path first = ShownInputWriter.write(dir, Path.of("a/7.png"), p, taken);
        Path second = ShownInputWriter.write(dir, Path.of("b/7.jpg"), p, taken);
        assertEquals(dir.resolve("7-28x28.png"), first);
        assertEquals(dir.resolve("7-2-28x28.png"), second);
        assertTrue(java.nio.file.Files.exists(first) && java.nio.file.Files.exists(second));
    }

    @Test
    void theShownInputIsThe28x28GrayPicture() {
        BufferedImage img = DigitImages.onWhite('5', new Font(Font.SANS_SERIF, Font.BOLD, 100), 150, 150, 0, 0);
        PreparedImage p = preprocessor.prepare(img, FILE);
        BufferedImage shown = p.toImage();
        assertEquals(28, shown.getWidth());
        assertEquals(28, shown.getHeight());
        assertEquals(Math.round(p.pixel(14, 14) * 255), shown.getRaster().getSample(14, 14, 0));
        assertEquals(784, preprocessor.toFeatures(img, FILE).length);
    }
}
