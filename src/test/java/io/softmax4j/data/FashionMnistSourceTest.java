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
        Path mnist = Path.of(System.getProperty("user.home"), ".deeplearning4j", "t10k-labels-idx1-ubyte");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(mnist), "needs the MNIST files (provisioned by other tests)");
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
