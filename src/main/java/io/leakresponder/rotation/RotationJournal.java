package io.leakresponder.rotation;

import io.leakresponder.common.ProblemException;
import io.leakresponder.twilio.RotationOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The step journal of a rotation: every external call is claimed as a step under an idempotency key before it runs
 * and its outcome is recorded after it returns, each in a short transaction of its own, while the call itself runs
 * with no transaction open. A step whose outcome was never recorded (crash, timeout, 5xx) stays open until
 * {@link RotationService#resume} settles it.
 */
@ApplicationScoped
class RotationJournal {

    // The step log keeps the category it had when the saga wrote it, so existing log settings still apply.
    private static final Logger LOG = Logger.getLogger(RotationService.class);
    // Longer than any single Twilio call can take (read timeout and retry budget): after it, a STARTED step is dead.
    static final Duration STEP_GRACE = Duration.ofMinutes(2);

    private final RotationRepositories.Rotations rotations;
    private final RotationRepositories.Steps steps;
    private final Clock clock;

    RotationJournal(RotationRepositories.Rotations rotations, RotationRepositories.Steps steps, Clock clock) {
        this.rotations = rotations;
        this.steps = steps;
        this.clock = clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Records the step, runs the call with no transaction open, records the outcome. */
    <T> RotationOutcome<T> step(Rotation r, String name, Supplier<RotationOutcome<T>> call) {
        UUID stepId = begin(r.id, name);
        RotationOutcome<T> out;
        try {
            out = call.get();
        } catch (RuntimeException e) {
            finish(stepId, RotationStep.Status.UNKNOWN, null, null,
                    "unexpected failure: " + e.getClass().getSimpleName());
            markInDoubt(r.id);
            throw e;
        }
        RotationStep.Status status = out.isOk()
                ? RotationStep.Status.SUCCEEDED
                : out.isUnknownOutcome() ? RotationStep.Status.UNKNOWN : RotationStep.Status.FAILED;
        finish(stepId, status, out.httpStatus(), out.twilioErrorCode(), out.reason());
        LOG.infof("rotation %s step %s: %s", r.id, name, out.status());
        return out;
    }

    @Transactional
    UUID begin(UUID rotationId, String name) {
        // Claim the step: a second request for the same rotation sees it in progress and gets 409.
        Rotation r = rotations.findById(rotationId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        steps.open(rotationId).ifPresent(s -> {
            if (s.status == RotationStep.Status.STARTED) {
                throw ProblemException.conflict("step-in-progress", "step " + s.step + " of this rotation is in "
                        + "progress since " + s.startedAt);
            }
        });
        RotationStep s = new RotationStep();
        s.id = UUID.randomUUID();
        s.rotationId = rotationId;
        s.step = name;
        s.idempotencyKey = rotationId + ":" + name + ":" + (steps.attempts(rotationId, name) + 1);
        s.status = RotationStep.Status.STARTED;
        s.startedAt = now();
        steps.persist(s);
        r.status = Rotation.Status.IN_DOUBT;
        r.updatedAt = s.startedAt;
        return s.id;
    }

    @Transactional
    void finish(UUID stepId, RotationStep.Status status, Integer http, Integer code, String reason) {
        RotationStep s = steps.findById(stepId);
        s.status = status;
        s.finishedAt = now();
        s.httpStatus = http;
        s.twilioErrorCode = code;
        s.reason = reason;
    }

    @Transactional
    void reconcile(UUID stepId, String how) {
        RotationStep s = steps.findById(stepId);
        s.status = RotationStep.Status.RECONCILED;
        s.reason = how;
        s.finishedAt = now();
    }

    /**
     * Declares a step that never recorded its outcome interrupted (the service died during the call). A step
     * started moments ago may still be running: refuse to touch it.
     */
    @Transactional
    void interrupted(UUID stepId) {
        RotationStep s = steps.findById(stepId);
        if (s.status == RotationStep.Status.STARTED) {
            if (s.startedAt.isAfter(Instant.now().minus(STEP_GRACE))) {
                throw ProblemException.conflict("step-in-progress", "step " + s.step + " started at " + s.startedAt
                        + " may still be running; resume after " + s.startedAt.plus(STEP_GRACE));
            }
            s.status = RotationStep.Status.UNKNOWN;
            s.finishedAt = now();
            s.reason = "interrupted before its outcome was recorded";
        }
    }

    /** A step's outcome is unknown: the rotation waits for {@link RotationService#resume}. */
    @Transactional
    void markInDoubt(UUID rotationId) {
        rotations.findById(rotationId).status = Rotation.Status.IN_DOUBT;
    }

    /** The latest step still STARTED or of UNKNOWN outcome, if any. */
    @Transactional
    Optional<RotationStep> openStep(UUID rotationId) {
        return steps.open(rotationId);
    }

    /** Every step of the rotation, oldest first. */
    @Transactional
    List<RotationStep> stepsOf(UUID rotationId) {
        return steps.of(rotationId);
    }
}
