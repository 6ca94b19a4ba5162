package io.softmax4j.training;

import io.softmax4j.metrics.EpochMetrics;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * A progress bar per epoch for a terminal (me.tongfei:progressbar, with our own compact frame):
 * the share of batches done, the epoch's loss so far, throughput in examples per second and the
 * time left, readable at 80 columns. At the epoch end the bar is
 * cleared and the epoch's summary line is printed in its place, so the summary lines stay on
 * screen and the bar always sits below them. Use it only when the output is a terminal; use
 * {@link TrainingListener.Defaults#epochLines} otherwise (no control characters).
 */
public final class ProgressBarListener implements TrainingListener, AutoCloseable {
    /** Columns kept free right of the bar, so a terminal's "^C" echo does not wrap the line. */
    static final int ECHO_ROOM = 2;
    /** Separates the loss from the throughput in the bar's extra message (the throughput is dropped first). */
    private static final String SPEED_SEPARATOR = "\u0000";
    /** The bar itself gets at least this many characters, or the optional parts are dropped. */
    static final int MIN_BAR = 20;
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
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f" + SPEED_SEPARATOR + "%,.0f ex/s", lossSoFar,
                examplesDone / seconds));
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
                .setRenderer((state, maxLength) -> frame(state.getTaskName(), state.getCurrent(), state.getMax(),
                        state.getExtraMessage(), state.getElapsedAfterStart(), maxLength))
                .setUpdateIntervalMillis(200)
                .continuousUpdate()
                .clearDisplayOnFinish()
                .setConsumer(line)
                .build();
    }

    /**
     * One frame, at most {@code width} characters: {@code epoch 3/10 [=====>    ] 42% loss 0.4321
     * 12,345 ex/s 0:00:03 left}. The loss is always whole; on a narrow terminal the throughput and
     * then the time left are dropped before the bar gets shorter than {@link #MIN_BAR}.
     */
    static String frame(String task, long current, long max, String extra, java.time.Duration elapsed, int width) {
        String[] parts = extra == null ? new String[]{""} : extra.split(SPEED_SEPARATOR, 2);
        String loss = parts[0];
        String speed = parts.length > 1 ? " " + parts[1] : "";
        String left = current > 0 && max > current
                ? " " + clock(elapsed.multipliedBy(max - current).dividedBy(current)) + " left" : "";
        String percent = String.format(Locale.ROOT, " %3d%% ", max > 0 ? 100 * current / max : 0);
        String[] tails = {percent + loss + speed + left, percent + loss + left, percent + loss};
        String head = task + " [";
        for (String tail : tails) {
            int barLength = width - head.length() - 1 - tail.length();
            if (barLength >= MIN_BAR || tail.equals(tails[tails.length - 1])) {
                String frame = head + bar(current, max, Math.max(1, barLength)) + "]" + tail;
                return frame.length() <= width ? frame : frame.substring(0, width);
            }
        }
        throw new AssertionError("unreachable");
    }

    private static String bar(long current, long max, int length) {
        int done = max > 0 ? (int) Math.min(length, length * current / max) : 0;
        return "=".repeat(done) + (done < length ? ">" + " ".repeat(length - done - 1) : "");
    }

    private static String clock(java.time.Duration d) {
        long s = d.toSeconds();
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
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
