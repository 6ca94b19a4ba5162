package io.softmax4j.cli;

import io.softmax4j.io.Printable;

import java.io.PrintStream;

/**
 * The last line of defence: an error no command caught, in any thread (the main thread, a
 * library's worker, a progress thread), ends the process at once with one line on stderr and
 * exit code 4, instead of a stack trace and a JVM that may never exit (a thread pool left
 * waiting after an {@link OutOfMemoryError}). Halting skips shutdown hooks, which could hang or
 * need the memory that ran out; files are written atomically, so nothing is left half-written.
 */
final class FatalErrorHandler implements Thread.UncaughtExceptionHandler {
    /** Prepared up front: after an OutOfMemoryError there may be no memory to build it. */
    private static final String OUT_OF_MEMORY = "error: out of memory (Java heap space); the data or an input "
            + "is too large for this JVM: give Java more memory (e.g. JAVA_OPTS=-Xmx8g), or use fewer examples "
            + "(data.limit) or smaller files";

    private final PrintStream err;
    private final boolean verbose;

    FatalErrorHandler(PrintStream err, boolean verbose) {
        this.err = err;
        this.verbose = verbose;
    }

    /** Installs the handler for every thread that has none of its own. */
    static void install(String[] args) {
        boolean verbose = java.util.Arrays.asList(args).contains("--verbose");
        Thread.setDefaultUncaughtExceptionHandler(new FatalErrorHandler(System.err, verbose));
    }

    @Override
    public void uncaughtException(Thread thread, Throwable e) {
        try {
            if (e instanceof OutOfMemoryError) {
                err.println(OUT_OF_MEMORY);
            } else {
                err.println(line(thread, e));
                if (verbose) {
                    e.printStackTrace(err);
                } else {
                    err.println("(run again with --verbose for the stack trace)");
                }
            }
            err.flush();
        } finally {
            Runtime.getRuntime().halt(ExitCodes.EXIT_INTERNAL_ERROR);
        }
    }

    /** {@code error: internal error in thread T: Type: message}, on one line. */
    static String line(Thread thread, Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return "error: internal error in thread " + Printable.escape(thread.getName()) + ": "
                + e.getClass().getSimpleName() + Printable.escape(message);
    }
}
