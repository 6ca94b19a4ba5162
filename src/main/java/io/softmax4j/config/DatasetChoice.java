package io.softmax4j.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Which dataset a run uses ({@code data.dataset}), as a closed set of kinds, each with the
 * settings only it has, like {@link UpdaterConfig}: a published dataset provisioned into a
 * folder, or the user's own files. {@link DataConfig#choice()} gives the checked choice; code
 * that acts on the dataset handles each kind, with no string names to keep in step.
 */
public sealed interface DatasetChoice {
    /** The {@code data.dataset} names, one per kind. */
    List<String> NAMES = List.of(Mnist.NAME, FashionMnist.NAME, Idx.NAME, Csv.NAME);

    /** Its {@code data.dataset} name. */
    String name();

    /** MNIST handwritten digits, provisioned into {@code dir}. */
    record Mnist(Path dir) implements DatasetChoice {
        public static final String NAME = "mnist";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** Fashion-MNIST clothing images, provisioned into (or found in) {@code dir}. */
    record FashionMnist(Path dir) implements DatasetChoice {
        public static final String NAME = "fashion-mnist";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** The user's IDX files; {@code labels} are the class names, or null for the labels' numbers. */
    record Idx(DataConfig.Files train, DataConfig.Files test, List<String> labels) implements DatasetChoice {
        public static final String NAME = "idx";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** The user's CSV files laid out as {@code layout}. */
    record Csv(DataConfig.Files train, DataConfig.Files test, List<String> labels, DataConfig.Csv layout)
            implements DatasetChoice {
        public static final String NAME = "csv";

        @Override
        public String name() {
            return NAME;
        }
    }

    /** The choice a (checked) data config makes. */
    static DatasetChoice of(DataConfig config) {
        return switch (config.dataset()) {
            case Mnist.NAME -> new Mnist(config.dirPath());
            case FashionMnist.NAME -> new FashionMnist(config.dirPath());
            case Idx.NAME -> new Idx(config.train(), config.test(), config.labels());
            case Csv.NAME -> new Csv(config.train(), config.test(), config.labels(), config.csv());
            default -> throw new ConfigException("data.dataset", "data.dataset must be one of " + NAMES + ", got "
                    + config.dataset());
        };
    }
}
