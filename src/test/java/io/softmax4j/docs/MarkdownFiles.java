package io.softmax4j.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The project's Markdown documentation as the docs tests read it: README.md, CONTRIBUTING.md
 * and every {@code .md} file under docs/, split into lines, fenced code blocks and tables.
 */
public final class MarkdownFiles {
    /** The project root (Maven runs tests there). */
    public static final Path ROOT = Path.of("").toAbsolutePath();

    private MarkdownFiles() {
    }

    /** README.md, CONTRIBUTING.md (when present) and docs/**&#47;*.md, relative to the root, sorted. */
    public static List<Path> all() {
        List<Path> files = new ArrayList<>();
        for (String top : List.of("README.md", "CONTRIBUTING.md")) {
            if (Files.isRegularFile(ROOT.resolve(top))) {
                files.add(Path.of(top));
            }
        }
        Path docs = ROOT.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".md"))
                        .map(ROOT::relativize).sorted().forEach(files::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return files;
    }

    /** The lines of {@code file} (relative to the root). */
    public static List<String> lines(Path file) {
        try {
            return Files.readAllLines(ROOT.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A fenced code block.
     *
     * @param file      the Markdown file
     * @param language  the info string after the opening fence ({@code bash}, {@code console}, ...), or ""
     * @param firstLine the 1-based line number of the block's first content line
     * @param lines     the content lines
     */
    public record Block(Path file, String language, int firstLine, List<String> lines) {
    }

    /** Every fenced code block of {@code file}, in order. */
    public static List<Block> blocks(Path file) {
        List<Block> blocks = new ArrayList<>();
        List<String> lines = lines(file);
        String fence = null;
        String language = "";
        int start = 0;
        List<String> content = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String trimmed = lines.get(i).strip();
            if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
                fence = trimmed.substring(0, 3);
                language = trimmed.substring(3).strip().split("\\s+")[0];
                start = i + 2;
                content = new ArrayList<>();
            } else if (fence != null && trimmed.startsWith(fence) && trimmed.substring(3).isBlank()) {
                blocks.add(new Block(file, language, start, List.copyOf(content)));
                fence = null;
            } else if (fence != null) {
                content.add(lines.get(i));
            }
        }
        return blocks;
    }

    /** The lines of {@code file} outside fenced code blocks, with their 1-based numbers (others are null). */
    public static List<String> proseLines(Path file) {
        List<String> lines = lines(file);
        List<String> prose = new ArrayList<>();
        boolean inFence = false;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
                inFence = !inFence;
                prose.add(null);
            } else {
                prose.add(inFence ? null : line);
            }
        }
        return prose;
    }

    /**
     * The rows of the first Markdown table in {@code file} whose header row is {@code header}
     * (cells trimmed, header and separator rows left out).
     *
     * @return the rows, each with its 1-based line number first
     */
    public static List<TableRow> table(Path file, List<String> header) {
        List<String> lines = lines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("|") && cells(lines.get(i)).equals(header)) {
                List<TableRow> rows = new ArrayList<>();
                for (int j = i + 2; j < lines.size() && lines.get(j).strip().startsWith("|"); j++) {
                    rows.add(new TableRow(j + 1, cells(lines.get(j))));
                }
                return rows;
            }
        }
        return List.of();
    }

    /** A table row and its 1-based line number. */
    public record TableRow(int line, List<String> cells) {
    }

    /** The cells of a table row; {@code \|} inside a cell is a literal bar. */
    static List<String> cells(String row) {
        String s = row.strip();
        s = s.substring(1, s.endsWith("|") && !s.endsWith("\\|") ? s.length() - 1 : s.length());
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
