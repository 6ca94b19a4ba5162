package io.softmax4j.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sweep files: what is read, and each bad input with its own message naming the file, line and key. */
class SweepConfigLoaderTest {
    static final String BASE = ConfigLoader.toYaml(RunConfig.defaults());

    @TempDir
    Path dir;

    Path file(String yaml) throws IOException {
        Path f = dir.resolve("my-sweep.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void readsAGridWithItsOriginsObjectiveAndPruner() throws IOException {
        SweepConfig s = SweepConfigLoader.load(file("""
                grid:
                  training.updater.learningRate: [0.01, 0.1]
                  data.batchSize: [64, 256]
                set: {training.epochs: 4}
                objective: {metric: loss}
                pruner: {type: successive-halving, reductionFactor: 3}
                """), List.of("training.l2=0,0.001"), null, BASE);
        assertEquals("my-sweep", s.name());
        assertEquals(List.of("training.updater.learningRate", "data.batchSize", "training.l2"), s.keys());
        assertEquals(dir.resolve("my-sweep.yaml") + ":2", s.grid().get("training.updater.learningRate").get(0).origin());
        assertEquals("--grid training.l2=0,0.001", s.grid().get("training.l2").get(1).origin());
        assertEquals(List.of("training.epochs=4"), s.fixed());
        assertEquals(new SweepConfig.Objective(SweepConfig.Metric.loss, false), s.objective());
        assertEquals(new SweepConfig.Pruner(1, 3, 1), s.pruner());
        assertEquals(List.of(1, 3, 9), s.pruner().rungs(10));
        assertNull(s.random());
    }

    @Test
    void readsARandomSearch() throws IOException {
        SweepConfig s = SweepConfigLoader.load(file("""
                name: wide
                random:
                  trials: 24
                  seed: 7
                  params:
                    training.updater.learningRate: {distribution: log-uniform, min: 0.001, max: 1}
                    data.batchSize: {distribution: uniform, min: 32, max: 512}
                    training.updater.type: {distribution: choice, values: [sgd, adam]}
                """), List.of(), null, BASE);
        assertEquals("wide", s.name());
        assertEquals(24, s.random().trials());
        assertEquals(7, s.random().seed());
        assertTrue(s.random().params().get("data.batchSize") instanceof SweepConfig.Uniform u && u.integer());
        assertTrue(s.random().params().get("training.updater.type") instanceof SweepConfig.Choice);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            typo in a grid key         | grid: {training.updater.learningRat: [0.1]}                 | my-sweep.yaml:1: unknown key training.updater.learningRat (did you mean training.updater.learningRate?)
            out-of-range grid value    | 'grid:\n  training.updater.learningRate: [0.1,\n    -1]'      | my-sweep.yaml:3: training.updater.learningRate must be in (0, 10], got -1
            wrong type of grid value   | grid: {data.batchSize: [64, big]}                           | my-sweep.yaml:1: data.batchSize
            grid value not a list      | grid: {data.batchSize: 64}                                  | grid data.batchSize must be a list of values
            empty grid list            | grid: {data.batchSize: []}                                  | grid data.batchSize has no values
            repeated grid value        | grid: {data.batchSize: [64, 64]}                            | grid data.batchSize lists 64 twice
            reserved key               | grid: {output.model: [a.zip]}                               | output.model cannot be swept or set
            unknown top-level key      | gird: {data.batchSize: [64]}                                | unknown sweep key gird (did you mean grid?)
            config key at the top      | training.epochs: 3                                          | unknown sweep key training.epochs (config keys go under grid:, random: params: or set:)
            nothing to sweep           | 'set: {training.epochs: 2}'                                 | nothing to sweep
            grid and random            | 'grid: {data.batchSize: [64]}\nrandom: {trials: 2, params: {training.l2: {distribution: uniform, min: 0, max: 0.1}}}' | give either a grid
            trials missing             | 'random: {params: {training.l2: {distribution: uniform, min: 0, max: 0.1}}}' | random needs trials: N
            trials out of range        | 'random: {trials: 0, params: {training.l2: {distribution: uniform, min: 0, max: 0.1}}}' | random.trials must be in [1, 10000], got 0
            unknown distribution       | 'random: {trials: 2, params: {training.l2: {distribution: normal, min: 0, max: 0.1}}}' | unknown distribution normal for training.l2
            min not below max          | 'random: {trials: 2, params: {training.l2: {distribution: uniform, min: 0.1, max: 0.1}}}' | training.l2 needs min < max
            log-uniform from 0         | 'random: {trials: 2, params: {training.l2: {distribution: log-uniform, min: 0, max: 0.1}}}' | needs min > 0
            range end out of range     | 'random: {trials: 2, params: {training.l2: {distribution: uniform, min: 0, max: 5}}}' | training.l2 must be in [0, 1], got 5.0
            uniform on a name          | 'random: {trials: 2, params: {training.updater.type: {distribution: uniform, min: 0, max: 1}}}' | training.updater.type is not a number; give it distribution: choice
            test-set objective         | 'grid: {data.batchSize: [64]}\nobjective: testAccuracy'      | choosing by the test set makes its accuracy an optimistic estimate
            unknown objective          | 'grid: {data.batchSize: [64]}\nobjective: {metric: validationAcc}' | unknown objective metric validationAcc (did you mean validationAccuracy?)
            bad goal                   | 'grid: {data.batchSize: [64]}\nobjective: {metric: loss, goal: up}' | objective.goal must be maximize or minimize, got up
            unknown pruner             | 'grid: {data.batchSize: [64]}\npruner: hyperband'            | unknown pruner hyperband; allowed: successive-halving
            pruner factor below 2      | 'grid: {data.batchSize: [64]}\npruner: {reductionFactor: 1}' | pruner.reductionFactor must be in [2, 100], got 1
            swept and fixed            | 'grid: {data.batchSize: [64]}\nset: {data.batchSize: 32}'    | data.batchSize is both swept and fixed
            bad fixed value            | 'grid: {data.batchSize: [64]}\nset: {training.epochs: -2}'   | my-sweep.yaml:2: training.epochs must be in [1, 100000], got -2
            bad name                   | 'name: ../escape\ngrid: {data.batchSize: [64]}'              | sweep name '../escape' must be 1-64 letters
            a list, not a mapping      | '- 1\n- 2'                                                   | expected a mapping with keys name, grid, random, set, objective, pruner
            """)
    void eachBadInputHasItsOwnMessage(String what, String yaml, String expected) throws IOException {
        Path f = file(yaml.replace("\\n", "\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> SweepConfigLoader.load(f, List.of(), null, BASE), what);
        assertTrue(e.getMessage().contains(expected.replace("my-sweep.yaml", f.toString())), what + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(f.toString()), "names the sweep file: " + e.getMessage());
    }

    @Test
    void badCommandLineGridsNameTheOption() {
        assertMessage(List.of("training.epochs"), "--grid training.epochs: expected key=v1,v2,...");
        assertMessage(List.of("training.epochs=1,,2"), "--grid training.epochs=1,,2: empty value in the list");
        assertMessage(List.of("training.epoch=1,2"), "--grid training.epoch=1,2: unknown key training.epoch (did you mean training.epochs?)");
        assertMessage(List.of("training.epochs=1,2", "training.epochs=3"), "training.epochs is already swept");
    }

    @Test
    void aMissingOrEmptyFileIsNamed() throws IOException {
        Path missing = dir.resolve("nope.yaml");
        assertTrue(assertThrows(ConfigException.class, () -> SweepConfigLoader.load(missing, List.of(), null, BASE))
                .getMessage().startsWith(missing + ": sweep file not found"));
        Path empty = file("   \n");
        assertTrue(assertThrows(ConfigException.class, () -> SweepConfigLoader.load(empty, List.of(), null, BASE))
                .getMessage().startsWith(empty + ": sweep file is empty"));
        assertTrue(assertThrows(ConfigException.class, () -> SweepConfigLoader.load(dir, List.of(), null, BASE))
                .getMessage().contains("not a regular file; expected a YAML sweep file"));
    }

    private static void assertMessage(List<String> grid, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> SweepConfigLoader.load(null, grid, null, BASE));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
