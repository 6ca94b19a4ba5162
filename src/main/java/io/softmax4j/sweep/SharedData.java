package io.softmax4j.sweep;

import io.softmax4j.config.DataConfig;
import io.softmax4j.data.Dataset;
import io.softmax4j.data.DatasetSource;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Loads each dataset a sweep needs once and hands the same in-memory copy to every trial (the
 * trials only read it). Keys that do not change what is loaded (batch size, shuffling, the
 * {@code data.limit} applied after loading) share one copy.
 */
final class SharedData {
    private final BiFunction<DataConfig, Consumer<String>, DatasetSource> sources;
    private final Consumer<String> status;
    private final Map<DataConfig, Dataset> loaded = new HashMap<>();

    SharedData(BiFunction<DataConfig, Consumer<String>, DatasetSource> sources, Consumer<String> status) {
        this.sources = sources;
        this.status = status;
    }

    synchronized Dataset get(DataConfig config) {
        DataConfig key = new DataConfig(config.dataset(), config.dir(), 1, false, config.validation(), null);
        Dataset data = loaded.get(key);
        if (data == null) {
            data = sources.apply(config, status).load();
            loaded.put(key, data);
        }
        return data;
    }
}
