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
 * the {@link #MARKER} (or is empty) and holds a lock on it for the run's lifetime.
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
     * is empty), refuses a folder that is not a softmax4j run, and locks the marker so a second
     * run with the same {@code output.model} refuses to start. The lock is the operating system's
     * ({@code FileChannel.tryLock}), so a killed run leaves no stale lock.
     *
     * @param mustExist for {@code --resume}: the run folder must already be a softmax4j run
     * @throws ConfigException (exit 2) naming the folder and what to do
     */
    public RunLock lock(boolean mustExist) {
        Path dir = runDir();
        String where = Printable.escape(dir.toString());
        if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ConfigException("output.model", "the run folder " + where + " of output.model "
                    + Printable.escape(model.toString()) + " exists and is not a folder; move it away or choose another "
                    + "output.model");
        }
        if (!isMarked()) {
            if (mustExist) {
                throw new ConfigException(null, "--resume " + where + ": no checkpoint in "
                        + Printable.escape(checkpoints().toString()) + " (" + (Files.isDirectory(dir)
                        ? "not a softmax4j run folder: no " + MARKER + " in it" : "no such folder") + "). Give the run "
                        + "folder (output.model without .zip, e.g. models/mnist-softmax) of a run that saved checkpoints.");
            }
            if (!isEmptyOrMissing(dir)) {
                throw new ConfigException("output.model", "the run folder " + where + " of output.model "
                        + Printable.escape(model.toString()) + " exists and is not a softmax4j run (no " + MARKER
                        + " in it), so softmax4j will not write pictures or checkpoints into it; move it away or "
                        + "choose another output.model");
            }
            createMarker(dir);
        }
        return RunLock.acquire(this);
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

    private void createMarker(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(marker(), ("softmax4j run folder of " + model.getFileName() + "; softmax4j replaces files "
                    + "only in folders holding this marker\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            // another run created it a moment ago: the lock decides who goes on
        } catch (IOException e) {
            throw new ConfigException("output.model", "cannot create the run folder " + Printable.escape(dir.toString())
                    + ": " + Printable.escape(String.valueOf(e.getMessage())) + "; fix the folder's permissions or "
                    + "choose another output.model");
        }
    }
}
