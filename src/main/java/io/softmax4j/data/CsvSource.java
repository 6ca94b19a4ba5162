package io.softmax4j.data;

import io.softmax4j.config.DataConfig;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Labelled images from a training CSV file and a test CSV file, read by
 * {@link FastCsvImageReader} (or by DataVec's reader, {@link CsvImageReader}, for a delimiter
 * the fast one does not handle).
 */
public final class CsvSource implements DatasetSource {
    private final DataConfig config;
    private final Consumer<String> status;

    public CsvSource(DataConfig config) {
        this(config, line -> { });
    }

    /** @param status receives "reading ..." lines while large files load */
    public CsvSource(DataConfig config, Consumer<String> status) {
        this.config = config;
        this.status = status;
    }

    @Override
    public Dataset load() {
        Path trainFile = config.train().filePath();
        Path testFile = config.test().filePath();
        Map<String, Long> checksums = new LinkedHashMap<>();
        LabeledImages train = read(trainFile, checksums);
        LabeledImages test = read(testFile, checksums);
        if (train.features() != test.features()) {
            throw new DataException(testFile + ": has " + test.features() + " pixel columns but the training file "
                    + trainFile + " has " + train.features());
        }
        List<String> names = config.labels() != null ? config.labels()
                : LabelNames.numbered(Math.max(train.classes(), test.classes()));
        return new Dataset("csv", train.withLabelNames(names), test.withLabelNames(names), checksums);
    }

    /** Reads one file and records its content checksum as {@link Checksums#contentAdler32s} names it. */
    private LabeledImages read(Path file, Map<String, Long> checksums) {
        String key = checksums.containsKey(file.getFileName().toString()) ? file.toString() : file.getFileName().toString();
        if (!FastCsvImageReader.supports(config.csv()) || file.getFileName().toString().endsWith(".gz")) {
            LabeledImages images = new CsvImageReader(file, config.csv(), config.labels()).read();
            checksums.put(key, Checksums.contentAdler32s(List.of(file)).values().iterator().next());
            return images;
        }
        FastCsvImageReader reader = new FastCsvImageReader(file, config.csv(), config.labels(), status);
        LabeledImages images = reader.read();
        checksums.put(key, reader.adler32());
        return images;
    }
}
