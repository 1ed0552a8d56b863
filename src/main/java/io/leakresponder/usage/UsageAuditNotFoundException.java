package io.leakresponder.usage;

import io.leakresponder.common.ProblemException;
import java.util.UUID;

/** The incident has no usage audit yet; answered as 404 problem+json. */
public class UsageAuditNotFoundException extends ProblemException {

    public UsageAuditNotFoundException(UUID incidentId) {
        super(404, "usage-audit-not-found", "Usage audit not found",
                "incident " + incidentId + " has no usage audit; start one with POST .../usage-audit");
    }
}
