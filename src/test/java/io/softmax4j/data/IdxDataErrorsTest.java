package io.softmax4j.data;

import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every malformed IDX file gets its own error naming the file, before anything is trained. */
class IdxDataErrorsTest {
    @TempDir
    Path dir;
    private final LabeledImages set = SyntheticImages.make(6, 3, 5);

    private static void writeInts(Path file, int[] header, int dataBytes) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        try (DataOutputStream out = new DataOutputStream(file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw)) {
            for (int h : header) {
                out.writeInt(h);
            }
            out.write(new byte[dataBytes]);
        }
    }

    private String imagesError(Path file) {
        DataException e = assertThrows(DataException.class, () -> IdxReader.readImages(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        return e.getMessage();
    }

    private String labelsError(Path file) {
        DataException e = assertThrows(DataException.class, () -> IdxReader.readLabels(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aLabelFileGivenAsImagesIsNamedAsSuch() throws IOException {
        Path f = dir.resolve("labels-as-images");
        SyntheticImages.writeLabels(f, set);
        String m = imagesError(f);
        assertTrue(m.contains("expected an IDX image file (magic number 0x00000803") && m.contains("found magic number 0x00000801")
                && m.contains("(a label file?)"), m);
    }

    @Test
    void wrongDimensionCountIsReported() throws IOException {
        Path f = dir.resolve("4d");
        writeInts(f, new int[]{0x804, 1, 2, 2, 2}, 8);
        assertTrue(imagesError(f).contains("unsigned bytes with 4 dimensions"), imagesError(f));
    }

    @Test
    void otherElementTypesAndNonIdxFilesAreReported() throws IOException {
        Path floats = dir.resolve("floats");
        writeInts(floats, new int[]{0x0D03, 1, 1, 1}, 4);
        assertTrue(imagesError(floats).contains("IDX float data, which softmax4j does not read"), imagesError(floats));
        Path text = dir.resolve("text.csv");
        Files.writeString(text, "label,pixel0\n1,2\n");
        assertTrue(labelsError(text).contains("not an IDX file"), labelsError(text));
    }

    @Test
    void aGzippedFileWithoutGzEndingIsExplained() throws IOException {
        Path gz = dir.resolve("img.gz");
        SyntheticImages.writeImages(gz, set);
        Path misnamed = dir.resolve("img");
        Files.copy(gz, misnamed);
        assertTrue(imagesError(misnamed).contains("gzip data; name the file with a .gz ending"), imagesError(misnamed));
    }

    @Test
    void absurdDimensionsAreRefusedBeforeAllocating() throws IOException {
        Path f = dir.resolve("huge.gz");
        // 2^31-1 images of 4096x4096 would be 36 exabytes: refused from the header alone.
        writeInts(f, new int[]{0x803, Integer.MAX_VALUE, 4096, 4096}, 0);
        assertTrue(imagesError(f).contains("IDX header declares 2147483647 images of 4096x4096, which is not a plausible image set"),
                imagesError(f));
        Path side = dir.resolve("side");
        writeInts(side, new int[]{0x803, 1, 5000, 1}, 0);
        assertTrue(imagesError(side).contains("sides up to 4096"), imagesError(side));
        Path negative = dir.resolve("neg");
        writeInts(negative, new int[]{0x801, -5}, 0);
        assertTrue(labelsError(negative).contains("declares -5 labels, not plausible"), labelsError(negative));
    }

    @Test
    void aGzippedHeaderPromisingMoreThanItHoldsIsTruncatedNotAllocated() throws IOException {
        Path f = dir.resolve("lie.gz");
        // Plausible by the caps (1.5 GB) but the stream holds 10 bytes: fails without a 1.5 GB array.
        writeInts(f, new int[]{0x803, 30_000, 224, 224}, 10);
        String m = imagesError(f);
        assertTrue(m.contains("truncated: the header declares 30000 images of 224x224") && m.contains("ends after 10 bytes"), m);
    }

    @Test
    void aGzipFileCutShortIsTruncated() throws IOException {
        Path f = dir.resolve("cut.gz");
        SyntheticImages.writeImages(f, set);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(all, all.length / 2));
        String m = imagesError(f);
        assertTrue(m.contains("truncated: the compressed data ends before the 6 images of 28x28 its header declares"), m);
    }

    @Test
    void zeroItemsIsAnError() throws IOException {
        Path f = dir.resolve("none");
        writeInts(f, new int[]{0x803, 0, 28, 28}, 0);
        assertTrue(imagesError(f).contains("declares 0 images"), imagesError(f));
        Path l = dir.resolve("nolabels");
        writeInts(l, new int[]{0x801, 0}, 0);
        assertTrue(labelsError(l).contains("declares 0 labels"), labelsError(l));
    }

    @Test
    void fileLengthNotMatchingTheItemCountIsReported() throws IOException {
        Path f = dir.resolve("long");
        SyntheticImages.writeImages(f, set);
        Files.write(f, new byte[]{1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
        String m = imagesError(f);
        assertTrue(m.contains("declares 6 images of 28x28 (4720 bytes) but the file has 4723 bytes"), m);
        Path l = dir.resolve("short-labels");
        SyntheticImages.writeLabels(l, set);
        byte[] all = Files.readAllBytes(l);
        Files.write(l, Arrays.copyOf(all, all.length - 2));
        assertTrue(labelsError(l).contains("declares 6 labels (14 bytes) but the file has 12 bytes (truncated?)"), labelsError(l));
    }

    @Test
    void gzippedFilesTooLongOrTruncatedAreReported() throws IOException {
        Path longer = dir.resolve("long.gz");
        writeInts(longer, new int[]{0x801, 3}, 5);
        assertTrue(labelsError(longer).contains("has data past the item count its IDX header declares"), labelsError(longer));
        Path shorter = dir.resolve("short.gz");
        writeInts(shorter, new int[]{0x801, 3}, 2);
        assertTrue(labelsError(shorter).contains("truncated: the header declares 3 labels (3 bytes of data) but the data ends after 2 bytes"),
                labelsError(shorter));
        Path header = dir.resolve("header.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(header))) {
            out.write(new byte[]{0, 0, 8, 3, 0, 0});
        }
        assertTrue(imagesError(header).contains("truncated: the file ends inside its IDX header"), imagesError(header));
    }

    @Test
    void emptyAndMissingFilesAreReported() throws IOException {
        Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        assertTrue(imagesError(empty).contains("file is empty or shorter than an IDX header"), imagesError(empty));
        assertTrue(imagesError(dir.resolve("absent")).contains("file not found"));
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path images = dir.resolve("img.gz");
        Path labels = dir.resolve("lbl.gz");
        SyntheticImages.writeImages(images, set);
        SyntheticImages.writeLabels(labels, set.head(4));
        DataException e = assertThrows(DataException.class, () -> IdxDatasets.pair(images, labels));
        assertEquals(labels + ": has 4 labels but " + images + " has 6 images; the two files of a split must hold the same examples",
                e.getMessage());
    }

    @Test
    void labelsOutsideTheNamedClassesAreReportedWithTheItem() throws IOException {
        Path images = dir.resolve("img");
        Path labels = dir.resolve("lbl");
        SyntheticImages.writeImages(images, set);
        SyntheticImages.writeLabels(labels, set);
        DataException e = assertThrows(DataException.class, () -> IdxDatasets.pair(images, labels, List.of("a", "b")));
        assertTrue(e.getMessage().startsWith(labels + ": label 2 at item 2 is outside the 2 classes [0, 1] (0=a, 1=b)"),
                e.getMessage());
    }
}
