package io.softmax4j.imaging;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.nio.file.Path;

/**
 * Prepares any picture of a single digit the way MNIST itself was made: grayscale; inverted when
 * the background is light (a dark digit on white paper); cropped to the ink's bounding box; the
 * longest side scaled to {@value #BOX} pixels keeping the aspect ratio (area averaging, which
 * anti-aliases like the original); placed in a {@value #SIDE}x{@value #SIDE} frame so that its
 * centre of mass sits at the centre; pixels in 0..1 with the strongest ink at 1.
 */
public final class MnistStylePreprocessor {
    public static final int SIDE = 28;
    public static final int BOX = 20;
    /** Ink below this share of the strongest ink counts as paper (noise, texture, shadows). */
    static final double INK_THRESHOLD = 0.15;

    private final int side;
    private final int box;

    /** The MNIST geometry: a 20-pixel digit in a 28x28 frame. */
    public MnistStylePreprocessor() {
        this(SIDE);
    }

    /** A {@code side x side} frame with the digit's longest side at 20/28 of it (for models of other sizes). */
    public MnistStylePreprocessor(int side) {
        if (side < 4) {
            throw new IllegalArgumentException("frame side must be at least 4 pixels, got " + side);
        }
        this.side = side;
        this.box = Math.max(1, (int) Math.round(side * (double) BOX / SIDE));
    }

    public int side() {
        return side;
    }

    /** Prepares {@code image}; {@code file} only names the source in errors. */
    public PreparedImage prepare(BufferedImage image, Path file) {
        double[][] ink = inkOnDark(luminance(image));
        int[] box = boundingBox(ink);
        if (box == null) {
            throw new ImageInputException(file, ImageInputException.Problem.NO_INK,
                    "no digit found: the image is a single flat colour");
        }
        double[][] digit = scaleLongestSideTo(crop(ink, box), this.box);
        return centreByMass(digit, side);
    }

    /** The same as {@link #prepare(BufferedImage, Path)}, as the flat 784-value input of a model. */
    public float[] toFeatures(BufferedImage image, Path file) {
        return prepare(image, file).pixels();
    }

    /** Luminance 0..255 per pixel; transparent pixels count as white paper. */
    static double[][] luminance(BufferedImage image) {
        int h = image.getHeight();
        int w = image.getWidth();
        double[][] lum = new double[h][w];
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean plainGray = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && raster.getSampleModel().getSampleSize(0) == 8 && bands <= 2;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v;
                double alpha;
                if (plainGray) {
                    // raw gray samples: getRGB would push them through a linear-to-sRGB curve
                    v = raster.getSample(x, y, 0);
                    alpha = bands == 2 ? raster.getSample(x, y, 1) / 255.0 : 1;
                } else {
                    int argb = image.getRGB(x, y);
                    v = 0.299 * ((argb >> 16) & 0xFF) + 0.587 * ((argb >> 8) & 0xFF) + 0.114 * (argb & 0xFF);
                    alpha = image.getColorModel().hasAlpha() ? ((argb >>> 24) & 0xFF) / 255.0 : 1;
                }
                lum[y][x] = alpha * v + (1 - alpha) * 255;
            }
        }
        return lum;
    }

    /**
     * Ink strength 0..1 on a dark background: inverted if the border (the paper) is light, the
     * paper's level subtracted, stretched so the strongest ink is 1, faint noise set to 0.
     */
    static double[][] inkOnDark(double[][] lum) {
        boolean lightPaper = borderMedian(lum) > 127.5;
        int w = lum[0].length;
        double[][] ink = lum; // in place: a photo's pixels are many
        if (lightPaper) {
            for (double[] row : ink) {
                for (int x = 0; x < w; x++) {
                    row[x] = 255 - row[x];
                }
            }
        }
        double paper = borderMedian(ink);
        double max = 0;
        for (double[] row : ink) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        double range = max - paper;
        for (double[] row : ink) {
            for (int x = 0; x < w; x++) {
                double v = range <= 0 ? 0 : (row[x] - paper) / range;
                row[x] = v < INK_THRESHOLD ? 0 : v;
            }
        }
        return ink;
    }

    /** Median of the outermost rows and columns: the paper, in a picture of one digit. */
    static double borderMedian(double[][] lum) {
        int h = lum.length;
        int w = lum[0].length;
        double[] border = new double[2 * w + 2 * Math.max(0, h - 2)];
        int n = 0;
        for (int x = 0; x < w; x++) {
            border[n++] = lum[0][x];
            if (h > 1) {
                border[n++] = lum[h - 1][x];
            }
        }
        for (int y = 1; y < h - 1; y++) {
            border[n++] = lum[y][0];
            if (w > 1) {
                border[n++] = lum[y][w - 1];
            }
        }
        double[] used = java.util.Arrays.copyOf(border, n);
        java.util.Arrays.sort(used);
        return used[n / 2];
    }

    /** {top, left, bottom, right} (inclusive) of the non-zero pixels, or null if there are none. */
    static int[] boundingBox(double[][] ink) {
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        for (int y = 0; y < ink.length; y++) {
            for (int x = 0; x < ink[y].length; x++) {
                if (ink[y][x] > 0) {
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return bottom < 0 ? null : new int[]{top, left, bottom, right};
    }

    static double[][] crop(double[][] ink, int[] box) {
        double[][] out = new double[box[2] - box[0] + 1][];
        for (int y = 0; y < out.length; y++) {
            out[y] = java.util.Arrays.copyOfRange(ink[box[0] + y], box[1], box[3] + 1);
        }
        return out;
    }

    /** Area-average resampling so the longest side is {@code target}; the strongest ink is 1 again. */
    static double[][] scaleLongestSideTo(double[][] src, int target) {
        int h = src.length;
        int w = src[0].length;
        double scale = (double) target / Math.max(h, w);
        int th = Math.max(1, (int) Math.round(h * scale));
        int tw = Math.max(1, (int) Math.round(w * scale));
        double[][] out = new double[th][tw];
        double max = 0;
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                out[ty][tx] = areaAverage(src, ty * (double) h / th, (ty + 1) * (double) h / th,
                        tx * (double) w / tw, (tx + 1) * (double) w / tw);
                max = Math.max(max, out[ty][tx]);
            }
        }
        // a thin pen stroke on a big picture averages out faint; MNIST strokes reach full ink
        for (double[] row : out) {
            for (int x = 0; x < tw; x++) {
                row[x] = max == 0 ? 0 : row[x] / max;
            }
        }
        return out;
    }

    /** Mean of {@code src} over the rectangle [y0, y1) x [x0, x1), partial pixels weighted by overlap. */
    private static double areaAverage(double[][] src, double y0, double y1, double x0, double x1) {
        double sum = 0;
        double area = 0;
        for (int y = (int) Math.floor(y0); y < Math.min(src.length, Math.ceil(y1)); y++) {
            double wy = Math.min(y1, y + 1) - Math.max(y0, y);
            for (int x = (int) Math.floor(x0); x < Math.min(src[0].length, Math.ceil(x1)); x++) {
                double wx = Math.min(x1, x + 1) - Math.max(x0, x);
                sum += src[y][x] * wy * wx;
                area += wy * wx;
            }
        }
        return area == 0 ? 0 : sum / area;
    }

    /** Places the digit in a side x side frame, shifted by whole pixels so its centre of mass is central. */
    static PreparedImage centreByMass(double[][] digit, int side) {
        double sum = 0;
        double cy = 0;
        double cx = 0;
        for (int y = 0; y < digit.length; y++) {
            for (int x = 0; x < digit[y].length; x++) {
                sum += digit[y][x];
                cy += digit[y][x] * (y + 0.5);
                cx += digit[y][x] * (x + 0.5);
            }
        }
        int dy = (int) Math.round(side / 2.0 - cy / sum);
        int dx = (int) Math.round(side / 2.0 - cx / sum);
        float[] frame = new float[side * side];
        for (int y = 0; y < digit.length; y++) {
            for (int x = 0; x < digit[y].length; x++) {
                int fy = y + dy;
                int fx = x + dx;
                if (fy >= 0 && fy < side && fx >= 0 && fx < side) {
                    frame[fy * side + fx] = (float) digit[y][x];
                }
            }
        }
        return new PreparedImage(frame, side, side);
    }
}
