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

    @Test
    void aCheckpointClaimingBillionsOfFloatsIsSkippedByResumeInASmallHeap() throws Exception {
        // a real two-epoch run in this JVM: checkpoints after epochs 1 and 2
        Path csv = Files.writeString(dir.resolve("train.csv"), "0,255,0\n1,0,255\n0,250,3\n1,2,240\n");
        Path cfg = Files.writeString(dir.resolve("csv.yaml"), "data: {dataset: csv, batchSize: 2, train: {file: \"" + csv
                + "\"}, test: {file: \"" + csv + "\"}}\ntraining: {epochs: 2}\noutput: {model: \"" + dir.resolve("m.zip")
                + "\", pictures: false}\n");
        TrainCommandTest.Run first = TrainCommandTest.run("train", "--config", cfg.toString());
        assertEquals(0, first.code(), first.err());
        Path newest = dir.resolve("m/checkpoints/epoch-000002.zip");
        assertTrue(Files.exists(dir.resolve("m/checkpoints/epoch-000001.zip")) && Files.exists(newest));
        // the newest one's coefficients.bin header now claims 1.5e9 floats (6 GB); its digests are made to match
        lieAboutTheCoefficients(newest, 1_500_000_000L);

        Result r = java("128m", Softmax4jCli.class.getName(), "train", "--resume", dir.resolve("m").toString(),
                "--set", "training.epochs=3");
        assertEquals(ExitCodes.EXIT_OK, r.code(), r.output());
        List<String> warnings = r.output().lines().filter(l -> l.startsWith("warning: ")).toList();
        assertEquals(1, warnings.size(), r.output());
        assertTrue(warnings.get(0).startsWith("warning: skipping unreadable checkpoint " + newest + ": ")
                && warnings.get(0).contains("entry coefficients.bin") && warnings.get(0).contains("1500000000"), r.output());
        assertTrue(r.output().contains("resuming " + dir.resolve("m") + " after epoch 1 of 3"), r.output());
        assertFalse(r.output().contains("OutOfMemoryError") || r.output().contains("\tat "), r.output());
        assertTrue(errorLines(r).isEmpty(), r.output());
    }

    /** Rewrites the shape and length longs of a checkpoint's coefficients.bin and the SHA-256 of it in the state entry. */
    private static void lieAboutTheCoefficients(Path checkpoint, long floats) throws Exception {
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        try (var in = new java.util.zip.ZipInputStream(Files.newInputStream(checkpoint))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        byte[] coefficients = entries.get("coefficients.bin");
        byte[] from = java.nio.ByteBuffer.allocate(8).putLong((2 + 1) * 2).array(); // (2 pixels + 1) x 2 classes
        byte[] to = java.nio.ByteBuffer.allocate(8).putLong(floats).array();
        int replaced = 0;
        for (int i = 0; i + 8 <= coefficients.length; i++) {
            if (java.util.Arrays.equals(coefficients, i, i + 8, from, 0, 8)) {
                System.arraycopy(to, 0, coefficients, i, 8);
                replaced++;
            }
        }
        assertTrue(replaced >= 2, "the shape and the length were found");
        String stateName = io.softmax4j.artifact.CheckpointStore.STATE_ENTRY;
        String state = new String(entries.get(stateName), StandardCharsets.UTF_8);
        String digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(coefficients));
        String lying = state.replaceAll("(\"coefficients\\.bin\" : \")[0-9a-f]+\"", "$1" + digest + "\"");
        assertFalse(lying.equals(state), "the digest was rewritten");
        entries.put(stateName, lying.getBytes(StandardCharsets.UTF_8));
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(checkpoint))) {
            for (var e : entries.entrySet()) {
                out.putNextEntry(new java.util.zip.ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }
}
