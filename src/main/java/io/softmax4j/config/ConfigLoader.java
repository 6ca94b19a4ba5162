package io.softmax4j.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import org.yaml.snakeyaml.LoaderOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads YAML configuration files into {@link RunConfig} records, and writes them back.
 *
 * <p>Untrusted input is handled safely: the file size is capped, anchors/aliases are bounded,
 * and YAML type tags never build Java objects (Jackson binds only to the config records).
 */
public final class ConfigLoader {
    /** Largest config file accepted, in bytes. */
    public static final long MAX_FILE_BYTES = 1 << 20;
    private static final int MAX_ALIASES = 50;

    private static final ObjectMapper MAPPER = newMapper();

    private ConfigLoader() {
    }

    private static ObjectMapper newMapper() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setCodePointLimit((int) MAX_FILE_BYTES);
        options.setAllowDuplicateKeys(false);
        YAMLFactory factory = YAMLFactory.builder()
                .loaderOptions(options)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        return new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .setDefaultPropertyInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
    }

    /** Loads a config file and applies {@code key=value} overrides (dotted keys) on top of it. */
    public static RunConfig load(Path file, List<String> overrides) {
        String where = file.toString();
        if (!Files.exists(file)) {
            throw new ConfigException(null, where + ": config file not found (check the path; shipped configs are in config/)");
        }
        if (Files.isDirectory(file)) {
            throw new ConfigException(null, where + ": is a directory, expected a YAML config file");
        }
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new ConfigException(null, where + ": config file is larger than " + MAX_FILE_BYTES + " bytes");
            }
            return fromYaml(Files.readString(file), overrides, where);
        } catch (IOException e) {
            throw new ConfigException(null, where + ": cannot read config file: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text (named {@code where} in messages) and applies overrides. */
    public static RunConfig fromYaml(String yaml, List<String> overrides, String where) {
        JsonNode tree = parseTree(yaml, where);
        ObjectNode root = (ObjectNode) tree;
        ConfigOverrides.apply(root, overrides);
        return bind(root, where);
    }

    private static JsonNode parseTree(String yaml, String where) {
        if (yaml.isBlank()) {
            throw new ConfigException(null, where + ": config file is empty; start from config/mnist-softmax.yaml");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(null, where + location(e.getLocation()) + ": not valid YAML: "
                    + e.getOriginalMessage(), e);
        }
        if (tree == null || tree instanceof MissingNode || tree.isNull()) {
            throw new ConfigException(null, where + ": config file is empty; start from config/mnist-softmax.yaml");
        }
        if (!tree.isObject()) {
            throw new ConfigException(null, where + ": expected a mapping of sections (data, model, training, runtime, output), got "
                    + tree.getNodeType().toString().toLowerCase());
        }
        return tree;
    }

    private static RunConfig bind(ObjectNode root, String where) {
        try {
            return MAPPER.treeToValue(root, RunConfig.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ConfigException ce) {
                throw ce.inFile(where);
            }
            throw new ConfigException(null, where + ": " + e.getOriginalMessage(), e);
        } catch (UnrecognizedPropertyException e) {
            String key = path(e);
            throw new ConfigException(key, where + ": unknown key " + key + suggestion(e.getPropertyName(), e.getKnownPropertyIds())
                    + "; allowed here: " + e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")), e);
        } catch (InvalidTypeIdException e) {
            String key = path(e) + (path(e).isEmpty() ? "" : ".") + "type";
            throw new ConfigException(key, where + ": " + key + " must be one of " + String.join(", ", UpdaterConfig.TYPES)
                    + ", got " + e.getTypeId(), e);
        } catch (MismatchedInputException e) {
            String key = path(e);
            throw new ConfigException(key, where + ": " + key + " has the wrong type: expected "
                    + describe(e.getTargetType()) + location(e.getLocation()), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(null, where + ": " + e.getOriginalMessage(), e);
        }
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

    private static String location(JsonLocation loc) {
        return loc == null || loc.getLineNr() <= 0 ? "" : " (line " + loc.getLineNr() + ")";
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "another type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        return "a mapping";
    }

    static String suggestion(String given, Collection<Object> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (Object k : known) {
            int d = Levenshtein.distance(given.toLowerCase(), k.toString().toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = k.toString();
            }
        }
        return best != null && bestDistance <= Math.max(2, given.length() / 3) ? " (did you mean " + best + "?)" : "";
    }
}
