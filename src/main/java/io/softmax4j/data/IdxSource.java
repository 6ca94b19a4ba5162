package io.softmax4j.data;

import io.softmax4j.config.DataConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Any MNIST-format dataset (KMNIST, EMNIST, ...): four IDX files named in the config, plain or
 * {@code .gz}. Image size and number of classes come from the files; class names from
 * {@code data.labels} or else the label numbers.
 */
public final class IdxSource implements DatasetSource {
    private final DataConfig config;

    public IdxSource(DataConfig config) {
        this.config = config;
    }

    @Override
    public Dataset load() {
        DataConfig.Files trainFiles = config.train();
        DataConfig.Files testFiles = config.test();
        LabeledImages train = IdxDatasets.pair(trainFiles.imagesPath(), trainFiles.labelsPath());
        LabeledImages test = IdxDatasets.pair(testFiles.imagesPath(), testFiles.labelsPath());
        if (train.rows() != test.rows() || train.cols() != test.cols()) {
            throw new DataException(testFiles.imagesPath() + ": images are " + test.rows() + "x" + test.cols()
                    + " but the training images in " + trainFiles.imagesPath() + " are " + train.rows() + "x" + train.cols());
        }
        List<String> names = config.labels();
        if (names == null) {
            names = LabelNames.numbered(Math.max(train.classes(), test.classes()));
        } else {
            IdxDatasets.checkLabels(train.labels(), names, trainFiles.labelsPath());
            IdxDatasets.checkLabels(test.labels(), names, testFiles.labelsPath());
        }
        return new Dataset("idx", train.withLabelNames(names), test.withLabelNames(names),
                checksums(trainFiles.imagesPath(), trainFiles.labelsPath(), testFiles.imagesPath(), testFiles.labelsPath()));
    }

    /** Adler32 of each file's content, keyed by file name (the dataset's identity in the model). */
    static Map<String, Long> checksums(Path... files) {
        Map<String, Long> sums = new LinkedHashMap<>();
        for (Path f : files) {
            try {
                String key = f.getFileName().toString();
                sums.put(sums.containsKey(key) ? f.toString() : key, Checksums.content(f).adler32());
            } catch (IOException e) {
                throw new DataException(f + ": cannot read: " + e.getMessage(), e);
            }
        }
        return sums;
    }
}
