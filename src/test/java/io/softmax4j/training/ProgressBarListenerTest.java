package io.softmax4j.training;

import io.softmax4j.metrics.EpochMetrics;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressBarListenerTest {

    @Test
    void drawsABarPerEpochWithBatchesThroughputLossAndTimeLeftThenKeepsTheEpochLine() {
        StringWriter text = new StringWriter();
        ProgressBarListener listener = new ProgressBarListener(new PrintWriter(text), () -> 100);
        listener.onTrainingStart(2, 4, 40);
        EpochMetrics[] epochs = {new EpochMetrics(1, 0.9, 0.7, 0.75, 1.0), new EpochMetrics(2, 0.5, 0.8, 0.85, 1.0)};
        for (EpochMetrics m : epochs) {
            for (int b = 1; b <= 4; b++) {
                listener.onBatchEnd(m.epoch(), b, 10 * b, 0.25 * m.epoch());
            }
            listener.onEpochEnd(m);
        }
        String out = text.toString();
        assertTrue(out.contains("\repoch 1/2 [") && out.contains("] 100% loss 0.2500 "), out);
        assertTrue(out.contains("] 100% loss 0.5000 ") && out.contains(" ex/s"), out);
        // each bar is wiped (carriage return, blanks, carriage return) and the epoch line takes its place
        String cleared = "\r" + " ".repeat(100 + ProgressBarListener.ECHO_ROOM) + "\r";
        assertTrue(out.contains(cleared + epochs[0].line() + System.lineSeparator()), out);
        assertTrue(out.endsWith(cleared + epochs[1].line() + System.lineSeparator()), out);
        for (String line : out.split("\r")) {
            assertTrue(line.length() <= 102 + System.lineSeparator().length() + epochs[0].line().length(), line);
        }
    }

    @Test
    void aFrameAtEightyColumnsHasARealBarAndTheWholeLoss() {
        int width = 80 - ProgressBarListener.ECHO_ROOM;
        String f = ProgressBarListener.frame("epoch 10/10", 100, 235, "loss 0.4321\u0000123,456 ex/s",
                java.time.Duration.ofSeconds(20), width);
        assertTrue(f.length() <= width, f.length() + ": " + f);
        assertEquals("epoch 10/10 [", f.substring(0, 13), f);
        int bar = f.indexOf(']') - f.indexOf('[') - 1;
        assertTrue(bar >= ProgressBarListener.MIN_BAR, "bar of " + bar + ": " + f);
        assertTrue(f.contains("]  42% loss 0.4321 123,456 ex/s 0:00:27 left"), f);
        assertEquals("epoch 10/10 [" + "=".repeat(bar * 100 / 235) + ">", f.substring(0, 14 + bar * 100 / 235), f);
        // narrower: throughput goes first, then the time left; the loss stays whole
        String narrow = ProgressBarListener.frame("epoch 10/10", 100, 235, "loss 0.4321\u0000123,456 ex/s",
                java.time.Duration.ofSeconds(20), 66);
        assertTrue(narrow.endsWith("]  42% loss 0.4321 0:00:27 left") && narrow.length() <= 66, narrow);
        String tiny = ProgressBarListener.frame("epoch 10/10", 100, 235, "loss 0.4321\u0000123,456 ex/s",
                java.time.Duration.ofSeconds(20), 40);
        assertTrue(tiny.endsWith("]  42% loss 0.4321") && tiny.length() <= 40, tiny);
    }

    @Test
    void closingMidEpochWipesTheBarAndStopsIt() throws InterruptedException {
        StringWriter text = new StringWriter();
        ProgressBarListener listener = new ProgressBarListener(new PrintWriter(text), () -> 60);
        listener.onTrainingStart(1, 10, 100);
        listener.onBatchEnd(1, 3, 30, 0.7);
        listener.close();
        String out = text.toString();
        assertTrue(out.endsWith("\r" + " ".repeat(60 + ProgressBarListener.ECHO_ROOM) + "\r"), "wiped: " + out);
        Thread.sleep(500); // the library's render thread would have drawn again by now
        assertEquals(out, text.toString(), "nothing drawn after close");
        listener.close(); // twice is harmless
    }

    @Test
    void epochLinesAloneHaveNoControlCharacters() {
        StringWriter text = new StringWriter();
        TrainingListener plain = TrainingListener.Defaults.epochLines(new PrintWriter(text));
        plain.onTrainingStart(1, 2, 20);
        plain.onBatchEnd(1, 1, 10, 0.5);
        plain.onBatchEnd(1, 2, 20, 0.4);
        EpochMetrics m = new EpochMetrics(1, 0.4, 0.8, 0.8, 0.1);
        plain.onEpochEnd(m);
        assertEquals(m.line() + System.lineSeparator(), text.toString());
    }
}
