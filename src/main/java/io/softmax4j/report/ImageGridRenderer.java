package io.softmax4j.report;

import io.softmax4j.evaluation.Predictions;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Draws labelled grids of test images with plain Java2D: the first test images with their true
 * and predicted labels (the reference's final picture), and the model's mistakes.
 */
final class ImageGridRenderer {
    static final int PREDICTION_COUNT = 20;
    static final int PREDICTION_COLUMNS = 10;
    static final int MISTAKE_COUNT = 40;
    static final int MISTAKE_COLUMNS = 10;
    static final int SCALE = 3;
    private static final int PAD = 8;
    private static final int TITLE_HEIGHT = 34;
    private static final int TEXT_HEIGHT = 34;

    /** One image of the grid with its two caption lines. */
    record Tile(byte[] pixels, String line1, String line2, boolean wrong) {
    }

    private ImageGridRenderer() {
    }

    /** The first {@value #PREDICTION_COUNT} test images, titled true / predicted, wrong ones in red. */
    static BufferedImage predictions(Predictions p) {
        List<Tile> tiles = new ArrayList<>();
        int n = Math.min(PREDICTION_COUNT, p.count());
        int wrong = 0;
        for (int i = 0; i < n; i++) {
            tiles.add(new Tile(p.pixels(i), "true " + p.labelName(p.actual(i)),
                    "pred " + p.labelName(p.predicted()[i]), !p.correct(i)));
            wrong += p.correct(i) ? 0 : 1;
        }
        String title = String.format(Locale.ROOT, "First %d test images: true and predicted label (%d wrong, in red)",
                n, wrong);
        return grid(title, tiles, PREDICTION_COLUMNS, p.images().rows(), p.images().cols());
    }

    /** Up to {@value #MISTAKE_COUNT} misclassified test images, the most confident mistakes first. */
    static BufferedImage mistakes(Predictions p) {
        int[] mistakes = p.mistakesMostConfidentFirst();
        List<Tile> tiles = new ArrayList<>();
        for (int k = 0; k < Math.min(MISTAKE_COUNT, mistakes.length); k++) {
            int i = mistakes[k];
            tiles.add(new Tile(p.pixels(i), "true " + p.labelName(p.actual(i)),
                    String.format(Locale.ROOT, "pred %s (%.0f%%)", p.labelName(p.predicted()[i]),
                            100.0 * p.probability()[i]), true));
        }
        String title = mistakes.length == 0
                ? String.format(Locale.ROOT, "No mistakes: all %d test images classified correctly", p.count())
                : String.format(Locale.ROOT, "%d of %d test images misclassified; the %d most confident mistakes "
                        + "(true, predicted, probability)", mistakes.length, p.count(), tiles.size());
        return grid(title, tiles, MISTAKE_COLUMNS, p.images().rows(), p.images().cols());
    }

    static BufferedImage grid(String title, List<Tile> tiles, int columns, int rows, int cols) {
        int cellW = Math.max(cols * SCALE, 84) + 2 * PAD;
        int cellH = rows * SCALE + TEXT_HEIGHT + PAD;
        int gridRows = Math.max(1, (tiles.size() + columns - 1) / columns);
        int width = Math.max(columns * cellW + 2 * PAD, 640);
        BufferedImage img = Pngs.canvas(width, TITLE_HEIGHT + gridRows * cellH + PAD);
        Graphics2D g = Pngs.graphics(img);
        g.setColor(Pngs.INK);
        g.setFont(Pngs.TITLE_FONT);
        Pngs.centred(g, title, width / 2, 22, width - 2 * PAD);
        g.setFont(Pngs.LABEL_FONT);
        for (int t = 0; t < tiles.size(); t++) {
            int x = PAD + (t % columns) * cellW;
            int y = TITLE_HEIGHT + (t / columns) * cellH;
            drawTile(g, tiles.get(t), x, y, cellW, rows, cols);
        }
        g.dispose();
        return img;
    }

    private static void drawTile(Graphics2D g, Tile tile, int x, int y, int cellW, int rows, int cols) {
        Color colour = tile.wrong() ? Pngs.WRONG : Pngs.INK;
        g.setColor(colour);
        int cx = x + cellW / 2;
        Pngs.centred(g, tile.line1(), cx, y + 13, cellW - 4);
        Pngs.centred(g, tile.line2(), cx, y + 28, cellW - 4);
        int ix = cx - cols * SCALE / 2;
        int iy = y + TEXT_HEIGHT;
        Pngs.drawGray(g, tile.pixels(), rows, cols, ix, iy, SCALE);
        if (tile.wrong()) {
            g.setColor(Pngs.WRONG);
            g.setStroke(new BasicStroke(3));
            g.drawRect(ix - 2, iy - 2, cols * SCALE + 3, rows * SCALE + 3);
        }
    }
}
