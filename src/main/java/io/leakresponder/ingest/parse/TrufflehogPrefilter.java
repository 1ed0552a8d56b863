package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A quick look at one TruffleHog line, token by token, without trees and without decoding the strings nobody
 * needs: whether it is an ordinary result that cannot be about Twilio. Nearly every line of a report is one,
 * and for those the full reading ({@link TrufflehogParser}) would only count the result and ignore it.
 *
 * <p>The answer is true only when the full reading is certain to come to exactly that: every token of the line's
 * object was read (so it is well-formed JSON), {@code DetectorName} is a string that is no Twilio label, no value
 * that the full reading would look at for a credential holds a SID, and every field the full reading checks has
 * the type it wants. Without a Twilio label only a SID makes a TruffleHog result about Twilio (a lone 32-character
 * secret is as likely an MD5 or another service's key, see {@link TwilioRecord}), so a value with a run long
 * enough for a SID or secret is read with the full reading's own {@link TwilioShapes#parseValue}; most values
 * have no such run and are passed over at once. Anything unusual (a number where a
 * string is expected, a repeated member of {@code Data}, broken JSON, a log line) answers false, and the line
 * goes the full way, which decides, warns or fails as it always did.
 */
final class TrufflehogPrefilter {

    private TrufflehogPrefilter() {
    }

    /** Whether the line (ASCII or well-formed UTF-8, starting at its '{') is a result that can be ignored. */
    static boolean ignorable(byte[] bytes, int offset, int length) {
        try (JsonParser p = Json.open(bytes, offset, length)) {
            boolean[] detector = {false};
            // Values with a run long enough for a SID, looked at once the whole line is known to be ignorable else.
            List<String> candidates = new ArrayList<>(0);
            JsonToken first = p.nextToken();
            // The full reading stops at the object's end too; what follows on the line does not matter to it.
            return first == JsonToken.START_OBJECT && object(p, first, (name, value) -> switch (name) {
                case "DetectorName" -> {
                    detector[0] = value == JsonToken.VALUE_STRING;
                    yield detector[0] && !TwilioRecord.isTwilioLabel(p.getText());
                }
                case "Raw", "RawV2" -> noCandidate(p, value, candidates);
                case "SecretParts" -> object(p, value, (part, v) -> v == JsonToken.VALUE_STRING
                        ? noCandidate(p, v, candidates)
                        : skip(p));
                case "ExtraData" -> object(p, value, (extra, v) -> "account_sid".equals(extra)
                        ? noCandidate(p, v, candidates)
                        : skip(p));
                case "Verified" -> value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE
                        || value == JsonToken.VALUE_NULL;
                case "VerificationError" -> isStringOrNull(value);
                case "SourceMetadata" -> object(p, value, (member, v) -> "Data".equals(member)
                        ? data(p, v)
                        : skip(p));
                default -> skip(p);
            }) && detector[0] && noSid(candidates);
        } catch (IOException | RuntimeException unsure) {
            return false;
        }
    }

    /** Checks one member of an object, its value being the current token. */
    private interface MemberCheck {
        boolean check(String name, JsonToken value) throws IOException;
    }

    /** An object (or null) whose members all pass the check; anything else is unsure. */
    private static boolean object(JsonParser p, JsonToken value, MemberCheck check) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return true;
        }
        if (value != JsonToken.START_OBJECT) {
            return false;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (!check.check(name, p.nextToken())) {
                return false;
            }
        }
        return true;
    }

    private static boolean skip(JsonParser p) throws IOException {
        p.skipChildren();
        return true;
    }

    /**
     * A string or null; a number or anything else is unsure. A string with a run that could be a SID or secret is
     * kept for {@link #noSid}.
     */
    private static boolean noCandidate(JsonParser p, JsonToken value, List<String> candidates) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return true;
        }
        if (value != JsonToken.VALUE_STRING) {
            return false;
        }
        String text = p.getText();
        if (TwilioShapes.hasCandidateRun(text)) {
            candidates.add(text);
        }
        return true;
    }

    /** Whether none of the values holds a SID, as the full reading parses a value ({@link TwilioRecord#value}). */
    private static boolean noSid(List<String> candidates) {
        for (String value : candidates) {
            if (TwilioShapes.parseValue(value).hasSid()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isStringOrNull(JsonToken value) {
        return value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NULL;
    }

    /**
     * {@code SourceMetadata.Data}: the location fields of its first member that is an object must have the types
     * the full reading wants. A member named twice is unsure (the full reading keeps the last value at the first
     * one's place).
     */
    private static boolean data(JsonParser p, JsonToken value) throws IOException {
        List<String> kinds = new ArrayList<>(2);
        boolean[] located = {false};
        return object(p, value, (kind, v) -> {
            if (kinds.contains(kind)) {
                return false;
            }
            kinds.add(kind);
            if (v != JsonToken.START_OBJECT || located[0]) {
                return skip(p);
            }
            located[0] = true;
            return object(p, v, (field, f) -> switch (field) {
                case "file", "commit", "email", "repository", "link", "timestamp" -> isStringOrNull(f);
                case "line" -> f == JsonToken.VALUE_NULL
                        || (f == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT);
                default -> skip(p);
            });
        });
    }
}
