package io.softmax4j.data;

import java.util.Map;

/**
 * A training set and a test set, with the identity of the files they came from, and optionally
 * a validation set held out from the training files.
 *
 * @param name       the dataset's name (e.g. {@code mnist})
 * @param train      the training examples (without the held-out ones)
 * @param test       the test examples
 * @param checksums  file name to Adler32 checksum of every file read (of its content, after
 *                   decompression, for {@code .gz} files)
 * @param validation examples held out from the training files, or {@code null} when none are
 */
public record Dataset(String name, LabeledImages train, LabeledImages test, Map<String, Long> checksums,
                      LabeledImages validation) {
    public Dataset {
        checksums = Map.copyOf(checksums);
        if (train.features() != test.features() || !train.labelNames().equals(test.labelNames())) {
            throw new DataException(name + ": training and test sets differ in image size or classes");
        }
        if (validation != null && (validation.features() != train.features()
                || !validation.labelNames().equals(train.labelNames()))) {
            throw new DataException(name + ": validation set differs from the training set in image size or classes");
        }
    }

    /** A dataset without a validation set. */
    public Dataset(String name, LabeledImages train, LabeledImages test, Map<String, Long> checksums) {
        this(name, train, test, checksums, null);
    }

    /** Whether examples were held out for validation. */
    public boolean hasValidation() {
        return validation != null;
    }
}
