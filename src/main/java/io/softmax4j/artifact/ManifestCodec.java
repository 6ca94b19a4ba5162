package io.softmax4j.artifact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Path;

/** Reads and writes {@link ModelManifest} as JSON. */
public final class ManifestCodec {
    /** Largest image side a manifest may declare (as IDX data allows). */
    static final int MAX_SIDE = 4096;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            // a newer softmax4j may add fields within the same format version: ignore them
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ManifestCodec() {
    }

    /** The manifest as indented UTF-8 JSON. */
    public static byte[] toJson(ModelManifest manifest) {
        try {
            return MAPPER.writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the manifest as JSON", e);
        }
    }

    /** A JSON tree of any value (used for the effective config). */
    public static JsonNode tree(Object value) {
        return MAPPER.valueToTree(value);
    }

    /**
     * Parses a manifest read from {@code file}, refusing format versions newer than
     * {@link ModelManifest#FORMAT_VERSION} and manifests missing required fields.
     */
    public static ModelManifest fromJson(byte[] json, Path file) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (IOException e) {
            throw invalid(file, "is not valid JSON: " + io.softmax4j.io.JsonMessages.describe(e), e);
        }
        if (tree == null || !tree.isObject()) {
            throw invalid(file, "is not a JSON object", null);
        }
        JsonNode version = tree.get("formatVersion");
        if (version == null || !version.canConvertToInt()) {
            throw invalid(file, "has no integer formatVersion", null);
        }
        if (version.intValue() > ModelManifest.FORMAT_VERSION) {
            throw new ModelFileException(file, ModelFileException.Reason.NEWER_FORMAT,
                    "model manifest format " + version.intValue() + " is newer than this softmax4j reads (up to "
                            + ModelManifest.FORMAT_VERSION + "); upgrade softmax4j to load this model");
        }
        if (version.intValue() < 1) {
            throw invalid(file, "has formatVersion " + version.intValue() + ", expected 1.." + ModelManifest.FORMAT_VERSION, null);
        }
        ModelManifest manifest;
        try {
            manifest = MAPPER.treeToValue(tree, ModelManifest.class);
        } catch (JsonProcessingException e) {
            throw invalid(file, "cannot be read: " + io.softmax4j.io.JsonMessages.describe(e), e);
        }
        requireFields(manifest, file);
        return manifest;
    }

    private static void requireFields(ModelManifest m, Path file) {
        String missing = m.input() == null ? "input" : m.labels() == null || m.labels().isEmpty() ? "labels"
                : m.parametersSha256() == null ? "parametersSha256" : null;
        if (missing != null) {
            throw invalid(file, "has no " + missing, null);
        }
        ModelManifest.InputContract in = m.input();
        if (in.height() < 1 || in.width() < 1 || in.height() > MAX_SIDE || in.width() > MAX_SIDE) {
            throw invalid(file, "declares " + in.height() + "x" + in.width() + " input images; each side must be in [1, "
                    + MAX_SIDE + "]", null);
        }
        if (in.length() != (long) in.height() * in.width()) {
            throw invalid(file, "input.length " + in.length() + " is not height x width ("
                    + in.height() + "x" + in.width() + " = " + (long) in.height() * in.width() + ")", null);
        }
        if (!Double.isFinite(in.min()) || !Double.isFinite(in.max()) || in.min() >= in.max()) {
            throw invalid(file, "input range [" + in.min() + ", " + in.max() + "] is not a finite, non-empty range", null);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < m.labels().size(); i++) {
            String label = m.labels().get(i);
            if (label == null || label.isBlank()) {
                throw invalid(file, "label " + i + " is empty; every class needs a name", null);
            }
            if (!seen.add(label)) {
                throw invalid(file, "names class '" + io.softmax4j.io.Printable.escape(label) + "' twice (label " + i
                        + "); class names must be distinct", null);
            }
        }
    }

    private static ModelFileException invalid(Path file, String what, Throwable cause) {
        return new ModelFileException(file, ModelFileException.Reason.INVALID_MANIFEST,
                "manifest " + ModelArtifactWriter.MANIFEST_ENTRY + " " + what
                        + "; the file was not written by softmax4j or was altered", cause);
    }
}
