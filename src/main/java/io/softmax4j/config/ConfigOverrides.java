package io.softmax4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.softmax4j.config.ConfigSchema.Choice;
import io.softmax4j.config.ConfigSchema.Field;
import io.softmax4j.config.ConfigSchema.Kind;
import io.softmax4j.config.ConfigSchema.Scalar;
import io.softmax4j.config.ConfigSchema.Section;
import io.softmax4j.config.YamlDocument.Spot;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Applies {@code --set key.path=value} overrides to a parsed config (its JSON tree) before it is
 * bound, so an override is typed and range-checked exactly like the same value written in the
 * file: the text is read as a YAML scalar where the key takes a number or boolean, and is
 * literal text elsewhere ({@code data.dir=~} is the home folder, not null).
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

    /** Applies every override, in order, to {@code root} (the root of {@code doc}), recording each one's origin. */
    static void apply(YamlDocument doc, ObjectNode root, List<String> overrides) {
        for (String override : overrides == null ? List.<String>of() : overrides) {
            applyOne(doc, root, override);
        }
    }

    private static void applyOne(YamlDocument doc, ObjectNode root, String override) {
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
        ObjectNode parent = root;
        String pointer = "";
        for (int i = 0; i < path.length - 1; i++) {
            pointer = YamlDocument.child(pointer, path[i]);
            // A section written as a scalar (e.g. `training: 3`) is replaced; a null section is empty.
            parent = parent.get(path[i]) instanceof ObjectNode o ? o : parent.putObject(path[i]);
            doc.created(pointer, origin);
        }
        if (switchesType) {
            dropKeysOfOtherTypes(doc, parent, pointer, key.substring(0, Math.max(0, key.lastIndexOf('.'))), text);
        }
        parent.set(path[path.length - 1], value(text, key, !switchesType, origin));
        doc.replaced(YamlDocument.child(pointer, path[path.length - 1]), origin, text);
    }

    /**
     * The value {@code --set} gives: a list in YAML's flow style (e.g. {@code data.labels=[cat,dog]})
     * is parsed as in a file; for a number or boolean key the text is typed as YAML would type it
     * unquoted; anything else is the text itself.
     */
    private static JsonNode value(String text, String key, boolean mayBeList, String origin) {
        boolean typed = ConfigSchema.find(key) instanceof Scalar s && Set.of(Kind.INTEGER, Kind.LONG, Kind.NUMBER,
                Kind.BOOLEAN).contains(s.kind());
        if (mayBeList && text.startsWith("[") && text.endsWith("]") || typed && !YamlDocument.plainIsText(text)) {
            JsonNode parsed = YamlDocument.parse(text, origin).root();
            if (parsed != null && (parsed.isArray() || parsed.isValueNode())) {
                return parsed;
            }
        }
        return TextNode.valueOf(text);
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
            Collection<String> known = ConfigSchema.keys(field);
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
            parent = ConfigSchema.join(parent, name);
            field = ConfigSchema.find(parent);
        }
        if (ConfigSchema.keys(field) != null) {
            throw new ConfigException(key, origin + ": " + key + " is a section; set one of its keys, e.g. --set "
                    + ConfigSchema.join(key, ConfigSchema.keys(field).iterator().next()) + "=VALUE");
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

    /** A new updater type drops the file's keys the type does not take; keys given with --set stay (and are reported). */
    private static void dropKeysOfOtherTypes(YamlDocument doc, ObjectNode choice, String pointer, String key, String type) {
        Choice schema = (Choice) ConfigSchema.find(key);
        Section variant = schema.variants().get(type);
        if (variant == null) {
            return; // binding reports the unknown type
        }
        choice.properties().removeIf(e -> {
            Spot spot = doc.spot(YamlDocument.child(pointer, e.getKey()));
            return !e.getKey().equals(schema.typeKey()) && !variant.fields().containsKey(e.getKey())
                    && (spot == null || !spot.origin().startsWith(ORIGIN_PREFIX));
        });
    }
}
