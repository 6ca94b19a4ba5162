package io.softmax4j.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a newcomer meets first: a bare command, a typo, --version and the help of each command. */
class HelpTest {
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Softmax4jCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void aBareCommandPrintsUsageAndTrainsNothing() {
        Run r = run();
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("error: missing command (train, evaluate, predict, config, serve or sweep)"), r.err());
        assertTrue(r.err().contains("Usage: softmax4j [-hV] [COMMAND]"), r.err());
        assertTrue(r.err().contains("Examples:"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void aMistypedCommandGetsASuggestion() {
        Run r = run("trian");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("Did you mean: softmax4j train?"), r.err());
        Run option = run("train", "--confg", "x.yaml");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, option.code());
        assertTrue(option.err().contains("--config"), option.err());
    }

    @Test
    void versionIsTheBuildsVersionForEveryCommand() {
        for (String[] args : List.of(new String[]{"--version"}, new String[]{"train", "--version"},
                new String[]{"predict", "--version"})) {
            Run r = run(args);
            assertEquals(0, r.code());
            // version.properties is filtered by Maven from the pom's <version>
            assertTrue(Pattern.matches("softmax4j \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\R", r.out()), r.out());
        }
    }

    @Test
    void helpFitsEightyColumnsNeverSplitsAKeyAndShowsExamplesAndExitCodes() {
        for (String command : List.of("train", "evaluate", "predict", "config")) {
            Run r = run(command, "--help");
            assertEquals(0, r.code());
            String[] lines = r.out().split("\\R");
            for (int i = 0; i < lines.length; i++) {
                assertTrue(lines[i].length() <= 80, command + " help line longer than 80: " + lines[i]);
                // a line ending in a config section and a dot ("training.") continued by a lower-case
                // word ("epochs,") is a key cut in two
                boolean sectionDot = lines[i].matches(".*\\b(data|model|training|output|runtime|updater|checkpoints"
                        + "|earlyStopping)\\.$");
                boolean keyRest = i + 1 < lines.length && lines[i + 1].strip().matches("^[a-z*][A-Za-z*]*([,.;)].*|$)");
                assertFalse(sectionDot && keyRest,
                        command + " help splits a key: '" + lines[i] + "' / '" + (i + 1 < lines.length ? lines[i + 1] : "") + "'");
            }
            if (!command.equals("config")) {
                assertTrue(r.out().contains("\nExamples:\n  softmax4j " + command + " "), r.out());
                assertTrue(r.out().contains("Exit codes: 0 ok; 1 ran but failed its goal; 2 bad input"), r.out());
            }
        }
    }

    @Test
    void eachDescriptionLineIsAWholeSentence() {
        var cl = Softmax4jCli.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        for (var sub : cl.getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue; // picocli's own
            }
            for (String line : sub.getCommandSpec().usageMessage().description()) {
                assertTrue(line.endsWith(".") || line.endsWith(")"), sub.getCommandName() + ": '" + line + "'");
            }
        }
    }

    @Test
    void wrapBreaksOnlyAtSpacesAndIndentsContinuations() {
        assertEquals(List.of("--set may change only", "  training.epochs,", "  training.maxMinutes"),
                HelpLayout.wrap("--set may change only training.epochs, training.maxMinutes", 22));
    }

    @Test
    void aRunBuildsOnlyItsCommandYetHelpAndErrorsAreThoseOfTheWholeTree() {
        for (String command : List.of("train", "evaluate", "predict", "config", "serve", "sweep")) {
            for (String[] args : List.of(new String[]{command, "--help"}, new String[]{command, "--no-such-option"})) {
                Run lazy = run(args);
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = Softmax4jCli.newCommandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
                assertEquals(code, lazy.code(), String.join(" ", args));
                assertEquals(out.toString(), lazy.out(), String.join(" ", args));
                assertEquals(err.toString(), lazy.err(), String.join(" ", args));
            }
            StringWriter sink = new StringWriter();
            picocli.CommandLine one = Softmax4jCli.newCommandLine(new PrintWriter(sink), new PrintWriter(sink), false,
                    picocli.CommandLine.defaultFactory(), command);
            assertEquals(List.of(command), List.copyOf(one.getSubcommands().keySet()), "only the command that runs is built");
        }
    }
}
