package io.softmax4j.artifact;

import io.softmax4j.config.ConfigException;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.io.BoundedFiles;
import io.softmax4j.io.Printable;

import java.io.ByteArrayInputStream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

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
        String where = Printable.escape(zip.toString());
        byte[] bytes;
        try {
            bytes = BoundedFiles.readAllBytes(zip, SafeModelLoader.MAX_FILE_BYTES);
        } catch (BoundedFiles.RefusedFileException e) {
            throw new ConfigException(null, switch (e.problem()) {
                case NOT_FOUND -> where + ": model file not found (check the path; models are saved under models/)";
                case NOT_REGULAR -> where + ": " + e.detail() + "; expected a model zip written by softmax4j train";
                case TOO_LARGE -> where + ": model file is larger than the limit of " + SafeModelLoader.MAX_FILE_BYTES
                        + " bytes; not a softmax4j model";
            }, e);
        } catch (IOException e) {
            throw new ConfigException(null, where + ": cannot read model file: " + Printable.escape(e.getMessage()), e);
        }
        try (ZipInputStream file = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            boolean anyEntry = false;
            for (ZipEntry entry = file.getNextEntry(); entry != null; entry = file.getNextEntry()) {
                anyEntry = true;
                if (entry.getName().equals(ModelArtifactWriter.CONFIG_ENTRY)) {
                    byte[] config = file.readNBytes((int) ConfigLoader.MAX_FILE_BYTES + 1);
                    if (config.length > ConfigLoader.MAX_FILE_BYTES) {
                        throw new ConfigException(null, Printable.escape(describe(zip)) + ": embedded config is larger than "
                                + ConfigLoader.MAX_FILE_BYTES + " bytes");
                    }
                    return new String(config, StandardCharsets.UTF_8);
                }
            }
            if (!anyEntry) {
                throw new ConfigException(null, where + ": not a model zip (no zip entries found)");
            }
            throw new ConfigException(null, where + ": holds no " + ModelArtifactWriter.CONFIG_ENTRY
                    + " (not written by softmax4j train?); give its recipe with --config instead");
        } catch (ZipException e) {
            throw new ConfigException(null, where + ": not a model zip (" + Printable.escape(e.getMessage()) + ")", e);
        } catch (IOException e) {
            throw new ConfigException(null, where + ": cannot read model file: " + Printable.escape(e.getMessage()), e);
        }
    }
}
