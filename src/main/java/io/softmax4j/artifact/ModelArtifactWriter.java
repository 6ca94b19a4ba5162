package io.softmax4j.artifact;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Saves a network as a standard DL4J model zip (loadable with plain
 * {@code MultiLayerNetwork.load(file, false)}) plus softmax4j's own entries under
 * {@code softmax4j/}, which DL4J ignores. The save is atomic.
 */
public final class ModelArtifactWriter {
    /** Folder inside the zip for softmax4j's entries. */
    public static final String ENTRY_PREFIX = "softmax4j/";
    /** The effective training config, as YAML. */
    public static final String CONFIG_ENTRY = ENTRY_PREFIX + "config.yaml";

    private ModelArtifactWriter() {
    }

    /**
     * Writes {@code net} with its updater state and the extra entries to {@code target}.
     *
     * @param extraEntries entry name (under {@link #ENTRY_PREFIX}) to content
     */
    public static void save(MultiLayerNetwork net, Path target, Map<String, byte[]> extraEntries) throws IOException {
        for (String name : extraEntries.keySet()) {
            if (!name.startsWith(ENTRY_PREFIX) || name.endsWith("/")) {
                throw new IllegalArgumentException("extra entries are files under " + ENTRY_PREFIX + ", got " + name);
            }
        }
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        ModelSerializer.writeModel(net, model, true);
        AtomicFiles.write(target, temp -> {
            try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(model.toByteArray()));
                 ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(temp)))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    out.putNextEntry(new ZipEntry(e.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
                // No directory entries: DL4J's loader rejects them.
                for (Map.Entry<String, byte[]> e : extraEntries.entrySet()) {
                    out.putNextEntry(new ZipEntry(e.getKey()));
                    out.write(e.getValue());
                    out.closeEntry();
                }
            }
        });
    }
}
