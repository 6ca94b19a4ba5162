package io.softmax4j.data;

import java.util.Map;

/**
 * A training set and a test set, with the identity of the files they came from.
 *
 * @param name      the dataset's name (e.g. {@code mnist})
 * @param train     the training examples
 * @param test      the test examples
 * @param checksums file name to Adler32 checksum of every file read
 */
public record Dataset(String name, LabeledImages train, LabeledImages test, Map<String, Long> checksums) {
    public Dataset {
        checksums = Map.copyOf(checksums);
        if (train.features() != test.features() || !train.labelNames().equals(test.labelNames())) {
            throw new DataException(name + ": training and test sets differ in image size or classes");
        }
    }
}
