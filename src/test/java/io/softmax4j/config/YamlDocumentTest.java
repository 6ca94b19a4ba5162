package io.softmax4j.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jackson's YAML parser into a JSON tree, with the line of every key and value and the safety limits. */
class YamlDocumentTest {
    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> YamlDocument.parse(yaml, "x.yaml")).getMessage();
    }

    private static String loadError(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.fromYaml(yaml, List.of(overrides), "x.yaml"))
                .getMessage();
    }

    @Test
    void everyValueRemembersItsKeysLineItsOwnLineAndItsTextAsWritten() {
        YamlDocument doc = YamlDocument.parse("training:\n  epochs: 3\n  updater:\n    learningRate: 1e-3\n"
                + "data:\n  labels:\n  - a\n  - \"2\"\n", "x.yaml");
        assertEquals("x.yaml:1", doc.at("/training"));
        assertEquals("x.yaml:2", doc.spot("/training").origin(), "a block mapping starts at its first key");
        assertEquals("x.yaml:4", doc.at("/training/updater/learningRate"));
        assertEquals("1e-3", doc.spot("/training/updater/learningRate").text());
        assertEquals(0.001, doc.root().at("/training/updater/learningRate").doubleValue());
        assertEquals("x.yaml:8", doc.at("/data/labels/1"));
        assertEquals("x.yaml:2", doc.at("/training/epochs/nothing/below"), "a missing value points at its parent");
        assertEquals("the string \"2\"", doc.describe(doc.root().at("/data/labels/1"), "/data/labels/1"));
        assertEquals("the value 1e-3", doc.describe(doc.root().at("/training/updater/learningRate"),
                "/training/updater/learningRate"));
    }

    @Test
    void aliasesExpandToCopiesSoAnOverrideChangesOnlyOnePlace() {
        YamlDocument doc = YamlDocument.parse("a: &x {b: 1}\nc: *x\nd: &n 5\ne: *n\n", "x.yaml");
        ((ObjectNode) doc.root().get("c")).put("b", 2);
        assertEquals(1, doc.root().at("/a/b").intValue());
        assertEquals(5, doc.root().at("/e").intValue(), "an anchor on a scalar works too");
        assertEquals("x.yaml:2", doc.at("/c/b"), "an alias's values point at the alias");
    }

    @Test
    void yamlFloatsJacksonCallsMalformedAreRead() {
        JsonNode root = YamlDocument.parse("a: .nan\nb: -.Inf\nc: .inf\n", "x.yaml").root();
        assertTrue(Double.isNaN(root.get("a").doubleValue()));
        assertEquals(Double.NEGATIVE_INFINITY, root.get("b").doubleValue());
        assertEquals(Double.POSITIVE_INFINITY, root.get("c").doubleValue());
    }

    @Test
    void unsafeOrAmbiguousInputIsRefusedWithItsLine() {
        assertEquals("x.yaml:2: YAML tags such as tag:yaml.org,2002:binary are not allowed in config files; "
                + "write plain values", error("a: 1\nb: !!binary AAAA\n"));
        assertTrue(error("a: !foo 1\n").startsWith("x.yaml:1: YAML tags such as !foo"), error("a: !foo 1\n"));
        assertEquals("x.yaml:1: keys must be plain names, not mappings, lists or aliases", error("? [a]\n: 1\n"));
        assertEquals("x.yaml:1: unknown alias *nope", error("a: *nope\n"));
        assertEquals("x.yaml:3: a config file holds one YAML document; remove the second '---'",
                error("a: 1\n\n---\nb: 2\n"));
        assertTrue(error("a: 1\nb: 2\na: 3\n").startsWith("x.yaml:3: duplicate key a (first given at x.yaml:1)"));
        assertNull(YamlDocument.parse("# only a comment\n", "x.yaml").root());
    }

    @Test
    void jacksonsBindingErrorsAreNamedByKeyAndLine() {
        assertEquals("x.yaml:2: data.shuffle must be true or false, got the value 1", loadError("data:\n  shuffle: 1\n"));
        assertEquals("x.yaml:1: training.epochs must be an integer, got the value 3.0", loadError("training: {epochs: 3.0}\n"));
        assertEquals("x.yaml:1: training.epochs is too large, got 99999999999", loadError("training: {epochs: 99999999999}\n"));
        assertEquals("x.yaml:1: model.initStd must be a number, got the string \"0.1\"", loadError("model: {initStd: \"0.1\"}\n"));
        assertEquals("x.yaml:1: training.updater.type must be one of sgd, nesterovs, adam, got no value",
                loadError("training: {updater: {type: }}\n"));
        assertEquals("x.yaml:1: training.updater must be a mapping of keys (type, learningRate, momentum, beta1, beta2, "
                + "epsilon), got the value 3", loadError("training: {updater: 3}\n"));
        assertEquals("--set training.seed=~: training.seed must be an integer, got the value ~",
                loadError("{}\n", "training.seed=~"));
    }

    @Test
    void textKeysKeepNumbersAsWritten() {
        RunConfig rc = ConfigLoader.fromYaml("data: {dataset: idx, train: {images: a, labels: b}, "
                + "test: {images: c, labels: d}, labels: [cat, 1.50, 010]}\n", List.of(), "x.yaml");
        assertEquals(List.of("cat", "1.50", "010"), rc.data().labels());
        assertFalse(ConfigLoader.toYaml(rc).contains("1.5\n"), ConfigLoader.toYaml(rc));
    }
}
