package io.softmax4j.training;

import io.softmax4j.metrics.EpochMetrics;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * A progress bar per epoch for a terminal (me.tongfei:progressbar): batches done, throughput in
 * examples per second, the epoch's loss so far and the time left. At the epoch end the bar is
 * cleared and the epoch's summary line is printed in its place, so the summary lines stay on
 * screen and the bar always sits below them. Use it only when the output is a terminal; use
 * {@link TrainingListener.Defaults#epochLines} otherwise (no control characters).
 */
public final class ProgressBarListener implements TrainingListener, AutoCloseable {
    /** Columns kept free right of the bar, so a terminal's "^C" echo does not wrap the line. */
    static final int ECHO_ROOM = 2;
    private final PrintWriter out;
    private final IntSupplier width;
    private int epochs;
    private int batchesPerEpoch;
    private ProgressBar bar;
    private LineConsumer line;
    private int barWidth;
    private long epochStartNanos;

    /** A bar as wide as the terminal, drawn on {@code out} (which must be the terminal). */
    public ProgressBarListener(PrintWriter out) {
        this(out, new TerminalWidth());
    }

    /** A bar of at most {@code width} characters (for tests). */
    ProgressBarListener(PrintWriter out, IntSupplier width) {
        this.out = out;
        this.width = width;
    }

    @Override
    public void onTrainingStart(int epochs, int batchesPerEpoch, int examplesPerEpoch) {
        this.epochs = epochs;
        this.batchesPerEpoch = batchesPerEpoch;
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int examplesDone, double lossSoFar) {
        if (bar == null) {
            bar = newBar(epoch);
            epochStartNanos = System.nanoTime();
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - epochStartNanos) / 1e9);
        bar.setExtraMessage(String.format(Locale.ROOT, "%,.0f ex/s, loss %.4f", examplesDone / seconds, lossSoFar));
        bar.stepTo(batch);
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics) {
        close();
        out.println(metrics.line());
        out.flush();
    }

    /**
     * Stops and wipes the current bar, if any: at each epoch end, and when training ends early
     * (an error, Ctrl-C), so no bar keeps redrawing over the messages that follow.
     */
    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            // the library renders on its own thread; shut our consumer so no late frame can
            // land after the wipe, then wipe the bar ourselves
            line.shut();
            line.clear(true);
            bar = null;
        }
    }

    private ProgressBar newBar(int epoch) {
        if (barWidth == 0) {
            // asked once: the terminal library may ask the terminal through a subprocess (stty)
            barWidth = width.getAsInt();
        }
        line = new LineConsumer(out, barWidth);
        return new ProgressBarBuilder()
                .setTaskName(String.format(Locale.ROOT, "epoch %d/%d", epoch, epochs))
                .setInitialMax(batchesPerEpoch)
                .setUnit(" batches", 1)
                .setStyle(ProgressBarStyle.ASCII) // plain characters: safe in any terminal encoding
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .clearDisplayOnFinish()
                .setConsumer(line)
                .build();
    }

    /** Redraws one terminal line with carriage returns; nothing else. */
    private static final class LineConsumer implements ProgressBarConsumer {
        private final PrintWriter out;
        private final int width;
        private volatile boolean shut;

        LineConsumer(PrintWriter out, int width) {
            this.out = out;
            this.width = width;
        }

        @Override
        public int getMaxRenderedLength() {
            return width;
        }

        @Override
        public void accept(String frame) {
            synchronized (out) {
                if (!shut) {
                    out.print('\r' + frame);
                    out.flush();
                }
            }
        }

        @Override
        public void clear() {
            clear(false);
        }

        void clear(boolean evenIfShut) {
            synchronized (out) {
                if (evenIfShut || !shut) {
                    // two more than the bar: also wipes the "^C" a terminal echoes after it
                    out.print('\r' + " ".repeat(width + ECHO_ROOM) + '\r');
                    out.flush();
                }
            }
        }

        void shut() {
            shut = true;
        }

        @Override
        public void close() {
            out.flush();
        }
    }

    /** The terminal's width as the progress bar library detects it (80 when unknown). */
    private static final class TerminalWidth implements IntSupplier {
        @Override
        public int getAsInt() {
            try {
                // only asked for its width, never closed: closing would print a newline
                return Math.max(40, new ConsoleProgressBarConsumer(System.out).getMaxRenderedLength() - ECHO_ROOM);
            } catch (RuntimeException | LinkageError e) {
                return 79;
            }
        }
    }
}
