package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed, null-tolerant reads from one record's tree. A field of the wrong type fails with the record's line
 * and the field's JSON pointer; the message never contains the value.
 */
final class Fields {

    private final JsonNode node;
    private final String pointer;
    private final int line;
    private final String format;

    Fields(JsonNode node, String pointer, int line, String format) {
        this.node = node;
        this.pointer = pointer;
        this.line = line;
        this.format = format;
    }

    String pointer() {
        return pointer;
    }

    int line() {
        return line;
    }

    JsonNode node() {
        return node;
    }

    String pointer(String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    /** A string field, or null when absent or JSON null. Numbers are accepted as text (ids, SHAs). */
    String str(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isNumber()) {
            return v.asText();
        }
        throw wrongType(name, "a string");
    }

    String requireStr(String name) {
        String v = str(name);
        if (v == null) {
            throw missing(name);
        }
        return v;
    }

    Integer integer(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isInt()) {
            return v.intValue();
        }
        throw wrongType(name, "an integer");
    }

    Boolean bool(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        throw wrongType(name, "true or false");
    }

    /** A nested object, or null when absent. */
    Fields obj(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType(name, "an object");
        }
        return new Fields(v, pointer(name), line, format);
    }

    Fields requireObj(String name) {
        Fields f = obj(name);
        if (f == null) {
            throw missing(name);
        }
        return f;
    }

    /** The elements of an array field that must hold objects; empty when absent. */
    List<Fields> objects(String name) {
        JsonNode v = array(name);
        List<Fields> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            String p = pointer(name) + "/" + i;
            if (!e.isObject()) {
                throw Json.notFormat(format, line, p, "must be an object");
            }
            out.add(new Fields(e, p, line, format));
        }
        return out;
    }

    /** The elements of an array field that must hold strings; empty when absent. */
    List<String> strings(String name) {
        JsonNode v = array(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (e.isNull()) {
                continue;
            }
            if (!e.isTextual()) {
                throw Json.notFormat(format, line, pointer(name) + "/" + i, "must be a string");
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** The string values of an object field (e.g. a map of captures); empty when absent. */
    List<String> stringValues(String name) {
        Fields f = obj(name);
        List<String> out = new ArrayList<>();
        if (f == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : f.node.properties()) {
            if (e.getValue().isTextual()) {
                out.add(e.getValue().textValue());
            }
        }
        return out;
    }

    /** Whether the field is an array (absent counts as no). */
    boolean isArray(String name) {
        JsonNode v = node.get(name);
        return v != null && v.isArray();
    }

    private JsonNode array(String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isArray()) {
            throw wrongType(name, "an array");
        }
        return v;
    }

    ReportFormatException wrongType(String name, String expected) {
        return Json.notFormat(format, line, pointer(name), "must be " + expected);
    }

    ReportFormatException missing(String name) {
        return Json.notFormat(format, line, pointer(name), "is missing");
    }
}
