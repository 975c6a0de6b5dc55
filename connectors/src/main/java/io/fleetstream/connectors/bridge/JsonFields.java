package io.fleetstream.connectors.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Typed, strict access to the fields of one JSON object; every violation names the field and its reason. */
final class JsonFields {

    private final JsonNode node;
    private final String where;

    private JsonFields(JsonNode node, String where) {
        this.node = node;
        this.where = where;
    }

    /** {@code node} as an object; {@code where} names it in error details ("telemetry", "logs[3]"). */
    static JsonFields object(JsonNode node, String where) throws RejectedInputException {
        if (!node.isObject()) {
            throw new RejectedInputException(RejectReason.WRONG_TYPE,
                    where + " must be a JSON object, got " + node.getNodeType());
        }
        return new JsonFields(node, where);
    }

    /** A string that may be empty, such as a log message. */
    String string(String field) throws RejectedInputException {
        JsonNode value = required(field);
        if (!value.isTextual()) {
            throw wrongType(field, "a string", value);
        }
        return value.textValue();
    }

    /** A non-blank string, such as an identifier. */
    String text(String field) throws RejectedInputException {
        String value = string(field);
        if (value.isBlank()) {
            throw new RejectedInputException(RejectReason.INVALID_VALUE, path(field) + " is blank");
        }
        return value;
    }

    Optional<String> optionalText(String field) throws RejectedInputException {
        return isAbsent(field) ? Optional.empty() : Optional.of(text(field));
    }

    long integer(String field) throws RejectedInputException {
        JsonNode value = required(field);
        checkFinite(field, value);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw wrongType(field, "an integer", value);
        }
        return value.longValue();
    }

    long nonNegativeInteger(String field) throws RejectedInputException {
        long value = integer(field);
        if (value < 0) {
            throw new RejectedInputException(RejectReason.INVALID_VALUE, path(field) + " is negative: " + value);
        }
        return value;
    }

    /** A JSON object whose members are all finite numbers, e.g. the telemetry {@code metrics}. */
    Map<String, Double> finiteNumbers(String field) throws RejectedInputException {
        JsonNode value = required(field);
        if (!value.isObject()) {
            throw wrongType(field, "an object", value);
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            String name = field + "." + member.getKey();
            JsonNode number = member.getValue();
            checkFinite(name, number);
            if (!number.isNumber()) {
                throw wrongType(name, "a number", number);
            }
            numbers.put(member.getKey(), number.doubleValue());
        }
        return numbers;
    }

    /** An optional array of strings; absent or null means empty. */
    List<String> textList(String field) throws RejectedInputException {
        if (isAbsent(field)) {
            return List.of();
        }
        JsonNode value = node.get(field);
        if (!value.isArray()) {
            throw wrongType(field, "an array of strings", value);
        }
        List<String> texts = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw wrongType(field + "[" + texts.size() + "]", "a string", element);
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    private boolean isAbsent(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull();
    }

    private JsonNode required(String field) throws RejectedInputException {
        if (isAbsent(field)) {
            throw new RejectedInputException(RejectReason.MISSING_FIELD, path(field) + " is missing");
        }
        return node.get(field);
    }

    private void checkFinite(String field, JsonNode value) throws RejectedInputException {
        if (value.isNumber() && !Double.isFinite(value.doubleValue())) {
            throw new RejectedInputException(RejectReason.NON_FINITE_NUMBER,
                    path(field) + " is not a finite number: " + value.asText());
        }
    }

    private RejectedInputException wrongType(String field, String expected, JsonNode actual) {
        return new RejectedInputException(RejectReason.WRONG_TYPE,
                path(field) + " must be " + expected + ", got " + actual.getNodeType());
    }

    private String path(String field) {
        return where + "." + field;
    }
}
