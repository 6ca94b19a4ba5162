package io.softmax4j.artifact;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * half-written file: write to a hidden temp file in the target folder, force it to disk, then
 * rename it over the target.
 *
 * <p>A process killed mid-write ({@code kill -9}, power loss) leaves the previous target intact
 * and a hidden temp file {@code .<target>.tmp-<pid>-<random>}. Nothing ever reads temp files;
 * the next write of the same target removes those whose process is gone (or that are old).
 */
public final class AtomicFiles {
    /** Temp files of a live process older than this are removed too (its pid may have been reused). */
    private static final Duration STALE_AFTER = Duration.ofMinutes(10);

    private AtomicFiles() {
    }

    /** Something that writes a whole file at the given path. */
    @FunctionalInterface
    public interface FileWriter {
        void write(Path path) throws IOException;
    }

    /** Writes {@code target} atomically with {@code writer}, which is handed a temp path. */
    public static void write(Path target, FileWriter writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        removeStaleTemps(dir, target.getFileName().toString());
        Path temp = Files.createTempFile(dir, tempPrefix(target.getFileName().toString()) + ProcessHandle.current().pid() + "-", "");
        boolean done = false;
        try {
            writer.write(temp);
            copyPermissions(target, temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            syncDirectory(dir);
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Temp files are created owner-only (0600); give the new file the old target's permissions,
     * or rw-r--r-- for a new target, so other programs (a server reading the model) can read it.
     */
    private static void copyPermissions(Path target, Path temp) throws IOException {
        if (!Files.getFileStore(temp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(temp, permissions);
    }

    /** Forces the rename itself to disk (Linux allows fsync on a directory; elsewhere best effort). */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not supported on this platform: the rename is still atomic, only its durability is weaker
        }
    }

    /** Writes bytes atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, p -> Files.write(p, content));
    }

    /** Hidden temp files for {@code targetName} start with this. */
    static String tempPrefix(String targetName) {
        return "." + targetName + ".tmp-";
    }

    /** Removes temp files a killed process left behind for this target: those whose writing
     * process is no longer alive, and old ones (a live process may be writing a fresh one now). */
    static void removeStaleTemps(Path dir, String targetName) {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        String prefix = tempPrefix(targetName);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, prefix + "*")) {
            for (Path t : temps) {
                FileTime modified = Files.getLastModifiedTime(t);
                if (!writerAlive(t.getFileName().toString().substring(prefix.length()))
                        || modified.toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(t);
                }
            }
        } catch (IOException ignored) {
            // best effort: stale temp files are hidden and never read as models
        }
    }

    /** Whether the process named in a temp file's {@code <pid>-<random>} suffix is alive. */
    private static boolean writerAlive(String suffix) {
        int dash = suffix.indexOf('-');
        try {
            long pid = Long.parseLong(dash < 0 ? suffix : suffix.substring(0, dash));
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return true; // an older name without a pid: leave it to the age rule
        }
    }
}
