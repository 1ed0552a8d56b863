package io.leakresponder.common;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.StaleObjectStateException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure family to an {@code application/problem+json} answer; one small mapper per family. */
class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    Response problem(ProblemException e) {
        return Problem.response(e.status(), e.type(), e.title(), e.getMessage(), e.extensions());
    }

    @ServerExceptionMapper
    Response unauthorized(UnauthorizedException e) {
        return unauthenticated();
    }

    @ServerExceptionMapper
    Response authenticationFailed(AuthenticationFailedException e) {
        return unauthenticated();
    }

    private static Response unauthenticated() {
        Response problem = Problem.response(401, "unauthorized", "Unauthorized",
                "a valid API token is required: send Authorization: Bearer <token>");
        return Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    Response forbidden(ForbiddenException e) {
        return Problem.response(403, "forbidden", "Forbidden", "this API token's role may not do this");
    }

    @ServerExceptionMapper
    Response validation(ConstraintViolationException e) {
        ConstraintViolation<?> first = e.getConstraintViolations().iterator().next();
        String field = lastNode(first.getPropertyPath().toString());
        String all = e.getConstraintViolations().stream()
                .map(v -> lastNode(v.getPropertyPath().toString()) + ": " + v.getMessage())
                .sorted().collect(Collectors.joining("; "));
        return Problem.response(400, "invalid-field", "Invalid field", all, Map.of("field", field));
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    // Jackson's own messages quote the offending input, which may be a secret: build our own text.
    @ServerExceptionMapper
    Response unknownProperty(UnrecognizedPropertyException e) {
        return Problem.response(400, "invalid-field", "Invalid field",
                "unknown field '" + e.getPropertyName() + "'", Map.of("field", e.getPropertyName()));
    }

    @ServerExceptionMapper
    Response mismatchedInput(MismatchedInputException e) {
        String field = pointer(e);
        String detail = e instanceof InvalidFormatException
                ? "field '" + field + "' has a value of the wrong format"
                : "field '" + field + "' has the wrong type";
        return Problem.response(400, "invalid-field", "Invalid field", detail, Map.of("field", field));
    }

    @ServerExceptionMapper
    Response malformedJson(JsonParseException e) {
        int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
        return Problem.response(400, "malformed-json", "Malformed JSON",
                "the request body is not valid JSON" + (line > 0 ? " (line " + line + ")" : ""),
                line > 0 ? Map.of("line", line) : Map.of());
    }

    @ServerExceptionMapper
    Response mapping(JsonMappingException e) {
        String field = pointer(e);
        return Problem.response(400, "invalid-field", "Invalid field", "field '" + field + "' is invalid",
                Map.of("field", field));
    }

    private static String pointer(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : String.valueOf(r.getIndex()))
                .collect(Collectors.joining("/"));
        return path.isEmpty() ? "(body)" : path;
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleObjectStateException.class})
    Response concurrentUpdate(RuntimeException e) {
        return Problem.response(409, "concurrent-update", "Conflict",
                "someone else changed this resource at the same time; reload and try again");
    }

    @ServerExceptionMapper
    Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.errorf("request failed with HTTP %d: %s", status, e.getClass().getName());
            return Problem.response(status, "server-error", "Server error", "the request could not be completed");
        }
        String title = e.getResponse().getStatusInfo().getReasonPhrase();
        return Problem.response(status, "http-" + status, title, title);
    }

    @ServerExceptionMapper
    Response unexpected(Exception e) {
        // Log the class and stack, never the message of unknown exceptions: it may quote input.
        LOG.error("unexpected failure: " + e.getClass().getName(), scrub(e));
        return Problem.response(500, "server-error", "Server error", "the request could not be completed");
    }

    /** A copy of the stack trace without messages, which may contain request data. */
    private static Throwable scrub(Throwable e) {
        RuntimeException copy = new RuntimeException(e.getClass().getName());
        copy.setStackTrace(e.getStackTrace());
        if (e.getCause() != null && e.getCause() != e) {
            copy.initCause(scrub(e.getCause()));
        }
        return copy;
    }
}
