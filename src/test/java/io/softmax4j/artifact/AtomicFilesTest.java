package io.softmax4j.artifact;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AtomicFilesTest {

    @Test
    void tempFilesOfDeadWritersAreRemovedThoseOfLiveOnesKept(@TempDir Path dir) throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        gone.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        gone.waitFor();
        Path dead = Files.writeString(dir.resolve(".m.zip.tmp-" + gone.pid() + "-123"), "half");
        Path live = Files.writeString(dir.resolve(".m.zip.tmp-" + ProcessHandle.current().pid() + "-456"), "writing");
        Path oldLive = Files.writeString(dir.resolve(".m.zip.tmp-" + ProcessHandle.current().pid() + "-789"), "stuck");
        Files.setLastModifiedTime(oldLive, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        Path otherTarget = Files.writeString(dir.resolve(".other.zip.tmp-" + gone.pid() + "-1"), "not ours");

        AtomicFiles.write(dir.resolve("m.zip"), "new".getBytes());

        assertEquals("new", Files.readString(dir.resolve("m.zip")));
        assertTrue(Files.notExists(dead), "a killed writer's temp is removed");
        assertTrue(Files.exists(live), "a live writer's fresh temp is left alone");
        assertTrue(Files.notExists(oldLive), "an hour-old temp is removed even if its pid is alive (pids get reused)");
        assertTrue(Files.exists(otherTarget), "temps of other targets are not touched");
    }

    @Test
    void theFileIsReadableByOthersOrKeepsTheOldPermissions(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("m.zip");
        AtomicFiles.write(target, "one".getBytes());
        assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)),
                "not the temp file's owner-only 0600");
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.write(target, "two".getBytes());
        assertEquals("rw-rw----", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
    }

    @Test
    void aFailingWriterLeavesTheTargetAndNoTemp(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("m.zip"), "old");
        try {
            AtomicFiles.write(target, temp -> {
                Files.writeString(temp, "partial");
                throw new IOException("disk full");
            });
        } catch (IOException expected) {
            assertEquals("disk full", expected.getMessage());
        }
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
