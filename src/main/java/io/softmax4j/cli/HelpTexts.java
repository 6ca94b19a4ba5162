package io.softmax4j.cli;

/** Texts shared by the commands' help. */
final class HelpTexts {
    /** The exit codes, as {@link ExitCodes} defines them, for the help footers. */
    static final String EXIT_CODES = "Exit codes: 0 ok; 1 ran but failed its goal; 2 bad input (command line, "
            + "config, data, model file); 3 training diverged or was interrupted; 4 internal error.";

    private HelpTexts() {
    }
}
