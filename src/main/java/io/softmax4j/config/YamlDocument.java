package io.softmax4j.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
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
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One YAML document read by Jackson's streaming parser into a {@link JsonNode}, with where each
 * value was written, so every message can name {@code file:line} (or the {@code --set} that gave
 * the value).
 *
 * <p>Made for untrusted input. Jackson's YAML parser never builds Java objects from tags, but it
 * does not refuse them either, nor expand aliases (it reports an alias as its anchor's name), nor
 * detect duplicate keys in a way that names both lines; this reader does those: type tags
 * ({@code !!java...}, {@code !<...>}, {@code !foo}) are refused, duplicate keys are refused with
 * both lines, aliases are expanded under a budget of {@value #MAX_NODES} values in total (no
 * "billion laughs"), nesting is bounded, and only one document is accepted. The caller bounds
 * the text size (SnakeYAML's code point limit is a second bound).
 */
final class YamlDocument {
    /** Most values (after alias expansion) a document may hold; real configs hold about 20. */
    static final int MAX_NODES = 10_000;
    private static final int MAX_DEPTH = 32;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final YAMLFactory FACTORY = factory();
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
    /** JSON pointer (e.g. {@code /training/epochs}) to where that value was written. */
    private final Map<String, Spot> spots;
    private final JsonNode root;

    private YamlDocument(String where, JsonNode root, Map<String, Spot> spots) {
        this.where = where;
        this.root = root;
        this.spots = spots;
    }

    private static YAMLFactory factory() {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) ConfigLoader.MAX_FILE_BYTES + 1);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        return new Factory(YAMLFactory.builder().loaderOptions(options));
    }

    /** Jackson's YAML factory, making parsers that also show the scalar event just read. */
    private static final class Factory extends YAMLFactory {
        Factory(YAMLFactoryBuilder builder) {
            super(builder);
        }

        @Override
        protected YAMLParser _createParser(java.io.Reader r, IOContext ctxt) {
            return new ScalarParser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
        }
    }

    /**
     * Jackson's YAML parser, which does not report a scalar's anchor ({@code epochs: &e 4}), whether
     * it was quoted, nor where a second document starts; SnakeYAML's events tell.
     */
    private static final class ScalarParser extends YAMLParser {
        ScalarParser(IOContext ctxt, int features, int yamlFeatures, LoaderOptions options, ObjectCodec codec,
                     java.io.Reader reader) {
            super(ctxt, features, yamlFeatures, options, codec, reader);
        }

        /** After the first document: the line where a second one starts, or 0 if the stream ends. */
        int secondDocumentLine() {
            while (_yamlParser.checkEvent(Event.ID.DocumentEnd)) {
                _yamlParser.getEvent();
            }
            return _yamlParser.checkEvent(Event.ID.StreamEnd) ? 0 : _yamlParser.peekEvent().getStartMark().getLine() + 1;
        }

        /** The current token's scalar event, or {@code null} when it is not a scalar. */
        ScalarEvent scalar() {
            return currentToken().isScalarValue() && _lastEvent instanceof ScalarEvent s ? s : null;
        }
    }

    /**
     * Parses one YAML document.
     *
     * @param where the file name used in origins and messages
     * @return the document; its {@link #root()} is {@code null} when the document is empty
     */
    static YamlDocument parse(String yaml, String where) {
        Map<String, Spot> spots = new HashMap<>();
        try (ScalarParser parser = (ScalarParser) FACTORY.createParser(yaml)) {
            Reader reader = new Reader(parser, where, spots);
            JsonNode root = parser.nextToken() == null ? null : reader.value("", null, 0);
            int second = root == null ? 0 : parser.secondDocumentLine();
            if (second > 0) {
                throw new ConfigException(null, where + ":" + second
                        + ": a config file holds one YAML document; remove the second '---'");
            }
            return new YamlDocument(where, root == null || root.isNull() ? null : root, spots);
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
        if (first.startsWith("Expected a field name")) {
            return at + ": keys must be plain names, not mappings, lists or aliases";
        }
        return at + ": not valid YAML: " + Printable.escape(first);
    }

    /** A document with an empty mapping and nothing written, e.g. for a sweep given only by {@code --grid}. */
    static YamlDocument empty(String where) {
        return new YamlDocument(where, JSON.objectNode(), new HashMap<>());
    }

    /**
     * A value of a document with its place, for readers that walk the tree by hand (the sweep file).
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

        boolean isMap() {
            return json.isObject();
        }

        boolean isList() {
            return json.isArray();
        }

        boolean isNull() {
            return json.isNull();
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

    /** The root value with its place. */
    Located top() {
        return new Located(this, "", root);
    }

    /** The document's value, or {@code null} for an empty document. */
    JsonNode root() {
        return root;
    }

    /** The file name (or {@code --set ...}) this document was read from. */
    String where() {
        return where;
    }

    /** Where the value at {@code pointer} was written: its key's line, else its nearest written parent's. */
    String at(String pointer) {
        for (String p = pointer; ; p = p.substring(0, p.lastIndexOf('/'))) {
            Spot spot = spots.get(p);
            if (spot != null) {
                return spot.at();
            }
            if (p.isEmpty()) {
                return where;
            }
        }
    }

    /** Where the value at {@code pointer} was written, or {@code null} if it was not. */
    Spot spot(String pointer) {
        return spots.get(pointer);
    }

    /**
     * Records that the value at {@code pointer} (and everything below it) now comes from
     * {@code origin}, e.g. a {@code --set}; what was recorded below it before is forgotten.
     */
    void replaced(String pointer, String origin, String text) {
        String prefix = pointer + "/";
        spots.keySet().removeIf(k -> k.startsWith(prefix));
        spots.put(pointer, new Spot(origin, origin, text, false));
    }

    /** Records where a section created by a {@code --set} came from, unless it was already written. */
    void created(String pointer, String origin) {
        spots.putIfAbsent(pointer, new Spot(origin, origin, null, false));
    }

    /**
     * What kind of value this is, for messages: "a mapping", "a list", "no value", "the value 3"
     * (as written) or, for a quoted scalar that would otherwise be a number or boolean,
     * "the string \"3\"".
     */
    String describe(JsonNode node, String pointer) {
        if (node == null || node.isNull()) {
            return "no value";
        }
        if (node.isObject() || node.isArray()) {
            return node.isObject() ? "a mapping" : "a list";
        }
        Spot spot = spot(pointer);
        String text = node.isTextual() ? node.textValue() : spot != null && spot.text() != null ? spot.text() : node.asText();
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

    /** Reads values from the parser, recording where each was written. */
    private static final class Reader {
        private final ScalarParser parser;
        private final String where;
        private final Map<String, Spot> spots;
        private final Map<String, JsonNode> anchors = new HashMap<>();
        private final Map<JsonNode, Integer> sizes = new IdentityHashMap<>();
        private int count;

        Reader(ScalarParser parser, String where, Map<String, Spot> spots) {
            this.parser = parser;
            this.where = where;
            this.spots = spots;
        }

        /** Reads the value at the current token; {@code keyOrigin} is where its key was written. */
        JsonNode value(String pointer, String keyOrigin, int depth) throws IOException {
            String origin = at(parser);
            if (depth > MAX_DEPTH) {
                throw new ConfigException(null, origin + ": values are nested more than " + MAX_DEPTH
                        + " levels deep; a config needs four");
            }
            if (parser.isCurrentAlias()) {
                spots.put(pointer, new Spot(keyOrigin, origin, null, false));
                return alias(parser.getText(), origin);
            }
            if (parser.getTypeId() != null) {
                String tag = parser.getTypeId();
                throw new ConfigException(null, origin + ": YAML tags such as " + (tag.contains(":") ? tag : "!" + tag)
                        + " are not allowed in config files; write plain values");
            }
            ScalarEvent scalar = parser.scalar();
            String anchor = scalar != null ? scalar.getAnchor() : parser.getCurrentAnchor();
            count(1, origin);
            JsonToken token = parser.currentToken();
            JsonNode node = switch (token) {
                case START_OBJECT -> mapping(pointer, depth);
                case START_ARRAY -> sequence(pointer, depth);
                default -> scalar(token, scalar);
            };
            spots.put(pointer, scalar == null ? new Spot(keyOrigin, origin, null, false)
                    : new Spot(keyOrigin, origin, scalar.getValue(), !scalar.isPlain()));
            if (anchor != null) {
                anchors.put(anchor, node);
            }
            return node;
        }

        private ObjectNode mapping(String pointer, int depth) throws IOException {
            ObjectNode map = JSON.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                String keyOrigin = at(parser);
                String child = child(pointer, key);
                if (map.has(key)) {
                    throw new ConfigException(key, keyOrigin + ": duplicate key " + key + " (first given at "
                            + spots.get(child).keyOrigin() + "); give each key once");
                }
                parser.nextToken();
                map.set(key, value(child, keyOrigin, depth + 1));
            }
            return map;
        }

        private ArrayNode sequence(String pointer, int depth) throws IOException {
            ArrayNode list = JSON.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                list.add(value(pointer + "/" + list.size(), null, depth + 1));
            }
            return list;
        }

        private JsonNode scalar(JsonToken token, ScalarEvent event) throws IOException {
            String text = parser.getText();
            if (token == JsonToken.VALUE_STRING && text.isEmpty() && event != null && event.isPlain()) {
                return JSON.nullNode(); // `key:` with nothing after it
            }
            if (token == JsonToken.VALUE_NUMBER_FLOAT && text.matches("[-+]?\\.(?i:inf|nan)")) {
                // YAML's .nan and .inf, which Jackson 2.18 calls malformed
                return JSON.numberNode(text.toLowerCase().contains("nan") ? Double.NaN
                        : text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
            }
            return switch (token) {
                case VALUE_NULL -> JSON.nullNode();
                case VALUE_TRUE, VALUE_FALSE -> JSON.booleanNode(token == JsonToken.VALUE_TRUE);
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT -> JSON.numberNode(parser.getIntValue());
                    case LONG -> JSON.numberNode(parser.getLongValue());
                    default -> JSON.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> JSON.numberNode(parser.getDoubleValue());
                default -> JSON.textNode(text);
            };
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

        /** The expanded size of a subtree; memoised because aliases share subtrees. */
        private int size(JsonNode node) {
            Integer known = sizes.get(node);
            if (known != null) {
                return known;
            }
            long n = 1;
            for (JsonNode child : node) {
                n += size(child);
            }
            int result = (int) Math.min(n, Integer.MAX_VALUE);
            sizes.put(node, result);
            return result;
        }

        String at(JsonParser p) {
            int line = p.currentTokenLocation().getLineNr();
            return line > 0 ? where + ":" + line : where;
        }
    }
}
