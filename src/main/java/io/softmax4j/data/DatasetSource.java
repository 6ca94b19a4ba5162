package io.softmax4j.data;

/** Something that yields a {@link Dataset}, provisioning its files when needed. */
public interface DatasetSource {
    /** Loads (and if needed provisions and verifies) the dataset. */
    Dataset load();

    /**
     * The test set, for commands that only evaluate or predict: the training set may be left
     * empty (no examples, the same image size and classes) and its files unread. By default the
     * whole {@link #load()}.
     */
    default Dataset loadTest() {
        return load();
    }
}
