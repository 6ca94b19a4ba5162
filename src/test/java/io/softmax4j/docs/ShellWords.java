package io.softmax4j.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a shell command line the way a POSIX shell would for the simple commands the docs
 * show: words, single and double quotes, backslash escapes, comments, and the operators
 * {@code && || ; |} that separate commands. Redirections ({@code > f}, {@code 2>&1}) are dropped.
 */
final class ShellWords {
    private ShellWords() {
    }

    /** The simple commands of {@code line}, each as its words. */
    static List<List<String>> commands(String line) {
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '\\' && i + 1 < line.length()) {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                word = flush(words, word);
            } else if (c == '#' && word == null) {
                break;
            } else if (c == '&' && word != null && word.toString().endsWith(">")) {
                word.append(c); // 2>&1
            } else if (c == ';' || c == '|' || c == '&') {
                word = flush(words, word);
                if (c != ';' && i + 1 < line.length() && line.charAt(i + 1) == c) {
                    i++;
                }
                commands.add(dropRedirections(words));
                words = new ArrayList<>();
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + quote + " quote");
        }
        flush(words, word);
        commands.add(dropRedirections(words));
        commands.removeIf(List::isEmpty);
        return commands;
    }

    private static StringBuilder flush(List<String> words, StringBuilder word) {
        if (word != null) {
            words.add(word.toString());
        }
        return null;
    }

    private static List<String> dropRedirections(List<String> words) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.matches("[0-9]*(>>?|<)(&[0-9]+)?")) {
                if (!w.contains("&")) {
                    i++; // the target file
                }
            } else if (!w.matches("[0-9]*(>>?|<).+")) {
                kept.add(w);
            }
        }
        return kept;
    }
}
