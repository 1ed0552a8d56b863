package io.leakresponder.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakresponder.common.Problem;
import io.leakresponder.common.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * GitHub's secret-scanning webhook. GitHub cannot send our bearer token, so the delivery is authenticated
 * by its {@code X-Hub-Signature-256} instead.
 */
@Path("/api/v1/webhooks/github")
@Tag(name = "webhooks")
class GithubWebhookResource {

    static final Set<String> EVENTS = Set.of("secret_scanning_alert", "secret_scanning_alert_location");

    @Inject
    GithubWebhookConfig config;

    @Inject
    IngestConfig ingestConfig;

    @Inject
    GithubWebhookService webhooks;

    @Inject
    ObjectMapper json;

    @POST
    @PermitAll
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Receive GitHub secret_scanning_alert and secret_scanning_alert_location events")
    public Response receive(InputStream body, @HeaderParam("X-Hub-Signature-256") String signature,
            @HeaderParam("X-GitHub-Event") String event, @HeaderParam("X-GitHub-Delivery") String delivery)
            throws IOException {
        String secret = config.webhookSecret().filter(s -> !s.isBlank()).orElseThrow(() -> new ProblemException(503,
                "webhook-not-configured", "Webhook not configured",
                "set LEAK_RESPONDER_GITHUB_WEBHOOK_SECRET to the secret configured on GitHub"));
        byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, ingestConfig.maxWebhookBodySize() + 1));
        if (bytes.length > ingestConfig.maxWebhookBodySize()) {
            throw new ProblemException(413, "body-too-large", "Body too large", "webhook payload over the limit");
        }
        if (!GithubWebhookService.signatureMatches(secret, bytes, signature)) {
            throw new ProblemException(401, "bad-signature", "Unauthorized",
                    "X-Hub-Signature-256 is missing or does not match the payload");
        }
        if ("ping".equals(event)) {
            return Response.ok(Map.of("status", "pong")).build();
        }
        if (event == null || !EVENTS.contains(event)) {
            return Response.accepted(Map.of("status", "ignored", "reason", "event type not handled")).build();
        }
        if (delivery == null || delivery.isBlank() || delivery.length() > 100) {
            throw ProblemException.invalidField("X-GitHub-Delivery", "the X-GitHub-Delivery header is required");
        }
        JsonNode payload;
        try {
            payload = json.readTree(bytes);
        } catch (IOException e) {
            throw new ProblemException(400, "malformed-json", "Malformed JSON", "the payload is not valid JSON");
        }
        if (payload == null || !payload.isObject() || !payload.path("alert").isObject()) {
            throw ProblemException.invalidField("alert", "the payload has no alert object");
        }
        GithubWebhookService.Result result = webhooks.receive(delivery, event, payload);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", result.status());
        if (result.outcome() != null) {
            answer.put("incidents", result.outcome().incidents());
        }
        return Response.ok(answer).build();
    }
}
