package io.softmax4j.artifact;

import io.softmax4j.config.ConfigException;
import io.softmax4j.config.ConfigLoader;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads the effective config a {@code train} run embedded in its model zip
 * ({@value ModelArtifactWriter#CONFIG_ENTRY}), so a run can be repeated from the artifact alone.
 */
public final class EmbeddedConfigReader {
    private EmbeddedConfigReader() {
    }

    /** How the embedded config is named in messages: {@code models/x.zip!softmax4j/config.yaml}. */
    public static String describe(Path zip) {
        return zip + "!" + ModelArtifactWriter.CONFIG_ENTRY;
    }

    /**
     * Returns the embedded config's YAML text.
     *
     * @throws ConfigException when the file is missing, not a zip, or holds no config
     */
    public static String read(Path zip) {
        if (!Files.exists(zip)) {
            throw new ConfigException(null, zip + ": model file not found (check the path; models are saved under models/)");
        }
        if (Files.isDirectory(zip)) {
            throw new ConfigException(null, zip + ": is a directory, expected a model zip written by softmax4j train");
        }
        try (ZipFile file = new ZipFile(zip.toFile())) {
            ZipEntry entry = file.getEntry(ModelArtifactWriter.CONFIG_ENTRY);
            if (entry == null) {
                throw new ConfigException(null, zip + ": holds no " + ModelArtifactWriter.CONFIG_ENTRY
                        + " (not written by softmax4j train?); give its recipe with --config instead");
            }
            try (InputStream in = file.getInputStream(entry)) {
                byte[] bytes = in.readNBytes((int) ConfigLoader.MAX_FILE_BYTES + 1);
                if (bytes.length > ConfigLoader.MAX_FILE_BYTES) {
                    throw new ConfigException(null, describe(zip) + ": embedded config is larger than "
                            + ConfigLoader.MAX_FILE_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (ZipException e) {
            throw new ConfigException(null, zip + ": not a model zip (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ConfigException(null, zip + ": cannot read model file: " + e.getMessage(), e);
        }
    }
}
