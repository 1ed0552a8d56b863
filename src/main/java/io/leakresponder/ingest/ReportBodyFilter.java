package io.leakresponder.ingest;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/**
 * A report posted as a form is still a report. {@code curl --data-binary @report.json} labels its body
 * {@code application/x-www-form-urlencoded} unless told otherwise, and the dashboard's CSRF filter has Quarkus REST
 * read every form body into memory (and refuse one over the form limit) before any endpoint runs. For the findings
 * endpoint, whose body is never a form, the label is replaced with {@code application/octet-stream} before that
 * happens, so such a post is streamed like any other, whatever its size.
 */
@ApplicationScoped
class ReportBodyFilter {

    static final String PATH = "/api/v1/findings";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            // The normalised path, as routing sees it: /api//v1/findings and /api/v1/./findings reach the endpoint too.
            if (request.method() == HttpMethod.POST && isFindings(context.normalizedPath())
                    && isForm(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
                request.headers().set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            }
            context.next();
        }, 100);
    }

    private static boolean isFindings(String path) {
        return path != null && (path.equals(PATH) || path.equals(PATH + "/"));
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(Locale.ROOT).strip();
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }
}
