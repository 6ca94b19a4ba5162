package io.softmax4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Option and parameter lists whose descriptions wrap only at spaces. picocli wraps with the
 * JDK's line BreakIterator, which also breaks after a dot, so a config key such as
 * {@code training.epochs} could be split across two lines; here each description line is
 * pre-wrapped to the column's width, so picocli never needs to break it.
 */
final class HelpLayout {
    /** The description column of picocli's default option layout. */
    private static final int DESCRIPTION_COLUMN = 4;

    private HelpLayout() {
    }

    /** Installs the renderers on a command and all its subcommands. */
    static void install(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::optionList);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, HelpLayout::parameterList);
        cl.getSubcommands().values().forEach(HelpLayout::install);
    }

    private static String optionList(Help help) {
        Help.Layout layout = layout(help);
        return help.optionList(layout, help.createDefaultOptionSort(), help.createDefaultParamLabelRenderer());
    }

    private static String parameterList(Help help) {
        return help.parameterList(layout(help), help.createDefaultParamLabelRenderer());
    }

    private static Help.Layout layout(Help help) {
        Help.Layout base = help.createDefaultLayout();
        Help.Column column = base.textTable().columns()[DESCRIPTION_COLUMN];
        int width = column.width - column.indent - 1;
        Help.IOptionRenderer options = help.createDefaultOptionRenderer();
        Help.IParameterRenderer parameters = help.createDefaultParameterRenderer();
        return new Help.Layout(help.colorScheme(), base.textTable(),
                (option, labels, scheme) -> rewrap(options.render(option, labels, scheme), width, scheme),
                (param, labels, scheme) -> rewrap(parameters.render(param, labels, scheme), width, scheme));
    }

    /** Splits each row's description into lines of at most {@code width} characters, at spaces. */
    static Text[][] rewrap(Text[][] rows, int width, Help.ColorScheme scheme) {
        List<Text[]> out = new ArrayList<>();
        for (Text[] row : rows) {
            if (row.length <= DESCRIPTION_COLUMN) {
                out.add(row);
                continue;
            }
            List<String> lines = wrap(row[DESCRIPTION_COLUMN].plainString(), width);
            Text[] first = row.clone();
            first[DESCRIPTION_COLUMN] = scheme.text(lines.get(0));
            out.add(first);
            for (String line : lines.subList(1, lines.size())) {
                Text[] more = new Text[row.length];
                Arrays.fill(more, scheme.text(""));
                more[DESCRIPTION_COLUMN] = scheme.text(line);
                out.add(more);
            }
        }
        return out.toArray(new Text[0][]);
    }

    /**
     * Greedy wrap at spaces, continuation lines indented by two (as picocli does); a single word
     * longer than the width stays whole on its own line.
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.strip().split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
                line.append("  ");
            }
            line.append(line.toString().isBlank() ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
