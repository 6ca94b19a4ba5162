package io.softmax4j.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Jackson's messages ("Cannot deserialize value of type `java.lang.String` from Array
 * value (token `JsonToken.START_ARRAY`)", with a source excerpt on further lines) into one line
 * a user can act on ("expected text, got a list"), with no Java class names.
 */
public final class JsonMessages {
    private static final Pattern FROM = Pattern.compile("from (\\w+) value");

    private JsonMessages() {
    }

    /** As {@link #describe(JsonProcessingException)} for Jackson's errors; else the first line of the message. */
    public static String describe(java.io.IOException e) {
        if (e instanceof JsonProcessingException j) {
            return describe(j);
        }
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return Printable.escape(newline < 0 ? message : message.substring(0, newline));
    }

    /** One line saying what was expected and what was found, without Jackson's internals. */
    public static String describe(JsonProcessingException e) {
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            String found = found(String.valueOf(m.getOriginalMessage()));
            return "expected " + expected(m.getTargetType()) + (found == null ? "" : ", got " + found);
        }
        String message = String.valueOf(e.getOriginalMessage());
        int newline = message.indexOf('\n');
        String first = newline < 0 ? message : message.substring(0, newline);
        // class names mean nothing to a user: `java.lang.String` -> String
        return Printable.escape(first.replaceAll("`?(?:[a-z]\\w*\\.)+([A-Z]\\w*)`?", "$1").replace("`", "'"));
    }

    private static String expected(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class) {
            return "text";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping (key: value)";
        }
        return "a " + type.getSimpleName() + " value";
    }

    private static String found(String message) {
        Matcher m = FROM.matcher(message);
        if (!m.find()) {
            return null;
        }
        return switch (m.group(1)) {
            case "Array" -> "a list";
            case "Object" -> "a mapping";
            case "String" -> "text";
            case "Integer", "Long", "Floating", "Double", "Float", "Number" -> "a number";
            case "Boolean" -> "true or false";
            default -> "a " + m.group(1).toLowerCase(java.util.Locale.ROOT) + " value";
        };
    }
}
