package io.softmax4j.config;

/**
 * The one exception for bad configuration: a YAML file that cannot be read or parsed, an
 * unknown key, a value of the wrong type or out of range. The message names the file and/or
 * the dotted key, what was wrong and what is allowed.
 */
public final class ConfigException extends RuntimeException {
    private final String key;

    public ConfigException(String key, String message) {
        super(message);
        this.key = key;
    }

    public ConfigException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The dotted key the problem is about, or {@code null} when it concerns the whole file. */
    public String key() {
        return key;
    }
}
