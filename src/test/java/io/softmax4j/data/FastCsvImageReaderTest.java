package io.softmax4j.data;

import io.softmax4j.config.DataConfig;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast CSV parser against DataVec's ({@link CsvImageReader}): the same images, labels and
 * error messages on the same files; and what only it refuses (binary content, open quotes,
 * over-long lines).
 */
class FastCsvImageReaderTest {
    @TempDir
    Path dir;
    private static final DataConfig.Csv PLAIN = DataConfig.Csv.defaults();
    private static final DataConfig.Csv HEADER = new DataConfig.Csv(true, 0, 255.0, ",");

    private Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private static FastCsvImageReader fast(Path f, DataConfig.Csv layout, List<String> names) {
        return new FastCsvImageReader(f, layout, names, line -> { });
    }

    /** Both readers give the same images, or both fail with the same message. */
    private void sameAsDataVec(String content, DataConfig.Csv layout, List<String> names) throws IOException {
        Path f = write("same.csv", content);
        LabeledImages expected = null;
        String expectedError = null;
        try {
            expected = new CsvImageReader(f, layout, names).read();
        } catch (DataException e) {
            expectedError = e.getMessage();
        }
        if (expectedError != null) {
            DataException e = assertThrows(DataException.class, () -> fast(f, layout, names).read(),
                    "DataVec failed with: " + expectedError);
            assertEquals(expectedError, e.getMessage(), "for content: " + abbreviate(content));
            return;
        }
        LabeledImages read = fast(f, layout, names).read();
        assertArrayEquals(expected.pixels(), read.pixels(), "pixels of " + abbreviate(content));
        assertArrayEquals(expected.labels(), read.labels(), "labels of " + abbreviate(content));
        assertEquals(expected.rows(), read.rows());
        assertEquals(expected.cols(), read.cols());
        assertEquals(expected.labelNames(), read.labelNames());
    }

    private static String abbreviate(String s) {
        return s.length() < 120 ? s : s.substring(0, 117) + "...";
    }

    @Test
    void readsWhatDataVecReadsOnWellFormedFiles() throws IOException {
        LabeledImages set = SyntheticImages.make(30, 10, 5);
        Path f = dir.resolve("train.csv");
        CsvImageReaderTest.writeCsv(f, set, true);
        sameAsDataVec(Files.readString(f), HEADER, null);
        sameAsDataVec(Files.readString(f).replace("\n", "\r\n"), HEADER, null);
        sameAsDataVec(Files.readString(f).replace(",", " , ") + "\n\n", HEADER, null);
        sameAsDataVec("0;0.5;1;2\n1;0;0.25;0\n\n", new DataConfig.Csv(false, 3, 1.0, ";"), List.of("a", "b", "c"));
        sameAsDataVec("1\t2\t3\n0\t200\t7\n", new DataConfig.Csv(false, 0, 255.0, "\t"), null);
        sameAsDataVec("1,2,3\n\n0,4,5\n   \n2,+6,7e1\n", PLAIN, null);
        sameAsDataVec("1,\"2\",3\n0,4,\"5\"\n", PLAIN, null);
        sameAsDataVec("1,2,3\r0,4,5\r", PLAIN, null);
        sameAsDataVec("1,2,3\n0,4,5", PLAIN, null);
        sameAsDataVec("5,1000,65535\n0,0,1\n", new DataConfig.Csv(false, 0, 65535.0, ","), null);
        sameAsDataVec("5,0.3,2.5\n", new DataConfig.Csv(false, 0, 2.5, ","), null);
    }

    @Test
    void givesDataVecsMessageForEachBadValue() throws IOException {
        sameAsDataVec("1,2,3,4\n0,1,2,3\n1,2,3\n", PLAIN, null);
        sameAsDataVec("label,a,b,c\n1,2,3,4\n0,1,2,3\n1,2,3\n", HEADER, null);
        sameAsDataVec("1,2,3\n0,1,x\n", PLAIN, null);
        sameAsDataVec("1,2,3\n0,,1\n", PLAIN, null);
        sameAsDataVec("1,2,3\n0,1,\n", PLAIN, null);
        sameAsDataVec("label,p0\n1,2\n", PLAIN, null);
        sameAsDataVec("1,2,3\n0,1,256\n", PLAIN, null);
        sameAsDataVec("1,-1,3\n", PLAIN, null);
        sameAsDataVec("1,NaN,3\n", PLAIN, null);
        sameAsDataVec("1,2,3\n3,1,2\n", PLAIN, List.of("a", "b", "c"));
        sameAsDataVec("1.5,2,3\n", PLAIN, null);
        sameAsDataVec("256,2,3\n", PLAIN, null);
        sameAsDataVec("1,2,3\n0,1,99999999999\n", PLAIN, null);
        sameAsDataVec("", PLAIN, null);
        sameAsDataVec("label,p0\n", HEADER, null);
        sameAsDataVec("1;2;3\n", PLAIN, null);
        sameAsDataVec("1,2,3\n", new DataConfig.Csv(false, 5, 255.0, ","), null);
        // a bad pixel and a wrong column count on one line: the column count is reported, as DataVec's reader does
        sameAsDataVec("1,2,3\n0,x,3,4\n", PLAIN, null);
        // a bad pixel before a bad label (label last): the label is reported first
        sameAsDataVec("1,2,3\n999,3,300\n", new DataConfig.Csv(false, 2, 255.0, ","), null);
    }

    @Test
    void linesAcrossTheReadBufferAndCrLfSplitAtItsEdgeReadTheSame() throws IOException {
        // 1 MiB chunks: 1,200 lines of 785 values cross chunk edges
        LabeledImages set = SyntheticImages.make(1200, 10, 11);
        Path f = dir.resolve("big.csv");
        CsvImageReaderTest.writeCsv(f, set, false);
        String unix = Files.readString(f);
        LabeledImages read = fast(f, PLAIN, null).read();
        assertArrayEquals(set.pixels(), read.pixels());
        assertArrayEquals(set.labels(), read.labels());
        Files.writeString(f, unix.replace("\n", "\r\n"));
        assertArrayEquals(set.pixels(), fast(f, PLAIN, null).read().pixels());
        // a CR LF pair at every offset around the 1 MiB read edge: pad the first line with blanks
        String crlf = unix.replace("\n", "\r\n");
        int firstCr = crlf.indexOf("\r\n", (1 << 20) - 4000);
        for (int at = (1 << 20) - 2; at <= (1 << 20); at++) {
            Files.writeString(f, " ".repeat(at - firstCr) + crlf);
            LabeledImages r = fast(f, PLAIN, null).read();
            assertEquals(set.count(), r.count(), "CR at offset " + at);
            assertArrayEquals(set.labels(), r.labels(), "CR at offset " + at);
        }
    }

    @Test
    void refusesBinaryContentWithFileAndLine() throws IOException {
        Path zero = write("zero.csv", "1,2,3\n0,\u0000,1\n");
        DataException e = assertThrows(DataException.class, () -> fast(zero, PLAIN, null).read());
        assertEquals(zero + ": line 2 holds the control character U+0000 at character 3; binary content, not a CSV text file",
                e.getMessage());
        Path control = write("control.csv", "1,2,3\n0,1,2\u0007\n");
        e = assertThrows(DataException.class, () -> fast(control, PLAIN, null).read());
        assertEquals(control + ": line 2 holds the control character U+0007 at character 6; binary content, not a CSV text file",
                e.getMessage());
        Path png = dir.resolve("image.csv");
        Files.write(png, new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'});
        e = assertThrows(DataException.class, () -> fast(png, PLAIN, null).read());
        assertEquals(png + ": line 1 holds bytes that are not UTF-8 text (binary data?); a CSV file is text", e.getMessage());
        Path header = dir.resolve("header.csv");
        Files.write(header, new byte[]{'l', (byte) 0xFF, '\n', '1', ',', '2', '\n'});
        e = assertThrows(DataException.class, () -> fast(header, HEADER, null).read());
        assertEquals(header + ": line 1 holds bytes that are not UTF-8 text (binary data?); a CSV file is text", e.getMessage(),
                "a header line is text too");
    }

    @Test
    void refusesUnbalancedQuotesWithFileLineAndColumn() throws IOException {
        Path f = write("quote.csv", "1,2,3\n0,\"4,5\n");
        DataException e = assertThrows(DataException.class, () -> fast(f, PLAIN, null).read());
        assertEquals(f + ": line 2, column 2: the quote opened at character 3 is never closed (an unbalanced \")",
                e.getMessage());
        Path g = write("stray.csv", "1,2,3\n0,4\"5,6\n");
        e = assertThrows(DataException.class, () -> fast(g, PLAIN, null).read());
        assertEquals(g + ": line 2, column 2: a quote inside an unquoted field at character 4 (an unbalanced \")", e.getMessage());
        Path h = write("after.csv", "1,\"2\"x,3\n");
        e = assertThrows(DataException.class, () -> fast(h, PLAIN, null).read());
        assertEquals(h + ": line 1, column 2: text after the closing quote at character 5 (a stray \")", e.getMessage());
    }

    @Test
    void refusesOverLongLinesWithFileAndLine() throws IOException {
        Path f = dir.resolve("long.csv");
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write("1,2,3\n".getBytes(StandardCharsets.US_ASCII));
            byte[] block = "0,".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
            for (long written = 0; written <= FastCsvImageReader.MAX_LINE_BYTES; written += block.length) {
                out.write(block);
            }
            out.write("0\n".getBytes(StandardCharsets.US_ASCII));
        }
        DataException e = assertThrows(DataException.class, () -> fast(f, PLAIN, null).read());
        assertEquals(f + ": line 2 is longer than 4194304 bytes; a CSV image file has one example a line (a file without "
                + "line breaks, or not a CSV file?)", e.getMessage());
    }

    @Test
    void refusesWhatIsNotARegularFile() {
        DataException e = assertThrows(DataException.class, () -> fast(dir, PLAIN, null).read());
        assertEquals(dir + ": not a regular file; give a CSV file", e.getMessage());
        Path missing = dir.resolve("nope.csv");
        e = assertThrows(DataException.class, () -> fast(missing, PLAIN, null).read());
        assertEquals(missing + ": file not found", e.getMessage());
    }

    @Test
    void reportsTheContentChecksumAndProgressForLargeFiles() throws IOException {
        LabeledImages set = SyntheticImages.make(50, 10, 3);
        Path f = dir.resolve("train.csv");
        CsvImageReaderTest.writeCsv(f, set, true);
        List<String> lines = new ArrayList<>();
        FastCsvImageReader reader = new FastCsvImageReader(f, HEADER, null, lines::add, 1);
        reader.read();
        assertEquals(Checksums.adler32(f), reader.adler32());
        assertTrue(lines.get(0).startsWith("reading " + f + " ("), lines.toString());
        assertTrue(lines.get(0).endsWith(", 51 lines) ..."), lines.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("read 50 examples from " + f + " in "), lines.toString());
        List<String> quiet = new ArrayList<>();
        fast(f, HEADER, null).read();
        new FastCsvImageReader(f, HEADER, null, quiet::add).read();
        assertTrue(quiet.isEmpty(), "small files load without status lines: " + quiet);
    }

    @Test
    void csvSourceUsesTheFastReaderAndRecordsTheSameChecksumsAsBefore() throws IOException {
        LabeledImages set = SyntheticImages.make(20, 10, 9);
        Path train = dir.resolve("train.csv");
        Path test = dir.resolve("test.csv");
        CsvImageReaderTest.writeCsv(train, set, false);
        CsvImageReaderTest.writeCsv(test, set.head(5), false);
        DataConfig config = DataConfig.of("csv", dir.toString(), 256, true, new DataConfig.Files(null, null, train.toString()),
                new DataConfig.Files(null, null, test.toString()), null, 0.0, PLAIN, null);
        Dataset data = new CsvSource(config).load();
        assertEquals(Checksums.contentAdler32s(List.of(train, test)), data.checksums());
        assertArrayEquals(set.pixels(), data.train().pixels());
        assertFalse(FastCsvImageReader.supports(new DataConfig.Csv(false, 0, 255.0, "§")));
        assertTrue(FastCsvImageReader.supports(new DataConfig.Csv(false, 0, 255.0, "\t")));
    }
}
