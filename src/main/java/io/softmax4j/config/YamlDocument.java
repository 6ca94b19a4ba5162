package io.softmax4j.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.softmax4j.io.Printable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One YAML document read by Jackson's streaming parser into a {@link JsonNode}, with where each
 * value was written (by JSON pointer), so every message can name {@code file:line} or the
 * {@code --set} that gave the value.
 *
 * <p>Made for untrusted input. Jackson's YAML parser builds no Java objects from tags, but it
 * neither refuses them nor expands aliases (it reports an alias as its anchor's name); this
 * reader refuses type tags ({@code !!java...}, {@code !<...>}, {@code !foo}), expands aliases
 * under a budget of {@value #MAX_NODES} values in total (no "billion laughs"), refuses duplicate
 * keys naming both lines, bounds the nesting and accepts one document. The caller bounds the
 * text size (SnakeYAML's code point limit is a second bound).
 */
final class YamlDocument {
    /** Most values (after alias expansion) a document may hold; real configs hold about 20. */
    static final int MAX_NODES = 10_000;
    private static final int MAX_DEPTH = 32;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Factory FACTORY = new Factory();
    private static final ObjectMapper SCALARS = new ObjectMapper(FACTORY);
    private static final Resolver RESOLVER = new Resolver();

    /**
     * Where a value was written.
     *
     * @param keyOrigin where its key was written ({@code null} for list items and the root)
     * @param origin    where the value starts, e.g. {@code x.yaml:12} or {@code --set a.b=1}
     * @param text      a scalar's text as written (e.g. {@code 1e-3}, not {@code 0.001}), else {@code null}
     * @param quoted    whether the scalar was quoted (so {@code "64"} is a string, not a number)
     */
    record Spot(String keyOrigin, String origin, String text, boolean quoted) {
        /** Where errors about this entry point: its key when it has one. */
        String at() {
            return keyOrigin != null ? keyOrigin : origin;
        }
    }

    private final String where;
    private final Map<String, Spot> spots = new HashMap<>();
    private JsonNode root;

    private YamlDocument(String where, JsonNode root) {
        this.where = where;
        this.root = root;
    }

    /**
     * Parses one YAML document.
     *
     * @param where the file name used in origins and messages
     * @return the document; its {@link #root()} is {@code null} when the document is empty
     */
    static YamlDocument parse(String yaml, String where) {
        YamlDocument doc = new YamlDocument(where, null);
        try (Reader reader = (Reader) FACTORY.createParser(yaml)) {
            reader.doc = doc;
            JsonNode root = reader.nextToken() == null ? null : reader.value("", null, 0);
            int second = root == null ? 0 : reader.secondDocumentLine();
            if (second > 0) {
                throw new ConfigException(null, where + ":" + second
                        + ": a config file holds one YAML document; remove the second '---'");
            }
            doc.root = root == null || root.isNull() ? null : root;
            return doc;
        } catch (JsonProcessingException e) {
            throw new ConfigException(null, notYaml(e, where), e);
        } catch (IOException e) {
            throw new ConfigException(null, where + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    /** SnakeYAML's problem and context (Jackson keeps them as the cause), on one line. */
    private static String notYaml(JsonProcessingException e, String where) {
        if (e.getCause() instanceof MarkedYAMLException m) {
            var mark = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark();
            String problem = m.getProblem() != null ? m.getProblem() : m.getMessage();
            return (mark == null ? where : where + ":" + (mark.getLine() + 1)) + ": not valid YAML: " + problem.trim()
                    + (m.getContext() != null ? " (" + m.getContext().trim() + ")" : "");
        }
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        String first = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        String at = line > 0 ? where + ":" + line : where;
        return first.startsWith("Expected a field name") ? at + ": keys must be plain names, not mappings, lists or aliases"
                : at + ": not valid YAML: " + Printable.escape(first);
    }

    /** A document with an empty mapping and nothing written, e.g. for a sweep given only by {@code --grid}. */
    static YamlDocument empty(String where) {
        return new YamlDocument(where, JSON.objectNode());
    }

    /** The document's value, or {@code null} for an empty document. */
    JsonNode root() {
        return root;
    }

    /** The root value with its place. */
    Located top() {
        return new Located(this, "", root);
    }

    /** Where the value at {@code pointer} was written: its key's line, else its nearest written parent's. */
    String at(String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            Spot spot = spots.get(p);
            if (spot != null || p.isEmpty()) {
                return spot != null ? spot.at() : where;
            }
        }
    }

    /** Where the value at {@code pointer} was written, or {@code null} if it was not. */
    Spot spot(String pointer) {
        return spots.get(pointer);
    }

    /** Records that the value at {@code pointer} now comes from {@code origin} (a {@code --set}), and all below it. */
    void replaced(String pointer, String origin, String text) {
        spots.keySet().removeIf(k -> k.startsWith(pointer + "/"));
        spots.put(pointer, new Spot(origin, origin, text, false));
    }

    /** Records where a section created by a {@code --set} came from, unless it was already written. */
    void created(String pointer, String origin) {
        spots.putIfAbsent(pointer, new Spot(origin, origin, null, false));
    }

    /** The value for messages: "a mapping", "a list", "no value", "the value 1e-3" (as written), "the string \"3\"". */
    String describe(JsonNode node, String pointer) {
        if (node == null || node.isNull() || node.isContainerNode()) {
            return node == null || node.isNull() ? "no value" : node.isObject() ? "a mapping" : "a list";
        }
        Spot spot = spot(pointer);
        String text = node.isTextual() || spot == null || spot.text() == null ? node.asText() : spot.text();
        if (text.isEmpty()) {
            return "an empty value";
        }
        return node.isTextual() && spot != null && spot.quoted() ? "the string \"" + text + "\"" : "the value " + text;
    }

    /** Whether {@code text}, written unquoted, is a string (not a number, boolean or null) in YAML. */
    static boolean plainIsText(String text) {
        return RESOLVER.resolve(NodeId.scalar, text, true) == Tag.STR;
    }

    /** A JSON pointer one step down: {@code ("/a", "b") -> "/a/b"}; the root is {@code ""}. */
    static String child(String pointer, String key) {
        return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
    }

    /**
     * A value of a document with its place, for code that walks the tree by hand (the sweep file).
     *
     * @param pointer its JSON pointer in {@code doc}
     */
    record Located(YamlDocument doc, String pointer, JsonNode json) {
        /** Where the value starts. */
        String origin() {
            Spot spot = doc.spot(pointer);
            return spot != null ? spot.origin() : doc.at(pointer);
        }

        /** Where {@code key} of this mapping was written. */
        String keyOrigin(String key) {
            return doc.at(child(pointer, key));
        }

        /** A mapping's entries in file order. */
        Map<String, Located> entries() {
            Map<String, Located> entries = new LinkedHashMap<>();
            json.properties().forEach(e -> entries.put(e.getKey(), new Located(doc, child(pointer, e.getKey()), e.getValue())));
            return entries;
        }

        /** A list's items. */
        List<Located> items() {
            List<Located> items = new ArrayList<>();
            json.forEach(item -> items.add(new Located(doc, pointer + "/" + items.size(), item)));
            return items;
        }

        /** A scalar's text as written (e.g. {@code 1e-3}). */
        String text() {
            Spot spot = doc.spot(pointer);
            return spot != null && spot.text() != null ? spot.text() : json.asText();
        }

        String describe() {
            return doc.describe(json, pointer);
        }
    }

    /** Jackson's YAML factory, with SnakeYAML's limits, making {@link Reader}s. */
    private static final class Factory extends YAMLFactory {
        Factory() {
            super(YAMLFactory.builder().loaderOptions(options()));
        }

        private static LoaderOptions options() {
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit((int) ConfigLoader.MAX_FILE_BYTES + 1);
            options.setNestingDepthLimit(MAX_DEPTH + 1);
            return options;
        }

        @Override
        protected YAMLParser _createParser(java.io.Reader r, IOContext context) {
            return new Reader(context, getParserFeatures(), getFormatParserFeatures(), _loaderOptions, r);
        }
    }

    /**
     * Jackson's YAML parser, reading values into JSON nodes and recording where each was written.
     * Jackson does not report a scalar's anchor ({@code epochs: &e 4}), whether it was quoted, nor
     * where a second document starts; SnakeYAML's events, which it keeps, tell.
     */
    private static final class Reader extends YAMLParser {
        private final Map<String, JsonNode> anchors = new HashMap<>();
        private YamlDocument doc;
        private int count;

        Reader(IOContext context, int features, int yamlFeatures, LoaderOptions options, java.io.Reader reader) {
            super(context, features, yamlFeatures, options, null, reader);
        }

        /** After the first document: the line where a second one starts, or 0 if the stream ends. */
        int secondDocumentLine() {
            while (_yamlParser.checkEvent(Event.ID.DocumentEnd)) {
                _yamlParser.getEvent();
            }
            return _yamlParser.checkEvent(Event.ID.StreamEnd) ? 0 : _yamlParser.peekEvent().getStartMark().getLine() + 1;
        }

        /** Reads the value at the current token; {@code keyOrigin} is where its key was written. */
        JsonNode value(String pointer, String keyOrigin, int depth) throws IOException {
            String origin = at();
            if (depth > MAX_DEPTH) {
                throw new ConfigException(null, origin + ": values are nested more than " + MAX_DEPTH
                        + " levels deep; a config needs four");
            }
            ScalarEvent scalar = currentToken().isScalarValue() && _lastEvent instanceof ScalarEvent s ? s : null;
            doc.spots.put(pointer, new Spot(keyOrigin, origin, scalar == null ? null : scalar.getValue(),
                    scalar != null && !scalar.isPlain()));
            if (isCurrentAlias()) {
                return alias(getText(), origin);
            }
            String tag = getTypeId();
            if (tag != null) {
                throw new ConfigException(null, origin + ": YAML tags such as " + (tag.contains(":") ? tag : "!" + tag)
                        + " are not allowed in config files; write plain values");
            }
            String anchor = scalar != null ? scalar.getAnchor() : getCurrentAnchor();
            count(1, origin);
            JsonNode node = currentToken() == JsonToken.START_OBJECT ? mapping(pointer, depth)
                    : currentToken() == JsonToken.START_ARRAY ? sequence(pointer, depth) : scalar(scalar);
            if (anchor != null) {
                anchors.put(anchor, node);
            }
            return node;
        }

        private ObjectNode mapping(String pointer, int depth) throws IOException {
            ObjectNode map = JSON.objectNode();
            while (nextToken() == JsonToken.FIELD_NAME) {
                String key = currentName();
                String child = child(pointer, key);
                if (map.has(key)) {
                    throw new ConfigException(key, at() + ": duplicate key " + key + " (first given at "
                            + doc.spots.get(child).keyOrigin() + "); give each key once");
                }
                String keyOrigin = at();
                nextToken();
                map.set(key, value(child, keyOrigin, depth + 1));
            }
            return map;
        }

        private ArrayNode sequence(String pointer, int depth) throws IOException {
            ArrayNode list = JSON.arrayNode();
            while (nextToken() != JsonToken.END_ARRAY) {
                list.add(value(pointer + "/" + list.size(), null, depth + 1));
            }
            return list;
        }

        private JsonNode scalar(ScalarEvent event) throws IOException {
            String text = getText();
            if (currentToken() == JsonToken.VALUE_STRING && text.isEmpty() && event != null && event.isPlain()) {
                return JSON.nullNode(); // `key:` with nothing after it
            }
            if (currentToken() == JsonToken.VALUE_NUMBER_FLOAT && text.matches("[-+]?\\.(?i:inf|nan)")) {
                // YAML's .nan and .inf, which Jackson 2.18 calls malformed
                return JSON.numberNode(text.toLowerCase().contains("nan") ? Double.NaN
                        : text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            }
            return SCALARS.readTree(this);
        }

        /** An alias is expanded (a copy, so an override cannot change what else it stands for), within budget. */
        private JsonNode alias(String anchor, String origin) {
            JsonNode target = anchors.get(anchor);
            if (target == null) {
                throw new ConfigException(null, origin + ": unknown alias *" + anchor);
            }
            count(size(target), origin);
            return target.deepCopy();
        }

        private void count(int added, String origin) {
            count += added;
            if (count > MAX_NODES) {
                throw new ConfigException(null, origin + ": the config expands to more than " + MAX_NODES
                        + " values (too many aliases?); config files need no more than a few dozen");
            }
        }

        /** The size of a subtree (aliases are expanded copies, so this is what the document holds). */
        private static int size(JsonNode node) {
            int n = 1;
            for (JsonNode child : node) {
                n += size(child);
            }
            return n;
        }

        private String at() {
            int line = currentTokenLocation().getLineNr();
            return line > 0 ? doc.where + ":" + line : doc.where;
        }
    }
}
