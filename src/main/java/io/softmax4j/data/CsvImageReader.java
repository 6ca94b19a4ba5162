package io.softmax4j.data;

import io.softmax4j.config.DataConfig;
import io.softmax4j.io.Printable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads labelled images from a CSV file, through a bounded line reader ({@link CsvLines}): one example a
 * line, one column the label (a whole number), every other column a pixel in
 * {@code [0, pixelMax]}, e.g. the common {@code label, pixel0, ..., pixel783} layout of
 * MNIST-in-CSV files. Images are square when the pixel count is a square number, else one row.
 * Any malformed line is an error naming the file, the line and the column (both 1-based); so is
 * a line longer than {@link CsvLines#MAX_LINE_BYTES}, an unbalanced quote or binary content.
 */
public final class CsvImageReader implements ImageSetReader {
    /** Largest CSV file read: its pixels must fit {@link IdxReader#MAX_BYTES}, at most 4 characters each. */
    public static final long MAX_FILE_BYTES = 4 * IdxReader.MAX_BYTES;

    private final Path file;
    private final DataConfig.Csv layout;
    private final List<String> labelNames;

    /**
     * @param labelNames the classes labels must fall in, or {@code null} for any label in [0, 255]
     */
    public CsvImageReader(Path file, DataConfig.Csv layout, List<String> labelNames) {
        this.file = file;
        this.layout = layout;
        this.labelNames = labelNames;
    }

    /** Reads the whole file; classes are named by {@code labelNames}, or numbered up to the largest label. */
    @Override
    public LabeledImages read() {
        try (CsvLines lines = new CsvLines(DataFiles.open(file, MAX_FILE_BYTES), file, layout.delimiter().charAt(0))) {
            return readAll(lines);
        } catch (IOException e) {
            throw DataFiles.whileReading(file, e);
        }
    }

    private LabeledImages readAll(CsvLines reader) throws IOException {
        ByteArrayOutputStream pixels = new ByteArrayOutputStream(1 << 20);
        ByteArrayOutputStream labels = new ByteArrayOutputStream(1 << 12);
        int columns = -1;
        int firstLine = -1;
        if (layout.header()) {
            reader.next();
        }
        for (List<String> values = reader.next(); values != null; values = reader.next()) {
            int line = reader.lineNumber();
            if (values.size() == 1 && values.get(0).isBlank()) {
                continue; // blank lines (e.g. at the end) carry no example
            }
            if (columns < 0) {
                columns = checkFirstShape(values.size(), line);
                firstLine = line;
            } else if (values.size() != columns) {
                throw new DataException(name() + ": line " + line + " has " + values.size() + " columns, expected "
                        + columns + " (as on line " + firstLine + ")");
            }
            if ((long) pixels.size() + columns > IdxReader.MAX_BYTES) {
                throw new DataException(name() + ": line " + line + ": more than " + IdxReader.MAX_BYTES
                        + " pixels in all, too many to hold in memory; use a subset of the file");
            }
            labels.write(label(values.get(layout.labelColumn()), line));
            for (int c = 0; c < columns; c++) {
                if (c != layout.labelColumn()) {
                    pixels.write(pixel(values.get(c), line, c + 1));
                }
            }
        }
        if (columns < 0) {
            throw new DataException(name() + ": has no examples (the file is empty"
                    + (layout.header() ? " or holds only its header line)" : ")"));
        }
        return toImages(pixels.toByteArray(), labels.toByteArray(), columns - 1);
    }

    /** The file as printed in messages (control characters escaped). */
    private String name() {
        return Printable.escape(file.toString());
    }

    private int checkFirstShape(int columns, int line) {
        if (columns < 2) {
            throw new DataException(name() + ": line " + line + " has " + columns + " column; a line needs a label and"
                    + " at least one pixel (is data.csv.delimiter '" + layout.delimiter() + "' right?)");
        }
        if (layout.labelColumn() >= columns) {
            throw new DataException(name() + ": data.csv.labelColumn is " + layout.labelColumn() + " (0-based) but line "
                    + line + " has only " + columns + " columns");
        }
        return columns;
    }

    private int label(String w, int line) {
        int column = layout.labelColumn() + 1;
        double v = number(w, line, column);
        int max = labelNames == null ? DataConfig.MAX_CLASSES - 1 : labelNames.size() - 1;
        if (v != Math.rint(v) || v < 0 || v > max) {
            throw new DataException(name() + ": line " + line + ", column " + column + ": label " + w.trim()
                    + " is outside the classes [0, " + max + "]"
                    + (labelNames == null ? " (labels are whole numbers)" : " named by data.labels"));
        }
        return (int) v;
    }

    private int pixel(String w, int line, int column) {
        double v = number(w, line, column);
        double max = layout.pixelMax();
        if (!(v >= 0 && v <= max)) {
            throw new DataException(name() + ": line " + line + ", column " + column + ": pixel value " + w.trim()
                    + " is outside [0, " + fmt(max) + "] (set data.csv.pixelMax to the value meaning full intensity)");
        }
        return (int) Math.round(v * 255.0 / max);
    }

    private double number(String w, int line, int column) {
        String text = w.trim();
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            String hint = line == 1 && !layout.header() ? " (if line 1 is a header, set data.csv.header: true)" : "";
            throw new DataException(name() + ": line " + line + ", column " + column + ": '" + abbreviate(text)
                    + "' is not a number" + hint);
        }
    }

    private LabeledImages toImages(byte[] pixels, byte[] labels, int features) {
        return toImages(pixels, labels, features, labelNames);
    }

    /** The images of a CSV file: square when the pixel count is a square, else one row; classes numbered unless named. */
    static LabeledImages toImages(byte[] pixels, byte[] labels, int features, java.util.List<String> labelNames) {
        int side = (int) Math.round(Math.sqrt(features));
        boolean square = side * side == features;
        return new LabeledImages(pixels, labels, square ? side : 1, square ? side : features,
                labelNames != null ? labelNames : LabelNames.numbered(LabelNames.maxLabel(labels) + 1));
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
