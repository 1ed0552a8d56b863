package io.leakresponder.dashboard;

import io.leakresponder.common.ProblemException;
import io.leakresponder.incident.TrackedChecks;
import io.leakresponder.liveness.AdHocChecks;
import io.leakresponder.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * "Does this credential still work?" from the dashboard: the same check as {@code POST /api/v1/liveness}, with
 * its rate limit and audit. The secret is never echoed, and nothing is stored unless the person asks to track it.
 */
@Path("/ui/liveness")
@Produces(MediaType.TEXT_HTML)
class LivenessPages {

    /** The form's fields by the API field whose check they feed, to name the right one in an error. */
    private static final Map<String, String> FIELDS = Map.of("authToken", "secret", "apiKeySecret", "secret",
            "apiKeySid", "sid");
    private static final Map<String, String> NAMES = Map.of("authToken", "the Auth Token",
            "apiKeySecret", "the API key secret", "apiKeySid", "the API key SID", "accountSid", "the Account SID");

    @Inject
    TrackedChecks checks;

    @Inject
    UiContext ui;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance liveness(TrackedChecks.CheckResponse outcome, String checkedSid);

        static native TemplateInstance liveness$result(TrackedChecks.CheckResponse outcome, String checkedSid);
    }

    @GET
    @RolesAllowed(Roles.RESPONDER_ROLE)
    public TemplateInstance page() {
        return Templates.liveness(null, null);
    }

    @POST
    @RolesAllowed(Roles.RESPONDER_ROLE)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance check(@RestForm String sid, @RestForm String accountSid, @RestForm String secret,
            @RestForm String track, @HeaderParam("HX-Request") String htmx) {
        String id = sid == null ? "" : sid.trim();
        String value = secret == null ? "" : secret.trim();
        if (id.isEmpty()) {
            throw ProblemException.invalidField("sid", "paste the Account SID (AC…) of an Auth Token, or the API key "
                    + "SID (SK…) of an API key secret");
        }
        if (value.isEmpty()) {
            throw ProblemException.invalidField("secret", "paste the Auth Token or API key secret to check");
        }
        String upper = id.toUpperCase(Locale.ROOT);
        boolean tracked = Forms.checked("track", track);
        AdHocChecks.CheckRequest request;
        if (upper.startsWith("AC")) {
            request = new AdHocChecks.CheckRequest(id, value, null, null, tracked);
        } else if (upper.startsWith("SK")) {
            String account = accountSid == null || accountSid.isBlank() ? null : accountSid.trim();
            request = new AdHocChecks.CheckRequest(account, null, id, value, tracked);
        } else {
            throw ProblemException.invalidField("sid", "the SID must start with AC (Account SID) or SK (API key SID)");
        }
        TrackedChecks.CheckResponse outcome;
        try {
            outcome = checks.check(request, ui.actor(), null);
        } catch (ProblemException e) {
            throw renamed(e, upper.startsWith("AC"));
        }
        return htmx != null ? Templates.liveness$result(outcome, id) : Templates.liveness(outcome, id);
    }

    /** The check names the API's fields; the person filled in the form's. */
    private static ProblemException renamed(ProblemException e, boolean accountSidIsTheSid) {
        Object field = e.extensions().get("field");
        if (field == null) {
            return e;
        }
        String api = field.toString();
        String form = "accountSid".equals(api)
                ? (accountSidIsTheSid ? "sid" : "accountSid")
                : FIELDS.getOrDefault(api, api);
        String detail = e.getMessage();
        if (detail != null && NAMES.containsKey(api) && detail.startsWith(api)) {
            detail = NAMES.get(api) + detail.substring(api.length());
        }
        ProblemException renamed = new ProblemException(e.status(), e.type(), e.title(), detail);
        e.extensions().forEach(renamed::with);
        return renamed.with("field", form);
    }
}
