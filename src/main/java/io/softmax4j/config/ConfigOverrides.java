package io.softmax4j.config;

import io.softmax4j.config.ConfigSchema.Choice;
import io.softmax4j.config.ConfigSchema.Field;
import io.softmax4j.config.ConfigSchema.Section;
import io.softmax4j.config.YamlTree.MapNode;
import io.softmax4j.config.YamlTree.Node;
import io.softmax4j.config.YamlTree.ScalarNode;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies {@code --set key.path=value} overrides to a parsed config before it is validated, so
 * an override is typed and range-checked exactly like the same value written in the file.
 *
 * <p>Overrides apply in order, each on top of the file and the ones before it (the last one
 * for a key wins). The path is checked against the schema at once: an unknown key is named
 * with a "did you mean" suggestion; a section cannot be set as a whole. Setting an updater's
 * {@code type} drops the file's keys the new type does not take (e.g. {@code momentum} when
 * switching from {@code nesterovs} to {@code sgd}), so switching optimiser from the command
 * line works; keys given with {@code --set} are never dropped.
 */
public final class ConfigOverrides {
    /** The prefix of every override's origin, e.g. {@code --set training.epochs=3}. */
    static final String ORIGIN_PREFIX = "--set ";

    private ConfigOverrides() {
    }

    /** Returns {@code root} with every override applied; {@code root} itself is not changed. */
    static MapNode apply(MapNode root, List<String> overrides) {
        MapNode result = root;
        for (String override : overrides == null ? List.<String>of() : overrides) {
            result = applyOne(result, override);
        }
        return result;
    }

    private static MapNode applyOne(MapNode root, String override) {
        String origin = ORIGIN_PREFIX + override;
        int eq = override.indexOf('=');
        String key = eq < 0 ? override.trim() : override.substring(0, eq).trim();
        if (eq <= 0 || key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
            throw new ConfigException(key.isEmpty() ? null : key, origin
                    + ": expected key.path=value with a dotted path, e.g. --set training.epochs=3");
        }
        String[] path = key.split("\\.");
        boolean switchesType = checkPath(path, key, origin);
        String text = override.substring(eq + 1).trim();
        Node value = new ScalarNode(text, YamlTree.Style.COMMAND_LINE, origin);
        if (!switchesType && text.startsWith("[") && text.endsWith("]")) {
            // a list in YAML's flow style, e.g. --set data.labels=[cat,dog]: parsed as in a file
            value = relabel(YamlTree.parse(text, origin), origin);
        }
        return (MapNode) set(root, path, 0, value, switchesType);
    }

    /** Every node of a parsed {@code --set} value is said to come from that {@code --set}. */
    private static Node relabel(Node node, String origin) {
        if (node instanceof YamlTree.ListNode l) {
            return new YamlTree.ListNode(l.items().stream().map(n -> relabel(n, origin)).toList(), origin);
        }
        if (node instanceof ScalarNode sc) {
            return new ScalarNode(sc.text(), sc.style(), origin);
        }
        return node;
    }

    /**
     * Checks that {@code path} names a value in the schema.
     *
     * @return whether the path is a choice's type key (e.g. {@code training.updater.type})
     */
    private static boolean checkPath(String[] path, String key, String origin) {
        Field field = ConfigSchema.ROOT;
        String parent = "";
        for (int i = 0; i < path.length; i++) {
            String name = path[i];
            Collection<String> known = keys(field);
            if (known == null) {
                throw new ConfigException(key, origin + ": " + parent + " is a single value, not a section; use --set "
                        + parent + "=VALUE");
            }
            if (!known.contains(name)) {
                String where = parent.isEmpty() ? "at the top level" : "under " + parent;
                throw new ConfigException(key, origin + ": unknown key " + key
                        + suggestPath(path, i, known, parent) + "; allowed " + where + ": "
                        + ConfigSchema.list(known));
            }
            if (field instanceof Choice c && name.equals(c.typeKey())) {
                if (i != path.length - 1) {
                    throw new ConfigException(key, origin + ": " + ConfigSchema.join(parent, name) + " is a single value");
                }
                return true;
            }
            field = child(field, name);
            parent = ConfigSchema.join(parent, name);
        }
        if (keys(field) != null) {
            throw new ConfigException(key, origin + ": " + key + " is a section; set one of its keys, e.g. --set "
                    + ConfigSchema.join(key, keys(field).iterator().next()) + "=VALUE");
        }
        return false;
    }

    /** "Did you mean" for a path: the closest key at {@code i}, with the rest of the path if that is valid. */
    private static String suggestPath(String[] path, int i, Collection<String> known, String parent) {
        String sibling = ConfigSchema.didYouMean(path[i], known, parent);
        if (sibling.isEmpty()) {
            return ConfigSchema.didYouMeanKey(path[i], known, parent);
        }
        if (i == path.length - 1) {
            return sibling;
        }
        String best = sibling.substring(" (did you mean ".length(), sibling.length() - "?)".length());
        String[] fixed = path.clone();
        fixed[i] = best.substring(best.lastIndexOf('.') + 1);
        try {
            checkPath(fixed, String.join(".", fixed), "");
            return " (did you mean " + String.join(".", fixed) + "?)";
        } catch (ConfigException e) {
            return sibling;
        }
    }

    private static Collection<String> keys(Field field) {
        if (field instanceof Section s) {
            return s.fields().keySet();
        }
        if (field instanceof Choice c) {
            return c.allKeys();
        }
        return null;
    }

    private static Field child(Field field, String name) {
        if (field instanceof Section s) {
            return s.fields().get(name);
        }
        Choice c = (Choice) field;
        return c.variants().get(c.variantsWith(name).get(0)).fields().get(name);
    }

    private static Node set(Node node, String[] path, int i, Node value, boolean switchesType) {
        if (i == path.length) {
            return value;
        }
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, String> keyOrigins = new HashMap<>();
        String origin = value.origin();
        if (node instanceof MapNode m) {
            entries.putAll(m.entries());
            keyOrigins.putAll(m.keyOrigins());
            origin = m.origin();
        }
        // A section written as a scalar (e.g. `training: 3`) is replaced; a null section is empty.
        if (switchesType && i == path.length - 1) {
            dropKeysOfOtherTypes(entries, path, ((ScalarNode) value).text());
        }
        Node child = set(entries.get(path[i]), path, i + 1, value, switchesType);
        entries.put(path[i], child);
        if (child == value) {
            keyOrigins.put(path[i], value.origin());
        } else {
            keyOrigins.putIfAbsent(path[i], value.origin());
        }
        keyOrigins.keySet().retainAll(entries.keySet());
        return new MapNode(Collections.unmodifiableMap(entries), Map.copyOf(keyOrigins), origin);
    }

    private static void dropKeysOfOtherTypes(Map<String, Node> entries, String[] path, String type) {
        Field field = ConfigSchema.ROOT;
        for (int i = 0; i < path.length - 1; i++) {
            field = child(field, path[i]);
        }
        Choice choice = (Choice) field;
        Section variant = choice.variants().get(type);
        if (variant == null) {
            return; // the validator reports the unknown type
        }
        entries.entrySet().removeIf(e -> !e.getKey().equals(choice.typeKey())
                && !variant.fields().containsKey(e.getKey())
                && !e.getValue().origin().startsWith(ORIGIN_PREFIX));
    }
}
