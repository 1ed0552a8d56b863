package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/** Streaming JSON plumbing shared by the parsers: one factory, safe error messages, record-sized trees. */
final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            // The caller owns the request stream.
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            // Never echo report content into exception locations.
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .build();
    static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private Json() {
    }

    static JsonParser open(InputStream in) throws IOException {
        return FACTORY.createParser(Inputs.skipBom(in));
    }

    /** A parser over part of a byte array (one line of a JSON lines report). */
    static JsonParser open(byte[] bytes, int offset, int length) throws IOException {
        return FACTORY.createParser(bytes, offset, length);
    }

    /** 1-based line of the current token, or 0 when Jackson does not know it. */
    static int line(JsonParser p) {
        JsonLocation loc = p.currentTokenLocation();
        return loc == null ? 0 : Math.max(0, loc.getLineNr());
    }

    /** Reads the value at the current token (one record) into a tree. */
    static JsonNode readTree(JsonParser p) throws IOException {
        return MAPPER.readTree(p);
    }

    /** Handles one array element read as a small tree. */
    interface ElementHandler {
        void handle(Fields element) throws IOException;
    }

    /**
     * Reads the object at the current {@code START_OBJECT}, keeping only the named members, each as its own small
     * tree; every other member is skipped token by token, so it is still checked to be well-formed JSON. The
     * result reads like the full tree for those names (a repeated name: the last one wins, as there).
     */
    static ObjectNode readFields(JsonParser p, Set<String> names) throws IOException {
        ObjectNode node = MAPPER.getNodeFactory().objectNode();
        eachMember(p, (name, value) -> {
            if (!names.contains(name)) {
                p.skipChildren();
                return;
            }
            node.set(name, switch (value) {
                case VALUE_STRING -> TextNode.valueOf(p.getText());
                case VALUE_NULL -> NullNode.getInstance();
                case VALUE_TRUE -> BooleanNode.TRUE;
                case VALUE_FALSE -> BooleanNode.FALSE;
                default -> MAPPER.readTree(p);
            });
        });
        return node;
    }

    /** Reads one member's value, its first token being the current one, to the value's end. */
    interface MemberReader {
        void read(String name, JsonToken value) throws IOException;
    }

    /** Goes through the members of the object at the current {@code START_OBJECT}, to its {@code END_OBJECT}. */
    static void eachMember(JsonParser p, MemberReader reader) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            reader.read(name, p.nextToken());
        }
        if (t != JsonToken.END_OBJECT) {
            // Jackson reports a broken object itself; this is only reached on a parser misuse.
            throw new JsonParseException(p, "Unexpected end-of-input in an object");
        }
    }

    /**
     * Streams the array at the current token, reading each element (which must be an object) into its own
     * tree, so only one record is in memory at a time.
     */
    static void eachObject(JsonParser p, String format, String arrayPointer, ElementHandler handler)
            throws IOException {
        eachObject(p, format, arrayPointer, null, handler);
    }

    /**
     * As {@link #eachObject(JsonParser, String, String, ElementHandler)}, but each element's tree holds only the
     * named members ({@link #readFields}); null names keep every member.
     */
    static void eachObject(JsonParser p, String format, String arrayPointer, Set<String> names, ElementHandler handler)
            throws IOException {
        eachElement(p, format, arrayPointer, (index, line) -> {
            JsonNode element = names == null ? readTree(p) : readFields(p, names);
            handler.handle(new Fields(element, arrayPointer + "/" + index, line, format));
        });
    }

    /** Reads one array element, an object whose {@code START_OBJECT} is the current token, to its end. */
    interface ObjectReader {
        void read(int index, int line) throws IOException;
    }

    /**
     * Streams the array at the current token, each element of which must be an object, handing each one to
     * {@code reader} with its index and line.
     */
    static void eachElement(JsonParser p, String format, String arrayPointer, ObjectReader reader) throws IOException {
        int index = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == null) {
                throw new ReportFormatException("malformed JSON: unexpected end of input", null,
                        arrayPointer + "/" + index);
            }
            int line = line(p);
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                throw notFormat(format, line, arrayPointer + "/" + index, "must be an object");
            }
            reader.read(index, line);
            index++;
        }
    }

    /** The first token of a JSON report; an empty body is an error of its own. */
    static JsonToken firstToken(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw emptyBody();
        }
        return t;
    }

    static ReportFormatException emptyBody() {
        return new ReportFormatException("the request body is empty", null, null);
    }

    /** Fails unless the current token starts an object. */
    static void expectObject(JsonParser p, String format, String pointer) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw notFormat(format, line(p), pointer, "must be a JSON object");
        }
    }

    static void expectArray(JsonParser p, String format, String pointer) {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw notFormat(format, line(p), pointer, "must be a JSON array");
        }
    }

    /** After the report's last value only whitespace may follow. */
    static void expectEnd(JsonParser p, String format) throws IOException {
        if (p.nextToken() != null) {
            throw notFormat(format, line(p), null, "unexpected content after the end of the report");
        }
    }

    static ReportFormatException notFormat(String format, int line, String pointer, String problem) {
        StringBuilder msg = new StringBuilder();
        if (line > 0) {
            msg.append("line ").append(line).append(": ");
        }
        msg.append("not a ").append(format).append(" report: ");
        if (pointer != null) {
            msg.append(pointer.isEmpty() ? "the top level" : pointer).append(' ');
        }
        msg.append(problem);
        return new ReportFormatException(msg.toString(), line > 0 ? line : null, pointer);
    }

    /**
     * Turns Jackson's exception into ours. Jackson quotes the offending token in its message, which may be a
     * secret, so only the kind of error and the line are kept, and the cause is dropped on purpose.
     */
    static ReportFormatException malformed(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        Integer line = loc == null || loc.getLineNr() < 1 ? null : loc.getLineNr();
        return new ReportFormatException((line == null ? "" : "line " + line + ": ") + "malformed JSON: " + describe(e),
                line, null);
    }

    static String describe(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "unexpected end of input";
        }
        if (e instanceof InputCoercionException) {
            return "number out of range";
        }
        if (e instanceof StreamConstraintsException) {
            return "a value exceeds the parser's size limits";
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Unexpected end-of-input")) {
            return "unexpected end of input";
        }
        if (original.startsWith("Unexpected close marker")) {
            return "unbalanced brackets";
        }
        if (original.startsWith("Unexpected character")) {
            return "unexpected character";
        }
        if (original.startsWith("Unrecognized token")) {
            return "unrecognized token";
        }
        if (original.startsWith("Invalid UTF-8") || original.startsWith("Invalid UTF")) {
            return "invalid UTF-8";
        }
        if (original.startsWith("Illegal unquoted character")) {
            return "control character inside a string";
        }
        if (original.contains("numeric") || original.contains("Leading zero")) {
            return "invalid number";
        }
        return "syntax error";
    }
}
