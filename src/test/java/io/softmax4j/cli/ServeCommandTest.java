package io.softmax4j.cli;

import io.softmax4j.testing.TestModels;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad serve command lines: one clear error line naming the option or file, exit code 2, nothing started. */
class ServeCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Softmax4jCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static void expectError(Run r, String message) {
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(message), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void badOptionsAreRefusedWithOneLine() throws IOException {
        Path zip = dir.resolve("m.zip");
        TestModels.saveSynthetic(zip);
        expectError(run("serve", "--model", zip.toString(), "--port", "70000"), "--port must be in 0..65535 (0 = any free port), got 70000");
        expectError(run("serve", "--model", zip.toString(), "--max-batch", "0"), "--max-batch must be in 1..100000, got 0");
        expectError(run("serve", "--model", zip.toString(), "--idle-timeout-ms", "5"), "--idle-timeout-ms must be in 100..3600000, got 5");
        expectError(run("serve", "--models", dir.resolve("nowhere").toString()), "nowhere: no such model file or folder");
        expectError(run("serve"), "Missing required argument");
        expectError(run("serve", "--models", dir.toString(), "--model", zip.toString()), "mutually exclusive");
        Path shortToken = Files.writeString(dir.resolve("token.txt"), "short\n");
        expectError(run("serve", "--model", zip.toString(), "--token-file", shortToken.toString()),
                "the token on its first line is 5 characters; use at least 16");
        expectError(run("serve", "--model", zip.toString(), "--token-file", dir.toString()), "not a regular file");
        Path big = Files.write(dir.resolve("big.txt"), new byte[5000]);
        expectError(run("serve", "--model", zip.toString(), "--token-file", big.toString()), "over 4096 bytes");
    }

    @Test
    void aBadModelFileStopsTheStart() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.zip"), "not a zip");
        expectError(run("serve", "--model", bad.toString(), "--port", "0"), "bad.zip");
    }
}
