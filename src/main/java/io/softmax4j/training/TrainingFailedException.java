package io.softmax4j.training;

/**
 * A training run that did not finish: it diverged (the loss or the weights became NaN or
 * infinite) or it was interrupted. The message says what happened, what was (not) written and
 * what to try. No model is written for a failed run.
 */
public final class TrainingFailedException extends RuntimeException {
    /** Why the run stopped. */
    public enum Kind { DIVERGED, INTERRUPTED }

    private final Kind kind;

    public TrainingFailedException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The same failure with more text after the message (e.g. how to resume). */
    public TrainingFailedException withDetail(String detail) {
        TrainingFailedException e = new TrainingFailedException(kind, getMessage() + detail);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
