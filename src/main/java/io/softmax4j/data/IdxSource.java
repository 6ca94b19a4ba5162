package io.softmax4j.data;

import io.softmax4j.config.DataConfig;

import java.util.List;

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
                Checksums.contentAdler32s(List.of(trainFiles.imagesPath(), trainFiles.labelsPath(),
                        testFiles.imagesPath(), testFiles.labelsPath())));
    }
}
