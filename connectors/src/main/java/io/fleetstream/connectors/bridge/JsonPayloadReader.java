package io.fleetstream.connectors.bridge;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Turns a JSON MQTT payload into a tree, or rejects it with the precise reason: empty, too large, not UTF-8, not
 * well-formed. Duplicate keys and trailing content are malformed too, so a payload can never mean two things.
 */
final class JsonPayloadReader {

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    // NaN and Infinity are parsed so they can be rejected as NON_FINITE_NUMBER rather than as
                    // generic syntax errors: operators then see which robot firmware emits them.
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // FastDoubleParser: the same correctly rounded doubles as Double.parseDouble (Jackson 3 turns it
                    // on by default) in half the time in the bridge's profile; metrics are most of a telemetry payload.
                    .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final int maxBytes;

    JsonPayloadReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    JsonNode read(byte[] payload) throws RejectedInputException {
        if (payload.length == 0) {
            throw new RejectedInputException(RejectReason.EMPTY_PAYLOAD, "empty payload");
        }
        if (payload.length > maxBytes) {
            throw new RejectedInputException(RejectReason.PAYLOAD_TOO_LARGE,
                    "JSON payload of " + payload.length + " bytes exceeds the limit of " + maxBytes);
        }
        JsonNode tree;
        try {
            // Robots' JSON is nearly always plain ASCII, which is valid UTF-8 as it stands: parsed from the bytes
            // it skips a decoding pass and a copy per message. NUL bytes take the decoding path because Jackson
            // would read them as a UTF-16/32 signature.
            tree = isAsciiWithoutNul(payload) ? MAPPER.readTree(payload) : MAPPER.readTree(decodeUtf8(payload));
        } catch (JsonProcessingException e) {
            throw new RejectedInputException(RejectReason.INVALID_JSON, e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            // Declared by the byte[] overload for stream sources; an in-memory array cannot fail to be read.
            throw new UncheckedIOException(e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new RejectedInputException(RejectReason.EMPTY_PAYLOAD, "payload holds only whitespace");
        }
        return tree;
    }

    private static boolean isAsciiWithoutNul(byte[] payload) {
        for (byte b : payload) {
            if (b <= 0) {
                return false;
            }
        }
        return true;
    }

    private static String decodeUtf8(byte[] payload) throws RejectedInputException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new RejectedInputException(RejectReason.INVALID_UTF8, "payload is not valid UTF-8: " + e);
        }
    }
}
