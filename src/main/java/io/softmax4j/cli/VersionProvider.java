package io.softmax4j.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The build's version, from {@code version.properties} (filled in by Maven resource filtering,
 * so it is right whether run from the jar, from classes or through {@code mvn exec:java}).
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[]{"softmax4j " + version()};
    }

    /** The project version, or {@code dev} when the resource was not filtered. */
    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("/io/softmax4j/version.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version");
            return v == null || v.isBlank() || v.startsWith("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }
}
