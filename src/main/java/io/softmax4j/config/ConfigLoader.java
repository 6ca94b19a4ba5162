package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.softmax4j.config.ConfigSchema.Choice;
import io.softmax4j.config.ConfigSchema.Field;
import io.softmax4j.config.ConfigSchema.Scalar;
import io.softmax4j.config.ConfigSchema.Section;
import io.softmax4j.io.BoundedFiles;
import io.softmax4j.io.JsonMessages;
import io.softmax4j.io.Printable;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads YAML configuration into {@link RunConfig} records, applies {@code --set} overrides,
 * and writes the effective config back as YAML.
 *
 * <p>Loading goes file -> {@link YamlDocument} (Jackson's YAML parser into a JSON tree, safely:
 * no type tags, bounded aliases, no duplicate keys, size limit; with where each value was
 * written) -> {@link ConfigOverrides} (edit the tree) -> Jackson binds the records (unknown keys,
 * types and nulls refused by its settings; ranges checked by the records). Every failure is a
 * {@link ConfigException} whose message starts with where the value was written:
 * {@code file:line} or the {@code --set} that gave it; Jackson's errors are mapped back to the
 * key and line, with "did you mean" from the {@link ConfigSchema}.
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
        ObjectMapper mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL);
        // A quoted "64" is a string, not a number; 1 is not true; "" is not a number.
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    /** Loads a config file and applies {@code key=value} overrides (dotted keys) on top of it. */
    public static RunConfig load(Path file, List<String> overrides) {
        return fromYaml(read(file), overrides, file.toString());
    }

    /** Reads a config file's text, refusing a missing file, a folder, an over-large or non-UTF-8 file. */
    public static String read(Path file) {
        return read(file, "config", "shipped configs are in config/", "config/mnist-softmax.yaml");
    }

    /** Reads a {@code kind} (config, sweep) file's text; each refusal names the file and what to do. */
    static String read(Path file, String kind, String notFoundHint, String example) {
        String where = Printable.escape(file.toString());
        try {
            byte[] bytes = BoundedFiles.readAllBytes(file, MAX_FILE_BYTES);
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (BoundedFiles.RefusedFileException e) {
            throw new ConfigException(null, where + ": " + switch (e.problem()) {
                case NOT_FOUND -> kind + " file not found (check the path; " + notFoundHint + ")";
                case NOT_REGULAR -> e.detail() + "; expected a YAML " + kind + " file such as " + example;
                case TOO_LARGE -> kind + " file is larger than the limit of " + MAX_FILE_BYTES + " bytes; a " + kind
                        + " file needs a few hundred";
            }, e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(null, where + ": " + kind + " file is not UTF-8 text", e);
        } catch (IOException e) {
            throw new ConfigException(null, where + ": cannot read " + kind + " file: " + Printable.escape(e.getMessage()), e);
        }
    }

    /** Parses YAML text (named {@code where} in messages) and applies overrides. */
    public static RunConfig fromYaml(String yaml, List<String> overrides, String where) {
        if (yaml.length() > MAX_FILE_BYTES) {
            throw new ConfigException(null, where + ": config is larger than the limit of " + MAX_FILE_BYTES + " bytes");
        }
        YamlDocument doc = parseRoot(yaml, where);
        ObjectNode root = (ObjectNode) doc.root();
        ConfigOverrides.apply(doc, root, overrides);
        precheck(doc, root, "", "");
        try {
            return MAPPER.treeToValue(root, RunConfig.class);
        } catch (ValueInstantiationException e) {
            if (e.getCause() instanceof ConfigException ce) {
                throw new ConfigException(ce.key(), doc.at(pointer(ce.key())) + ": " + ce.getMessage(), ce);
            }
            String key = dotted(e.getPath());
            throw new ConfigException(key, doc.at(pointer(e)) + ": " + key + ": "
                    + Printable.escape(e.getCause() != null ? e.getCause().getMessage() : JsonMessages.describe(e)), e);
        } catch (JsonMappingException e) {
            throw explain(e, doc, root);
        } catch (JsonProcessingException e) {
            throw new ConfigException(null, where + ": " + JsonMessages.describe(e), e);
        }
    }

    private static YamlDocument parseRoot(String yaml, String where) {
        if (yaml.isBlank()) {
            throw new ConfigException(null, where + ": config file is empty; " + START_FROM);
        }
        YamlDocument doc = YamlDocument.parse(yaml, where);
        if (doc.root() == null) {
            throw new ConfigException(null, where + ": config file has no settings (only comments?); " + START_FROM);
        }
        if (!doc.root().isObject()) {
            throw new ConfigException(null, doc.at("") + ": expected a mapping of sections ("
                    + ConfigSchema.list(ConfigSchema.ROOT.fields().keySet()) + "), got " + doc.describe(doc.root(), ""));
        }
        return doc;
    }

    /**
     * What Jackson would accept but a config must not: {@code epochs:} with no value (remove the
     * key for the default; an empty section does mean its defaults, and a record cannot tell a null
     * from an absent key), and an unknown updater type (Jackson would take the default type).
     */
    private static void precheck(YamlDocument doc, JsonNode section, String pointer, String path) {
        for (var e : section.properties()) {
            String key = ConfigSchema.join(path, e.getKey());
            String child = YamlDocument.child(pointer, e.getKey());
            Field field = ConfigSchema.find(key);
            if (e.getValue().isNull() && field instanceof Scalar s) {
                throw new ConfigException(key, doc.at(child) + ": " + key + " has no value; give " + s.kind().description
                        + ", or remove the key to use the default");
            }
            JsonNode type = field instanceof Choice c ? e.getValue().get(c.typeKey()) : null;
            if (type != null && !((Choice) field).variants().containsKey(type.asText())) {
                Choice c = (Choice) field;
                String typeKey = ConfigSchema.join(key, c.typeKey());
                String typePointer = YamlDocument.child(child, c.typeKey());
                throw new ConfigException(typeKey, doc.at(typePointer) + ": " + typeKey + " must be one of "
                        + ConfigSchema.list(c.variants().keySet()) + ", got " + (type.isTextual() ? type.asText()
                        + ConfigSchema.didYouMean(type.asText(), c.variants().keySet(), "") : doc.describe(type, typePointer)));
            }
            if (field instanceof Scalar s && s.kind() == ConfigSchema.Kind.STRING || field instanceof ConfigSchema.Other) {
                e.setValue(asWritten(doc, e.getValue(), child));
            }
            if (e.getValue().isObject()) {
                precheck(doc, e.getValue(), child, key);
            }
        }
    }

    /** Text keys (and lists of text) keep numbers and booleans as written: {@code 1.50}, not {@code 1.5}. */
    private static JsonNode asWritten(YamlDocument doc, JsonNode value, String pointer) {
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                ((ArrayNode) value).set(i, asWritten(doc, value.get(i), pointer + "/" + i));
            }
        }
        YamlDocument.Spot spot = doc.spot(pointer);
        return (value.isNumber() || value.isBoolean()) && spot != null && spot.text() != null
                ? TextNode.valueOf(spot.text()) : value;
    }

    /** Jackson's binding error as our message: the key, its line, what it takes and what was given. */
    private static ConfigException explain(JsonMappingException e, YamlDocument doc, JsonNode root) {
        String key = dotted(e.getPath());
        String pointer = pointer(e);
        String at = doc.at(pointer);
        String parent = dotted(e.getPath().subList(0, Math.max(0, e.getPath().size() - 1)));
        Field field = ConfigSchema.find(key.replaceAll("\\.?\\[\\d+]", ""));
        String got = doc.describe(root.at(pointer), pointer);
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownKey(at, key, u.getPropertyName(), parent, ConfigSchema.find(parent),
                    root.at(pointer.substring(0, pointer.lastIndexOf('/'))), at.startsWith(ConfigOverrides.ORIGIN_PREFIX));
        }
        String expected = field instanceof Scalar s ? s.kind().description : ConfigSchema.keys(field) != null
                ? "a mapping of keys (" + ConfigSchema.list(ConfigSchema.keys(field)) + ")" : null;
        if (e.getCause() instanceof InputCoercionException) {
            return new ConfigException(key, at + ": " + key + " is too large, got " + got.replace("the value ", ""), e);
        }
        return new ConfigException(key, at + ": " + key + (expected == null ? ": " + JsonMessages.describe(e)
                : " must be " + expected + ", got " + got), e);
    }

    private static ConfigException unknownKey(String at, String key, String name, String parent, Field schema,
                                              JsonNode section, boolean fromSet) {
        String where = parent.isEmpty() ? "at the top level" : "under " + parent;
        if (!(schema instanceof Choice choice)) {
            Set<String> known = ((Section) schema).fields().keySet();
            return new ConfigException(key, at + ": unknown key " + key + ConfigSchema.didYouMeanKey(name, known, parent)
                    + "; allowed " + where + ": " + ConfigSchema.list(known));
        }
        String typeKey = ConfigSchema.join(parent, choice.typeKey());
        String type = section.hasNonNull(choice.typeKey()) ? section.get(choice.typeKey()).asText() : choice.defaultName();
        List<String> owners = choice.variantsWith(name);
        Set<String> allowed = new LinkedHashSet<>(List.of(choice.typeKey()));
        allowed.addAll(choice.variants().get(type).fields().keySet());
        if (!owners.isEmpty()) {
            return new ConfigException(key, at + ": " + key + " belongs to " + typeKey + ": "
                    + String.join(" or ", owners) + ", but the type here is " + type + ", which takes "
                    + ConfigSchema.list(allowed) + " (remove the key, or "
                    + (fromSet ? "add --set " + typeKey + "=" : "set " + typeKey + ": ") + owners.get(0) + ")");
        }
        return new ConfigException(key, at + ": unknown key " + key
                + ConfigSchema.didYouMeanKey(name, choice.allKeys(), parent) + "; " + typeKey + " " + type + " takes "
                + ConfigSchema.list(allowed));
    }

    /** Renders a config as YAML, every default filled in. */
    public static String toYaml(RunConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render config as YAML", e);
        }
    }

    /** The dotted key of Jackson's path, e.g. {@code data.labels.[2]}. */
    private static String dotted(List<JsonMappingException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** The JSON pointer of Jackson's path, e.g. {@code /data/labels/2}. */
    private static String pointer(JsonMappingException e) {
        String pointer = "";
        for (JsonMappingException.Reference ref : e.getPath()) {
            pointer = ref.getFieldName() != null ? YamlDocument.child(pointer, ref.getFieldName())
                    : pointer + "/" + ref.getIndex();
        }
        return pointer;
    }

    /** The JSON pointer of a dotted key. */
    private static String pointer(String key) {
        return key == null ? "" : "/" + key.replace(".", "/");
    }
}
