package io.softmax4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.softmax4j.docs.MarkdownFiles;
import io.softmax4j.docs.MarkdownFiles.TableRow;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one table of every config key in docs/configuration.md agrees with the code: it lists
 * exactly the keys of {@link ConfigSchema} (read from the config records), each key's default
 * is what the records fill in, and each numeric range is the one validation enforces (probed at
 * both ends through the real {@code --set} parser and validator).
 */
class ConfigurationDocTest {
    static final Path PAGE = Path.of("docs/configuration.md");
    static final List<String> HEADER = List.of("key", "default", "allowed", "meaning");
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern DOTS = Pattern.compile("(-?[0-9][0-9,_]*)\\s*\\.\\.\\s*(-?[0-9][0-9,_]*)");
    private static final Pattern INTERVAL = Pattern.compile("([\\[(])\\s*(-?[0-9.eE+-]+), (-?[0-9.eE+,-]+)\\s*([\\])])");

    /**
     * Configs in which keys that are absent by default get their defaults: each is a list of
     * {@code --set}s on an empty file; a key a context sets is not read as a default there.
     */
    static final List<List<String>> CONTEXTS = List.of(
            List.of(),
            List.of("data.dataset=fashion-mnist"),
            List.of("data.dataset=idx", "data.train.images=a", "data.train.labels=b", "data.test.images=c",
                    "data.test.labels=d"),
            List.of("data.dataset=csv", "data.train.file=train.csv", "data.test.file=test.csv"),
            List.of("training.updater.type=nesterovs"),
            List.of("training.updater.type=adam"),
            List.of("training.earlyStopping.patience=5"),
            List.of("training.earlyStopping.minDelta=0.5"));

    @Test
    void theTableListsEveryKeyOfTheSchemaOnce() {
        Map<String, TableRow> documented = documentedKeys();
        Set<String> schema = leafKeys();
        Set<String> missing = new TreeSet<>(schema);
        missing.removeAll(documented.keySet());
        Set<String> unknown = new TreeSet<>(documented.keySet());
        unknown.removeAll(schema);
        assertTrue(missing.isEmpty(), PAGE + ": the key table lacks " + missing + "; add a row for each");
        assertTrue(unknown.isEmpty(), PAGE + ": the key table lists keys the config does not have: " + unknown);
    }

    @Test
    void everyDefaultInTheTableIsTheDefaultTheConfigFillsIn() {
        Map<String, Set<String>> actual = defaults();
        List<String> wrong = new ArrayList<>();
        documentedKeys().forEach((key, row) -> {
            Set<String> shown = new TreeSet<>();
            Matcher m = CODE.matcher(row.cells().get(1));
            while (m.find()) {
                shown.add(normal(m.group(1)));
            }
            Set<String> expected = actual.getOrDefault(key, Set.of());
            if (!shown.equals(expected)) {
                wrong.add(PAGE + ":" + row.line() + ": " + key + " shows default " + shown + " but the config fills in "
                        + expected + (expected.isEmpty() ? " (none: write the default cell without `code`)" : ""));
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void everyNumericRangeInTheTableIsTheRangeValidationEnforces() {
        List<String> wrong = new ArrayList<>();
        Map<String, List<String>> contexts = contextOfEachKey();
        documentedKeys().forEach((key, row) -> {
            ConfigSchema.Field field = field(key);
            if (!(field instanceof ConfigSchema.Scalar s) || !List.of(ConfigSchema.Kind.INTEGER, ConfigSchema.Kind.LONG,
                    ConfigSchema.Kind.NUMBER).contains(s.kind())) {
                return;
            }
            String allowed = row.cells().get(2);
            if (allowed.contains("any integer")) {
                expect(true, key, "-9", contexts.get(key), row, wrong);
                expect(true, key, "9000000000", contexts.get(key), row, wrong);
                return;
            }
            boolean integer = s.kind() != ConfigSchema.Kind.NUMBER;
            Matcher dots = DOTS.matcher(allowed);
            Matcher interval = INTERVAL.matcher(allowed);
            if (dots.find()) {
                probe(key, integer, number(dots.group(1)), true, number(dots.group(2)), true, contexts.get(key), row, wrong);
            } else if (interval.find()) {
                probe(key, integer, number(interval.group(2)), interval.group(1).equals("["),
                        number(interval.group(3)), interval.group(4).equals("]"), contexts.get(key), row, wrong);
            } else {
                wrong.add(PAGE + ":" + row.line() + ": " + key + " is a number; write its range as `A .. B`, [A, B], "
                        + "(A, B] ... or say 'any integer'");
            }
        });
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    @Test
    void theProbesNoticeAWrongRange() {
        List<String> wrong = new ArrayList<>();
        TableRow row = new TableRow(1, List.of("`training.epochs`", "`10`", "1 .. 1000", ""));
        probe("training.epochs", true, 1, true, 1000, true, List.of(), row, wrong);
        assertFalse(wrong.isEmpty(), "epochs go up to 100,000, so 1001 is accepted");
        wrong.clear();
        probe("training.epochs", true, 1, true, 100_000, true, List.of(), row, wrong);
        assertEquals(List.of(), wrong);
    }

    /** Checks both ends of a range: the end accepted when closed, refused when open, and a step past it refused. */
    private static void probe(String key, boolean integer, double low, boolean lowClosed, double high, boolean highClosed,
                              List<String> context, TableRow row, List<String> wrong) {
        if (integer) {
            long lo = lowClosed ? (long) low : (long) low + 1;
            long hi = highClosed ? (long) high : (long) high - 1;
            expect(true, key, Long.toString(lo), context, row, wrong);
            expect(false, key, Long.toString(lo - 1), context, row, wrong);
            expect(true, key, Long.toString(hi), context, row, wrong);
            expect(false, key, Long.toString(hi + 1), context, row, wrong);
        } else {
            expect(lowClosed, key, Double.toString(low), context, row, wrong);
            expect(true, key, Double.toString(lowClosed ? low : Math.nextUp(low)), context, row, wrong);
            expect(false, key, Double.toString(lowClosed ? Math.nextDown(low) : low), context, row, wrong);
            expect(highClosed, key, Double.toString(high), context, row, wrong);
            expect(true, key, Double.toString(highClosed ? high : Math.nextDown(high)), context, row, wrong);
            expect(false, key, Double.toString(highClosed ? Math.nextUp(high) : high), context, row, wrong);
        }
    }

    private static void expect(boolean accepted, String key, String value, List<String> context, TableRow row,
                               List<String> wrong) {
        List<String> sets = new ArrayList<>(context);
        sets.add(key + "=" + value);
        String refusal = null;
        try {
            ConfigLoader.fromYaml("model: {}\n", sets, "probe");
        } catch (ConfigException e) {
            refusal = e.getMessage();
        }
        if (accepted && refusal != null) {
            wrong.add(PAGE + ":" + row.line() + ": " + key + " allows " + row.cells().get(2) + " but " + value
                    + " is refused: " + refusal);
        } else if (!accepted && refusal == null) {
            wrong.add(PAGE + ":" + row.line() + ": " + key + " allows " + row.cells().get(2) + " but " + value
                    + " is accepted");
        }
    }

    /** The keys of the table, each with its row; a key cell is one `code` span. */
    static Map<String, TableRow> documentedKeys() {
        List<TableRow> rows = MarkdownFiles.table(PAGE, HEADER);
        assertFalse(rows.isEmpty(), PAGE + " has no table with the header | key | default | allowed | meaning |");
        Map<String, TableRow> keys = new LinkedHashMap<>();
        for (TableRow row : rows) {
            Matcher m = Pattern.compile("`([^`]+)`").matcher(row.cells().get(0));
            assertTrue(m.matches(), PAGE + ":" + row.line() + ": the key cell must be one key in `code`, got "
                    + row.cells().get(0));
            assertEquals(4, row.cells().size(), PAGE + ":" + row.line() + ": expected 4 cells");
            assertTrue(keys.put(m.group(1), row) == null, PAGE + ":" + row.line() + ": " + m.group(1) + " is listed twice");
        }
        return keys;
    }

    /** Every key path that holds a value (sections left out). */
    static Set<String> leafKeys() {
        Set<String> all = ConfigSchema.allPaths();
        Set<String> leaves = new LinkedHashSet<>();
        for (String p : all) {
            if (all.stream().noneMatch(q -> q.startsWith(p + "."))) {
                leaves.add(p);
            }
        }
        return leaves;
    }

    /** Each key's default values over the {@link #CONTEXTS}, as written by the effective config. */
    static Map<String, Set<String>> defaults() {
        Map<String, Set<String>> defaults = new LinkedHashMap<>();
        for (List<String> context : CONTEXTS) {
            Set<String> given = new LinkedHashSet<>();
            context.forEach(s -> given.add(s.substring(0, s.indexOf('='))));
            flatten(effective(context), "").forEach((key, value) -> {
                if (!given.contains(key)) {
                    defaults.computeIfAbsent(key, k -> new TreeSet<>()).add(normal(value));
                }
            });
        }
        return defaults;
    }

    /** The first context in which each key has a value: the one its range is probed in. */
    static Map<String, List<String>> contextOfEachKey() {
        Map<String, List<String>> contexts = new LinkedHashMap<>();
        for (List<String> context : CONTEXTS) {
            flatten(effective(context), "").keySet().forEach(k -> contexts.putIfAbsent(k, context));
        }
        leafKeys().forEach(k -> contexts.putIfAbsent(k, List.of()));
        return contexts;
    }

    private static JsonNode effective(List<String> context) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(ConfigLoader.toYaml(ConfigLoader.fromYaml("model: {}\n",
                    context, "defaults")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> flatten(JsonNode node, String path) {
        Map<String, String> flat = new LinkedHashMap<>();
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flat.putAll(flatten(e.getValue(), ConfigSchema.join(path, e.getKey())));
            }
        } else if (!node.isNull()) {
            flat.put(path, node.isArray() ? node.toString() : node.asText());
        }
        return flat;
    }

    /** Numbers compare by value ({@code 1e-8} = {@code 1.0E-8}, {@code 0} = {@code 0.0}); other text as is. */
    static String normal(String value) {
        String v = value.strip();
        if (v.matches("-?[0-9][0-9_,]*(\\.[0-9]+)?([eE][+-]?[0-9]+)?")) {
            return Double.toString(number(v));
        }
        return v;
    }

    private static double number(String s) {
        return Double.parseDouble(s.replace(",", "").replace("_", ""));
    }

    private static ConfigSchema.Field field(String key) {
        ConfigSchema.Field field = ConfigSchema.ROOT;
        for (String name : key.split("\\.")) {
            if (field instanceof ConfigSchema.Section s) {
                field = s.fields().get(name);
            } else if (field instanceof ConfigSchema.Choice c) {
                if (name.equals(c.typeKey())) {
                    return new ConfigSchema.Scalar(ConfigSchema.Kind.ENUM, List.copyOf(c.variants().keySet()));
                }
                field = c.variants().get(c.variantsWith(name).get(0)).fields().get(name);
            } else {
                return null;
            }
        }
        return field;
    }
}
