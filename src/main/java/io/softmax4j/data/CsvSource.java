package io.softmax4j.data;

import io.softmax4j.config.DataConfig;

import java.nio.file.Path;
import java.util.List;

/** Labelled images from a training CSV file and a test CSV file (see {@link CsvImageReader}). */
public final class CsvSource implements DatasetSource {
    private final DataConfig config;

    public CsvSource(DataConfig config) {
        this.config = config;
    }

    @Override
    public Dataset load() {
        Path trainFile = config.train().filePath();
        Path testFile = config.test().filePath();
        LabeledImages train = new CsvImageReader(trainFile, config.csv(), config.labels()).read();
        LabeledImages test = new CsvImageReader(testFile, config.csv(), config.labels()).read();
        if (train.features() != test.features()) {
            throw new DataException(testFile + ": has " + test.features() + " pixel columns but the training file "
                    + trainFile + " has " + train.features());
        }
        List<String> names = config.labels() != null ? config.labels()
                : LabelNames.numbered(Math.max(train.classes(), test.classes()));
        return new Dataset("csv", train.withLabelNames(names), test.withLabelNames(names),
                Checksums.contentAdler32s(List.of(trainFile, testFile)));
    }
}
