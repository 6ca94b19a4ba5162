package io.softmax4j.data;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Debian (or Ubuntu) package fetched with {@code apt-get download}, which needs no root: the
 * {@code .deb} lands in a temp folder and {@link DebArchive} reads the files out of it. The
 * child process is bounded in time and its output goes to a file, of which only the last line
 * is read back.
 *
 * @param packageName the package, e.g. {@code dataset-fashion-mnist}
 * @param folder      where the package installs the files, e.g. {@code usr/share/datasets/fashion-mnist}
 * @param command     the download command without the package name (normally {@code apt-get download})
 * @param timeout     how long the download may take before it is stopped
 */
public record DebPackageSource(String packageName, String folder, List<String> command, Duration timeout)
        implements PackageSource {
    /** Time for {@code apt-get download} of a dataset package (tens of MB). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public DebPackageSource {
        command = List.copyOf(command);
    }

    /** {@code apt-get download packageName}, with the default time limit. */
    public static DebPackageSource aptGet(String packageName, String folder) {
        return new DebPackageSource(packageName, folder, List.of("apt-get", "download"), DEFAULT_TIMEOUT);
    }

    @Override
    public String describe() {
        return "Debian package " + packageName + " (" + String.join(" ", command) + ")";
    }

    @Override
    public Map<String, Path> fetch(List<String> fileNames, Path workDir) throws IOException {
        Path download = Files.createDirectories(workDir.resolve("download"));
        run(download);
        Path deb;
        try (Stream<Path> files = Files.list(download)) {
            deb = files.filter(p -> p.getFileName().toString().endsWith(".deb")).findFirst()
                    .orElseThrow(() -> new IOException(String.join(" ", command) + " " + packageName
                            + " produced no .deb file"));
        }
        try {
            return DebArchive.extract(deb, folder, fileNames, workDir);
        } finally {
            Files.deleteIfExists(deb);
        }
    }

    private void run(Path download) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(packageName);
        Path log = download.resolve("download.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(download.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not available (not Debian or Ubuntu?): " + e.getMessage());
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish in " + timeout.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", cmd));
        }
        try {
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " failed (exit " + process.exitValue() + "): "
                        + lastLine(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The last non-empty line of at most the last 4 KB of the log. */
    private static String lastLine(Path log) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - 4096);
            byte[] tail = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).strip().split("\\R");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }
}
