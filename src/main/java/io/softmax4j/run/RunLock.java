package io.softmax4j.run;

import io.softmax4j.config.ConfigException;
import io.softmax4j.io.Printable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock of one run folder, held on its marker file while a run writes into it.
 * The operating system releases it when the process ends, however it ends ({@code kill -9}
 * included), so no stale lock is ever left behind.
 */
public final class RunLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static RunLock acquire(RunLayout layout) {
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
            return new RunLock(channel, lock);
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
