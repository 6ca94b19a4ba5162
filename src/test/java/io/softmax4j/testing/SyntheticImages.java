package io.softmax4j.testing;

import io.softmax4j.data.Dataset;
import io.softmax4j.data.LabeledImages;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Makes small labelled image sets for tests: class {@code k} is a bright horizontal bar at a
 * class-specific row, plus noise, so a softmax regression can learn it in a few updates.
 */
public final class SyntheticImages {
    public static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private SyntheticImages() {
    }

    public static LabeledImages make(int count, int classes, long seed) {
        Random rng = new Random(seed);
        int side = 28;
        byte[] pixels = new byte[count * side * side];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int label = i % classes;
            labels[i] = (byte) label;
            int row = 2 + label * (side - 4) / Math.max(1, classes - 1);
            for (int r = 0; r < side; r++) {
                for (int c = 0; c < side; c++) {
                    int v = rng.nextInt(40);
                    if (Math.abs(r - row) <= 1 && c >= 4 && c < 24) {
                        v = 200 + rng.nextInt(56);
                    }
                    pixels[i * side * side + r * side + c] = (byte) v;
                }
            }
        }
        List<String> names = classes == 10 ? DIGITS
                : java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        return new LabeledImages(pixels, labels, side, side, names);
    }

    public static Dataset dataset(int train, int test) {
        return new Dataset("synthetic", make(train, 10, 1), make(test, 10, 2), Map.of());
    }

    /** Writes an IDX images file (gzipped when the name ends in .gz). */
    public static void writeImages(Path file, LabeledImages set) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(file))) {
            out.writeInt(0x803);
            out.writeInt(set.count());
            out.writeInt(set.rows());
            out.writeInt(set.cols());
            out.write(set.pixels());
        }
    }

    /** Writes an IDX labels file (gzipped when the name ends in .gz). */
    public static void writeLabels(Path file, LabeledImages set) throws IOException {
        try (DataOutputStream out = new DataOutputStream(open(file))) {
            out.writeInt(0x801);
            out.writeInt(set.count());
            out.write(set.labels());
        }
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream raw = Files.newOutputStream(file);
        return file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
    }
}
