package io.softmax4j.data;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The npm tarball is extracted within bounds, and only the wanted regular files, under their own names. */
class NpmTarballExtractionTest {
    private static final NpmPackageFetcher.Limits SMALL = new NpmPackageFetcher.Limits(1 << 20, 8, 1000, 100_000);

    @TempDir
    Path dir;

    /** One tar entry: a name and bytes, or a symbolic link when {@code link} is set. */
    record Entry(String name, byte[] bytes, String link) {
        static Entry file(String name, int size) {
            byte[] b = new byte[size];
            for (int i = 0; i < size; i++) {
                b[i] = (byte) (i * 31 + name.length());
            }
            return new Entry(name, b, null);
        }
    }

    private Path tarball(Entry... entries) throws IOException {
        Path tgz = dir.resolve("p.tgz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz));
             TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                TarArchiveEntry te;
                if (e.link() != null) {
                    te = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_SYMLINK);
                    te.setLinkName(e.link());
                } else {
                    te = new TarArchiveEntry(e.name());
                    te.setSize(e.bytes().length);
                }
                tar.putArchiveEntry(te);
                if (e.link() == null) {
                    tar.write(e.bytes());
                }
                tar.closeArchiveEntry();
            }
        }
        return tgz;
    }

    private Path work() throws IOException {
        return Files.createDirectories(dir.resolve("work"));
    }

    private String refused(Path tgz, List<String> names) throws IOException {
        Path work = work();
        IOException e = assertThrows(IOException.class,
                () -> NpmPackageFetcher.extract(tgz, "npm package p", "data/", names, work, SMALL));
        assertTrue(e.getMessage().startsWith("npm package p"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(Files.list(dir).allMatch(p -> p.equals(tgz) || p.equals(work)), "nothing written beside the work folder");
        return e.getMessage();
    }

    @Test
    void extractsTheWantedFilesUnderTheirOwnNames() throws IOException {
        Entry a = Entry.file("package/data/a", 1000);
        Entry b = Entry.file("package/data/b", 10);
        Path tgz = tarball(Entry.file("package/README.md", 50), a, b);
        List<Path> got = NpmPackageFetcher.extract(tgz, "npm package p", "data/", List.of("b", "a"), work(), SMALL);
        assertEquals(List.of(dir.resolve("work/b"), dir.resolve("work/a")), got);
        assertArrayEquals(a.bytes(), Files.readAllBytes(got.get(1)));
        assertArrayEquals(b.bytes(), Files.readAllBytes(got.get(0)));
    }

    @Test
    void anEntryClimbingOutOfItsFolderRefusesTheTarball() throws IOException {
        String m = refused(tarball(Entry.file("package/data/../../../evil", 5), Entry.file("package/data/a", 5)), List.of("a"));
        assertTrue(m.contains("an entry outside its folder: package/data/../../../evil"), m);
        assertTrue(Files.notExists(dir.getParent().resolve("evil")));
    }

    @Test
    void anAbsoluteEntryNameIsNeverWrittenAnywhere() throws IOException {
        Path abs = dir.resolve("abs-evil");
        Path work = work();
        NpmPackageFetcher.extract(tarball(Entry.file(abs.toString(), 5), Entry.file("package/data/a", 5)),
                "npm package p", "data/", List.of("a"), work, SMALL);
        assertTrue(Files.notExists(abs));
        try (var files = Files.list(work)) {
            assertEquals(List.of(work.resolve("a")), files.toList(), "only the wanted file, under its own name");
        }
    }

    @Test
    void tooManyEntries() throws IOException {
        Entry[] many = new Entry[9];
        for (int i = 0; i < many.length; i++) {
            many[i] = Entry.file("package/f" + i, 1);
        }
        assertTrue(refused(tarball(many), List.of("a")).contains("more than 8 entries"));
    }

    @Test
    void aWantedFileOverThePerEntryCap() throws IOException {
        String m = refused(tarball(Entry.file("package/data/a", 1001)), List.of("a"));
        assertTrue(m.contains("data/a is larger than the limit of 1000 bytes"), m);
        assertTrue(Files.notExists(dir.resolve("work/a")));
    }

    @Test
    void aGzipBombOverTheTotalCapIsStoppedWhileUnpacking() throws IOException {
        // 2 MB of zeros in skipped entries: a few KB compressed, over the 100 kB total unpacked
        Entry zeros = new Entry("package/zeros", new byte[2 << 20], null);
        Path tgz = tarball(zeros);
        assertTrue(Files.size(tgz) < 10_000, "a small file on disk: " + Files.size(tgz));
        assertTrue(refused(tgz, List.of("a")).contains("larger than the limit of 100000 bytes"));
    }

    @Test
    void aWantedFileThatIsALinkIsRefused() throws IOException {
        assertTrue(refused(tarball(new Entry("package/data/a", null, "/etc/passwd")), List.of("a"))
                .contains("data/a is not a regular file"));
        assertTrue(Files.notExists(dir.resolve("work/a")));
    }

    @Test
    void aWantedFileTwiceIsRefused() throws IOException {
        assertTrue(refused(tarball(Entry.file("package/data/a", 3), Entry.file("package/data/a", 4)), List.of("a"))
                .contains("data/a appears twice"));
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        assertEquals("npm package p has no file data/b",
                refused(tarball(Entry.file("package/data/a", 3)), List.of("a", "b")));
    }

    @Test
    void aTarballOverItsCapIsNotOpened() throws IOException {
        Path tgz = Files.write(dir.resolve("p.tgz"), "not gzip at all".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
        assertTrue(refused(tgz, List.of("a")).contains("the tarball is larger than the limit of 1048576 bytes"));
    }

    @Test
    void aFifoAsTheTarballIsRefused() throws Exception {
        Path fifo = dir.resolve("p.tgz");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertThrows(IOException.class, () -> NpmPackageFetcher.extract(fifo, "npm package p", "data/", List.of("a"), work(), SMALL));
    }
}
