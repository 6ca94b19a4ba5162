package io.softmax4j.data;

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
        Map<String, Long> checksums = new LinkedHashMap<>();
        MnistProvisioner.FILES.forEach(f -> checksums.put(f.name(), f.adler32()));
        return new Dataset("mnist",
                read(MnistProvisioner.TRAIN_IMAGES, MnistProvisioner.TRAIN_LABELS),
                read(MnistProvisioner.TEST_IMAGES, MnistProvisioner.TEST_LABELS),
                checksums);
    }

    private LabeledImages read(DatasetFile images, DatasetFile labels) {
        return IdxDatasets.pair(dir.resolve(images.name()), dir.resolve(labels.name()), LABELS);
    }
}
