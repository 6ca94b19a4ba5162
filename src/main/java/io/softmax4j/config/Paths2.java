package io.softmax4j.config;

import java.nio.file.Path;

/** Path helpers for values written in YAML. */
public final class Paths2 {
    private Paths2() {
    }

    /** Expands a leading {@code ~} or {@code ~/} to the user's home folder. */
    public static Path expandHome(String path) {
        if (path.equals("~")) {
            return Path.of(System.getProperty("user.home"));
        }
        if (path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home"), path.substring(2));
        }
        return Path.of(path);
    }
}
