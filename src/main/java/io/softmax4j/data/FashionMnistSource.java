package io.softmax4j.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Zalando's Fashion-MNIST (the Dive into Deep Learning chapter's dataset): 60,000 training and
 * 10,000 test images of clothing, 28x28, 10 classes, in MNIST's IDX format. Found in the data
 * folder, else in Debian's installed {@code dataset-fashion-mnist} package, else extracted from that
 * package fetched without root ({@code apt-get download}) into the data folder, else downloaded.
 */
public final class FashionMnistSource implements DatasetSource {
    /** The class names, in label order, as the dataset's authors give them. */
    public static final List<String> LABELS = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    // Published MD5s of the .gz downloads (from the dataset's README), and MD5s of the IDX
    // content, checked against the genuine files. Debian re-compresses the files when building
    // its package, so only the content MD5 matches its copies; it is what we verify.
    public static final PublishedFile TRAIN_IMAGES = new PublishedFile("train-images-idx3-ubyte",
            "8d4fb7e6c68d591d4c3dfef9ec88bf0d", "f4a8712d7a061bf5bd6d2ca38dc4d50a");
    public static final PublishedFile TRAIN_LABELS = new PublishedFile("train-labels-idx1-ubyte",
            "25c81989df183df01b3e8a0aad5dffbe", "9018921c3c673c538a1fc5bad174d6f9");
    public static final PublishedFile TEST_IMAGES = new PublishedFile("t10k-images-idx3-ubyte",
            "bef4ecab320f06d8554ea6380940ec79", "8181f5470baa50b63fa0f6fddb340f0a");
    public static final PublishedFile TEST_LABELS = new PublishedFile("t10k-labels-idx1-ubyte",
            "bb300cfdad3c16e7a12a480ee83cd310", "15d484375f8d13e6eb1aabb0c3f46965");

    /** Where Debian's (and Ubuntu's) {@code dataset-fashion-mnist} package puts the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");

    /** Debian's package, fetched without root ({@code apt-get download}) when it is not installed. */
    public static final DebPackageSource DEBIAN_PACKAGE =
            DebPackageSource.aptGet("dataset-fashion-mnist", "usr/share/datasets/fashion-mnist");

    /** Official sources: the dataset's repository (HTTPS), then the download site its README links. */
    public static final List<String> MIRRORS = List.of(
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/",
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    private final Path dir;
    private final PublishedDataset published;
    private final Consumer<String> status;

    /** Fashion-MNIST as published. */
    public FashionMnistSource(Path dir, Consumer<String> status) {
        this(dir, published(dir, List.of(DEBIAN_DIR), List.of(DEBIAN_PACKAGE), MIRRORS), status);
    }

    /** For tests: other system folders and mirrors. */
    FashionMnistSource(Path dir, PublishedDataset published, Consumer<String> status) {
        this.dir = dir;
        this.published = published;
        this.status = status;
    }

    /** The published description, with the given system folders and mirrors. */
    static PublishedDataset published(Path dir, List<Path> systemDirs, List<String> mirrors) {
        return published(dir, systemDirs, List.of(), mirrors);
    }

    /** The published description, with the given system folders, packages and mirrors. */
    static PublishedDataset published(Path dir, List<Path> systemDirs, List<PackageSource> packages,
                                      List<String> mirrors) {
        return new PublishedDataset("Fashion-MNIST", List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS),
                systemDirs, packages, mirrors,
                "To get them: on Debian or Ubuntu run `sudo apt-get install dataset-fashion-mnist` (files in "
                        + DEBIAN_DIR + "); or download the four .gz files from "
                        + "https://github.com/zalandoresearch/fashion-mnist (folder data/fashion) into " + dir
                        + "; or point data.dir at a folder that has them.");
    }

    @Override
    public Dataset load() {
        Map<String, PublishedDatasetProvisioner.Located> files =
                new PublishedDatasetProvisioner(published, dir, status).provision();
        Map<String, Long> checksums = new LinkedHashMap<>();
        files.forEach((name, located) -> checksums.put(name, located.digest().adler32()));
        return new Dataset("fashion-mnist",
                IdxDatasets.pair(files.get(TRAIN_IMAGES.name()).path(), files.get(TRAIN_LABELS.name()).path(), LABELS),
                IdxDatasets.pair(files.get(TEST_IMAGES.name()).path(), files.get(TEST_LABELS.name()).path(), LABELS),
                checksums);
    }
}
