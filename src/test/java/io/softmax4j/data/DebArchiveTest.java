package io.softmax4j.data;

import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading files out of a .deb the test builds itself (ar + data.tar.xz, as dpkg-deb writes them). */
class DebArchiveTest {
    private static final String FOLDER = "usr/share/datasets/example";
    @TempDir
    Path tmp;

    /** Builds a .deb holding {@code files} under {@code ./usr/share/datasets/example/}. */
    static Path writeDeb(Path deb, Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(data))) {
            for (String dir : List.of("./", "./usr/", "./usr/share/", "./usr/share/datasets/", "./" + FOLDER + "/")) {
                tar.putArchiveEntry(new TarArchiveEntry(dir));
                tar.closeArchiveEntry();
            }
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry("./" + FOLDER + "/" + f.getKey());
                e.setSize(f.getValue().length);
                tar.putArchiveEntry(e);
                tar.write(f.getValue());
                tar.closeArchiveEntry();
            }
        }
        Files.createDirectories(deb.getParent());
        try (OutputStream out = Files.newOutputStream(deb); ArArchiveOutputStream ar = new ArArchiveOutputStream(out)) {
            member(ar, "debian-binary", "2.0\n".getBytes(StandardCharsets.US_ASCII));
            member(ar, "control.tar.xz", xzTarOf());
            member(ar, "data.tar.xz", data.toByteArray());
        }
        return deb;
    }

    private static byte[] xzTarOf() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new XZCompressorOutputStream(b))) {
            byte[] control = "Package: example\n".getBytes(StandardCharsets.US_ASCII);
            TarArchiveEntry e = new TarArchiveEntry("./control");
            e.setSize(control.length);
            tar.putArchiveEntry(e);
            tar.write(control);
            tar.closeArchiveEntry();
        }
        return b.toByteArray();
    }

    private static void member(ArArchiveOutputStream ar, String name, byte[] body) throws IOException {
        ar.putArchiveEntry(new ArArchiveEntry(name, body.length));
        ar.write(body);
        ar.closeArchiveEntry();
    }

    private static Map<String, byte[]> twoFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("a.gz", "first file".getBytes(StandardCharsets.UTF_8));
        files.put("b.gz", new byte[100_000]);
        files.put("unwanted.gz", "not asked for".getBytes(StandardCharsets.UTF_8));
        return files;
    }

    @Test
    void extractsTheWantedFilesFromTheDataTarXz() throws IOException {
        Path deb = writeDeb(tmp.resolve("pkg/example_1_all.deb"), twoFiles());
        Path out = Files.createDirectories(tmp.resolve("out"));
        Map<String, Path> got = DebArchive.extract(deb, FOLDER, List.of("b.gz", "a.gz"), out);
        assertEquals(List.of("b.gz", "a.gz"), List.copyOf(got.keySet()));
        assertArrayEquals("first file".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(got.get("a.gz")));
        assertEquals(100_000, Files.size(got.get("b.gz")));
        assertTrue(Files.notExists(out.resolve("unwanted.gz")), "only the wanted files are written");
    }

    @Test
    void aMissingFileIsNamed() throws IOException {
        Path deb = writeDeb(tmp.resolve("example.deb"), twoFiles());
        IOException e = assertThrows(IOException.class,
                () -> DebArchive.extract(deb, FOLDER, List.of("a.gz", "c.gz"), Files.createDirectories(tmp.resolve("o"))));
        assertEquals(deb + ": has no file " + FOLDER + "/c.gz", e.getMessage());
    }

    @Test
    void aTruncatedPackageIsRefusedWithItsName() throws IOException {
        Path deb = writeDeb(tmp.resolve("example.deb"), twoFiles());
        byte[] bytes = Files.readAllBytes(deb);
        Files.write(deb, Arrays.copyOf(bytes, bytes.length - 200));
        IOException e = assertThrows(IOException.class,
                () -> DebArchive.extract(deb, FOLDER, List.of("a.gz", "b.gz"), Files.createDirectories(tmp.resolve("o"))));
        assertTrue(e.getMessage().startsWith(deb.toString() + ": "), e.getMessage());
    }

    @Test
    void corruptCompressedDataIsRefusedWithItsName() throws IOException {
        Path deb = writeDeb(tmp.resolve("example.deb"), twoFiles());
        byte[] bytes = Files.readAllBytes(deb);
        // flip bytes in the middle of data.tar.xz (the last member): its checks must fail
        for (int i = bytes.length - 400; i < bytes.length - 300; i++) {
            bytes[i] ^= 0x5a;
        }
        Files.write(deb, bytes);
        IOException e = assertThrows(IOException.class,
                () -> DebArchive.extract(deb, FOLDER, List.of("a.gz", "b.gz"), Files.createDirectories(tmp.resolve("o"))));
        assertTrue(e.getMessage().startsWith(deb + ": cannot read as a Debian package: "), e.getMessage());
    }

    @Test
    void aFileThatIsNoPackageIsRefused() throws IOException {
        Path notDeb = tmp.resolve("page.deb");
        Files.writeString(notDeb, "<html>not found</html>");
        IOException e = assertThrows(IOException.class,
                () -> DebArchive.extract(notDeb, FOLDER, List.of("a.gz"), tmp));
        assertTrue(e.getMessage().startsWith(notDeb + ": "), e.getMessage());
        IOException dir = assertThrows(IOException.class, () -> DebArchive.extract(tmp, FOLDER, List.of("a.gz"), tmp));
        assertEquals(tmp + ": not a regular file", dir.getMessage());
    }
}
