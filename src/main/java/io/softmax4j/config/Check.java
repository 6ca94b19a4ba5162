package io.softmax4j.config;

/** Range checks used by the config records' compact constructors. */
final class Check {
    private Check() {
    }

    static int positive(String key, Integer value, int max) {
        if (value == null || value <= 0 || value > max) {
            throw new ConfigException(key, key + " must be in [1, " + max + "], got " + value);
        }
        return value;
    }

    static int closedRange(String key, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw new ConfigException(key, key + " must be in [" + min + ", " + max + "], got " + value);
        }
        return value;
    }

    static double inRange(String key, Double value, double minExclusive, double maxInclusive) {
        if (value == null || value.isNaN() || value <= minExclusive || value > maxInclusive) {
            throw new ConfigException(key, key + " must be in (" + fmt(minExclusive) + ", "
                    + fmt(maxInclusive) + "], got " + value);
        }
        return value;
    }

    static double closedRange(String key, Double value, double min, double max) {
        if (value == null || value.isNaN() || value < min || value > max) {
            throw new ConfigException(key, key + " must be in [" + fmt(min) + ", " + fmt(max)
                    + "], got " + value);
        }
        return value;
    }

    static String nonBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key, key + " must not be empty");
        }
        return value;
    }

    /**
     * A file or folder path: not empty, no control characters (a NUL cannot be in a file name; a
     * newline would forge output lines), and a path this system accepts.
     */
    static String path(String key, String value) {
        nonBlank(key, value);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new ConfigException(key, key + " must not contain control characters, got "
                        + io.softmax4j.io.Printable.escape(value) + " (character " + (i + 1) + " is "
                        + String.format("U+%04X", (int) c) + ")");
            }
        }
        try {
            java.nio.file.Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(key, key + " is not a valid path: " + value + " (" + e.getReason() + ")");
        }
        return value;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
