package dev.tdsmock.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reading the control API's answers: the client's own mapper, and field readers that give null for a field that
 * is JSON null or absent (a server of another version may add fields or leave some out).
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** @throws IllegalStateException when the text is not JSON (the server answered something else) */
    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the control API answered with something that is not JSON: "
                    + e.getOriginalMessage());
        }
    }

    /** @throws IllegalArgumentException when the value cannot be written as JSON */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return absent(value) ? null : value.asText();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return absent(value) ? null : value.asInt();
    }

    static int integer(JsonNode node, String field, int otherwise) {
        Integer value = integer(node, field);
        return value == null ? otherwise : value;
    }

    static long number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return absent(value) ? 0 : value.asLong();
    }

    static double decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return absent(value) ? 0 : value.asDouble();
    }

    static boolean flag(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return !absent(value) && value.asBoolean();
    }

    /** An ISO-8601 instant, or null. */
    static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("'" + field + "' is not an instant: " + text);
        }
    }

    /** The object under the field, or null. */
    static JsonNode object(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return absent(value) || !value.isObject() ? null : value;
    }

    /** The items of the array under the field, each read by {@code item}; empty when there is none. */
    static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> item) {
        JsonNode value = node.get(field);
        return absent(value) ? List.of() : list(value, item);
    }

    /** The items of an array, each read by {@code item}; items may be null. */
    static <T> List<T> list(JsonNode array, Function<JsonNode, T> item) {
        List<T> items = new ArrayList<>();
        for (JsonNode each : array) {
            items.add(item.apply(each));
        }
        return Collections.unmodifiableList(items);
    }

    /** The fields of the object under the field, in their order, each value read by {@code value}. */
    static <T> Map<String, T> map(JsonNode node, String field, Function<JsonNode, T> value) {
        JsonNode object = object(node, field);
        Map<String, T> map = new LinkedHashMap<>();
        if (object != null) {
            object.fields().forEachRemaining(entry -> map.put(entry.getKey(), value.apply(entry.getValue())));
        }
        return Collections.unmodifiableMap(map);
    }
}
