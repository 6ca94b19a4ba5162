package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where the examples come from and how they are batched. In YAML the dataset's own keys sit
 * beside the others ({@code data: {dataset: csv, train: ..., csv: ...}}); {@link #of} reads that
 * flat form, checking the name in one place, into the {@link DatasetChoice} this record holds.
 *
 * @param dataset    the dataset kind with its own settings: {@code mnist}, {@code fashion-mnist},
 *                   {@code idx} (train, test, labels) or {@code csv} (train, test, labels, csv layout)
 * @param dir        the folder holding (or receiving) a provisioned dataset's files ({@code mnist},
 *                   {@code fashion-mnist}); {@code ~} is the user's home
 * @param batchSize  examples per training minibatch
 * @param shuffle    whether the training set is reshuffled (seeded) every epoch
 * @param validation fraction of the training set held out (seeded) for validation; 0 = none
 * @param limit      use only the first {@code limit} examples of the training set and of the
 *                   test set ({@code null}: all of them); for quick trial runs
 */
@JsonPropertyOrder({"dataset", "dir", "batchSize", "shuffle", "train", "test", "labels", "validation", "csv", "limit"})
public record DataConfig(DatasetChoice dataset, String dir,
                         int batchSize, boolean shuffle, double validation, Integer limit) {
    public static final String DEFAULT_DIR = "~/.deeplearning4j";
    /** Fashion-MNIST's files have the same names as MNIST's, so they get their own folder. */
    public static final String DEFAULT_FASHION_DIR = "~/.deeplearning4j/fashion-mnist";
    public static final List<String> DATASETS = DatasetChoice.NAMES;
    /** Labels are stored as one byte, as in IDX label files. */
    public static final int MAX_CLASSES = 256;

    public DataConfig {
        Objects.requireNonNull(dataset, "dataset");
        dir = Check.path("data.dir", dir);
        Check.positive("data.batchSize", batchSize, 1_000_000);
        Check.closedRange("data.validation", validation, 0, 0.9);
        limit = limit == null ? null : Check.positive("data.limit", limit, Integer.MAX_VALUE);
    }

    /**
     * The data config as written in YAML; {@code null} means the default.
     *
     * @param train  the training files ({@code idx}, {@code csv} only)
     * @param test   the test files ({@code idx}, {@code csv} only)
     * @param labels optional class names in label order ({@code idx}, {@code csv} only); by default
     *               the labels' own numbers
     * @param csv    how CSV files are laid out ({@code csv} only)
     */
    @JsonCreator
    public static DataConfig of(@JsonProperty("dataset") String dataset, @JsonProperty("dir") String dir,
                                @JsonProperty("batchSize") Integer batchSize, @JsonProperty("shuffle") Boolean shuffle,
                                @JsonProperty("train") Files train, @JsonProperty("test") Files test,
                                // a lone name binds as a one-name list, which then fails with the count rule
                                @JsonProperty("labels") @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                                List<String> labels,
                                @JsonProperty("validation") Double validation, @JsonProperty("csv") Csv csv,
                                @JsonProperty("limit") Integer limit) {
        String name = dataset == null ? DatasetChoice.Mnist.NAME : dataset;
        String folder = dir != null ? dir : name.equals(DatasetChoice.FashionMnist.NAME) ? DEFAULT_FASHION_DIR : DEFAULT_DIR;
        DatasetChoice choice = DatasetChoice.of(name, folder, train, test, labels, csv);
        return new DataConfig(choice, folder, batchSize == null ? 256 : batchSize, shuffle == null || shuffle,
                validation == null ? 0 : validation, limit);
    }

    public static DataConfig defaults() {
        return of(null, null, null, null, null, null, null, null, null, null);
    }

    /** The same data with {@code validation} as the held-out fraction. */
    public DataConfig withValidation(double fraction) {
        return new DataConfig(dataset, dir, batchSize, shuffle, fraction, limit);
    }

    /** The training files ({@code idx}, {@code csv}), else {@code null}. */
    @JsonProperty
    public Files train() {
        return dataset.train();
    }

    /** The test files ({@code idx}, {@code csv}), else {@code null}. */
    @JsonProperty
    public Files test() {
        return dataset.test();
    }

    /** The class names ({@code idx}, {@code csv}; {@code null}: the labels' numbers). */
    @JsonProperty
    public List<String> labels() {
        return dataset.labels();
    }

    /** The CSV layout ({@code csv}), else {@code null}. */
    @JsonProperty
    public Csv csv() {
        return dataset.layout();
    }

    /** The data folder with a leading {@code ~} expanded to the user's home. */
    public Path dirPath() {
        return Paths2.expandHome(dir);
    }

    static List<String> checkLabels(List<String> labels) {
        if (labels == null) {
            return null;
        }
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
    public record Csv(boolean header, int labelColumn, double pixelMax, String delimiter) {
        public Csv {
            if (labelColumn < 0 || labelColumn > 1_000_000) {
                throw new ConfigException("data.csv.labelColumn", "data.csv.labelColumn must be in [0, 1000000], got "
                        + labelColumn);
            }
            Check.inRange("data.csv.pixelMax", pixelMax, 0, 65535);
            if (delimiter.length() != 1 || delimiter.equals("\"") || delimiter.equals("\n") || delimiter.equals("\r")) {
                throw new ConfigException("data.csv.delimiter", "data.csv.delimiter must be one character other than \","
                        + " got '" + delimiter + "'");
            }
        }

        /** The CSV layout as written in YAML; {@code null} means the default. */
        @JsonCreator
        public static Csv of(@JsonProperty("header") Boolean header, @JsonProperty("labelColumn") Integer labelColumn,
                             @JsonProperty("pixelMax") Double pixelMax, @JsonProperty("delimiter") String delimiter) {
            return new Csv(header != null && header, labelColumn == null ? 0 : labelColumn,
                    pixelMax == null ? 255.0 : pixelMax, delimiter == null ? "," : delimiter);
        }

        public static Csv defaults() {
            return of(null, null, null, null);
        }
    }
}
