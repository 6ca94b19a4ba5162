package io.softmax4j.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MnistProvisionerTest {

    @Test
    void aCorruptedFileIsRejectedNamingTheFileAndIsLeftAlone(@TempDir Path dir) throws IOException {
        // A file with the right name but the wrong bytes, in a temp folder (never the real cache).
        Path bad = dir.resolve(MnistProvisioner.TEST_LABELS.name());
        byte[] content = new byte[10008];
        content[3] = 1;
        Files.write(bad, content);

        DataException e = assertThrows(DataException.class,
                () -> MnistProvisioner.verify(bad, MnistProvisioner.TEST_LABELS));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains("2212998611"), e.getMessage());
        assertTrue(Files.exists(bad), "the bad file is reported, not silently replaced");
    }

    @Test
    void provisioningRefusesToUseACorruptedCopyAlreadyInTheFolder(@TempDir Path dir) throws IOException {
        for (DatasetFile f : MnistProvisioner.FILES) {
            Files.write(dir.resolve(f.name()), new byte[]{1, 2, 3});
        }
        DataException e = assertThrows(DataException.class,
                () -> new MnistProvisioner(dir, s -> { }).provision());
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertEquals(3, Files.size(dir.resolve(MnistProvisioner.TRAIN_IMAGES.name())));
    }

    @Test
    void adler32MatchesTheJdk(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("x");
        Files.writeString(f, "Wikipedia");
        // Adler-32 of "Wikipedia" is 0x11E60398, the textbook example.
        assertEquals(0x11E60398L, Checksums.adler32(f));
    }
}
