package io.leakresponder.rotation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the rotation API shows. */
public final class RotationViews {

    private RotationViews() {
    }

    /** One recorded step. */
    public record Step(String step, String status, Instant startedAt, Instant finishedAt, Integer httpStatus,
            Integer twilioErrorCode, String reason) {
        static Step of(RotationStep s) {
            return new Step(s.step, s.status.name(), s.startedAt, s.finishedAt, s.httpStatus, s.twilioErrorCode,
                    s.reason);
        }
    }

    /**
     * A rotation. {@code newSecret} is set only in the answer of the call that created it — the one time it is
     * shown — and never stored unless the responder asked to keep it (then encrypted).
     */
    public record Rotation(UUID id, UUID incidentId, String mode, String authSource, String status,
            String newKeySid, String newSecretHint, boolean newSecretKept, String newSecret, Instant confirmAfter,
            List<Step> steps, String runbook, String message) {
        @Override
        public String toString() {
            return "Rotation[id=" + id + ", mode=" + mode + ", status=" + status + ", newKeySid=" + newKeySid + "]";
        }
    }
}
