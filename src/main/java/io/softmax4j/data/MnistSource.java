package io.softmax4j.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The original MNIST digits, provisioned into a data folder by {@link MnistProvisioner}. */
public final class MnistSource implements DatasetSource {
    /** MNIST's class names, in output order. */
    public static final List<String> LABELS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private final Path dir;
    private final Consumer<String> status;

    public MnistSource(Path dir, Consumer<String> status) {
        this.dir = dir;
        this.status = status;
    }

    @Override
    public Dataset load() {
        new MnistProvisioner(dir, status).provision();
        return new Dataset("mnist",
                read(MnistProvisioner.TRAIN_IMAGES, MnistProvisioner.TRAIN_LABELS),
                read(MnistProvisioner.TEST_IMAGES, MnistProvisioner.TEST_LABELS),
                checksums());
    }

    /**
     * Reads only the test files (verified by checksum), leaving the training set empty; the
     * training files are provisioned only when a test file is missing (with all of them).
     */
    @Override
    public Dataset loadTest() {
        Path images = dir.resolve(MnistProvisioner.TEST_IMAGES.name());
        Path labels = dir.resolve(MnistProvisioner.TEST_LABELS.name());
        if (Files.exists(images) && Files.exists(labels)) {
            MnistProvisioner.verify(images, MnistProvisioner.TEST_IMAGES);
            MnistProvisioner.verify(labels, MnistProvisioner.TEST_LABELS);
        } else {
            new MnistProvisioner(dir, status).provision();
        }
        LabeledImages test = read(MnistProvisioner.TEST_IMAGES, MnistProvisioner.TEST_LABELS);
        LabeledImages noTrain = new LabeledImages(new byte[0], new byte[0], test.rows(), test.cols(), test.labelNames());
        return new Dataset("mnist", noTrain, test, checksums());
    }

    private static Map<String, Long> checksums() {
        Map<String, Long> checksums = new LinkedHashMap<>();
        MnistProvisioner.FILES.forEach(f -> checksums.put(f.name(), f.adler32()));
        return checksums;
    }

    private LabeledImages read(DatasetFile images, DatasetFile labels) {
        return IdxDatasets.pair(dir.resolve(images.name()), dir.resolve(labels.name()), LABELS);
    }
}
