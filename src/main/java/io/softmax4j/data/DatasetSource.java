package io.softmax4j.data;

/** Something that yields a {@link Dataset}, provisioning its files when needed. */
public interface DatasetSource {
    /** Loads (and if needed provisions and verifies) the dataset. */
    Dataset load();
}
