package io.softmax4j.run;

import io.softmax4j.config.ConfigException;
import io.softmax4j.io.Printable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock of one run folder, held on its marker file while a run writes into it.
 * The operating system releases it when the process ends, however it ends ({@code kill -9}
 * included), so no stale lock is ever left behind.
 */
public final class RunLock implements AutoCloseable {
    private final RunLayout layout;
    private final FileChannel channel;
    private final FileLock lock;
    private final boolean markerCreated;

    private RunLock(RunLayout layout, FileChannel channel, FileLock lock, boolean markerCreated) {
        this.layout = layout;
        this.channel = channel;
        this.lock = lock;
        this.markerCreated = markerCreated;
    }

    static RunLock acquire(RunLayout layout, boolean markerCreated) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(layout.marker(), StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by another run in this JVM
            }
            if (lock == null) {
                channel.close();
                throw new ConfigException("output.model", "another softmax4j run is using the run folder "
                        + Printable.escape(layout.runDir().toString()) + " (output.model "
                        + Printable.escape(layout.model().toString()) + "); wait for it to finish or choose another "
                        + "output.model");
            }
            return new RunLock(layout, channel, lock, markerCreated);
        } catch (IOException e) {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException ignored) {
                // the lock was not taken; nothing to undo
            }
            throw new ConfigException("output.model", "cannot lock the run folder "
                    + Printable.escape(layout.runDir().toString()) + ": " + Printable.escape(String.valueOf(e.getMessage())));
        }
    }

    /**
     * For a run that failed before writing anything: when this process created the marker and the
     * run folder still holds nothing else, deletes the marker and then the folders this run created
     * (from the run folder up to {@code firstCreated}, each only while empty). Anything else (a
     * folder that existed, a folder holding any other file) is left as it is.
     *
     * @param firstCreated {@link RunLayout#firstMissingFolder()} asked before the run created anything
     * @return whether the marker was removed
     */
    public boolean removeIfUnused(Path firstCreated) {
        Path dir = layout.runDir();
        if (!markerCreated || !onlyMarker(dir)) {
            return false;
        }
        try {
            Files.delete(layout.marker());
        } catch (IOException e) {
            return false;
        }
        if (firstCreated != null) {
            Path stop = firstCreated.toAbsolutePath();
            for (Path p = dir.toAbsolutePath(); p != null && p.startsWith(stop); p = p.getParent()) {
                try {
                    Files.delete(p); // refuses a folder that is not empty
                } catch (IOException e) {
                    break;
                }
            }
        }
        return true;
    }

    private static boolean onlyMarker(Path dir) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            int n = 0;
            for (Path p : entries) {
                if (++n > 1 || !p.getFileName().toString().equals(RunLayout.MARKER)) {
                    return false;
                }
            }
            return n == 1;
        } catch (IOException e) {
            return false;
        }
    }

    /** Releases the lock (the marker file stays: it marks the folder as a softmax4j run). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
