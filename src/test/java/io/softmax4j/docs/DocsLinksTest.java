package io.softmax4j.docs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README stays a short front page, and every relative link in the docs leads somewhere. */
class DocsLinksTest {
    /** The README is the front page; details belong in docs/. */
    static final long README_MAX_BYTES = 20_000;

    /** {@code [text](target)} and {@code ![alt](target)}; the target ends at whitespace or ')'. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");

    @Test
    void readmeIsAShortFrontPage() throws IOException {
        long size = Files.size(MarkdownFiles.ROOT.resolve("README.md"));
        assertTrue(size < README_MAX_BYTES, "README.md is " + size + " bytes; keep it under " + README_MAX_BYTES
                + " and move details into a page under docs/");
    }

    @Test
    void everyRelativeLinkPointsToAnExistingFileAndHeading() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : MarkdownFiles.all()) {
            List<String> prose = MarkdownFiles.proseLines(file);
            for (int i = 0; i < prose.size(); i++) {
                if (prose.get(i) == null) {
                    continue;
                }
                Matcher m = LINK.matcher(prose.get(i).replaceAll("`[^`]*`", ""));
                while (m.find()) {
                    checked++;
                    int line = i + 1;
                    problem(file, m.group(1)).ifPresent(p -> broken.add(file + ":" + line + ":" + p));
                }
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
        assertTrue(checked >= 10, "expected the README and docs to link their pages, found " + checked + " links");
    }

    @Test
    void theLinkCheckFindsMissingFilesAndHeadings() {
        assertTrue(problem(Path.of("README.md"), "docs/no-such-page.md").isPresent());
        assertTrue(problem(Path.of("README.md"), "LICENSE").isEmpty());
        assertTrue(problem(Path.of("README.md"), "#no-such-heading-anywhere").isPresent());
        assertEquals("the-java-api-iosoftmax4jserving", slug("The Java API (`io.softmax4j.serving`)"));
        assertEquals("checkpoints-and---resume", slug("Checkpoints and `--resume`"));
    }

    /** What is wrong with a link from {@code file} to {@code target}, if anything. */
    static java.util.Optional<String> problem(Path file, String target) {
        if (target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
            return java.util.Optional.empty(); // https:, mailto: ...
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? MarkdownFiles.ROOT.resolve(file)
                : MarkdownFiles.ROOT.resolve(file).getParent().resolve(path).normalize();
        if (!resolved.startsWith(MarkdownFiles.ROOT)) {
            return java.util.Optional.of(" link " + target + " leaves the repository");
        }
        if (!Files.exists(resolved)) {
            return java.util.Optional.of(" link " + target + ": no file " + MarkdownFiles.ROOT.relativize(resolved));
        }
        if (anchor != null && resolved.toString().endsWith(".md")
                && !anchors(MarkdownFiles.ROOT.relativize(resolved)).contains(anchor)) {
            return java.util.Optional.of(" link " + target + ": no heading #" + anchor + " in "
                    + MarkdownFiles.ROOT.relativize(resolved));
        }
        return java.util.Optional.empty();
    }

    /** The anchors GitHub makes for the headings of a Markdown file. */
    static Set<String> anchors(Path file) {
        Set<String> anchors = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (String line : MarkdownFiles.proseLines(file)) {
            if (line != null && line.matches("#{1,6} .*")) {
                String base = slug(line.replaceFirst("#{1,6} ", ""));
                String anchor = base;
                for (int n = 1; !seen.add(anchor); n++) {
                    anchor = base + "-" + n;
                }
                anchors.add(anchor);
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation other than '-' and '_' dropped, spaces to '-'. */
    static String slug(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }
}
