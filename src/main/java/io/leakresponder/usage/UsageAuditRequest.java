package io.leakresponder.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What to audit. Starting an audit for an incident that already has one refreshes it: everything is pulled again
 * for this request's window and the previous rows and review are discarded.
 *
 * @param incidentId         the incident; one audit per incident
 * @param accountSid         the account to audit ({@code AC} + 32 hex digits)
 * @param windowStart        start of the compromised window (exposure start, possibly widened by the responder)
 * @param windowEnd          end of the window (the credential confirmed NOT_LIVE), or null while it is open: the
 *                           pulls then run up to the moment of the start or refresh
 * @param windowReason       why the window is what it is (e.g. "start widened to the first commit"), or null
 * @param baselineCap        longest baseline, or null for {@code leak-responder.usage.baseline-cap}
 * @param includeSubaccounts whether to list the account's subaccounts and pull each of them too (for a main
 *                           account's Auth Token or Main key)
 * @param requestedBy        who started it, for the report
 */
public record UsageAuditRequest(
        UUID incidentId,
        String accountSid,
        Instant windowStart,
        Instant windowEnd,
        String windowReason,
        Duration baselineCap,
        boolean includeSubaccounts,
        String requestedBy) {

    public UsageAuditRequest {
        Objects.requireNonNull(incidentId, "incidentId");
        Objects.requireNonNull(windowStart, "windowStart");
        if (accountSid == null || !accountSid.matches("AC[0-9a-fA-F]{32}")) {
            throw new IllegalArgumentException("accountSid must be AC followed by 32 hex digits");
        }
        if (windowEnd != null && !windowEnd.isAfter(windowStart)) {
            throw new IllegalArgumentException("windowEnd must be after windowStart");
        }
        if (baselineCap != null && baselineCap.isNegative()) {
            throw new IllegalArgumentException("baselineCap must not be negative");
        }
        if (requestedBy == null || requestedBy.isBlank()) {
            throw new IllegalArgumentException("requestedBy must not be blank");
        }
    }
}
