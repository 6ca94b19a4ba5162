package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.softmax4j.config.YamlTree.MapNode;
import io.softmax4j.config.YamlTree.Node;
import io.softmax4j.io.BoundedFiles;
import io.softmax4j.io.JsonMessages;
import io.softmax4j.io.Printable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads YAML configuration into {@link RunConfig} records, applies {@code --set} overrides,
 * and writes the effective config back as YAML.
 *
 * <p>Loading goes file -> {@link YamlTree} (safe parse: no type tags, bounded aliases, no
 * duplicate keys, size limit) -> {@link ConfigOverrides} -> {@link ConfigValidator} (unknown
 * keys, types, updater keys; with the line) -> records (ranges). Every failure is a
 * {@link ConfigException} whose message starts with where the value was written:
 * {@code file:line} or the {@code --set} that gave it.
 */
public final class ConfigLoader {
    /** Largest config file accepted, in bytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;
    private static final String START_FROM = "start from config/mnist-softmax.yaml";

    private static final ObjectMapper MAPPER = newMapper();

    private ConfigLoader() {
    }

    private static ObjectMapper newMapper() {
        YAMLFactory factory = YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
    }

    /** Loads a config file and applies {@code key=value} overrides (dotted keys) on top of it. */
    public static RunConfig load(Path file, List<String> overrides) {
        return fromYaml(read(file), overrides, file.toString());
    }

    /**
     * Reads a config file's text, refusing a missing file, a folder, an over-large or non-UTF-8
     * file with a message naming it.
     */
    public static String read(Path file) {
        String where = Printable.escape(file.toString());
        byte[] bytes;
        try {
            bytes = BoundedFiles.readAllBytes(file, MAX_FILE_BYTES);
        } catch (BoundedFiles.RefusedFileException e) {
            throw new ConfigException(null, switch (e.problem()) {
                case NOT_FOUND -> where + ": config file not found (check the path; shipped configs are in config/)";
                case NOT_REGULAR -> where + ": " + e.detail() + "; expected a YAML config file such as "
                        + "config/mnist-softmax.yaml";
                case TOO_LARGE -> where + ": config file is larger than the limit of " + MAX_FILE_BYTES
                        + " bytes; a config needs a few hundred";
            }, e);
        } catch (IOException e) {
            throw new ConfigException(null, where + ": cannot read config file: " + Printable.escape(e.getMessage()), e);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(null, where + ": config file is not UTF-8 text", e);
        }
    }

    /** Parses YAML text (named {@code where} in messages) and applies overrides. */
    public static RunConfig fromYaml(String yaml, List<String> overrides, String where) {
        if (yaml.length() > MAX_FILE_BYTES) {
            throw new ConfigException(null, where + ": config is larger than the limit of " + MAX_FILE_BYTES + " bytes");
        }
        MapNode root = ConfigOverrides.apply(parseRoot(yaml, where), overrides);
        ConfigValidator.Result valid = ConfigValidator.validate(root);
        return bind(valid, where);
    }

    private static MapNode parseRoot(String yaml, String where) {
        if (yaml.isBlank()) {
            throw new ConfigException(null, where + ": config file is empty; " + START_FROM);
        }
        Node tree = YamlTree.parse(yaml, where);
        if (tree == null) {
            throw new ConfigException(null, where + ": config file has no settings (only comments?); " + START_FROM);
        }
        if (!(tree instanceof MapNode map)) {
            throw new ConfigException(null, tree.origin() + ": expected a mapping of sections ("
                    + ConfigSchema.list(ConfigSchema.ROOT.fields().keySet()) + "), got " + tree.describe());
        }
        return map;
    }

    private static RunConfig bind(ConfigValidator.Result valid, String where) {
        try {
            return MAPPER.treeToValue(valid.json(), RunConfig.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ConfigException ce) {
                throw new ConfigException(ce.key(), origin(ce.key(), valid.origins(), where) + ": " + ce.getMessage(), ce);
            }
            String key = path(e);
            throw new ConfigException(key, origin(key, valid.origins(), where) + ": " + key + ": "
                    + Printable.escape(e.getCause() != null ? e.getCause().getMessage() : JsonMessages.describe(e)), e);
        } catch (JsonProcessingException e) {
            // The validator checks keys and types first, so this is a schema the validator does not know.
            String key = e instanceof JsonMappingException m ? path(m) : null;
            throw new ConfigException(key, origin(key, valid.origins(), where) + ": " + key + ": "
                    + JsonMessages.describe(e), e);
        }
    }

    /** Where {@code key} (or its nearest section) was written, else the file. */
    private static String origin(String key, Map<String, String> origins, String where) {
        for (String k = key; k != null && !k.isEmpty(); k = k.contains(".") ? k.substring(0, k.lastIndexOf('.')) : null) {
            String o = origins.get(k);
            if (o != null) {
                return o;
            }
        }
        return where;
    }

    /** Renders a config as YAML, every default filled in. */
    public static String toYaml(RunConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render config as YAML", e);
        }
    }

    static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
