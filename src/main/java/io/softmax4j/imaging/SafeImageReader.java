package io.softmax4j.imaging;

import io.softmax4j.imaging.ImageInputException.Problem;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import io.softmax4j.io.BoundedFiles;
import io.softmax4j.io.Printable;
import java.io.ByteArrayInputStream;
import java.awt.image.BufferedImage;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a user's PNG, JPEG, BMP or GIF file defensively: the width and height are read from the
 * header <em>before</em> any pixel is decoded, and an image declaring more than a limit of pixels
 * is refused, so a small "decompression bomb" file cannot exhaust memory. A JPEG's EXIF
 * orientation (phone cameras) is applied, so the digit stands upright. Every failure is an
 * {@link ImageInputException} naming the file and its {@link Problem}.
 */
public final class SafeImageReader {
    /** 40 megapixels: bigger than any phone photo, about 160 MB decoded. */
    public static final long DEFAULT_MAX_PIXELS = 40_000_000L;
    /** The formats accepted, as ImageIO names them. */
    public static final Set<String> FORMATS = Set.of("png", "jpeg", "bmp", "gif");
    /** Largest image file read (it is read whole, once): far more than any photo of a digit. */
    public static final long MAX_FILE_BYTES = 128L << 20;

    /**
     * Longer sides are decoded subsampled (every 2nd, 3rd ... pixel) to at most this many pixels:
     * a digit ends up 20 pixels tall, and a 48-megapixel photo need not occupy 200 MB.
     */
    public static final int DEFAULT_MAX_SIDE = 2048;

    private final long maxPixels;
    private final int maxSide;

    public SafeImageReader() {
        this(DEFAULT_MAX_PIXELS, DEFAULT_MAX_SIDE);
    }

    /**
     * @param maxPixels the largest declared width x height accepted
     * @param maxSide   longer sides are decoded subsampled down to at most this
     */
    public SafeImageReader(long maxPixels, int maxSide) {
        if (maxPixels < 1 || maxSide < 1) {
            throw new IllegalArgumentException("limits must be positive, got " + maxPixels + " and " + maxSide);
        }
        this.maxPixels = maxPixels;
        this.maxSide = maxSide;
    }

    public long maxPixels() {
        return maxPixels;
    }

    /** Reads the first image of {@code file}. */
    public BufferedImage read(Path file) {
        byte[] bytes = readFile(file);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(file, in);
            try {
                reader.setInput(in, true, true);
                int longest = checkSize(file, reader);
                boolean fourChannels = "jpeg".equalsIgnoreCase(reader.getFormatName()) && jpegComponents(bytes) == 4;
                BufferedImage image = decode(file, reader, (longest + maxSide - 1) / maxSide, fourChannels);
                return "jpeg".equalsIgnoreCase(reader.getFormatName())
                        ? ExifOrientation.apply(image, ExifOrientation.parse(bytes)) : image;
            } catch (ImageInputException e) {
                throw e.problem() == Problem.CORRUPT && cutShort(bytes, reader) ? truncatedInstead(e) : e;
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new ImageInputException(file, Problem.CORRUPT, "cannot read the file: " + Printable.escape(e.getMessage()), e);
        }
    }

    /**
     * The whole file, read once (at most {@link #MAX_FILE_BYTES}, counted while reading): a folder,
     * named pipe or device is refused before anything is read.
     */
    private static byte[] readFile(Path file) {
        byte[] bytes;
        try {
            bytes = BoundedFiles.readAllBytes(file, MAX_FILE_BYTES);
        } catch (BoundedFiles.RefusedFileException e) {
            throw switch (e.problem()) {
                case NOT_FOUND -> new ImageInputException(file, Problem.MISSING, "no such image file");
                case NOT_REGULAR -> new ImageInputException(file, Problem.MISSING, e.detail().startsWith("is a directory")
                        ? "is a folder, not an image file" : e.detail());
                case TOO_LARGE -> new ImageInputException(file, Problem.TOO_LARGE, "the file is larger than "
                        + MAX_FILE_BYTES + " bytes; scale it down (a digit needs only a few hundred pixels a side)");
            };
        } catch (IOException e) {
            throw new ImageInputException(file, Problem.MISSING, "cannot read the file: " + Printable.escape(e.getMessage()), e);
        }
        if (bytes.length == 0) {
            throw new ImageInputException(file, Problem.EMPTY, "the file is empty (0 bytes)");
        }
        return bytes;
    }

    private static ImageReader readerFor(Path file, ImageInputStream in) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new ImageInputException(file, Problem.NOT_AN_IMAGE,
                    "not an image format softmax4j reads (use PNG, JPEG, BMP or GIF)");
        }
        ImageReader reader = readers.next();
        String format;
        try {
            format = reader.getFormatName().toLowerCase(Locale.ROOT);
        } catch (IOException e) {
            format = "unknown";
        }
        if (!FORMATS.contains(format)) {
            reader.dispose();
            throw new ImageInputException(file, Problem.UNSUPPORTED_FORMAT,
                    "is a " + format.toUpperCase(Locale.ROOT) + " image; convert it to PNG, JPEG, BMP or GIF");
        }
        return reader;
    }

    /** Checks the declared size against the limit; returns the longer side. */
    private int checkSize(Path file, ImageReader reader) {
        int width;
        int height;
        try {
            width = reader.getWidth(0);
            height = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new ImageInputException(file, truncated(e) ? Problem.TRUNCATED : Problem.CORRUPT,
                    "cannot read the image header (" + describe(e) + "); the file is damaged", e);
        }
        if (width <= 0 || height <= 0) {
            throw new ImageInputException(file, Problem.CORRUPT,
                    "the header declares a " + width + "x" + height + " image; the file is damaged");
        }
        if ((long) width * height > maxPixels) {
            throw new ImageInputException(file, Problem.TOO_LARGE, String.format(Locale.ROOT,
                    "declares %dx%d = %,d pixels, over the limit of %,d; scale it down (a digit needs "
                            + "only a few hundred pixels a side)", width, height, (long) width * height, maxPixels));
        }
        return Math.max(width, height);
    }

    private static BufferedImage decode(Path file, ImageReader reader, int subsampling, boolean cmyk) {
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener(warningCollector(warnings));
        ImageReadParam param = reader.getDefaultReadParam();
        if (subsampling > 1) {
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        }
        BufferedImage img;
        try {
            img = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            if (cmyk || String.valueOf(e.getMessage()).contains("Unsupported Image Type")) {
                // Java's JPEG decoder reads no CMYK/YCCK (print-shop) JPEGs
                throw new ImageInputException(file, Problem.UNSUPPORTED_FORMAT,
                        "is a CMYK JPEG, which Java cannot decode; save it as an RGB JPEG or a PNG", e);
            }
            throw new ImageInputException(file, truncated(e) ? Problem.TRUNCATED : Problem.CORRUPT,
                    (truncated(e) ? "the file is truncated" : "the image data is corrupt")
                            + " (" + describe(e) + "); export or download it again", e);
        }
        // The JPEG reader does not fail on a cut-off file: it warns and fills the rest with grey.
        if (!warnings.isEmpty() && cmyk) {
            // a CMYK/YCCK JPEG the decoder half understood: say so, not "damaged"
            throw new ImageInputException(file, Problem.UNSUPPORTED_FORMAT,
                    "is a CMYK JPEG, which Java cannot decode; save it as an RGB JPEG or a PNG");
        }
        if (!warnings.isEmpty()) {
            String w = warnings.get(0);
            String lower = w.toLowerCase(Locale.ROOT);
            boolean cut = lower.contains("premature") || lower.contains("end of") || lower.contains("truncat");
            throw new ImageInputException(file, cut ? Problem.TRUNCATED : Problem.CORRUPT,
                    (cut ? "the file is truncated" : "the image data is damaged") + " (" + w
                            + "); export or download it again");
        }
        return img;
    }

    /**
     * The number of colour components a JPEG's frame header (SOF) declares (4 for CMYK and YCCK),
     * or -1 when no frame header is found in the first segments.
     */
    static int jpegComponents(byte[] b) {
        int p = 2;
        while (p + 9 < b.length && (b[p] & 0xFF) == 0xFF) {
            int marker = b[p + 1] & 0xFF;
            int length = (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
            boolean frame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (frame) {
                return b[p + 9] & 0xFF;
            }
            if (marker == 0xDA || length < 2) {
                return -1;
            }
            p += 2 + length;
        }
        return -1;
    }

    /** A damaged file whose end is missing is reported as truncated, the likelier story. */
    private static ImageInputException truncatedInstead(ImageInputException e) {
        String detail = e.getMessage().substring(e.file().toString().length() + 2);
        int paren = detail.indexOf(" (");
        String why = paren < 0 ? "" : detail.substring(paren, detail.indexOf(')', paren) + 1);
        return new ImageInputException(e.file(), Problem.TRUNCATED,
                "the file is truncated" + why + "; export or download it again", e.getCause());
    }

    /**
     * Whether the file lacks the end its format requires: JPEG's end-of-image marker, PNG's IEND
     * chunk, GIF's trailer byte, or the size a BMP header declares.
     */
    static boolean cutShort(byte[] bytes, ImageReader reader) {
        try {
            long size = bytes.length;
            byte[] head = java.util.Arrays.copyOf(bytes, Math.min(6, bytes.length));
            byte[] tail = java.util.Arrays.copyOfRange(bytes, Math.max(0, bytes.length - 8), bytes.length);
            int t = tail.length;
            return switch (reader.getFormatName().toLowerCase(Locale.ROOT)) {
                case "jpeg" -> t < 2 || (tail[t - 2] & 0xFF) != 0xFF || (tail[t - 1] & 0xFF) != 0xD9;
                case "png" -> t < 8 || !new String(tail, 0, 4, StandardCharsets.ISO_8859_1).equals("IEND");
                case "gif" -> t < 1 || tail[t - 1] != 0x3B;
                case "bmp" -> head.length < 6 || size < ((head[2] & 0xFFL) | (head[3] & 0xFFL) << 8
                        | (head[4] & 0xFFL) << 16 | (head[5] & 0xFFL) << 24);
                default -> false;
            };
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static IIOReadWarningListener warningCollector(List<String> warnings) {
        return (source, warning) -> warnings.add(warning);
    }

    private static boolean truncated(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (t instanceof EOFException || m.contains("premature") || m.contains("truncat")
                    || m.contains("end of file") || m.contains("unexpected end")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e instanceof IIOException || root == e ? e.getMessage() : e.getMessage() + ": " + root.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
