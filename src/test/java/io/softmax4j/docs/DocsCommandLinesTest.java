package io.softmax4j.docs;

import io.softmax4j.cli.Softmax4jCli;
import io.softmax4j.config.ConfigException;
import io.softmax4j.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every softmax4j command line the documentation shows is one the real command line accepts.
 *
 * <p>Checked: each line of a {@code ```bash} (or {@code sh}, {@code shell}) block, and each line
 * starting with {@code $ } in a {@code ```console} block, that runs {@code softmax4j},
 * {@code target/softmax4j}, {@code java -jar target/softmax4j.jar} or
 * {@code mvn ... exec:java -Dexec.args="..."}. The arguments are parsed by picocli on the
 * root {@code CommandLine} built by {@link Softmax4jCli#newCommandLine} (any subcommand, also
 * ones added later), never executed: an unknown subcommand or option, a missing required
 * option or parameter fails. Every {@code --set} is then applied through the real override
 * parser and validator on top of the {@code --config} file shown (or the defaults), so an
 * unknown key or a value of the wrong type or range fails too. Commands that are meant to fail
 * belong in a {@code ```text} block.
 */
class DocsCommandLinesTest {
    /** A command line shown in a docs file. */
    record Shown(Path file, int line, String text, List<String> args) {
        String where() {
            return file + ":" + line + ": `" + text.strip() + "`";
        }
    }

    @Test
    void everyCommandLineShownInTheDocsParses() {
        List<Shown> shown = shownCommandLines();
        List<String> problems = new ArrayList<>();
        for (Shown s : shown) {
            problem(s).ifPresent(problems::add);
        }
        assertTrue(problems.isEmpty(), problems.size() + " command line(s) in the docs do not parse:\n"
                + String.join("\n", problems));
        // the extractor must find the quickstart, not silently nothing
        assertTrue(shown.size() >= 20, "expected the docs to show at least 20 softmax4j command lines, found "
                + shown.size() + ": " + shown);
        assertTrue(shown.stream().anyMatch(s -> s.file().toString().equals("README.md")),
                "README.md shows no softmax4j command line in a bash block");
    }

    @Test
    void theCheckRefusesWhatTheCommandLineRefuses() {
        assertEquals(Optional.empty(), problem(line("target/softmax4j train --config config/smoke.yaml --set training.epochs=3")));
        assertEquals(Optional.empty(), problem(line("mvn -q compile exec:java -Dexec.args=\"predict --model m.zip --test-index 0-9\"")));
        assertProblem("target/softmax4j trian", "trian");
        assertProblem("softmax4j train --cofnig config/smoke.yaml", "--cofnig");
        assertProblem("softmax4j evaluate --json", "--model");
        assertProblem("target/softmax4j train --set trainig.epochs=1", "trainig.epochs");
        assertProblem("target/softmax4j train --set training.epochs=ten", "training.epochs");
        assertProblem("mvn -q exec:java -Dexec.args=\"train --set data.batchSize=0\"", "data.batchSize");
        assertProblem("java -jar target/softmax4j.jar config shwo", "shwo");
    }

    @Test
    void shellWordsAreSplitAsAShellWould() {
        assertEquals(List.of(List.of("a", "b c", "d\"e", "f"), List.of("g")),
                ShellWords.commands("a 'b c' \"d\\\"e\" f 2>&1 > out.txt && g # comment"));
        assertEquals(List.of(List.of("x", "--set", "k=v w")), ShellWords.commands("x --set k=v\\ w"));
    }

    private static void assertProblem(String commandLine, String named) {
        Optional<String> p = problem(line(commandLine));
        assertTrue(p.isPresent() && p.get().contains(named), commandLine + " should fail naming " + named + ", got " + p);
    }

    private static Shown line(String text) {
        return parseLine(Path.of("test.md"), 1, text).get(0);
    }

    /** Every softmax4j command line shown in the docs. */
    static List<Shown> shownCommandLines() {
        List<Shown> shown = new ArrayList<>();
        for (Path file : MarkdownFiles.all()) {
            for (MarkdownFiles.Block block : MarkdownFiles.blocks(file)) {
                boolean script = List.of("bash", "sh", "shell").contains(block.language());
                boolean console = block.language().equals("console");
                if (!script && !console) {
                    continue;
                }
                StringBuilder joined = new StringBuilder();
                int start = 0;
                for (int i = 0; i < block.lines().size(); i++) {
                    String text = block.lines().get(i);
                    if (joined.isEmpty()) {
                        start = block.firstLine() + i;
                        if (console && !text.startsWith("$ ")) {
                            continue;
                        }
                    }
                    if (text.endsWith("\\")) {
                        joined.append(text, 0, text.length() - 1).append(' ');
                        continue;
                    }
                    joined.append(text);
                    String command = joined.toString().strip();
                    joined.setLength(0);
                    shown.addAll(parseLine(file, start, command.startsWith("$ ") ? command.substring(2) : command));
                }
            }
        }
        return shown;
    }

    private static List<Shown> parseLine(Path file, int line, String text) {
        List<Shown> shown = new ArrayList<>();
        for (List<String> words : ShellWords.commands(text)) {
            cliArgs(words).ifPresent(args -> shown.add(new Shown(file, line, text, args)));
        }
        return shown;
    }

    /** The arguments a command passes to softmax4j's command line, if it runs softmax4j's CLI. */
    static Optional<List<String>> cliArgs(List<String> words) {
        int i = 0;
        while (i < words.size() && (words.get(i).matches("[A-Za-z_][A-Za-z0-9_]*=.*") || words.get(i).equals("time"))) {
            i++;
        }
        if (i == words.size()) {
            return Optional.empty();
        }
        String first = words.get(i);
        List<String> rest = words.subList(i + 1, words.size());
        if (first.equals("softmax4j") || first.endsWith("/softmax4j")) {
            return Optional.of(rest);
        }
        if (first.equals("java")) {
            int jar = rest.indexOf("-jar");
            if (jar >= 0 && jar + 1 < rest.size() && rest.get(jar + 1).endsWith("softmax4j.jar")) {
                return Optional.of(rest.subList(jar + 2, rest.size()));
            }
        }
        if (first.equals("mvn") && rest.stream().anyMatch(w -> w.contains("exec:java"))
                && rest.stream().noneMatch(w -> w.startsWith("-Dexec.mainClass="))) {
            // without -Dexec.args Maven passes the pom's default arguments, checked by the CLI's own tests
            return rest.stream().filter(w -> w.startsWith("-Dexec.args=")).findFirst()
                    .map(w -> ShellWords.commands(w.substring("-Dexec.args=".length())).stream()
                            .findFirst().orElse(List.of()));
        }
        return Optional.empty();
    }

    /** Why {@code shown} is not a command line softmax4j accepts, or empty when it is. */
    static Optional<String> problem(Shown shown) {
        Writer sink = Writer.nullWriter();
        CommandLine cl = Softmax4jCli.newCommandLine(new PrintWriter(sink), new PrintWriter(sink));
        ParseResult parsed;
        try {
            parsed = cl.parseArgs(shown.args().toArray(String[]::new));
        } catch (CommandLine.ParameterException e) {
            return Optional.of(shown.where() + ": " + e.getMessage());
        }
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            OptionSpec set = r.matchedOption("--set");
            if (set == null) {
                continue;
            }
            try {
                ConfigLoader.fromYaml(baseConfig(r), set.originalStringValues(), shown.file().toString());
            } catch (ConfigException e) {
                return Optional.of(shown.where() + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The YAML the {@code --set} values apply to: the {@code --config} file shown when it is in the project, else the defaults. */
    private static String baseConfig(ParseResult r) {
        OptionSpec config = r.matchedOption("--config");
        if (config != null && !config.originalStringValues().isEmpty()) {
            Path file = MarkdownFiles.ROOT.resolve(config.originalStringValues().get(0));
            if (Files.isRegularFile(file)) {
                return ConfigLoader.read(file);
            }
        }
        return "model: {}\n";
    }
}
