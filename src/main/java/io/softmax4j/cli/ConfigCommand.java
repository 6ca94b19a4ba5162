package io.softmax4j.cli;

import io.softmax4j.config.ConfigException;
import io.softmax4j.config.ConfigLoader;
import io.softmax4j.io.Printable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code config}: look at and check configs without training. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Show the effective config or check config files, without training.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.Check.class})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.EXIT_INVALID_INPUT;
    }

    /** {@code config show}: prints the merged effective config as YAML. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the effective config (file or model zip, plus --set) as YAML, every default filled in.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigSourceOptions source;

        @Option(names = "--verbose", description = "Print stack traces on errors.")
        boolean verbose;

        @Override
        public Integer call() {
            ConfigSourceOptions.Loaded loaded = source.load();
            PrintWriter out = spec.commandLine().getOut();
            // escaped: a newline in a --set value or file name must not break out of the comment
            out.println(Printable.escape("# effective config of " + loaded.source()
                    + (source.allOverrides().isEmpty() ? "" : " with --set " + String.join(" --set ", source.allOverrides()))));
            out.println("# every default filled in; use it with: train --config FILE");
            out.print(ConfigLoader.toYaml(loaded.config()));
            out.flush();
            return ExitCodes.EXIT_OK;
        }
    }

    /** {@code config check}: validates config files and reports each one. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Check config files (keys, types, ranges) without training; exit 2 if any is bad.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "YAML config files to check.")
        List<Path> files = new ArrayList<>();

        @Option(names = "--set", paramLabel = "KEY=VALUE",
                description = "Override a config key before checking (repeatable).")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--verbose", description = "Print stack traces on errors.")
        boolean verbose;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            int bad = 0;
            for (Path file : files) {
                try {
                    ConfigLoader.load(file, overrides);
                    out.println(Printable.escape(file.toString()) + ": ok");
                } catch (ConfigException e) {
                    bad++;
                    err.println("error: " + Printable.escape(e.getMessage()));
                    if (verbose) {
                        e.printStackTrace(err);
                    }
                }
            }
            out.flush();
            err.flush();
            return bad == 0 ? ExitCodes.EXIT_OK : ExitCodes.EXIT_INVALID_INPUT;
        }
    }
}
