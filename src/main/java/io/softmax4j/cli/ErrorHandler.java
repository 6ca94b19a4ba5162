package io.softmax4j.cli;

import io.softmax4j.artifact.ModelFileException;
import io.softmax4j.config.ConfigException;
import io.softmax4j.data.DataException;
import io.softmax4j.serving.InvalidInputException;
import io.softmax4j.training.TrainingFailedException;
import io.softmax4j.io.Printable;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Turns exceptions into one clear error line and an exit code; stack traces only with
 * {@code --verbose}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        int code = exitCode(ex);
        err.println("error: " + message(ex));
        if (verbose(parsed)) {
            ex.printStackTrace(err);
        } else if (code == ExitCodes.EXIT_INTERNAL_ERROR) {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return code;
    }

    static int exitCode(Throwable ex) {
        if (ex instanceof ConfigException || ex instanceof DataException || ex instanceof ModelFileException
                || ex instanceof InvalidInputException) {
            return ExitCodes.EXIT_INVALID_INPUT;
        }
        if (ex instanceof TrainingFailedException) {
            return ExitCodes.EXIT_TRAINING_FAILED;
        }
        if (ex instanceof UserInputException u) {
            return u.exitCode();
        }
        return ExitCodes.EXIT_INTERNAL_ERROR;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        // a file name or value holding a newline must not forge a second line
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : Printable.escape(m);
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
