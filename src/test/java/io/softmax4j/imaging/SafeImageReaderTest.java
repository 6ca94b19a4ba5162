package io.softmax4j.imaging;

import io.softmax4j.imaging.ImageInputException.Problem;
import io.softmax4j.testing.DigitImages;
import io.softmax4j.testing.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeImageReaderTest {
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.BOLD, 90);

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(img, format, out), "no writer for " + format);
        return out.toByteArray();
    }

    static BufferedImage digit(int type) {
        BufferedImage rgb = DigitImages.onWhite('8', FONT, 140, 120, 0, 0);
        BufferedImage img = new BufferedImage(140, 120, type);
        img.getGraphics().drawImage(rgb, 0, 0, null);
        return img;
    }

    static byte[] pngHeader(int width, int height) throws IOException {
        return ImageFiles.pngHeader(width, height);
    }

    @Test
    void readsPngJpegBmpAndGifOfAnyColourType(@TempDir Path dir) throws IOException {
        Map<String, Integer> cases = Map.of("png", BufferedImage.TYPE_BYTE_GRAY, "jpeg", BufferedImage.TYPE_INT_RGB,
                "bmp", BufferedImage.TYPE_3BYTE_BGR, "gif", BufferedImage.TYPE_BYTE_INDEXED);
        SafeImageReader reader = new SafeImageReader();
        for (var c : cases.entrySet()) {
            Path f = dir.resolve("eight." + c.getKey());
            Files.write(f, encode(digit(c.getValue()), c.getKey()));
            BufferedImage img = reader.read(f);
            assertEquals(140, img.getWidth(), c.getKey());
            assertEquals(120, img.getHeight(), c.getKey());
        }
        Path argb = dir.resolve("eight-alpha.png");
        Files.write(argb, encode(digit(BufferedImage.TYPE_INT_ARGB), "png"));
        assertEquals(140, reader.read(argb).getWidth());
    }

    static ImageInputException refused(SafeImageReader reader, Path file, Problem expected) {
        ImageInputException e = assertThrows(ImageInputException.class, () -> reader.read(file));
        assertEquals(expected, e.problem(), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void eachBadFileGetsItsOwnClearError(@TempDir Path dir) throws IOException {
        SafeImageReader reader = new SafeImageReader();
        refused(reader, dir.resolve("nope.png"), Problem.MISSING);
        refused(reader, dir, Problem.MISSING);

        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        assertTrue(refused(reader, empty, Problem.EMPTY).getMessage().contains("empty"));

        Path text = Files.writeString(dir.resolve("notes.png"), "this is not a picture\n");
        assertTrue(refused(reader, text, Problem.NOT_AN_IMAGE).getMessage().contains("not an image"));

        byte[] png = encode(DigitImages.onWhite('3', FONT, 300, 300, 0, 0), "png");
        Path cutPng = Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length / 2));
        assertTrue(refused(reader, cutPng, Problem.TRUNCATED).getMessage().contains("truncated"));

        byte[] jpeg = encode(DigitImages.onWhite('3', FONT, 300, 300, 0, 0), "jpeg");
        Path cutJpeg = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        assertTrue(refused(reader, cutJpeg, Problem.TRUNCATED).getMessage().contains("truncated"));

        // cut inside the header tables: the decoder only sees nonsense, the missing end tells
        Path cutEarly = Files.write(dir.resolve("cut-early.jpg"), Arrays.copyOf(jpeg, 400));
        refused(reader, cutEarly, Problem.TRUNCATED);
        byte[] gif = encode(digit(BufferedImage.TYPE_BYTE_INDEXED), "gif");
        refused(reader, Files.write(dir.resolve("cut.gif"), Arrays.copyOf(gif, gif.length / 2)), Problem.TRUNCATED);
        byte[] bmp = encode(digit(BufferedImage.TYPE_3BYTE_BGR), "bmp");
        refused(reader, Files.write(dir.resolve("cut.bmp"), Arrays.copyOf(bmp, bmp.length / 2)), Problem.TRUNCATED);

        byte[] corrupt = png.clone();
        Arrays.fill(corrupt, 60, corrupt.length - 20, (byte) 0x5A);
        Path bad = Files.write(dir.resolve("corrupt.png"), corrupt);
        assertTrue(refused(reader, bad, Problem.CORRUPT).getMessage().contains("corrupt"));
    }

    /** An upload read from memory gets the same image and the same errors as the same bytes in a file. */
    @Test
    void bytesInMemoryAreReadAsTheFileWouldBe(@TempDir Path dir) throws IOException {
        SafeImageReader reader = new SafeImageReader();
        byte[] jpeg = withExifOrientation(encode(DigitImages.onWhite('3', FONT, 60, 40, 0, 0), "jpeg"), 6, false);
        BufferedImage fromFile = reader.read(Files.write(dir.resolve("photo.jpg"), jpeg));
        BufferedImage fromBytes = reader.read(jpeg, "photo.jpg");
        assertEquals(fromFile.getWidth(), fromBytes.getWidth());
        assertEquals(40, fromBytes.getWidth(), "EXIF orientation 6 applied: 60x40 stands up as 40x60");
        for (int y = 0; y < fromFile.getHeight(); y++) {
            for (int x = 0; x < fromFile.getWidth(); x++) {
                assertEquals(fromFile.getRGB(x, y), fromBytes.getRGB(x, y));
            }
        }
        byte[] png = encode(DigitImages.onWhite('3', FONT, 300, 300, 0, 0), "png");
        ImageInputException cut = assertThrows(ImageInputException.class,
                () -> reader.read(Arrays.copyOf(png, png.length / 2), "cut.png"));
        assertEquals(Problem.TRUNCATED, cut.problem());
        assertTrue(cut.getMessage().startsWith("cut.png: the file is truncated"), cut.getMessage());
        assertEquals(Problem.EMPTY, assertThrows(ImageInputException.class, () -> reader.read(new byte[0], "e.png")).problem());
        assertEquals(Problem.NOT_AN_IMAGE, assertThrows(ImageInputException.class,
                () -> reader.read("hello".getBytes(StandardCharsets.UTF_8), "a/../b\\n.png")).problem());
        ImageInputException bomb = assertThrows(ImageInputException.class,
                () -> new SafeImageReader(1000, 2048).read(ImageFiles.pngHeader(100, 100), "bomb.png"));
        assertEquals(Problem.TOO_LARGE, bomb.problem());
        assertEquals("a_.._b_n.png", SafeImageReader.safeName("a/../b\\n.png"));
        assertEquals("upload", SafeImageReader.safeName(".."));
    }

    /** {@code jpeg} with an EXIF APP1 segment holding only the orientation tag inserted after SOI. */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        java.nio.ByteBuffer tiff = java.nio.ByteBuffer.allocate(26)
                .order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        tiff.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M')
                .putShort((short) 42).putInt(8)              // header, IFD0 at offset 8
                .putShort((short) 1)                          // one entry
                .putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0)
                .putInt(0);                                   // no next IFD
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + tiff.capacity();
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(tiff.array());
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    @Test
    void aPhonePhotosExifOrientationIsApplied(@TempDir Path dir) throws IOException {
        BufferedImage img = new BufferedImage(120, 60, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 120, 60);
        g.setColor(java.awt.Color.BLACK);
        g.fillRect(0, 0, 20, 20); // a dark block in the stored top-left corner
        g.dispose();
        byte[] jpeg = encode(img, "jpeg");
        SafeImageReader reader = new SafeImageReader();
        int[][] expected = {{6, 50, 10}, {8, 10, 110}, {3, 110, 50}}; // orientation, x, y of the block
        for (int[] e : expected) {
            for (boolean little : new boolean[]{true, false}) {
                Path f = Files.write(dir.resolve("o" + e[0] + little + ".jpg"), withExifOrientation(jpeg, e[0], little));
                BufferedImage shown = reader.read(f);
                boolean turned = e[0] != 3;
                assertEquals(turned ? 60 : 120, shown.getWidth(), "orientation " + e[0]);
                assertEquals(turned ? 120 : 60, shown.getHeight(), "orientation " + e[0]);
                assertTrue((shown.getRGB(e[1], e[2]) & 0xFF) < 60, "block moved for orientation " + e[0]);
            }
        }
        Path upright = Files.write(dir.resolve("upright.jpg"), withExifOrientation(jpeg, 1, false));
        assertEquals(120, reader.read(upright).getWidth());
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderBeforeDecoding(@TempDir Path dir) throws IOException {
        // 100000 x 100000 pixels would need 10 GB decoded; the file is 33 bytes
        Path bomb = Files.write(dir.resolve("bomb.png"), pngHeader(100_000, 100_000));
        ImageInputException e = refused(new SafeImageReader(), bomb, Problem.TOO_LARGE);
        assertTrue(e.getMessage().contains("100000x100000") && e.getMessage().contains("40,000,000"),
                e.getMessage());

        Path small = Files.write(dir.resolve("small.bmp"), encode(digit(BufferedImage.TYPE_3BYTE_BGR), "bmp"));
        refused(new SafeImageReader(10_000, 100), small, Problem.TOO_LARGE);
    }

    @Test
    void aBigImageIsDecodedSubsampledToTheSideLimit(@TempDir Path dir) throws IOException {
        Path big = Files.write(dir.resolve("big.png"),
                encode(DigitImages.onWhite('1', new Font(Font.SANS_SERIF, Font.BOLD, 600), 900, 700, 0, 0), "png"));
        BufferedImage img = new SafeImageReader(SafeImageReader.DEFAULT_MAX_PIXELS, 300).read(big);
        assertEquals(300, img.getWidth(), "900 px read every 3rd pixel");
        assertEquals(234, img.getHeight(), "700 px read every 3rd pixel, rounded up");
        PreparedImage p = new MnistStylePreprocessor().prepare(img, big);
        assertEquals(28, p.rows());
    }

    @Test
    void badFilesDoNotStopTheGoodOnesInTheSameCall(@TempDir Path dir) throws IOException {
        Path good1 = Files.write(dir.resolve("one.png"), encode(digit(BufferedImage.TYPE_INT_RGB), "png"));
        Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
        Path text = Files.write(dir.resolve("text.gif"), "GIF? no".getBytes(StandardCharsets.US_ASCII));
        Path bomb = Files.write(dir.resolve("bomb.png"), pngHeader(70_000, 70_000));
        Path good2 = Files.write(dir.resolve("two.jpg"), encode(digit(BufferedImage.TYPE_INT_RGB), "jpeg"));

        List<UserImageLoader.Loaded> loaded = new UserImageLoader().loadAll(List.of(good1, empty, text, bomb, good2));
        assertEquals(5, loaded.size());
        assertTrue(loaded.get(0).ok() && loaded.get(4).ok());
        assertEquals(784, loaded.get(0).image().pixels().length);
        assertEquals(784, loaded.get(4).image().pixels().length);
        assertEquals(Problem.EMPTY, loaded.get(1).error().problem());
        assertEquals(Problem.NOT_AN_IMAGE, loaded.get(2).error().problem());
        assertEquals(Problem.TOO_LARGE, loaded.get(3).error().problem());
        for (int i = 1; i <= 3; i++) {
            assertNull(loaded.get(i).image());
            assertTrue(loaded.get(i).error().getMessage().contains(loaded.get(i).file().toString()));
        }
    }
}
