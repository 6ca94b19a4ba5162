package io.softmax4j.data;

import io.softmax4j.config.DataConfig;
import io.softmax4j.config.DatasetChoice;

import java.util.function.Consumer;

/** Picks the {@link DatasetSource} a data config asks for. */
public final class DatasetSources {
    private DatasetSources() {
    }

    /**
     * The source for the config's {@link DatasetChoice}; when {@code data.validation} is above 0, the loaded
     * dataset has that fraction of its training set held out (see {@link ValidationSplit}).
     *
     * @param status receives one line for each provisioning step
     */
    public static DatasetSource forConfig(DataConfig config, Consumer<String> status) {
        DatasetSource source = source(config.dataset(), config, status);
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

    private static DatasetSource source(DatasetChoice choice, DataConfig config, Consumer<String> status) {
        if (choice instanceof DatasetChoice.Mnist mnist) {
            return new MnistSource(mnist.dir(), status);
        } else if (choice instanceof DatasetChoice.FashionMnist fashion) {
            return new FashionMnistSource(fashion.dir(), status);
        } else if (choice instanceof DatasetChoice.Idx) {
            return new IdxSource(config);
        } else if (choice instanceof DatasetChoice.Csv) {
            return new CsvSource(config, status);
        }
        // unreachable while DatasetChoice's kinds are the four above (it is sealed)
        throw new IllegalStateException("no source for dataset kind " + choice.name());
    }
}
