package io.leakresponder.ingest;

import io.leakresponder.common.Problem;
import io.leakresponder.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Scanners' reports come in here; CI pipelines hold an ingest-only token for it. */
@Path("/api/v1/findings")
@Tag(name = "findings")
class FindingsResource {

    @Inject
    IngestService ingest;

    @Inject
    SecurityIdentity identity;

    @POST
    @RolesAllowed(Roles.INGEST_ROLE)
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Ingest a scanner report (gitleaks, TruffleHog, GitHub, GitGuardian, ggshield, "
            + "detect-secrets, Nosey Parker, Kingfisher, SARIF or plain text); one incident per leaked credential")
    @RequestBody(required = true, description = "the scanner's report as it wrote it (any content type; "
            + "streamed, up to LEAK_RESPONDER_INGEST_MAX_BODY_SIZE)", content = @Content(mediaType = MediaType.WILDCARD, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public CompletionStage<IngestOutcome> post(@Context HttpServerRequest request,
            @Parameter(description = "gitleaks, gitleaks-csv, sarif, trufflehog, github, gitguardian, ggshield, "
                    + "detect-secrets, noseyparker, kingfisher, text; detected from the content when left out") @QueryParam("format") String format,
            @Parameter(description = "free-text label of where the report came from, e.g. a CI job") @QueryParam("source") String source,
            @HeaderParam("Content-Length") Long contentLength) {
        // Runs on the event loop, which then receives the body for the parser (no worker thread in between).
        return ingest.ingest(request, contentLength, format, source, identity.getPrincipal().getName());
    }
}
