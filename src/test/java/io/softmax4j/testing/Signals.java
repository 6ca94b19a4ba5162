package io.softmax4j.testing;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** What a Ctrl-C test needs from the process that runs it. */
public final class Signals {
    private Signals() {
    }

    /**
     * Skips the calling test when this process ignores SIGINT: a child JVM inherits that, and the
     * JVM then installs no Ctrl-C handler, so SIGINT cannot reach softmax4j. It happens when the
     * build runs as a background job of a shell without job control ({@code mvn verify &}).
     */
    public static void assumeSigintIsDelivered() {
        assumeFalse(sigintIgnored(), "SIGINT is ignored in this process (started as a background job of a "
                + "non-interactive shell?), so child processes cannot receive Ctrl-C; run the build in the foreground");
    }

    static boolean sigintIgnored() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return new BigInteger(line.substring(7).trim(), 16).testBit(2 - 1); // SIGINT is signal 2
                }
            }
        } catch (IOException | RuntimeException e) {
            return false; // no /proc: assume the usual, delivered
        }
        return false;
    }
}
