package io.softmax4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile inputs that used to exhaust memory or leave the JVM running, in child JVMs with a small
 * heap: each ends in bounded time with its exit code and one error line.
 */
class ChildJvmHostileTest {
    @TempDir
    Path dir;

    record Result(int code, String output) {
    }

    static Result java(String heap, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes(); // ends when the process does
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child did not end within 120 s: " + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static Result cli(String... args) throws IOException, InterruptedException {
        return java("64m", Softmax4jCli.class.getName(), args);
    }

    static List<String> errorLines(Result r) {
        return r.output().lines().filter(l -> l.startsWith("error: ")).toList();
    }

    @Test
    void anOutOfMemoryErrorInAnyThreadEndsTheProcessWithExit4AndOneLine() throws Exception {
        Result r = java("64m", FatalErrorMain.class.getName(), "oom");
        assertEquals(ExitCodes.EXIT_INTERNAL_ERROR, r.code(), r.output());
        assertEquals(List.of("error: out of memory (Java heap space); the data or an input is too large for this JVM: "
                + "give Java more memory (e.g. JAVA_OPTS=-Xmx8g), or use fewer examples (data.limit) or smaller files"),
                r.output().lines().toList());
    }

    @Test
    void anyOtherUncaughtErrorEndsTheProcessWithExit4() throws Exception {
        Result r = java("64m", FatalErrorMain.class.getName(), "other");
        assertEquals(ExitCodes.EXIT_INTERNAL_ERROR, r.code(), r.output());
        assertEquals(List.of("error: internal error in thread worker-1: IllegalStateException: boom\\nforged line",
                "(run again with --verbose for the stack trace)"), r.output().lines().toList());
    }

    @Test
    void devicesAsConfigOrModelAreRefusedInASmallHeap() throws Exception {
        Result config = cli("config", "check", "/dev/zero");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, config.code(), config.output());
        assertEquals(List.of("error: /dev/zero: not a regular file (a named pipe, device or socket); give a file saved "
                + "on disk; expected a YAML config file such as config/mnist-softmax.yaml"), errorLines(config));
        Result model = cli("evaluate", "--model", "/dev/zero");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, model.code(), model.output());
        assertTrue(errorLines(model).get(0).startsWith("error: /dev/zero: not a regular file"), model.output());
        assertFalse(model.output().contains("OutOfMemoryError") || model.output().contains("\tat "), model.output());
    }

    @Test
    void aHugeSingleLineCsvIsRefusedNamingTheLineInASmallHeap() throws Exception {
        // 200 MB of one line (sparse: zeros cost no disk), then a second line; the heap is 64 MB
        Path csv = dir.resolve("one-line.csv");
        Files.writeString(csv, "0,1,2,3\n5,");
        try (RandomAccessFile f = new RandomAccessFile(csv.toFile(), "rw")) {
            f.setLength(200L << 20);
        }
        Path cfg = Files.writeString(dir.resolve("csv.yaml"), "data: {dataset: csv, train: {file: " + csv
                + "}, test: {file: " + csv + "}}\noutput: {model: " + dir.resolve("m.zip") + "}\n");
        Result r = cli("train", "--config", cfg.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), r.output());
        // never held whole: refused at the line bound, before its NUL bytes are even looked at
        assertEquals(List.of("error: " + csv + ": line 2 is longer than 4194304 bytes; a CSV image file has one "
                + "example a line (a file without line breaks, or not a CSV file?)"), errorLines(r));
        assertFalse(r.output().contains("OutOfMemoryError") || r.output().contains("\tat "), r.output());
        assertFalse(Files.exists(dir.resolve("m.zip")));
    }
}
