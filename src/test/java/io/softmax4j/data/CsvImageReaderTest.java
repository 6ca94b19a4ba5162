package io.softmax4j.data;

import io.softmax4j.config.DataConfig;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CsvImageReaderTest {
    @TempDir
    Path dir;
    private static final DataConfig.Csv PLAIN = DataConfig.Csv.defaults();

    /** Writes {@code set} in the common "label, pixel0, ..., pixel783" layout, with a header line. */
    static void writeCsv(Path file, LabeledImages set, boolean header) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (header) {
            sb.append("label");
            for (int k = 0; k < set.features(); k++) {
                sb.append(",pixel").append(k);
            }
            sb.append('\n');
        }
        for (int i = 0; i < set.count(); i++) {
            sb.append(set.label(i));
            for (int k = 0; k < set.features(); k++) {
                sb.append(',').append(set.pixels()[i * set.features() + k] & 0xFF);
            }
            sb.append('\n');
        }
        Files.writeString(file, sb);
    }

    private String error(String content, DataConfig.Csv layout, List<String> names) throws IOException {
        Path f = dir.resolve("bad.csv");
        Files.writeString(f, content);
        DataException e = assertThrows(DataException.class, () -> new CsvImageReader(f, layout, names).read());
        assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
        return e.getMessage().substring(f.toString().length() + 2);
    }

    @Test
    void readsTheMnistInCsvLayoutWithAHeader() throws IOException {
        LabeledImages set = SyntheticImages.make(7, 10, 3);
        Path f = dir.resolve("train.csv");
        writeCsv(f, set, true);
        LabeledImages read = new CsvImageReader(f, new DataConfig.Csv(true, 0, 255.0, ","), null).read();
        assertArrayEquals(set.pixels(), read.pixels());
        assertArrayEquals(set.labels(), read.labels());
        assertEquals(28, read.rows());
        assertEquals(28, read.cols());
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6"), read.labelNames(), "numbered up to the largest label");
    }

    @Test
    void labelColumnDelimiterAndPixelScaleAreConfigurable() throws IOException {
        Path f = dir.resolve("last.csv");
        // Pixels already in [0, 1], label last, semicolons; 3 pixels is not square: a 1x3 image.
        Files.writeString(f, "0;0.5;1;2\n1;0;0.25;0\n\n");
        LabeledImages read = new CsvImageReader(f, new DataConfig.Csv(false, 3, 1.0, ";"), List.of("a", "b", "c")).read();
        assertEquals(2, read.count());
        assertEquals(1, read.rows());
        assertEquals(3, read.cols());
        assertArrayEquals(new byte[]{2, 0}, read.labels());
        assertArrayEquals(new byte[]{0, (byte) 128, (byte) 255, (byte) 255, 0, 64}, read.pixels());
        assertEquals(List.of("a", "b", "c"), read.labelNames());
    }

    @Test
    void wrongColumnCountNamesTheLine() throws IOException {
        assertEquals("line 3 has 3 columns, expected 4 (as on line 1)", error("1,2,3,4\n0,1,2,3\n1,2,3\n", PLAIN, null));
        assertEquals("line 4 has 3 columns, expected 4 (as on line 2)",
                error("label,a,b,c\n1,2,3,4\n0,1,2,3\n1,2,3\n", new DataConfig.Csv(true, 0, 255.0, ","), null));
    }

    @Test
    void nonNumericValueNamesLineAndColumn() throws IOException {
        assertEquals("line 2, column 3: 'x' is not a number", error("1,2,3\n0,1,x\n", PLAIN, null));
        assertEquals("line 2, column 2: '' is not a number", error("1,2,3\n0,,1\n", PLAIN, null));
    }

    @Test
    void aHeaderReadAsDataSuggestsTheHeaderKey() throws IOException {
        assertEquals("line 1, column 1: 'label' is not a number (if line 1 is a header, set data.csv.header: true)",
                error("label,p0\n1,2\n", PLAIN, null));
    }

    @Test
    void pixelOutOfRangeNamesTheScaleKey() throws IOException {
        assertEquals("line 2, column 3: pixel value 256 is outside [0, 255] (set data.csv.pixelMax to the value meaning full intensity)",
                error("1,2,3\n0,1,256\n", PLAIN, null));
        assertTrue(error("1,-1,3\n", PLAIN, null).startsWith("line 1, column 2: pixel value -1 is outside [0, 255]"));
        assertTrue(error("1,NaN,3\n", PLAIN, null).startsWith("line 1, column 2: pixel value NaN is outside"));
    }

    @Test
    void labelOutOfRangeOrFractionalIsReported() throws IOException {
        assertEquals("line 2, column 1: label 3 is outside the classes [0, 2] named by data.labels",
                error("1,2,3\n3,1,2\n", PLAIN, List.of("a", "b", "c")));
        assertEquals("line 1, column 1: label 1.5 is outside the classes [0, 255] (labels are whole numbers)",
                error("1.5,2,3\n", PLAIN, null));
        assertEquals("line 1, column 1: label 256 is outside the classes [0, 255] (labels are whole numbers)",
                error("256,2,3\n", PLAIN, null));
    }

    @Test
    void emptyFilesAreReported() throws IOException {
        assertEquals("has no examples (the file is empty)", error("", PLAIN, null));
        assertEquals("has no examples (the file is empty or holds only its header line)",
                error("label,p0\n", new DataConfig.Csv(true, 0, 255.0, ","), null));
    }

    @Test
    void tooFewColumnsOrALabelColumnBeyondTheLineAreReported() throws IOException {
        assertEquals("line 1 has 1 column; a line needs a label and at least one pixel (is data.csv.delimiter ',' right?)",
                error("1;2;3\n", PLAIN, null));
        assertEquals("data.csv.labelColumn is 5 (0-based) but line 1 has only 3 columns",
                error("1,2,3\n", new DataConfig.Csv(false, 5, 255.0, ","), null));
    }

    @Test
    void aMissingFileIsReported() {
        Path f = dir.resolve("nope.csv");
        DataException e = assertThrows(DataException.class, () -> new CsvImageReader(f, PLAIN, null).read());
        assertEquals(f + ": file not found", e.getMessage());
    }
}
