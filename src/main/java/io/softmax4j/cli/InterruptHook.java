package io.softmax4j.cli;

import io.softmax4j.training.StopSignal;

import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT, SIGTERM) during a command into a clean stop: the JVM shutdown hook raises
 * the run's {@link StopSignal}, then waits while the trainer finishes its current minibatch and
 * the command prints how to resume; {@link Softmax4jCli#main} then ends the process with the
 * command's exit code. If the run does not stop within {@link #GRACE_SECONDS}, the JVM exits
 * anyway (every file on disk is written atomically, so nothing is left half-written).
 */
final class InterruptHook {
    static final long GRACE_SECONDS = 60;
    private static volatile boolean fired;

    private final Thread thread;

    private InterruptHook(Thread thread) {
        this.thread = thread;
    }

    /** Registers a hook that raises {@code stop} when the JVM is asked to shut down. */
    static InterruptHook install(StopSignal stop) {
        return install(() -> stop.request("interrupted"));
    }

    /**
     * Registers a hook that runs {@code action} when the JVM is asked to shut down (SIGINT,
     * SIGTERM); the command waits for the action to finish and returns its exit code.
     */
    static InterruptHook install(Runnable action) {
        Thread t = new Thread(() -> {
            fired = true;
            action.run();
            try {
                // main() halts the JVM once the command has returned; this only bounds the wait.
                TimeUnit.SECONDS.sleep(GRACE_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "softmax4j-interrupt");
        Runtime.getRuntime().addShutdownHook(t);
        return new InterruptHook(t);
    }

    /** Unregisters the hook once the command is over (a no-op if shutdown has begun). */
    void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: main() will end the process
        }
    }

    /** Whether a shutdown hook has fired in this JVM (then System.exit would block: halt instead). */
    static boolean fired() {
        return fired;
    }
}
