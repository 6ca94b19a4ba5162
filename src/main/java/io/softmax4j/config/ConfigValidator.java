package io.softmax4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.softmax4j.config.ConfigSchema.Choice;
import io.softmax4j.config.ConfigSchema.Field;
import io.softmax4j.config.ConfigSchema.Kind;
import io.softmax4j.config.ConfigSchema.Other;
import io.softmax4j.config.ConfigSchema.Scalar;
import io.softmax4j.config.ConfigSchema.Section;
import io.softmax4j.config.YamlTree.ListNode;
import io.softmax4j.config.YamlTree.MapNode;
import io.softmax4j.config.YamlTree.Node;
import io.softmax4j.config.YamlTree.ScalarNode;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a parsed YAML tree against the {@link ConfigSchema} and turns it into typed JSON for
 * Jackson to bind: unknown keys (with "did you mean"), wrong types, keys of another updater
 * and unknown updater types are reported here with the line they were written on. Ranges are
 * checked afterwards by the records themselves.
 */
final class ConfigValidator {
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9][0-9_]*");
    private static final Pattern NUMBER = Pattern.compile(
            "[-+]?(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Dotted key to where it was written, for messages about values the records reject. */
    private final Map<String, String> origins = new HashMap<>();

    /**
     * The validated tree.
     *
     * @param json    typed JSON ready for Jackson
     * @param origins dotted key to where it was written ({@code x.yaml:12} or {@code --set ...})
     */
    record Result(ObjectNode json, Map<String, String> origins) {
    }

    static Result validate(MapNode root) {
        ConfigValidator v = new ConfigValidator();
        ObjectNode json = v.section(root, ConfigSchema.ROOT, "");
        return new Result(json, Map.copyOf(v.origins));
    }

    private ObjectNode section(MapNode node, Section schema, String path) {
        ObjectNode json = JSON.objectNode();
        for (Map.Entry<String, Node> e : node.entries().entrySet()) {
            String key = ConfigSchema.join(path, e.getKey());
            String at = node.keyOrigin(e.getKey());
            Field field = schema.fields().get(e.getKey());
            if (field == null) {
                throw unknownKey(at, key, e.getKey(), path, schema);
            }
            JsonNode value = value(e.getValue(), field, key, at);
            if (value != null) {
                json.set(e.getKey(), value);
            }
        }
        return json;
    }

    /** Converts one value; {@code at} is where its key was written, for messages. */
    private JsonNode value(Node node, Field field, String key, String at) {
        origins.put(key, at);
        if (field instanceof Section s) {
            return isNull(node) ? null : section(mapping(node, key, s.fields().keySet(), at), s, key);
        }
        if (field instanceof Choice c) {
            return isNull(node) ? null : choice(mapping(node, key, c.allKeys(), at), c, key);
        }
        if (field instanceof Scalar s) {
            return scalar(node, s, key, at);
        }
        return other(node, ((Other) field));
    }

    private ObjectNode choice(MapNode node, Choice schema, String path) {
        Node typeNode = node.entries().get(schema.typeKey());
        String typeKey = ConfigSchema.join(path, schema.typeKey());
        String type = schema.defaultName();
        if (typeNode != null) {
            String at = node.keyOrigin(schema.typeKey());
            origins.put(typeKey, at);
            type = text(typeNode, typeKey, at);
            if (!schema.variants().containsKey(type)) {
                throw new ConfigException(typeKey, at + ": " + typeKey + " must be one of "
                        + ConfigSchema.list(schema.variants().keySet()) + ", got " + type
                        + ConfigSchema.didYouMean(type, schema.variants().keySet(), ""));
            }
        }
        if (type == null) {
            throw new ConfigException(typeKey, node.origin() + ": " + path + " needs " + typeKey + ", one of "
                    + ConfigSchema.list(schema.variants().keySet()));
        }
        Section variant = schema.variants().get(type);
        ObjectNode json = JSON.objectNode();
        json.put(schema.typeKey(), type);
        for (Map.Entry<String, Node> e : node.entries().entrySet()) {
            if (e.getKey().equals(schema.typeKey())) {
                continue;
            }
            String key = ConfigSchema.join(path, e.getKey());
            String at = node.keyOrigin(e.getKey());
            Field field = variant.fields().get(e.getKey());
            if (field == null) {
                throw wrongVariantKey(at, key, e.getKey(), path, schema, type, typeKey);
            }
            JsonNode value = value(e.getValue(), field, key, at);
            if (value != null) {
                json.set(e.getKey(), value);
            }
        }
        return json;
    }

    private JsonNode scalar(Node node, Scalar schema, String key, String at) {
        if (!(node instanceof ScalarNode s)) {
            throw wrongType(node, key, schema.kind().description, at);
        }
        if (s.isNull()) {
            throw new ConfigException(key, at + ": " + key + " has no value; give " + schema.kind().description
                    + ", or remove the key to use the default");
        }
        String t = s.text().trim();
        return switch (schema.kind()) {
            case STRING -> JSON.textNode(s.text());
            case ENUM -> enumValue(s, schema, key, at);
            case BOOLEAN -> JSON.booleanNode(bool(s, key, at));
            case INTEGER, LONG -> integer(s, t, schema.kind(), key, at);
            case NUMBER -> JSON.numberNode(number(s, t, key, at));
        };
    }

    private static JsonNode enumValue(ScalarNode s, Scalar schema, String key, String at) {
        if (!schema.allowed().contains(s.text())) {
            throw new ConfigException(key, at + ": " + key + " must be one of "
                    + ConfigSchema.list(schema.allowed()) + ", got " + s.text()
                    + ConfigSchema.didYouMean(s.text(), schema.allowed(), ""));
        }
        return JSON.textNode(s.text());
    }

    private static boolean bool(ScalarNode s, String key, String at) {
        if (!s.quoted()) {
            switch (s.text().trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on":
                    return true;
                case "false", "no", "off":
                    return false;
                default:
                    break;
            }
        }
        throw wrongType(s, key, Kind.BOOLEAN.description, at);
    }

    private static JsonNode integer(ScalarNode s, String t, Kind kind, String key, String at) {
        if (s.quoted() || !INTEGER.matcher(t).matches()) {
            throw wrongType(s, key, kind.description, at);
        }
        try {
            long v = Long.parseLong(t.replace("_", ""));
            if (kind == Kind.INTEGER && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                throw new NumberFormatException();
            }
            return kind == Kind.INTEGER ? JSON.numberNode((int) v) : JSON.numberNode(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(key, at + ": " + key + " is too large, got " + t);
        }
    }

    private static double number(ScalarNode s, String t, String key, String at) {
        if (!s.quoted()) {
            String lower = t.toLowerCase(Locale.ROOT);
            switch (lower) {
                case ".nan", "nan":
                    return Double.NaN;
                case ".inf", "+.inf", "inf", "infinity", "+infinity":
                    return Double.POSITIVE_INFINITY;
                case "-.inf", "-inf", "-infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
            if (NUMBER.matcher(t).matches()) {
                return Double.parseDouble(t.replace("_", ""));
            }
        }
        throw wrongType(s, key, Kind.NUMBER.description, at);
    }

    private static String text(Node node, String key, String at) {
        if (!(node instanceof ScalarNode s) || s.isNull()) {
            throw wrongType(node, key, Kind.STRING.description, at);
        }
        return s.text();
    }

    private static JsonNode other(Node node, Other schema) {
        if (node instanceof MapNode m) {
            ObjectNode json = JSON.objectNode();
            m.entries().forEach((k, v) -> json.set(k, other(v, schema)));
            return json;
        }
        if (node instanceof ListNode l) {
            ArrayNode json = JSON.arrayNode();
            l.items().forEach(v -> json.add(other(v, schema)));
            return json;
        }
        ScalarNode s = (ScalarNode) node;
        return s.isNull() ? JSON.nullNode() : JSON.textNode(s.text());
    }

    private static MapNode mapping(Node node, String key, Collection<String> keys, String at) {
        if (node instanceof MapNode m) {
            return m;
        }
        throw new ConfigException(key, at + ": " + key + " must be a mapping of keys ("
                + ConfigSchema.list(keys) + "), got " + node.describe());
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.isNull();
    }

    private static ConfigException wrongType(Node node, String key, String expected, String at) {
        return new ConfigException(key, at + ": " + key + " must be " + expected + ", got " + node.describe());
    }

    private static ConfigException unknownKey(String at, String key, String name, String parent, Section schema) {
        String where = parent.isEmpty() ? "at the top level" : "under " + parent;
        return new ConfigException(key, at + ": unknown key " + key
                + ConfigSchema.didYouMeanKey(name, schema.fields().keySet(), parent) + "; allowed " + where + ": "
                + ConfigSchema.list(schema.fields().keySet()));
    }

    private static ConfigException wrongVariantKey(String at, String key, String name, String parent, Choice schema,
                                                   String type, String typeKey) {
        List<String> owners = schema.variantsWith(name);
        Set<String> allowed = new LinkedHashSet<>();
        allowed.add(schema.typeKey());
        allowed.addAll(schema.variants().get(type).fields().keySet());
        if (!owners.isEmpty()) {
            return new ConfigException(key, at + ": " + key + " belongs to " + typeKey + ": "
                    + String.join(" or ", owners) + ", but the type here is " + type + ", which takes "
                    + ConfigSchema.list(allowed) + " (remove the key, or "
                    + (at.startsWith(ConfigOverrides.ORIGIN_PREFIX) ? "add --set " + typeKey + "=" : "set " + typeKey + ": ")
                    + owners.get(0) + ")");
        }
        return new ConfigException(key, at + ": unknown key " + key
                + ConfigSchema.didYouMeanKey(name, schema.allKeys(), parent) + "; " + typeKey + " " + type + " takes "
                + ConfigSchema.list(allowed));
    }
}
