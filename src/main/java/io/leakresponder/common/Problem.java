package io.leakresponder.common;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;

/** The body of an {@code application/problem+json} answer (RFC 9457). Never carries a stack trace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Problem {

    /** Media type of every error answer under /api. */
    public static final String MEDIA_TYPE = "application/problem+json";
    static final MediaType PROBLEM_JSON = MediaType.valueOf(MEDIA_TYPE);
    private static final String TYPE_BASE = "https://leak-responder.dev/problems/";

    public final String type;
    public final String title;
    public final int status;
    public final String detail;
    private final Map<String, Object> extensions = new LinkedHashMap<>();

    Problem(String type, String title, int status, String detail) {
        this.type = TYPE_BASE + type;
        this.title = title;
        this.status = status;
        this.detail = detail;
    }

    @JsonAnyGetter
    public Map<String, Object> extensions() {
        return extensions;
    }

    static Response response(int status, String type, String title, String detail, Map<String, Object> extensions) {
        Problem problem = new Problem(type, title, status, detail);
        problem.extensions.putAll(extensions);
        return Response.status(status).type(PROBLEM_JSON).entity(problem).build();
    }

    static Response response(int status, String type, String title, String detail) {
        return response(status, type, title, detail, Map.of());
    }
}
