package io.softmax4j.data;

import io.softmax4j.config.DataConfig;

import java.util.function.Consumer;

/** Picks the {@link DatasetSource} a data config asks for. */
public final class DatasetSources {
    private DatasetSources() {
    }

    /**
     * The source for {@code data.dataset}; when {@code data.validation} is above 0, the loaded
     * dataset has that fraction of its training set held out (see {@link ValidationSplit}).
     *
     * @param status receives one line for each provisioning step
     */
    public static DatasetSource forConfig(DataConfig config, Consumer<String> status) {
        DatasetSource source = switch (config.dataset()) {
            case "mnist" -> new MnistSource(config.dirPath(), status);
            case "fashion-mnist" -> new FashionMnistSource(config.dirPath(), status);
            case "idx" -> new IdxSource(config);
            case "csv" -> new CsvSource(config, status);
            default -> throw new IllegalArgumentException("unknown dataset " + config.dataset());
        };
        double fraction = config.validation();
        if (fraction == 0) {
            return source;
        }
        return new DatasetSource() {
            @Override
            public Dataset load() {
                return ValidationSplit.apply(source.load(), fraction);
            }

            @Override
            public Dataset loadTest() {
                return source.loadTest(); // the hold-out comes from the training set: the test set is the same
            }
        };
    }
}
