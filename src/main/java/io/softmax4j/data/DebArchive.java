package io.softmax4j.data;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Reads files out of a Debian package ({@code .deb}): an {@code ar} archive whose
 * {@code data.tar.xz} (or {@code data.tar.gz}) holds the files as they would be installed.
 * Every read is bounded: the package's size, and each extracted file's size.
 */
public final class DebArchive {
    /** No package we read is near this size; a larger file is refused unread. */
    static final long MAX_DEB_BYTES = 512L * 1024 * 1024;
    /** Each extracted file is at most this large (no published IDX file is near it). */
    static final long MAX_ENTRY_BYTES = PublishedDatasetProvisioner.MAX_DOWNLOAD_BYTES;

    private DebArchive() {
    }

    /**
     * Extracts {@code <folder>/<name>} for each name into {@code target} (same file names).
     *
     * @param deb    the package file
     * @param folder the installed folder inside the package, e.g. {@code usr/share/datasets/fashion-mnist}
     * @param names  the file names wanted from that folder
     * @return name to extracted file, in the order of {@code names}
     * @throws IOException when the file is not a readable .deb, is too large, or lacks a file
     */
    public static Map<String, Path> extract(Path deb, String folder, List<String> names, Path target) throws IOException {
        if (!Files.isRegularFile(deb, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(deb + ": not a regular file");
        }
        if (Files.size(deb) > MAX_DEB_BYTES) {
            throw new IOException(deb + ": larger than " + MAX_DEB_BYTES + " bytes; not the expected package");
        }
        Map<String, Path> out = new LinkedHashMap<>();
        try (ArArchiveInputStream ar = new ArArchiveInputStream(
                new BufferedInputStream(Files.newInputStream(deb), 1 << 16))) {
            ArArchiveEntry entry;
            boolean sawDebianBinary = false;
            while ((entry = ar.getNextArEntry()) != null) {
                String name = entry.getName();
                if (name.equals("debian-binary")) {
                    sawDebianBinary = true;
                } else if (name.startsWith("data.tar")) {
                    if (!sawDebianBinary) {
                        break;
                    }
                    readData(name, ar, folder, names, target, out);
                    break;
                }
            }
            if (!sawDebianBinary) {
                throw new IOException(deb + ": not a Debian package (no debian-binary member)");
            }
        } catch (IOException | RuntimeException e) {
            // commons-compress reports some corruption as IllegalArgumentException or similar
            if (e instanceof IOException io && io.getMessage() != null && io.getMessage().startsWith(deb.toString())) {
                throw io;
            }
            throw new IOException(deb + ": cannot read as a Debian package: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        for (String name : names) {
            if (!out.containsKey(name)) {
                throw new IOException(deb + ": has no file " + folder + "/" + name);
            }
        }
        Map<String, Path> ordered = new LinkedHashMap<>();
        names.forEach(n -> ordered.put(n, out.get(n)));
        return ordered;
    }

    private static void readData(String member, InputStream ar, String folder, List<String> names, Path target,
                                 Map<String, Path> out) throws IOException {
        InputStream decompressed;
        if (member.equals("data.tar.xz")) {
            decompressed = new XZCompressorInputStream(ar);
        } else if (member.equals("data.tar.gz")) {
            decompressed = new GZIPInputStream(ar, 1 << 16);
        } else if (member.equals("data.tar")) {
            decompressed = ar;
        } else {
            throw new IOException(member + ": compression not supported (xz, gzip or none)");
        }
        TarArchiveInputStream tar = new TarArchiveInputStream(decompressed);
        TarArchiveEntry entry;
        String prefix = strip(folder) + "/";
        while ((entry = tar.getNextTarEntry()) != null) {
            String path = strip(entry.getName());
            if (!entry.isFile() || !path.startsWith(prefix)) {
                continue;
            }
            String name = path.substring(prefix.length());
            if (names.contains(name)) {
                out.put(name, copyCapped(tar, target.resolve(name), path));
            }
        }
    }

    private static String strip(String path) {
        String p = path.startsWith("./") ? path.substring(2) : path;
        p = p.startsWith("/") ? p.substring(1) : p;
        return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static Path copyCapped(InputStream in, Path to, String what) throws IOException {
        long total = 0;
        byte[] buf = new byte[1 << 16];
        try (OutputStream o = Files.newOutputStream(to)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > MAX_ENTRY_BYTES) {
                    throw new IOException(what + ": larger than " + MAX_ENTRY_BYTES + " bytes; not a dataset file");
                }
                o.write(buf, 0, n);
            }
        }
        return to;
    }
}
