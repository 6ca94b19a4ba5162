package io.softmax4j.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The shape of a config file, read by reflection from the config records, so every key a
 * record gains is known to validation, {@code --set} and "did you mean" without more code.
 *
 * <p>A record is a {@link Section}; a sealed interface with Jackson's {@code @JsonTypeInfo} and
 * {@code @JsonSubTypes} (the updater) is a {@link Choice} whose keys depend on its {@code type};
 * boxed numbers, booleans, strings, paths and enums are {@link Scalar}s.
 */
final class ConfigSchema {
    /** The whole config file. */
    static final Section ROOT = section(RunConfig.class);

    private ConfigSchema() {
    }

    /** A node of the schema. */
    sealed interface Field permits Section, Choice, Scalar, Other {
    }

    /** A mapping with fixed keys, in record component order. */
    record Section(Map<String, Field> fields) implements Field {
    }

    /**
     * A mapping whose keys depend on its type key.
     *
     * @param typeKey     the key naming the variant, e.g. {@code type}
     * @param defaultName the variant used when the type key is absent
     * @param variants    variant name to its keys
     */
    record Choice(String typeKey, String defaultName, Map<String, Section> variants) implements Field {
        /** The variants that have {@code key}. */
        List<String> variantsWith(String key) {
            return variants.entrySet().stream().filter(e -> e.getValue().fields().containsKey(key))
                    .map(Map.Entry::getKey).toList();
        }

        /** Every key any variant has, and the type key. */
        Set<String> allKeys() {
            Set<String> keys = new LinkedHashSet<>();
            keys.add(typeKey);
            variants.values().forEach(v -> keys.addAll(v.fields().keySet()));
            return keys;
        }
    }

    /**
     * A single value.
     *
     * @param kind    what kind of value
     * @param allowed for enums, the allowed names; otherwise empty
     */
    record Scalar(Kind kind, List<String> allowed) implements Field {
    }

    /** Something validation leaves to Jackson (e.g. a list). */
    record Other(Type type) implements Field {
    }

    /** The kinds of scalar, with how they are named in messages. */
    enum Kind {
        INTEGER("an integer"), LONG("an integer"), NUMBER("a number"), BOOLEAN("true or false"),
        STRING("a string"), ENUM("one of the allowed names");

        final String description;

        Kind(String description) {
            this.description = description;
        }
    }

    /** A record's keys: its components, or its {@code @JsonCreator} factory's parameters when YAML's shape differs. */
    static Section section(Class<?> recordType) {
        Map<String, Field> fields = new LinkedHashMap<>();
        Method creator = Arrays.stream(recordType.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(JsonCreator.class)).findFirst().orElse(null);
        if (creator != null) {
            for (Parameter p : creator.getParameters()) {
                fields.put(p.getAnnotation(JsonProperty.class).value(), field(p.getType(), p.getParameterizedType()));
            }
        }
        for (RecordComponent c : creator != null ? new RecordComponent[0] : recordType.getRecordComponents()) {
            JsonProperty renamed = c.getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
            fields.put(name, field(c.getType(), c.getGenericType()));
        }
        return new Section(Collections.unmodifiableMap(fields));
    }

    private static Field field(Class<?> type, Type generic) {
        if (type == Integer.class || type == int.class || type == Short.class || type == short.class) {
            return new Scalar(Kind.INTEGER, List.of());
        }
        if (type == Long.class || type == long.class) {
            return new Scalar(Kind.LONG, List.of());
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return new Scalar(Kind.NUMBER, List.of());
        }
        if (type == Boolean.class || type == boolean.class) {
            return new Scalar(Kind.BOOLEAN, List.of());
        }
        if (type == String.class || type == Path.class) {
            return new Scalar(Kind.STRING, List.of());
        }
        if (type.isEnum()) {
            return new Scalar(Kind.ENUM, Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList());
        }
        if (type.isRecord()) {
            return section(type);
        }
        if (type.isInterface() && type.isAnnotationPresent(JsonTypeInfo.class)
                && type.isAnnotationPresent(JsonSubTypes.class)) {
            return choice(type);
        }
        return new Other(generic);
    }

    private static Choice choice(Class<?> type) {
        JsonTypeInfo info = type.getAnnotation(JsonTypeInfo.class);
        Map<String, Section> variants = new LinkedHashMap<>();
        String defaultName = null;
        for (JsonSubTypes.Type sub : type.getAnnotation(JsonSubTypes.class).value()) {
            variants.put(sub.name(), section(sub.value()));
            if (sub.value() == info.defaultImpl()) {
                defaultName = sub.name();
            }
        }
        String typeKey = info.property().isEmpty() ? "type" : info.property();
        return new Choice(typeKey, defaultName, Collections.unmodifiableMap(variants));
    }

    /**
     * The field at a dotted key, or {@code null} if there is none: {@code ""} is the whole file; a
     * choice's type key is a string; a choice's other keys are looked up in a variant that has them.
     */
    static Field find(String key) {
        Field field = ROOT;
        for (String part : key.isEmpty() ? new String[0] : key.split("\\.")) {
            if (field instanceof Section s) {
                field = s.fields().get(part);
            } else if (field instanceof Choice c) {
                List<String> with = c.variantsWith(part);
                field = part.equals(c.typeKey()) ? new Scalar(Kind.STRING, List.of())
                        : with.isEmpty() ? null : c.variants().get(with.get(0)).fields().get(part);
            } else {
                return null;
            }
            if (field == null) {
                return null;
            }
        }
        return field;
    }

    /** The keys a section or choice takes, or {@code null} for a single value. */
    static Collection<String> keys(Field field) {
        return field instanceof Section s ? s.fields().keySet() : field instanceof Choice c ? c.allKeys() : null;
    }

    /** Joins a parent path and a key: {@code ("training", "epochs") -> "training.epochs"}. */
    static String join(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** The closest of {@code known} to {@code given}, as " (did you mean X?)", or "". */
    static String didYouMean(String given, Collection<String> known, String parent) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = Levenshtein.distance(given.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        boolean close = best != null && (bestDistance <= Math.max(2, given.length() / 3)
                || best.toLowerCase().startsWith(given.toLowerCase()) && given.length() >= 3);
        return close ? " (did you mean " + join(parent, best) + "?)" : "";
    }

    /**
     * "Did you mean" for a key under {@code parent}: the closest sibling, else a key of that
     * name elsewhere in the schema (e.g. {@code learningRate} written under {@code training}).
     * A dotted name written as one key (e.g. {@code training.epochs: 3} at the top) is pointed
     * at the nested form.
     */
    static String didYouMeanKey(String given, Collection<String> known, String parent) {
        String near = didYouMean(given, known, parent);
        if (!near.isEmpty()) {
            return near;
        }
        String full = join(parent, given);
        if (given.contains(".") && allPaths().contains(full)) {
            return " (dotted keys are for --set; in YAML nest them: " + nested(full) + ")";
        }
        List<String> sameName = allPaths().stream()
                .filter(p -> p.substring(p.lastIndexOf('.') + 1).equalsIgnoreCase(given)).toList();
        return sameName.isEmpty() ? "" : " (did you mean " + String.join(" or ", sameName) + "?)";
    }

    /** {@code a.b.c -> "a: {b: {c: ...}}"}. */
    private static String nested(String dotted) {
        String[] parts = dotted.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            sb.append(parts[i]).append(": {");
        }
        return sb.append(parts[parts.length - 1]).append(": ...").append("}".repeat(parts.length - 1)).toString();
    }

    /** Every dotted key path of the config, sections included. */
    static Set<String> allPaths() {
        Set<String> paths = new LinkedHashSet<>();
        collect(ROOT, "", paths);
        return paths;
    }

    private static void collect(Field field, String path, Set<String> into) {
        if (field instanceof Section s) {
            s.fields().forEach((k, f) -> {
                into.add(join(path, k));
                collect(f, join(path, k), into);
            });
        } else if (field instanceof Choice c) {
            into.add(join(path, c.typeKey()));
            c.variants().values().forEach(v -> collect(v, path, into));
        }
    }

    /** Lists keys for messages: "a, b, c". */
    static String list(Collection<String> keys) {
        return String.join(", ", new ArrayList<>(keys));
    }
}
