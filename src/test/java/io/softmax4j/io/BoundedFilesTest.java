package io.softmax4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one way user files are opened: regular files only, reads counted against a cap. */
class BoundedFilesTest {
    @TempDir
    Path dir;

    /** A named pipe no one writes to: opening it for reading would block forever. */
    static Path fifo(Path dir, String name) throws IOException, InterruptedException {
        Path fifo = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor(), "mkfifo");
        return fifo;
    }

    @Test
    void aFifoIsRefusedAtOnceWithoutBlocking() throws Exception {
        Path fifo = fifo(dir, "pipe.yaml");
        BoundedFiles.RefusedFileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(BoundedFiles.RefusedFileException.class, () -> BoundedFiles.readAllBytes(fifo, 100)));
        assertEquals(BoundedFiles.Problem.NOT_REGULAR, e.problem());
        assertEquals(fifo + ": not a regular file (a named pipe, device or socket); give a file saved on disk", e.getMessage());
    }

    @Test
    void aDeviceIsRefusedThoughItsSizeIsZero() {
        Path zero = Path.of("/dev/zero");
        BoundedFiles.RefusedFileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(BoundedFiles.RefusedFileException.class, () -> BoundedFiles.readAllBytes(zero, 1 << 20)));
        assertEquals(BoundedFiles.Problem.NOT_REGULAR, e.problem());
        assertTrue(e.getMessage().startsWith("/dev/zero: not a regular file"), e.getMessage());
    }

    @Test
    void aDirectoryAndAMissingFileAreNamed() {
        assertEquals(dir + ": is a directory, not a regular file",
                assertThrows(BoundedFiles.RefusedFileException.class, () -> BoundedFiles.readAllBytes(dir, 10)).getMessage());
        Path missing = dir.resolve("nope");
        BoundedFiles.RefusedFileException e = assertThrows(BoundedFiles.RefusedFileException.class,
                () -> BoundedFiles.readAllBytes(missing, 10));
        assertEquals(BoundedFiles.Problem.NOT_FOUND, e.problem());
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void theCapCountsBytesActuallyRead() throws IOException {
        Path file = Files.write(dir.resolve("f"), new byte[]{1, 2, 3, 4, 5});
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5}, BoundedFiles.readAllBytes(file, 5));
        BoundedFiles.RefusedFileException e = assertThrows(BoundedFiles.RefusedFileException.class,
                () -> BoundedFiles.readAllBytes(file, 4));
        assertEquals(BoundedFiles.Problem.TOO_LARGE, e.problem());
        assertEquals(file + ": is larger than the limit of 4 bytes", e.getMessage());
    }

    @Test
    void aStreamThatLiesAboutItsSizeIsStoppedAtTheCap() {
        // like /dev/zero behind a size of 0: a stream that never ends
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }
        };
        Path name = dir.resolve("endless");
        BoundedFiles.RefusedFileException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(BoundedFiles.RefusedFileException.class,
                        () -> BoundedFiles.capped(endless, name, 1 << 20).readAllBytes()));
        assertEquals(BoundedFiles.Problem.TOO_LARGE, e.problem());
    }

    @Test
    void printableEscapesControlCharactersOnly() {
        assertEquals("plain name.png", Printable.escape("plain name.png"));
        assertEquals("a\\nerror: forged.png", Printable.escape("a\nerror: forged.png"));
        assertEquals("x\\r\\u001b[2Jy\\u0000", Printable.escape("x\r\u001b[2Jy\0"));
        assertEquals("caf\u00e9 \u4e2d", Printable.escape("caf\u00e9 \u4e2d"));
    }
}
