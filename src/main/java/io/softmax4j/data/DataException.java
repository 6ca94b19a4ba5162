package io.softmax4j.data;

/** A dataset file is missing, corrupt or cannot be provisioned. The message names the file. */
public final class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
