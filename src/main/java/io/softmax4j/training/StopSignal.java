package io.softmax4j.training;

/**
 * A request, from another thread (Ctrl-C's shutdown hook, a test), that a training run stop
 * cleanly. The trainer checks it between minibatches: the run then stops with a
 * {@link TrainingFailedException} and the partly trained epoch is discarded.
 */
public final class StopSignal {
    private volatile String reason;

    /** A signal nobody will ever raise. */
    public static StopSignal never() {
        return new StopSignal();
    }

    /** Asks the run to stop; {@code reason} is shown to the user (e.g. "interrupted (Ctrl-C)"). */
    public void request(String reason) {
        this.reason = reason;
    }

    /** Whether a stop was requested. Cheap: one volatile read. */
    public boolean requested() {
        return reason != null;
    }

    /** Why the stop was requested, or {@code null}. */
    public String reason() {
        return reason;
    }
}
