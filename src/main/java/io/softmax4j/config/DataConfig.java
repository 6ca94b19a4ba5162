package io.softmax4j.config;

import java.nio.file.Path;

/**
 * Where the examples come from and how they are batched.
 *
 * @param dataset   the dataset kind: {@code mnist}
 * @param dir       the folder holding (or receiving) the dataset files; {@code ~} is the user's home
 * @param batchSize examples per training minibatch
 * @param shuffle   whether the training set is reshuffled (seeded) every epoch
 * @param limit     use only the first {@code limit} examples of the training set and of the
 *                  test set ({@code null}: all of them); for quick trial runs
 */
public record DataConfig(String dataset, String dir, Integer batchSize, Boolean shuffle, Integer limit) {
    public static final String DEFAULT_DIR = "~/.deeplearning4j";

    public DataConfig {
        dataset = dataset == null ? "mnist" : dataset;
        if (!dataset.equals("mnist")) {
            throw new ConfigException("data.dataset", "data.dataset must be one of [mnist], got " + dataset);
        }
        dir = dir == null ? DEFAULT_DIR : Check.nonBlank("data.dir", dir);
        batchSize = batchSize == null ? 256 : Check.positive("data.batchSize", batchSize, 1_000_000);
        shuffle = shuffle == null ? Boolean.TRUE : shuffle;
        limit = limit == null ? null : Check.positive("data.limit", limit, Integer.MAX_VALUE);
    }

    public static DataConfig defaults() {
        return new DataConfig(null, null, null, null, null);
    }

    /** The data folder with a leading {@code ~} expanded to the user's home. */
    public Path dirPath() {
        return Paths2.expandHome(dir);
    }
}
