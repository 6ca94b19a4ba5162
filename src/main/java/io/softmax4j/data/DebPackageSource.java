package io.softmax4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        ChildProcess.run(cmd, download, timeout, command.get(0) + " is not available (not Debian or Ubuntu?)");
    }
}
