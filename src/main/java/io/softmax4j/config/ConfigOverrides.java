package io.softmax4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.List;

/**
 * Applies {@code --set key.path=value} overrides to a parsed YAML tree before it is bound to
 * records, so an override is validated exactly like the same value written in the file.
 */
public final class ConfigOverrides {
    private ConfigOverrides() {
    }

    static void apply(ObjectNode root, List<String> overrides) {
        if (overrides == null) {
            return;
        }
        for (String override : overrides) {
            int eq = override.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(null, "--set " + override + ": expected key.path=value, e.g. training.epochs=3");
            }
            String key = override.substring(0, eq).trim();
            String value = override.substring(eq + 1).trim();
            set(root, key, value);
        }
    }

    private static void set(ObjectNode root, String key, String value) {
        String[] parts = key.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || child.isNull()) {
                child = node.putObject(parts[i]);
            } else if (!child.isObject()) {
                throw new ConfigException(key, "--set " + key + ": " + parts[i] + " is not a section");
            }
            node = (ObjectNode) child;
        }
        // Values are typed by the schema when bound: Jackson coerces "3" to an int field,
        // and rejects "abc" with the key's name.
        node.set(parts[parts.length - 1], TextNode.valueOf(value));
    }
}
