package io.softmax4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChildProcessTest {
    @TempDir
    Path dir;

    @Test
    void aCommandThatNeverEndsIsStoppedAtTheTimeLimitAndLeavesNoLog() throws IOException {
        List<String> endless = List.of("sh", "-c", "while :; do echo still going; sleep 0.05; done");
        IOException e = assertThrows(IOException.class,
                () -> ChildProcess.run(endless, dir, Duration.ofSeconds(1), "no sh"));
        assertEquals("sh -c while :; do echo still going; sleep 0.05; done did not finish in 1 s", e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aFailingCommandIsReportedWithItsExitCodeAndOnlyItsLastOutputLine() throws IOException {
        // 2 MB of output before the error: only the tail of the log is read back
        List<String> noisy = List.of("sh", "-c",
                "head -c 2000000 /dev/zero | tr '\\0' x; echo; echo 'E: Unable to locate package x' >&2; exit 100");
        IOException e = assertThrows(IOException.class,
                () -> ChildProcess.run(noisy, dir, Duration.ofSeconds(30), "no sh"));
        assertTrue(e.getMessage().endsWith(" failed (exit 100): E: Unable to locate package x"), e.getMessage());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aMissingCommandIsReportedWithTheCallersHint() {
        IOException e = assertThrows(IOException.class, () -> ChildProcess.run(
                List.of("no-such-command-softmax4j"), dir, Duration.ofSeconds(5),
                "the npm client is not installed or not on PATH"));
        assertTrue(e.getMessage().startsWith("the npm client is not installed or not on PATH ("), e.getMessage());
    }

    @Test
    void aSucceedingCommandRunsInTheGivenFolderAndLeavesOnlyWhatItMade() throws IOException {
        ChildProcess.run(List.of("sh", "-c", "echo made > made.txt"), dir, Duration.ofSeconds(20), "no sh");
        assertEquals("made\n", Files.readString(dir.resolve("made.txt")));
        assertEquals(List.of(dir.resolve("made.txt")), list(dir));
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }
}
