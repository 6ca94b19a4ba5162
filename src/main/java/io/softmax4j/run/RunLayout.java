package io.softmax4j.run;

import io.softmax4j.config.ConfigException;
import io.softmax4j.io.Printable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Where one training run keeps its files, all derived from {@code output.model}:
 * <pre>
 * models/mnist-softmax.zip          the model ({@link #model()})
 * models/mnist-softmax.yaml         the effective config beside it ({@link #sidecarConfig()})
 * models/mnist-softmax/             the run folder ({@link #runDir()}): pictures and report.html
 * models/mnist-softmax/checkpoints/ checkpoints for --resume ({@link #checkpoints()})
 * models/mnist-softmax/.softmax4j-run  the marker proving the folder is a softmax4j run (and its lock)
 * </pre>
 * The run folder's name is the model's file name without {@code .zip}, which must be a real name
 * (not empty, {@code .} or {@code ..}), so the run folder is never the model's own folder. Before
 * anything in an existing run folder is replaced or deleted, {@link #lock()} checks that it holds
 * the {@link #MARKER} (or is empty, or was written by an earlier version: {@link #isLegacyRun}) and holds a lock on it for the run's lifetime.
 *
 * @param model the model zip ({@code output.model})
 */
public record RunLayout(Path model) {
    /** The marker file in a run folder, also the file the run's lock is held on. */
    public static final String MARKER = ".softmax4j-run";
    /** The checkpoint folder inside a run folder. */
    public static final String CHECKPOINTS = "checkpoints";
    /** The HTML report inside a run folder. */
    public static final String REPORT = "report.html";
    /** The pictures inside a run folder (written by the report package under these names). */
    public static final String PREDICTIONS = "predictions.png";
    public static final String MISTAKES = "mistakes.png";
    public static final String CURVES = "curves.png";
    public static final String CONFUSION = "confusion.png";
    /** The per-epoch metrics table inside a run folder. */
    public static final String METRICS = "metrics.csv";
    /**
     * Every file softmax4j writes directly in a run folder, and nothing else: a folder of an
     * earlier version (no {@link #MARKER}) is adopted only when it holds nothing but these,
     * {@link #CHECKPOINTS} with only checkpoint zips, and the hidden temp files of a killed write.
     */
    public static final Set<String> RUN_FILES = Set.of(REPORT, PREDICTIONS, MISTAKES, CURVES, CONFUSION, METRICS);
    /** A checkpoint's name in {@link #CHECKPOINTS}. */
    public static final Pattern CHECKPOINT_NAME = Pattern.compile("epoch-\\d+\\.zip");
    /** Bound on the entries looked at when deciding whether an unmarked folder is an earlier run. */
    private static final int MAX_LEGACY_ENTRIES = 10_000;

    public RunLayout {
        String name = model.getFileName() == null ? "" : model.getFileName().toString();
        String stem = name.endsWith(".zip") ? name.substring(0, name.length() - ".zip".length()) : "";
        if (stem.isBlank() || stem.equals(".") || stem.equals("..")) {
            throw new ConfigException("output.model", "output.model must name a .zip file such as "
                    + "models/mnist-softmax.zip (its run folder is named after it), got " + Printable.escape(model.toString()));
        }
    }

    /** The layout of the run whose folder is {@code runDir} (as {@code train --resume} names it). */
    public static RunLayout ofRunFolder(Path runDir) {
        Path name = runDir.normalize().getFileName();
        if (name == null || name.toString().isBlank() || name.toString().equals("..")) {
            throw new ConfigException(null, "--resume " + Printable.escape(runDir.toString()) + ": give the run folder "
                    + "(output.model without .zip, e.g. models/mnist-softmax)");
        }
        Path folder = runDir.normalize();
        return new RunLayout(folder.resolveSibling(name + ".zip"));
    }

    /** The run folder: the model's path without {@code .zip}. */
    public Path runDir() {
        String name = model.getFileName().toString();
        return model.resolveSibling(name.substring(0, name.length() - ".zip".length()));
    }

    /** The checkpoint folder. */
    public Path checkpoints() {
        return runDir().resolve(CHECKPOINTS);
    }

    /** The effective config as YAML, beside the model: {@code models/x.zip -> models/x.yaml}. */
    public Path sidecarConfig() {
        String name = model.getFileName().toString();
        return model.resolveSibling(name.substring(0, name.length() - ".zip".length()) + ".yaml");
    }

    /** Where the pictures and report go: the run folder. */
    public Path reportDir() {
        return runDir();
    }

    /** The HTML report. */
    public Path report() {
        return reportDir().resolve(REPORT);
    }

    /** The marker (and lock) file. */
    public Path marker() {
        return runDir().resolve(MARKER);
    }

    /** Whether the run folder exists and carries the marker. */
    public boolean isMarked() {
        return Files.isRegularFile(marker(), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Claims the run folder for this process: creates it with its marker if it does not exist (or
     * is empty), adopts (marks) the folder of an earlier softmax4j version when {@link #isLegacyRun}
     * (saying so to {@code status}), refuses any other folder, and locks the marker so a second run
     * with the same {@code output.model} refuses to start. The lock is the operating system's
     * ({@code FileChannel.tryLock}), so a killed run leaves no stale lock.
     *
     * @param mustExist for {@code --resume}: the run folder must already be a softmax4j run
     * @param status    receives one line when an earlier version's folder is adopted
     * @throws ConfigException (exit 2) naming the folder and what to do
     */
    public RunLock lock(boolean mustExist, Consumer<String> status) {
        Path dir = runDir();
        String where = Printable.escape(dir.toString());
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException("output.model", "the run folder " + where + " of output.model "
                    + Printable.escape(model.toString()) + " exists and is not a folder; move it away or choose another "
                    + "output.model");
        }
        boolean markerCreated = false;
        if (!isMarked()) {
            boolean legacy = isLegacyRun();
            if (mustExist && !legacy) {
                throw new ConfigException(null, "--resume " + where + ": no checkpoint in "
                        + Printable.escape(checkpoints().toString()) + " (" + (Files.isDirectory(dir)
                        ? "not a softmax4j run folder: no " + MARKER + " in it" : "no such folder") + "). Give the run "
                        + "folder (output.model without .zip, e.g. models/mnist-softmax) of a run that saved checkpoints.");
            }
            if (!legacy && !isEmptyOrMissing(dir)) {
                throw new ConfigException("output.model", "the run folder " + where + " of output.model "
                        + Printable.escape(model.toString()) + " exists and is not a softmax4j run (no " + MARKER
                        + " in it, and it holds files softmax4j does not write, or " + Printable.escape(model.toString())
                        + " is missing), so softmax4j will not write pictures or checkpoints into it; move it away or "
                        + "choose another output.model");
            }
            markerCreated = createMarker(dir);
            if (legacy && markerCreated) {
                status.accept("adopted " + where + " as the run folder of " + Printable.escape(model.toString())
                        + ": it was written by an earlier softmax4j version and holds only its files; marked it with "
                        + MARKER);
            }
        }
        return RunLock.acquire(this, markerCreated);
    }

    /** {@link #lock(boolean, Consumer)} without status lines. */
    public RunLock lock(boolean mustExist) {
        return lock(mustExist, line -> { });
    }

    /**
     * Whether the run folder, without a {@link #MARKER}, is one an earlier softmax4j version wrote:
     * the model zip beside it exists, and it holds only {@link #RUN_FILES} (regular files), a
     * {@link #CHECKPOINTS} folder of regular zip files named like checkpoints, and hidden temp files
     * of those names. Symbolic links, other names and other folders mean it is not.
     */
    public boolean isLegacyRun() {
        Path dir = runDir();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || isEmptyOrMissing(dir)
                || !Files.isRegularFile(model, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        int[] seen = {0};
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (++seen[0] > MAX_LEGACY_ENTRIES) {
                    return false;
                }
                if (name.equals(CHECKPOINTS) && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    if (!onlyCheckpoints(p, seen)) {
                        return false;
                    }
                } else if (!(isRunFile(name, RUN_FILES::contains) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))) {
                    return false;
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return true;
    }

    private static boolean onlyCheckpoints(Path folder, int[] seen) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path p : entries) {
                if (++seen[0] > MAX_LEGACY_ENTRIES || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                String name = p.getFileName().toString();
                boolean checkpoint = CHECKPOINT_NAME.matcher(name).matches();
                if (!isRunFile(name, n -> CHECKPOINT_NAME.matcher(n).matches()) || checkpoint && !isZip(p)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code name} is a known name, or the hidden temp file ({@code .<name>.tmp-...}) of an atomic write of one. */
    private static boolean isRunFile(String name, java.util.function.Predicate<String> known) {
        if (known.test(name)) {
            return true;
        }
        int tmp = name.indexOf(".tmp-");
        return name.startsWith(".") && tmp > 1 && known.test(name.substring(1, tmp));
    }

    private static boolean isZip(Path file) throws IOException {
        try (var in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        }
    }

    /**
     * The outermost folder on the run folder's path that does not exist yet (what creating the run
     * folder creates), or null when the run folder exists. Asked before a run creates anything, so a
     * run that fails before writing can remove exactly what it created ({@link RunLock#removeIfUnused}).
     */
    public Path firstMissingFolder() {
        Path missing = null;
        for (Path p = runDir().toAbsolutePath(); p != null && !Files.exists(p, LinkOption.NOFOLLOW_LINKS); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    private static boolean isEmptyOrMissing(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            return !entries.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }

    /** Creates the folder and its marker; false when another run created the marker first. */
    private boolean createMarker(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(marker(), ("softmax4j run folder of " + model.getFileName() + "; softmax4j replaces files "
                    + "only in folders holding this marker\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            // another run created it a moment ago: the lock decides who goes on
            return false;
        } catch (IOException e) {
            throw new ConfigException("output.model", "cannot create the run folder " + Printable.escape(dir.toString())
                    + ": " + Printable.escape(String.valueOf(e.getMessage())) + "; fix the folder's permissions or "
                    + "choose another output.model");
        }
    }
}
