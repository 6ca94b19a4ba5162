package io.softmax4j.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The softmax4j and Deeplearning4j versions on the classpath, recorded in every manifest. */
public final class Versions {
    private Versions() {
    }

    /** softmax4j's version (from the Maven build), or {@code dev}. */
    public static String softmax4j() {
        String v = property("/io/softmax4j/version.properties", "version");
        return v == null || v.startsWith("${") ? "dev" : v;
    }

    /** The Deeplearning4j version (from the deeplearning4j-nn jar), or {@code unknown}. */
    public static String dl4j() {
        String v = property("/META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties", "version");
        return v == null ? "unknown" : v;
    }

    private static String property(String resource, String key) {
        try (InputStream in = Versions.class.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty(key);
        } catch (IOException e) {
            return null;
        }
    }
}
