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
import java.time.Duration;
import java.time.Instant;

/**
 * Writes files so that readers see either the old content or the complete new content, never a
 * half-written file: write to a hidden temp file in the target folder, force it to disk, then
 * rename it over the target.
 */
public final class AtomicFiles {
    /** Temp files are named {@code .<target>.tmp-<random>}; stale ones older than this are removed. */
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
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".tmp-", "");
        boolean done = false;
        try {
            writer.write(temp);
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Writes bytes atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        write(target, p -> Files.write(p, content));
    }

    /** Removes temp files a killed process left behind for this target (only old ones: another
     * process may be writing a fresh one right now). */
    static void removeStaleTemps(Path dir, String targetName) {
        Instant cutoff = Instant.now().minus(STALE_AFTER);
        try (DirectoryStream<Path> temps = Files.newDirectoryStream(dir, "." + targetName + ".tmp-*")) {
            for (Path t : temps) {
                FileTime modified = Files.getLastModifiedTime(t);
                if (modified.toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(t);
                }
            }
        } catch (IOException ignored) {
            // best effort: stale temp files are hidden and never read as models
        }
    }
}
