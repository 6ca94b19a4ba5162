import io.softmax4j.config.DataConfig;
import io.softmax4j.data.CsvImageReader;
import io.softmax4j.data.FastCsvImageReader;
import io.softmax4j.data.LabeledImages;

import java.nio.file.Path;

/**
 * Loads one CSV file of images (label first, header line) the way softmax4j does and prints
 * {@code RESULT load_s=... examples=...}: the CSV comparison of bench/run.sh, against
 * numpy.loadtxt of the same file (bench/csv_numpy.py).
 *
 * <p>Usage: java -cp ... CsvLoad FILE [fast|datavec]
 */
public final class CsvLoad {
    private CsvLoad() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        boolean datavec = args.length > 1 && args[1].equals("datavec");
        DataConfig.Csv layout = new DataConfig.Csv(true, 0, 255.0, ",");
        long start = System.nanoTime();
        LabeledImages images = datavec ? new CsvImageReader(file, layout, null).read()
                : new FastCsvImageReader(file, layout, null, System.out::println).read();
        double seconds = (System.nanoTime() - start) / 1e9;
        long sum = 0;
        for (byte b : images.pixels()) {
            sum += b & 0xFF;
        }
        System.out.printf("RESULT load_s=%.3f examples=%d pixel_sum=%d%n", seconds, images.count(), sum);
    }
}
