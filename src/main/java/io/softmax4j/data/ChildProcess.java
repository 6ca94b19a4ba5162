package io.softmax4j.data;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a provisioning command ({@code npm pack}, {@code apt-get download}) bounded in time and
 * in what is read back: its output goes to a log file in the work folder, of which only the last
 * line (of at most the last 4 KB) is read when the command fails. A command that prints without
 * end therefore fills a file, not the heap, and still stops at the time limit.
 */
final class ChildProcess {
    private static final int TAIL_BYTES = 4096;

    private ChildProcess() {
    }

    /**
     * Runs {@code command} in {@code dir} and waits at most {@code timeout}.
     *
     * @param unavailable what to say when the command cannot be started, e.g. "the npm client is
     *                    not installed or not on PATH"
     * @throws IOException naming the command when it cannot start, runs too long (it is killed),
     *                     is interrupted, or exits non-zero (with its last output line)
     */
    static void run(List<String> command, Path dir, Duration timeout, String unavailable) throws IOException {
        String shown = String.join(" ", command);
        Path log = Files.createTempFile(dir, "command-", ".log");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command).directory(dir.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IOException(unavailable + " (" + e.getMessage() + ")");
            }
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IOException(shown + " did not finish in " + timeout.toSeconds() + " s");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + shown);
            }
            if (process.exitValue() != 0) {
                throw new IOException(shown + " failed (exit " + process.exitValue() + "): " + lastLine(log));
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** The last non-empty line of at most the last 4 KB of the log. */
    static String lastLine(Path log) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] tail = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(tail);
            String[] lines = new String(tail, StandardCharsets.UTF_8).strip().split("\\R");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }
}
