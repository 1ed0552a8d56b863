package io.leakresponder.common;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A failure that the API reports as an RFC 9457 problem: status, a stable type slug, a title and a detail.
 * Extensions such as {@code field} or {@code line} tell the caller exactly what to fix.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    public ProblemException(int status, String type, String title, String detail) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** Adds an extension member (e.g. {@code field}, {@code line}); null values are left out. */
    public ProblemException with(String name, Object value) {
        if (value != null) {
            extensions.put(name, value);
        }
        return this;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    public static ProblemException invalidField(String field, String detail) {
        return new ProblemException(400, "invalid-field", "Invalid field", detail).with("field", field);
    }

    /** The value as a UUID, or a 400 that names the field. */
    public static java.util.UUID uuidField(String field, String value) {
        try {
            return java.util.UUID.fromString(value);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw invalidField(field, field + " must be a UUID");
        }
    }

    public static ProblemException notFound(String what, Object id) {
        return new ProblemException(404, "not-found", "Not found", what + " " + id + " does not exist");
    }

    public static ProblemException conflict(String type, String detail) {
        return new ProblemException(409, type, "Conflict", detail);
    }
}
