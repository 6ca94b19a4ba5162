package io.softmax4j.cli;

/** Process exit codes. */
public final class ExitCodes {
    /** Success. */
    public static final int EXIT_OK = 0;
    /** The command ran but its result is a failure (e.g. accuracy below --min-accuracy, a file not classified). */
    public static final int EXIT_FAILED = 1;
    /** Bad command line, config, data or model file: nothing was run. */
    public static final int EXIT_INVALID_INPUT = 2;
    /** Training diverged or was interrupted. */
    public static final int EXIT_TRAINING_FAILED = 3;
    /** A bug or an environment problem: please report it with --verbose output. */
    public static final int EXIT_INTERNAL_ERROR = 4;

    private ExitCodes() {
    }
}
