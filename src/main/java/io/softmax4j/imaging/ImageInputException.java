package io.softmax4j.imaging;

import java.nio.file.Path;

/** A user's image file cannot be used; the message names the file and says what to try. */
public final class ImageInputException extends RuntimeException {
    /** What is wrong with the file (or image: {@code file} may be null for an image in memory). */
    public enum Problem {
        MISSING, EMPTY, NOT_AN_IMAGE, UNSUPPORTED_FORMAT, TOO_LARGE, TRUNCATED, CORRUPT, NO_INK
    }

    private final Path file;
    private final Problem problem;

    public ImageInputException(Path file, Problem problem, String message) {
        this(file, problem, message, null);
    }

    public ImageInputException(Path file, Problem problem, String message, Throwable cause) {
        super((file == null ? "image" : io.softmax4j.io.Printable.escape(file.toString())) + ": " + message, cause);
        this.file = file;
        this.problem = problem;
    }

    public Path file() {
        return file;
    }

    public Problem problem() {
        return problem;
    }
}
