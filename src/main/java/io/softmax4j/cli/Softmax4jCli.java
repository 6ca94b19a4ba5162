package io.softmax4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** The {@code softmax4j} command line. */
@Command(name = "softmax4j", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Train, evaluate and serve softmax-regression classifiers for MNIST-like images.",
        footer = {"", "Examples:",
                "  softmax4j train --config config/mnist-softmax.yaml",
                "  softmax4j evaluate --model models/mnist-softmax.zip",
                "  softmax4j predict --model models/mnist-softmax.zip digit.png",
                "", HelpTexts.EXIT_CODES})
public final class Softmax4jCli implements Callable<Integer> {
    /**
     * The subcommands, by name, in the order help lists them. They are added in code rather than
     * in {@code @Command(subcommands = ...)} so that a run of one command builds only that
     * command's model (picocli builds each by reflection: about 0.2 s for all of them at start-up).
     */
    private static final java.util.Map<String, Class<?>> COMMANDS = commands();

    private static java.util.Map<String, Class<?>> commands() {
        java.util.Map<String, Class<?>> m = new java.util.LinkedHashMap<>();
        m.put("train", TrainCommand.class);
        m.put("evaluate", EvaluateCommand.class);
        m.put("predict", PredictCommand.class);
        m.put("config", ConfigCommand.class);
        m.put("serve", ServeCommand.class);
        m.put("sweep", SweepCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return java.util.Collections.unmodifiableMap(m);
    }
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Whether {@code out} is a terminal, so progress bars may be drawn on it. */
    private final boolean terminal;

    private Softmax4jCli(boolean terminal) {
        this.terminal = terminal;
    }

    boolean terminal() {
        return terminal;
    }

    /** A bare {@code softmax4j}: no command given, so print the usage and fail as picocli tools do. */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        java.util.List<String> names = new java.util.ArrayList<>(spec.subcommands().keySet());
        names.remove("help");
        err.println("error: missing command (" + String.join(", ", names.subList(0, names.size() - 1)) + " or "
                + names.get(names.size() - 1) + ")");
        spec.commandLine().usage(err);
        return ExitCodes.EXIT_INVALID_INPUT;
    }

    /** Builds the command line writing to the given streams, so tests can drive it in-process. */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err) {
        return newCommandLine(out, err, false);
    }

    /**
     * Builds the command line; {@code terminal} says whether {@code out} is an interactive
     * terminal (progress bars are drawn only then).
     */
    public static CommandLine newCommandLine(PrintWriter out, PrintWriter err, boolean terminal) {
        return newCommandLine(out, err, terminal, CommandLine.defaultFactory());
    }

    /** As {@link #newCommandLine(PrintWriter, PrintWriter)}, with picocli building commands through {@code factory}. */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
        return newCommandLine(out, err, false, factory);
    }

    static CommandLine newCommandLine(PrintWriter out, PrintWriter err, boolean terminal, CommandLine.IFactory factory) {
        return newCommandLine(out, err, terminal, factory, null);
    }

    /**
     * The command line with every subcommand, or with only {@code only} when it names one (the
     * command about to run: its parsing, help and errors are the same either way).
     */
    static CommandLine newCommandLine(PrintWriter out, PrintWriter err, boolean terminal, CommandLine.IFactory factory,
                                      String only) {
        CommandLine cl = new CommandLine(new Softmax4jCli(terminal), factory);
        boolean one = only != null && COMMANDS.containsKey(only) && !only.equals("help");
        for (var command : COMMANDS.entrySet()) {
            if (!one || command.getKey().equals(only)) {
                cl.addSubcommand(command.getKey(), new CommandLine(command.getValue(), factory));
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new ErrorHandler());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("error: " + io.softmax4j.io.Printable.escape(ex.getMessage()));
            // "Did you mean: softmax4j train?" for a mistyped command or option
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, e);
            e.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.EXIT_INVALID_INPUT;
        });
        // every command answers --version with the build's version, not only the top one
        VersionProvider versions = new VersionProvider();
        for (CommandLine sub : cl.getSubcommands().values()) {
            setVersions(sub, versions);
        }
        HelpLayout.install(cl);
        return cl;
    }

    private static void setVersions(CommandLine cl, VersionProvider versions) {
        cl.getCommandSpec().versionProvider(versions);
        cl.getSubcommands().values().forEach(sub -> setVersions(sub, versions));
    }

    /** Runs the command line and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, false);
    }

    static int run(String[] args, PrintWriter out, PrintWriter err, boolean terminal) {
        return newCommandLine(out, err, terminal, CommandLine.defaultFactory(), args.length > 0 ? args[0] : null)
                .execute(args);
    }

    public static void main(String[] args) {
        // an error in any thread (an OutOfMemoryError in a library's worker, say) ends the process with exit 4
        FatalErrorHandler.install(args);
        if (args.length > 0 && java.util.Set.of("train", "evaluate", "sweep").contains(args[0])) {
            // ND4J's start-up (~1 s) overlaps picocli, config and data loading on a second core; predict
            // and serve compute in plain Java (serving.DenseSoftmax) and never start ND4J
            io.softmax4j.engine.Engine.get().warmUpInBackground(args[0].equals("train") || args[0].equals("sweep"));
        }
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        // pictures are drawn off-screen: never try to open a display
        System.setProperty("java.awt.headless", "true");
        // a console exists only when stdin and stdout are terminals: no bar in pipes, CI or redirects
        int code = run(args, out, err, System.console() != null);
        out.flush();
        err.flush();
        exit(code);
    }

    /** Ends the process; after Ctrl-C the shutdown has begun and System.exit would block, so halt. */
    static void exit(int code) {
        if (InterruptHook.fired()) {
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }
}
