package io.softmax4j.cli;

/** A failure the user can fix, with the exit code it maps to. */
final class UserInputException extends RuntimeException {
    private final int exitCode;

    UserInputException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
