package io.softmax4j.artifact;

import java.nio.file.Path;

/**
 * A model file that softmax4j will not load. The message names the file, says what is wrong
 * and what to do; {@link #reason()} says which check failed.
 */
public final class ModelFileException extends RuntimeException {
    /** Which check a model file failed. */
    public enum Reason {
        NOT_FOUND, UNREADABLE, EMPTY, NOT_A_ZIP, TRUNCATED, TOO_LARGE, MISSING_ENTRY, UNEXPECTED_ENTRY,
        INVALID_MANIFEST, NEWER_FORMAT, INVALID_CONFIGURATION, WRONG_SHAPE, NON_FINITE, CHECKSUM_MISMATCH,
        /** Finite parameters too large to give valid probabilities. */
        UNUSABLE_WEIGHTS,
        /** Bytes after (or missing from) the zip's end record. */
        TRAILING_DATA
    }

    private final transient Path file;
    private final Reason reason;

    public ModelFileException(Path file, Reason reason, String message) {
        this(file, reason, message, null);
    }

    public ModelFileException(Path file, Reason reason, String message, Throwable cause) {
        super(io.softmax4j.io.Printable.escape(String.valueOf(file)) + ": " + message, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The model file. */
    public Path file() {
        return file;
    }

    /** Which check failed. */
    public Reason reason() {
        return reason;
    }
}
