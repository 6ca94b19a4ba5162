package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonFormat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the examples come from and how they are batched.
 *
 * @param dataset    the dataset kind: {@code mnist}, {@code fashion-mnist}, {@code idx} or {@code csv}
 * @param dir        the folder holding (or receiving) a provisioned dataset's files ({@code mnist},
 *                   {@code fashion-mnist}); {@code ~} is the user's home
 * @param batchSize  examples per training minibatch
 * @param shuffle    whether the training set is reshuffled (seeded) every epoch
 * @param train      the training files ({@code idx}, {@code csv} only)
 * @param test       the test files ({@code idx}, {@code csv} only)
 * @param labels     optional class names in label order ({@code idx}, {@code csv} only); by default
 *                   the labels' own numbers
 * @param validation fraction of the training set held out (seeded) for validation; 0 = none
 * @param csv        how CSV files are laid out ({@code csv} only)
 * @param limit      use only the first {@code limit} examples of the training set and of the
 *                   test set ({@code null}: all of them); for quick trial runs
 */
public record DataConfig(String dataset, String dir, Integer batchSize, Boolean shuffle,
                         Files train, Files test,
                         // a lone name binds as a one-name list, which then fails with the count rule
                         @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> labels,
                         Double validation, Csv csv, Integer limit) {
    /** The same data with {@code validation} as the held-out fraction. */
    public DataConfig withValidation(double fraction) {
        return new DataConfig(dataset, dir, batchSize, shuffle, train, test, labels, fraction, csv, limit);
    }

    public static final String DEFAULT_DIR = "~/.deeplearning4j";
    /** Fashion-MNIST's files have the same names as MNIST's, so they get their own folder. */
    public static final String DEFAULT_FASHION_DIR = "~/.deeplearning4j/fashion-mnist";
    public static final List<String> DATASETS = DatasetChoice.NAMES;
    /** Labels are stored as one byte, as in IDX label files. */
    public static final int MAX_CLASSES = 256;

    public DataConfig {
        dataset = dataset == null ? "mnist" : dataset;
        if (!DATASETS.contains(dataset)) {
            throw new ConfigException("data.dataset", "data.dataset must be one of " + DATASETS + ", got " + dataset);
        }
        dir = dir == null ? (dataset.equals("fashion-mnist") ? DEFAULT_FASHION_DIR : DEFAULT_DIR)
                : Check.path("data.dir", dir);
        batchSize = batchSize == null ? 256 : Check.positive("data.batchSize", batchSize, 1_000_000);
        shuffle = shuffle == null ? Boolean.TRUE : shuffle;
        boolean fromFiles = dataset.equals("idx") || dataset.equals("csv");
        if (fromFiles) {
            requireFiles(dataset, "train", train);
            requireFiles(dataset, "test", test);
        } else {
            refuseFileKeys(dataset, train, test, labels, csv);
        }
        labels = labels == null ? null : checkLabels(labels);
        validation = validation == null ? Double.valueOf(0) : Check.closedRange("data.validation", validation, 0, 0.9);
        csv = dataset.equals("csv") && csv == null ? Csv.defaults() : csv;
        limit = limit == null ? null : Check.positive("data.limit", limit, Integer.MAX_VALUE);
    }

    public static DataConfig defaults() {
        return new DataConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** The dataset this config chooses, with its own settings (the name is checked when the config is built). */
    public DatasetChoice choice() {
        return DatasetChoice.of(this);
    }

    /** The data folder with a leading {@code ~} expanded to the user's home. */
    public Path dirPath() {
        return Paths2.expandHome(dir);
    }

    private static void requireFiles(String dataset, String split, Files files) {
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
    }

    private static void refuseFileKeys(String dataset, Files train, Files test, List<String> labels, Csv csv) {
        String given = train != null ? "train" : test != null ? "test" : labels != null ? "labels" : csv != null ? "csv" : null;
        if (given != null) {
            throw new ConfigException("data." + given, "data." + given + " is only used with data.dataset idx or csv; "
                    + dataset + " brings its own files and class names (remove data." + given + ")");
        }
    }

    private static List<String> checkLabels(List<String> labels) {
        if (labels.size() < 2 || labels.size() > MAX_CLASSES) {
            throw new ConfigException("data.labels", "data.labels must name 2 to " + MAX_CLASSES
                    + " classes in label order, got " + labels.size());
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.get(i);
            if (name == null || name.isBlank()) {
                throw new ConfigException("data.labels", "data.labels[" + i + "] must not be empty");
            }
            if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new ConfigException("data.labels", "data.labels[" + i + "] must not contain control characters, got "
                        + io.softmax4j.io.Printable.escape(name));
            }
            if (!seen.add(name)) {
                throw new ConfigException("data.labels", "data.labels[" + i + "] repeats the class name " + name);
            }
        }
        return List.copyOf(labels);
    }

    /**
     * One split's files. {@code idx} uses {@code images} and {@code labels} (IDX, plain or
     * {@code .gz}); {@code csv} uses {@code file}.
     */
    public record Files(String images, String labels, String file) {
        public Files {
            images = blankToNull(images);
            labels = blankToNull(labels);
            file = blankToNull(file);
        }

        public Path imagesPath() {
            return Paths2.expandHome(images);
        }

        public Path labelsPath() {
            return Paths2.expandHome(labels);
        }

        public Path filePath() {
            return Paths2.expandHome(file);
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }

    /**
     * The layout of CSV files: one example a line, one column the label, every other column a pixel.
     *
     * @param header      whether the first line is a header to skip
     * @param labelColumn 0-based index of the label column
     * @param pixelMax    the value that means full intensity; pixels must lie in [0, pixelMax] and
     *                    are scaled to [0, 1] (255 for 8-bit pixels, 1 for pixels already scaled)
     * @param delimiter   the column separator, one character
     */
    public record Csv(Boolean header, Integer labelColumn, Double pixelMax, String delimiter) {
        public Csv {
            header = header == null ? Boolean.FALSE : header;
            labelColumn = labelColumn == null ? 0 : labelColumn;
            if (labelColumn < 0 || labelColumn > 1_000_000) {
                throw new ConfigException("data.csv.labelColumn", "data.csv.labelColumn must be in [0, 1000000], got "
                        + labelColumn);
            }
            pixelMax = pixelMax == null ? 255.0 : Check.inRange("data.csv.pixelMax", pixelMax, 0, 65535);
            delimiter = delimiter == null ? "," : delimiter;
            if (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\n") || delimiter.equals("\r")) {
                throw new ConfigException("data.csv.delimiter", "data.csv.delimiter must be one character other than \","
                        + " got '" + delimiter + "'");
            }
        }

        public static Csv defaults() {
            return new Csv(null, null, null, null);
        }
    }
}
