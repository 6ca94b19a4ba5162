package io.softmax4j.artifact;

import io.softmax4j.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real process killed with {@code kill -9} (destroyForcibly) in the middle of saving leaves
 * the previous model intact, and the temp file it leaves is cleaned up by the next save.
 */
class KillDuringSaveTest {

    @Test
    void killedMidWriteLeavesThePreviousModelAndTheNextSaveCleansUp(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model.zip");
        TestModels.saveSynthetic(target);
        byte[] before = Files.readAllBytes(target);

        Process child = start("hang", target);
        String line = awaitLine(child, "WRITING ");
        Path temp = Path.of(line.substring("WRITING ".length()));
        assertTrue(Files.exists(temp), "the child is mid-save: " + temp);
        kill(child);

        assertArrayEquals(before, Files.readAllBytes(target), "the previous model is untouched");
        SafeModelLoader.load(target);
        assertTrue(temp.getFileName().toString().startsWith(".model.zip.tmp-" + child.pid() + "-"),
                "the half-written temp is hidden and names its dead writer: " + temp);

        TestModels.saveSynthetic(target); // a later run saves normally ...
        assertEquals(List.of(target), files(dir), "... and removes the dead process's temp file");
        SafeModelLoader.load(target);
    }

    @Test
    void killedWhileSavingInALoopAlwaysLeavesALoadableModel(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("model.zip");
        TestModels.saveSynthetic(target);

        Process child = start("loop", target);
        awaitLine(child, "SAVED 5");
        kill(child); // at whatever point of a save it happens to be

        LoadedModel survivor = SafeModelLoader.load(target);
        assertEquals(10, survivor.manifest().labels().size());
        TestModels.saveSynthetic(target);
        assertEquals(List.of(target), files(dir), "no temp file left after the next save");
    }

    private static Process start(String mode, Path target) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SaveLoopMain.class.getName(), mode, target.toString())
                .redirectErrorStream(true)
                .start();
    }

    /** The first stdout line starting with {@code prefix}; fails if the child exits first. */
    private static String awaitLine(Process child, String prefix) throws Exception {
        CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                StringBuilder seen = new StringBuilder();
                for (String l = in.readLine(); l != null; l = in.readLine()) {
                    if (l.startsWith(prefix)) {
                        drain(child);
                        return l;
                    }
                    seen.append(l).append('\n');
                }
                throw new IllegalStateException("child exited without printing " + prefix + ":\n" + seen);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            // a generous guard against a hung child, not a timing assertion
            return found.get(5, TimeUnit.MINUTES);
        } finally {
            if (!found.isDone()) {
                child.destroyForcibly();
            }
        }
    }

    /** Keeps reading the child's output so it never blocks on a full pipe before it is killed. */
    private static void drain(Process child) {
        Thread t = new Thread(() -> {
            try {
                child.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static void kill(Process child) throws InterruptedException {
        child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        child.waitFor();
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
