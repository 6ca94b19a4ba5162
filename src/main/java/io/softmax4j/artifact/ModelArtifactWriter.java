package io.softmax4j.artifact;

import io.softmax4j.engine.SoftmaxModel;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Saves a model as a standard DL4J model zip (loadable with plain
 * {@code MultiLayerNetwork.load(file, false)}) plus softmax4j's own entries under
 * {@code softmax4j/}, which DL4J ignores. The save is atomic ({@link AtomicFiles}).
 */
public final class ModelArtifactWriter {
    /** Folder inside the zip for softmax4j's entries. */
    public static final String ENTRY_PREFIX = "softmax4j/";
    /** The manifest: what the model is and how it was made ({@link ModelManifest}). */
    public static final String MANIFEST_ENTRY = ENTRY_PREFIX + "manifest.json";
    /** The effective training config as YAML (also inside the manifest, as JSON; {@code train --from-model} reads this). */
    public static final String CONFIG_ENTRY = ENTRY_PREFIX + "config.yaml";

    private ModelArtifactWriter() {
    }

    /**
     * Writes {@code model} with its updater state and {@code manifest} (its parameters' digest
     * filled in here) to {@code target}, atomically.
     *
     * @return the manifest as written
     */
    public static ModelManifest save(SoftmaxModel model, Path target, ModelManifest manifest) throws IOException {
        return save(model, target, manifest, Map.of());
    }

    /**
     * As {@link #save(SoftmaxModel, Path, ModelManifest)}, with more entries under {@link #ENTRY_PREFIX}
     * (only those {@link SafeModelLoader#ALLOWED_ENTRIES} names can be loaded back safely).
     */
    public static ModelManifest save(SoftmaxModel model, Path target, ModelManifest manifest,
                                     Map<String, byte[]> extraEntries) throws IOException {
        ModelManifest complete = complete(model, manifest);
        Map<String, byte[]> entries = new java.util.LinkedHashMap<>(extraEntries);
        entries.put(MANIFEST_ENTRY, ManifestCodec.toJson(complete));
        save(model, target, entries);
        return complete;
    }

    /** The manifest with the digest of {@code model}'s parameters, checked against the model's size. */
    static ModelManifest complete(SoftmaxModel model, ModelManifest manifest) {
        long nIn = model.inputs();
        long nOut = model.classes();
        if (manifest.input().length() != nIn || manifest.labels().size() != nOut) {
            throw new IllegalArgumentException("manifest says " + manifest.input().length() + " inputs and "
                    + manifest.labels().size() + " labels, the network has " + nIn + " -> " + nOut);
        }
        return manifest.withParametersSha256(ParameterDigest.sha256(model.parameters()));
    }

    /**
     * Writes {@code model} with its updater state and the extra entries to {@code target}, atomically.
     *
     * @param extraEntries entry name (under {@link #ENTRY_PREFIX}) to content
     */
    public static void save(SoftmaxModel model, Path target, Map<String, byte[]> extraEntries) throws IOException {
        Map<String, byte[]> entries = entries(model, extraEntries);
        AtomicFiles.write(target, temp -> writeZip(entries, temp));
    }

    /** The engine's (DL4J's) entries followed by the extra ones, in order. */
    static Map<String, byte[]> entries(SoftmaxModel model, Map<String, byte[]> extraEntries) throws IOException {
        for (String name : extraEntries.keySet()) {
            if (!name.startsWith(ENTRY_PREFIX) || name.endsWith("/")) {
                throw new IllegalArgumentException("extra entries are files under " + ENTRY_PREFIX + ", got " + name);
            }
        }
        Map<String, byte[]> entries = new LinkedHashMap<>(model.zipEntries(true));
        entries.putAll(extraEntries);
        return entries;
    }

    /** Writes a zip of {@code entries} to {@code path} (not atomic: {@link #save} wraps it). */
    static void writeZip(Map<String, byte[]> entries, Path path) throws IOException {
        try (ZipOutputStream out = new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(path)))) {
            // No directory entries: DL4J's loader rejects them.
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
    }
}
