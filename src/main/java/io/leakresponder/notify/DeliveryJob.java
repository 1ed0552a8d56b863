package io.leakresponder.notify;

import io.leakresponder.jobs.JobContext;
import io.leakresponder.jobs.JobHandler;
import io.leakresponder.jobs.JobType;
import io.leakresponder.jobs.RetryPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Delivers one message: read in a short transaction, send with none open, record the outcome. A failed attempt
 * is retried with backoff by the job engine; after the last one the delivery is kept as a dead letter.
 */
@ApplicationScoped
class DeliveryJob implements JobHandler<DeliveryJob.Payload> {

    static final String TASK = "notify-deliver";
    private static final JobType<Payload> TYPE = new JobType<>(TASK, Payload.class);
    private static final Logger LOG = Logger.getLogger(DeliveryJob.class);

    private final NotificationService notifications;
    private final Senders senders;
    private final NotifyConfig config;

    DeliveryJob(NotificationService notifications, Senders senders, NotifyConfig config) {
        this.notifications = notifications;
        this.senders = senders;
        this.config = config;
    }

    /** The delivery row; the message is rendered when it is sent, so the payload holds nothing sensitive. */
    record Payload(UUID deliveryId) {
    }

    /** Thrown to make the engine retry; says status and host only. */
    static final class DeliveryFailed extends Exception {
        DeliveryFailed(String message) {
            super(message);
        }
    }

    @Override
    public JobType<Payload> type() {
        return TYPE;
    }

    @Override
    public RetryPolicy retryPolicy() {
        return new RetryPolicy(config.maxAttempts(), config.initialBackoff(), config.maxBackoff());
    }

    @Override
    @ActivateRequestContext // job threads have no request context; reads need one
    public void run(Payload payload, JobContext context) throws DeliveryFailed {
        boolean last = context.isLastAttempt();
        Optional<NotificationService.Prepared> prepared;
        Senders.Outcome outcome;
        try {
            prepared = notifications.prepare(payload.deliveryId());
            if (prepared.isEmpty()) {
                return;
            }
            outcome = senders.send(prepared.get().type(), prepared.get().settings(), prepared.get().message(),
                    prepared.get().alerts());
        } catch (RuntimeException e) {
            // Unreadable settings (a master key removed too early) or a bug: retried, then a visible dead letter
            // rather than a delivery left PENDING for ever. The message is the class only: it might quote data.
            notifications.record(payload.deliveryId(), new Senders.Outcome(false, false, null,
                    "could not be sent: " + e.getClass().getSimpleName()), last);
            throw e;
        }
        var p = prepared.get();
        boolean done = notifications.record(payload.deliveryId(), outcome, last);
        if (outcome.ok()) {
            LOG.infof("notification %s (%s, %s) delivered to %s on attempt %d", payload.deliveryId(),
                    p.message().event(), p.type(), p.target(), context.attempt());
        } else if (done) {
            // A dead letter is kept in notification_delivery; the job itself ends here.
            LOG.errorf("notification %s (%s, %s) to %s is a dead letter after %d attempt(s): %s",
                    payload.deliveryId(), p.message().event(), p.type(), p.target(), context.attempt(),
                    outcome.error());
        } else {
            throw new DeliveryFailed(outcome.error());
        }
    }
}
