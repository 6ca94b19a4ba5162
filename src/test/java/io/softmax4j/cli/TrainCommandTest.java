package io.softmax4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainCommandTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Softmax4jCli.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void missingConfigFileIsInvalidInputNamingTheFile() {
        Run r = run("train", "--config", "no/such/file.yaml");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("no/such/file.yaml") && r.err().contains("not found"), r.err());
    }

    @Test
    void outOfRangeValueNamesTheKeyAndNothingIsWritten(@TempDir Path dir) throws IOException {
        Path cfg = dir.resolve("bad.yaml");
        Files.writeString(cfg, "training: {updater: {type: sgd, learningRate: -1}}\noutput: {model: "
                + dir.resolve("m.zip") + "}\n");
        Run r = run("train", "--config", cfg.toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("training.updater.learningRate must be in (0, 10], got -1.0"), r.err());
        assertTrue(r.err().contains(cfg.toString()), r.err());
        assertTrue(Files.notExists(dir.resolve("m.zip")));
    }

    @Test
    void unknownOptionIsInvalidInput() {
        Run r = run("train", "--no-such-option");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("--no-such-option"), r.err());
    }

    @Test
    void resumeWithAnExplicitConfigIsRefused(@TempDir Path dir) {
        Run r = run("train", "--resume", dir.toString(), "--config", "config/mnist-softmax.yaml");
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("--resume uses the config saved with the run; drop --config"), r.err());
    }

    @Test
    void resumeOfAFolderWithoutCheckpointsIsInvalidInput(@TempDir Path dir) {
        Run r = run("train", "--resume", dir.resolve("run").toString());
        assertEquals(ExitCodes.EXIT_INVALID_INPUT, r.code());
        assertTrue(r.err().contains("no checkpoint in " + dir.resolve("run/checkpoints")), r.err());
    }

    @Test
    void failedTrainingMapsToItsOwnExitCode() {
        assertEquals(ExitCodes.EXIT_TRAINING_FAILED, ErrorHandler.exitCode(new io.softmax4j.training.TrainingFailedException(
                io.softmax4j.training.TrainingFailedException.Kind.DIVERGED, "training diverged")));
    }
}
