package io.softmax4j.run;

import io.softmax4j.config.ConfigException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run folder of an earlier softmax4j version (no marker) is adopted only when it holds nothing but softmax4j's files. */
class RunLayoutLegacyTest {
    private static final byte[] ZIP = {'P', 'K', 3, 4, 0, 0};

    @TempDir
    Path dir;
    RunLayout layout;
    Path run;

    /** What an earlier version left: the model zip, pictures, the report and two checkpoints. */
    @BeforeEach
    void anEarlierRun() throws IOException {
        layout = new RunLayout(dir.resolve("m.zip"));
        run = Files.createDirectories(layout.checkpoints()).getParent();
        Files.write(layout.model(), ZIP);
        for (String name : RunLayout.RUN_FILES) {
            Files.writeString(run.resolve(name), "x");
        }
        Files.write(layout.checkpoints().resolve("epoch-000001.zip"), ZIP);
        Files.write(layout.checkpoints().resolve("epoch-000002.zip"), ZIP);
        Files.writeString(run.resolve(".report.html.tmp-123-456"), "half");
        Files.writeString(layout.checkpoints().resolve(".epoch-000003.zip.tmp-123-789"), "half");
    }

    @Test
    void onlySoftmax4jFilesAndTheModelBesideIt() throws IOException {
        assertTrue(layout.isLegacyRun());
        List<String> status = new ArrayList<>();
        try (RunLock lock = layout.lock(false, status::add)) {
            assertTrue(layout.isMarked());
        }
        assertEquals(1, status.size(), status.toString());
        assertTrue(status.get(0).startsWith("adopted " + run + " as the run folder of " + layout.model()), status.get(0));
        assertTrue(Files.exists(layout.checkpoints().resolve("epoch-000002.zip")), "adopting deletes nothing");
    }

    @Test
    void resumeAdoptsItToo() {
        try (RunLock lock = layout.lock(true)) {
            assertTrue(layout.isMarked());
        }
    }

    @Test
    void withoutTheModelZipItIsRefused() throws IOException {
        Files.delete(layout.model());
        assertRefusedUntouched();
    }

    @Test
    void anyOtherFileIsRefused() throws IOException {
        Files.writeString(run.resolve("notes.txt"), "mine");
        assertRefusedUntouched();
    }

    @Test
    void anyOtherFolderIsRefused() throws IOException {
        Files.createDirectories(run.resolve("photos"));
        assertRefusedUntouched();
    }

    @Test
    void aCheckpointThatIsNotAZipIsRefused() throws IOException {
        Files.writeString(layout.checkpoints().resolve("epoch-000009.zip"), "my text");
        assertRefusedUntouched();
    }

    @Test
    void anotherFileAmongTheCheckpointsIsRefused() throws IOException {
        Files.write(layout.checkpoints().resolve("backup.zip"), ZIP);
        assertRefusedUntouched();
    }

    @Test
    void aSymbolicLinkUnderAKnownNameIsRefused() throws IOException {
        Path mine = Files.writeString(dir.resolve("mine.html"), "mine");
        Files.delete(run.resolve(RunLayout.REPORT));
        Files.createSymbolicLink(run.resolve(RunLayout.REPORT), mine);
        assertRefusedUntouched();
    }

    @Test
    void aFolderUnderAKnownFileNameIsRefused() throws IOException {
        Files.delete(run.resolve(RunLayout.CURVES));
        Files.createDirectories(run.resolve(RunLayout.CURVES));
        assertRefusedUntouched();
    }

    private void assertRefusedUntouched() {
        assertFalse(layout.isLegacyRun());
        ConfigException e = assertThrows(ConfigException.class, () -> layout.lock(false).close());
        assertTrue(e.getMessage().contains("exists and is not a softmax4j run"), e.getMessage());
        assertFalse(Files.exists(layout.marker()), "not marked");
        assertThrows(ConfigException.class, () -> layout.lock(true).close(), "nor resumed");
        assertFalse(Files.exists(layout.marker()), "not marked");
    }
}
