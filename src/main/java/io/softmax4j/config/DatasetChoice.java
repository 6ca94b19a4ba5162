package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonValue;

import java.nio.file.Path;
import java.util.List;

/**
 * Which dataset a run uses ({@code data.dataset}), as a closed set of kinds, each with the
 * settings only it has, like {@link UpdaterConfig}: a published dataset provisioned into a
 * folder, or the user's own files. {@link DataConfig#dataset()} holds it; code that acts on the
 * dataset handles each kind, with no string names to keep in step.
 */
public sealed interface DatasetChoice {
    /** The {@code data.dataset} names, one per kind. */
    List<String> NAMES = List.of(Mnist.NAME, FashionMnist.NAME, Idx.NAME, Csv.NAME);

    /** Its {@code data.dataset} name, which is how it is written. */
    @JsonValue
    String name();

    /** The training files ({@code idx}, {@code csv}), else {@code null}. */
    default DataConfig.Files train() {
        return null;
    }

    /** The test files ({@code idx}, {@code csv}), else {@code null}. */
    default DataConfig.Files test() {
        return null;
    }

    /** The class names in label order ({@code idx}, {@code csv}; {@code null}: the labels' own numbers). */
    default List<String> labels() {
        return null;
    }

    /** How the CSV files are laid out ({@code csv}), else {@code null}. */
    default DataConfig.Csv layout() {
        return null;
    }

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

    /**
     * The choice {@code data.dataset} names, with the keys only that kind takes (the one place the
     * name is checked).
     *
     * @param dir the data folder as written ({@code ~} is the home folder)
     */
    static DatasetChoice of(String name, String dir, DataConfig.Files train, DataConfig.Files test, List<String> labels,
                            DataConfig.Csv csv) {
        return switch (name) {
            case Mnist.NAME, FashionMnist.NAME -> {
                Path folder = Paths2.expandHome(Check.path("data.dir", dir));
                refuseFileKeys(name, train, test, labels, csv);
                yield name.equals(Mnist.NAME) ? new Mnist(folder) : new FashionMnist(folder);
            }
            case Idx.NAME -> new Idx(requireFiles(name, "train", train), requireFiles(name, "test", test),
                    DataConfig.checkLabels(labels));
            case Csv.NAME -> new Csv(requireFiles(name, "train", train), requireFiles(name, "test", test),
                    DataConfig.checkLabels(labels), csv == null ? DataConfig.Csv.defaults() : csv);
            default -> throw new ConfigException("data.dataset", "data.dataset must be one of " + NAMES + ", got " + name);
        };
    }

    private static DataConfig.Files requireFiles(String dataset, String split, DataConfig.Files files) {
        String key = "data." + split;
        List<String> needed = dataset.equals("idx") ? List.of("images", "labels") : List.of("file");
        String example = dataset.equals("idx") ? "{images: train-images-idx3-ubyte.gz, labels: train-labels-idx1-ubyte.gz}"
                : "{file: " + split + ".csv}";
        if (files == null) {
            throw new ConfigException(key, key + " is required when data.dataset is " + dataset
                    + ", e.g. " + split + ": " + example);
        }
        String missing = dataset.equals("idx") ? (files.images() == null ? "images" : files.labels() == null ? "labels" : null)
                : files.file() == null ? "file" : null;
        if (missing != null) {
            throw new ConfigException(key + "." + missing, key + "." + missing + " is required when data.dataset is "
                    + dataset + " (" + key + " needs " + needed + ")");
        }
        String unused = dataset.equals("idx") ? (files.file() != null ? "file" : null)
                : files.images() != null ? "images" : files.labels() != null ? "labels" : null;
        if (unused != null) {
            throw new ConfigException(key + "." + unused, key + "." + unused + " is not used when data.dataset is "
                    + dataset + "; " + key + " takes " + needed);
        }
        for (String name : needed) {
            Check.path(key + "." + name, name.equals("images") ? files.images() : name.equals("labels") ? files.labels()
                    : files.file());
        }
        return files;
    }

    private static void refuseFileKeys(String dataset, DataConfig.Files train, DataConfig.Files test, List<String> labels,
                                       DataConfig.Csv csv) {
        String given = train != null ? "train" : test != null ? "test" : labels != null ? "labels" : csv != null ? "csv" : null;
        if (given != null) {
            throw new ConfigException("data." + given, "data." + given + " is only used with data.dataset idx or csv; "
                    + dataset + " brings its own files and class names (remove data." + given + ")");
        }
    }

}
