package io.softmax4j.data;

import io.softmax4j.config.DataConfig;

import java.util.function.Consumer;

/** Picks the {@link DatasetSource} a data config asks for. */
public final class DatasetSources {
    private DatasetSources() {
    }

    public static DatasetSource forConfig(DataConfig config, Consumer<String> status) {
        return switch (config.dataset()) {
            case "mnist" -> new MnistSource(config.dirPath(), status);
            default -> throw new IllegalArgumentException("unknown dataset " + config.dataset());
        };
    }
}
