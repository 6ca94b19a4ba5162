package io.softmax4j.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A parsed YAML document as plain values that remember where they came from, built from
 * SnakeYAML's low-level events so that nothing in the file can build a Java object.
 *
 * <p>The reader is made for untrusted input: type tags ({@code !!java...}, {@code !<...>},
 * {@code !foo}) are rejected outright, duplicate keys are rejected, aliases are expanded
 * under a budget of {@value #MAX_NODES} values in total (no "billion laughs"), and nesting
 * depth is bounded. The caller bounds the text size.
 */
final class YamlTree {
    /** Most values (after alias expansion) a config may hold; real configs hold about 20. */
    static final int MAX_NODES = 10_000;
    private static final int MAX_DEPTH = 32;
    private static final Pattern NULL = Pattern.compile("^(?:~|null|Null|NULL|)$");

    /** A value in the tree. */
    sealed interface Node permits MapNode, ListNode, ScalarNode {
        /** Where the value was written, e.g. {@code x.yaml:12} or {@code --set a.b=1}. */
        String origin();

        /** What kind of value this is, for messages ("a mapping", "a list", "the value 3"). */
        String describe();
    }

    /**
     * A mapping; keys in file order.
     *
     * @param keyOrigins where each key was written (errors about a key point there)
     */
    record MapNode(Map<String, Node> entries, Map<String, String> keyOrigins, String origin) implements Node {
        /** Where {@code key} was written, falling back to its value's origin. */
        String keyOrigin(String key) {
            String o = keyOrigins.get(key);
            return o != null ? o : entries.get(key).origin();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    /** A sequence. */
    record ListNode(List<Node> items, String origin) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** How a scalar was written. */
    enum Style {
        /** A plain YAML scalar: may be null, a number, a boolean or a string. */
        PLAIN,
        /** A quoted YAML scalar: always a string. */
        QUOTED,
        /** A {@code --set} value: typed by the key it sets, never null ({@code ~} is a path there). */
        COMMAND_LINE
    }

    /**
     * A scalar as written.
     *
     * @param text  the scalar's text
     * @param style how it was written
     */
    record ScalarNode(String text, Style style, String origin) implements Node {
        /** Whether this is YAML's null ({@code ~}, {@code null} or nothing at all). */
        boolean isNull() {
            return style == Style.PLAIN && NULL.matcher(text).matches();
        }

        /** Whether this is a quoted string, never a number or boolean. */
        boolean quoted() {
            return style == Style.QUOTED;
        }

        @Override
        public String describe() {
            if (isNull()) {
                return "no value";
            }
            if (text.isEmpty()) {
                return "an empty value";
            }
            return quoted() ? "the string \"" + text + "\"" : "the value " + text;
        }
    }

    private final String where;
    private final Parser parser;
    private final Map<String, Node> anchors = new HashMap<>();
    private final Map<Node, Integer> sizes = new IdentityHashMap<>();
    private int nodes;

    private YamlTree(String yaml, String where) {
        this.where = where;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(Math.max(1, yaml.length()) + 1);
        options.setNestingDepthLimit(MAX_DEPTH + 1);
        this.parser = new ParserImpl(new StreamReader(yaml), options);
    }

    /**
     * Parses one YAML document.
     *
     * @param where the file name used in origins and messages
     * @return the root value, or {@code null} when the document is empty
     */
    static Node parse(String yaml, String where) {
        YamlTree tree = new YamlTree(yaml, where);
        try {
            return tree.document();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
            throw new ConfigException(null, tree.at(mark) + ": not valid YAML: " + problem.trim()
                    + (e.getContext() != null ? " (" + e.getContext().trim() + ")" : ""), e);
        } catch (YAMLException e) {
            throw new ConfigException(null, where + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private Node document() {
        expect(Event.ID.StreamStart);
        if (parser.checkEvent(Event.ID.StreamEnd)) {
            return null;
        }
        expect(Event.ID.DocumentStart);
        Node root = node(0);
        expect(Event.ID.DocumentEnd);
        if (!parser.checkEvent(Event.ID.StreamEnd)) {
            throw new ConfigException(null, at(parser.peekEvent().getStartMark())
                    + ": a config file holds one YAML document; remove the second '---'");
        }
        return root instanceof ScalarNode s && s.isNull() ? null : root;
    }

    private Node node(int depth) {
        Event event = parser.getEvent();
        if (depth > MAX_DEPTH) {
            throw new ConfigException(null, at(event.getStartMark()) + ": values are nested more than " + MAX_DEPTH
                    + " levels deep; a config needs four");
        }
        if (event instanceof AliasEvent alias) {
            Node target = anchors.get(alias.getAnchor());
            if (target == null) {
                throw new ConfigException(null, at(event.getStartMark()) + ": unknown alias *" + alias.getAnchor());
            }
            count(target, event.getStartMark());
            return target;
        }
        NodeEvent nodeEvent = (NodeEvent) event;
        rejectTag(nodeEvent);
        Node node = switch (event.getEventId()) {
            case Scalar -> scalar((ScalarEvent) event);
            case MappingStart -> mapping(event, depth);
            case SequenceStart -> sequence(event, depth);
            default -> throw new ConfigException(null, at(event.getStartMark()) + ": unexpected " + event.getEventId());
        };
        if (nodeEvent.getAnchor() != null) {
            anchors.put(nodeEvent.getAnchor(), node);
        }
        return node;
    }

    private ScalarNode scalar(ScalarEvent event) {
        count(1, event.getStartMark());
        return new ScalarNode(event.getValue(), event.isPlain() ? Style.PLAIN : Style.QUOTED, at(event.getStartMark()));
    }

    private MapNode mapping(Event start, int depth) {
        count(1, start.getStartMark());
        Map<String, Node> entries = new LinkedHashMap<>();
        Map<String, String> keyOrigins = new HashMap<>();
        while (!parser.checkEvent(Event.ID.MappingEnd)) {
            Event keyEvent = parser.peekEvent();
            if (!(keyEvent instanceof ScalarEvent)) {
                throw new ConfigException(null, at(keyEvent.getStartMark()) + ": keys must be plain names, not "
                        + (keyEvent instanceof AliasEvent ? "aliases" : "mappings or lists"));
            }
            ScalarNode key = (ScalarNode) node(depth + 1);
            if (entries.containsKey(key.text())) {
                throw new ConfigException(key.text(), key.origin() + ": duplicate key " + key.text()
                        + " (first given at " + entries.get(key.text()).origin() + "); give each key once");
            }
            entries.put(key.text(), node(depth + 1));
            keyOrigins.put(key.text(), key.origin());
        }
        parser.getEvent();
        return new MapNode(Collections.unmodifiableMap(entries), Map.copyOf(keyOrigins), at(start.getStartMark()));
    }

    private ListNode sequence(Event start, int depth) {
        count(1, start.getStartMark());
        List<Node> items = new ArrayList<>();
        while (!parser.checkEvent(Event.ID.SequenceEnd)) {
            items.add(node(depth + 1));
        }
        parser.getEvent();
        return new ListNode(List.copyOf(items), at(start.getStartMark()));
    }

    private void rejectTag(NodeEvent event) {
        String tag = event instanceof ScalarEvent s ? s.getTag()
                : event instanceof CollectionStartEvent c ? c.getTag() : null;
        if (tag != null) {
            throw new ConfigException(null, at(event.getStartMark()) + ": YAML tags such as " + tag
                    + " are not allowed in config files; write plain values");
        }
    }

    /** Counts an alias's expansion against the budget, so shared subtrees cannot multiply. */
    private void count(Node aliased, Mark mark) {
        count(size(aliased), mark);
    }

    private void count(int added, Mark mark) {
        nodes += added;
        if (nodes > MAX_NODES) {
            throw new ConfigException(null, at(mark) + ": the config expands to more than " + MAX_NODES
                    + " values (too many aliases?); config files need no more than a few dozen");
        }
    }

    /** The expanded size of a subtree; memoised because aliases share subtrees. */
    private int size(Node node) {
        Integer known = sizes.get(node);
        if (known != null) {
            return known;
        }
        long n = 1;
        if (node instanceof MapNode m) {
            for (Node child : m.entries().values()) {
                n += size(child);
            }
        } else if (node instanceof ListNode l) {
            for (Node child : l.items()) {
                n += size(child);
            }
        }
        int result = (int) Math.min(n, Integer.MAX_VALUE);
        sizes.put(node, result);
        return result;
    }

    private void expect(Event.ID id) {
        Event event = parser.getEvent();
        if (!event.is(id)) {
            throw new ConfigException(null, at(event.getStartMark()) + ": unexpected " + event.getEventId());
        }
    }

    private String at(Mark mark) {
        return mark == null ? where : where + ":" + (mark.getLine() + 1);
    }
}
