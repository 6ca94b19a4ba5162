package io.softmax4j.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batching appender writes every line, in each thread's order, in fewer writes than lines. */
class BatchingStreamAppenderTest {

    @Test
    void everyLineArrivesInOrderAndLinesShareWrites() throws InterruptedException {
        LoggerContext context = new LoggerContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        AtomicInteger writes = new AtomicInteger();
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                throw new AssertionError("lines are written as arrays");
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writes.incrementAndGet();
                sink.write(b, off, len);
            }
        };
        BatchingStreamAppender appender = new BatchingStreamAppender(() -> counting);
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger logger = context.getLogger("access");
        int threads = 4;
        int lines = 5000;
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                for (int i = 0; i < lines; i++) {
                    appender.doAppend(new LoggingEvent("x", logger, Level.INFO, "t" + id + " " + i, null, null));
                }
            });
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        appender.stop(); // writes what is still pending
        String[] got = sink.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(threads * lines, got.length);
        int[] next = new int[threads];
        for (String line : got) {
            String[] parts = line.split(" ");
            int t = Integer.parseInt(parts[0].substring(1));
            assertEquals(next[t]++, Integer.parseInt(parts[1]), "thread " + t + "'s lines out of order");
        }
        assertTrue(writes.get() < threads * lines, "one write per line: " + writes.get());
    }
}
