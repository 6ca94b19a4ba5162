package io.softmax4j.serving;

/** An input the model cannot classify: wrong length or size, out-of-range or unreadable pixels. */
public final class InvalidInputException extends IllegalArgumentException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
