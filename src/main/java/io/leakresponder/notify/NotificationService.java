package io.leakresponder.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakresponder.common.ProblemException;
import io.leakresponder.incident.IncidentService;
import io.leakresponder.incident.IncidentViews;
import io.leakresponder.incident.Severity;
import io.leakresponder.jobs.JobEngine;
import io.leakresponder.security.SecretCipher;
import io.leakresponder.ticket.TicketService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Notification channels (admin-managed, settings sealed under the master key), the fan-out of incident events to
 * them, and the deliveries with their dead letters. Deliveries are durable jobs; nothing here sends anything
 * inside a transaction.
 */
@ApplicationScoped
public class NotificationService {

    private static final Logger LOG = Logger.getLogger(NotificationService.class);
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s<>,;\"]+@[^@\\s<>,;\"]+\\.[^@\\s<>,;\"]+$");
    private static final Pattern JIRA_PROJECT = Pattern.compile("^[A-Z][A-Z0-9_]{0,29}$");
    private static final Pattern ROUTING_KEY = Pattern.compile("^[A-Za-z0-9]{20,64}$");
    private static final Set<NoticeEvent> PAGING_EVENTS = EnumSet.of(NoticeEvent.OPENED, NoticeEvent.BECAME_LIVE,
            NoticeEvent.SLA_BREACH, NoticeEvent.REOPENED);

    private final ChannelRepository channels;
    private final DeliveryRepository deliveries;
    private final SecretCipher cipher;
    private final ObjectMapper json;
    private final JobEngine jobs;
    private final IncidentService incidents;
    private final TicketService tickets;
    private final TargetPolicy policy;
    private final NotifyConfig config;
    private final EntityManager em;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    NotificationService(ChannelRepository channels, DeliveryRepository deliveries, SecretCipher cipher,
            ObjectMapper json, JobEngine jobs, IncidentService incidents, TicketService tickets, TargetPolicy policy,
            NotifyConfig config, EntityManager em, Clock clock) {
        this.channels = channels;
        this.deliveries = deliveries;
        this.cipher = cipher;
        this.json = json;
        this.jobs = jobs;
        this.incidents = incidents;
        this.tickets = tickets;
        this.policy = policy;
        this.config = config;
        this.em = em;
        this.clock = clock;
    }

    /** What an admin sends to create or change a channel; null settings keep the stored ones on change. */
    public record ChannelRequest(String name, String type, Boolean enabled, List<String> events, String minSeverity,
            String url, String secret, String routingKey, List<String> recipients, String token, String user,
            String project, String issueType) {

        @Override
        public String toString() {
            return "ChannelRequest[" + name + ", " + type + "]";
        }
    }

    /**
     * A channel as the API shows it: no URL, secret, key or token, only the receiver's host.
     *
     * @param signingSecret the generated webhook signing secret, shown once when the channel is created
     */
    public record ChannelView(UUID id, String name, ChannelType type, boolean enabled, Set<NoticeEvent> events,
            Severity minSeverity, String target, Instant createdAt, String createdBy, Instant updatedAt,
            String signingSecret) {

        static ChannelView of(Channel c, String signingSecret) {
            return new ChannelView(c.id, c.name, c.type, c.enabled, c.eventSet(), c.minSeverity, c.target,
                    c.createdAt, c.createdBy, c.updatedAt, signingSecret);
        }
    }

    /** A delivery as the API and dashboard show it. */
    public record DeliveryView(UUID id, UUID channelId, String channelName, ChannelType channelType,
            UUID incidentId, NoticeEvent event, String idempotencyKey, String status, int attempts,
            Integer lastHttpStatus, String lastError, Instant createdAt, Instant updatedAt, Instant deliveredAt) {
    }

    // ---- channels ------------------------------------------------------------------------------------------

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ChannelView> channels() {
        return channels.all().stream().map(c -> ChannelView.of(c, null)).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ChannelView channel(UUID id) {
        return ChannelView.of(find(id), null);
    }

    @Transactional
    public ChannelView create(ChannelRequest r, String actor) {
        if (r == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        ChannelType type = parse(ChannelType.class, "type", r.type());
        Channel c = new Channel();
        c.id = UUID.randomUUID();
        c.type = type;
        c.name = name(r.name(), c.id);
        c.enabled = r.enabled() == null || r.enabled();
        c.setEvents(events(type, r.events()));
        c.minSeverity = r.minSeverity() == null || r.minSeverity().isBlank()
                ? (type == ChannelType.PAGERDUTY ? Severity.CRITICAL : Severity.INFO)
                : parse(Severity.class, "minSeverity", r.minSeverity());
        String generated = null;
        String secret = r.secret();
        if (type == ChannelType.WEBHOOK && (secret == null || secret.isBlank())) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            generated = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            secret = generated;
        }
        ChannelSettings s = settings(type, new ChannelSettings(r.url(), secret, r.routingKey(), r.recipients(),
                r.token(), r.user(), r.project(), r.issueType()), null);
        Instant now = now();
        c.createdAt = now;
        c.createdBy = actor;
        c.updatedAt = now;
        seal(c, s);
        channels.persist(c);
        LOG.infof("notification channel %s (%s, %s) created by %s", c.id, c.type, c.target, actor);
        return ChannelView.of(c, generated);
    }

    @Transactional
    public ChannelView update(UUID id, ChannelRequest r, String actor) {
        if (r == null) {
            throw ProblemException.badRequest("a JSON body is required");
        }
        Channel c = find(id);
        if (r.type() != null && !r.type().isBlank() && parse(ChannelType.class, "type", r.type()) != c.type) {
            throw ProblemException.invalidField("type", "a channel's type cannot change; create a new channel");
        }
        if (r.name() != null) {
            c.name = name(r.name(), c.id);
        }
        if (r.enabled() != null) {
            c.enabled = r.enabled();
        }
        if (r.events() != null) {
            c.setEvents(events(c.type, r.events()));
        }
        if (r.minSeverity() != null) {
            c.minSeverity = parse(Severity.class, "minSeverity", r.minSeverity());
        }
        ChannelSettings old = unseal(c);
        ChannelSettings s = settings(c.type, new ChannelSettings(
                r.url() != null ? r.url() : old.url(), r.secret() != null ? r.secret() : old.secret(),
                r.routingKey() != null ? r.routingKey() : old.routingKey(),
                r.recipients() != null ? r.recipients() : old.recipients(),
                r.token() != null ? r.token() : old.token(), r.user() != null ? r.user() : old.user(),
                r.project() != null ? r.project() : old.project(),
                r.issueType() != null ? r.issueType() : old.issueType()), old);
        seal(c, s);
        c.updatedAt = now();
        LOG.infof("notification channel %s (%s, %s) changed by %s", c.id, c.type, c.target, actor);
        return ChannelView.of(c, null);
    }

    @Transactional
    public void delete(UUID id, String actor) {
        Channel c = find(id);
        channels.delete(c);
        LOG.infof("notification channel %s (%s) deleted by %s", id, c.type, actor);
    }

    private Channel find(UUID id) {
        return channels.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("notification channel", id));
    }

    private String name(String name, UUID id) {
        if (name == null || name.isBlank() || name.trim().length() > 100) {
            throw ProblemException.invalidField("name", "name is required and at most 100 characters");
        }
        if (channels.nameTaken(name.trim(), id)) {
            throw ProblemException.conflict("channel-exists", "a channel named '" + name.trim() + "' exists");
        }
        return name.trim();
    }

    private static Set<NoticeEvent> events(ChannelType type, List<String> names) {
        if (type == ChannelType.GITHUB) {
            // Alerts are resolved when the incident closes and opened again when it reopens; nothing else.
            Set<NoticeEvent> sync = EnumSet.of(NoticeEvent.CLOSED, NoticeEvent.REOPENED);
            if (names == null) {
                return sync;
            }
            Set<NoticeEvent> chosen = EnumSet.noneOf(NoticeEvent.class);
            for (String n : names) {
                chosen.add(parse(NoticeEvent.class, "events", n));
            }
            if (chosen.isEmpty() || !sync.containsAll(chosen)) {
                throw ProblemException.invalidField("events", "a GITHUB channel acts on CLOSED and REOPENED only");
            }
            return chosen;
        }
        if (names == null && type == ChannelType.JIRA) {
            // One issue per incident, made when it opens; a ticket linked by hand beforehand wins.
            return EnumSet.of(NoticeEvent.OPENED);
        }
        if (names == null) {
            return type == ChannelType.PAGERDUTY
                    ? EnumSet.of(NoticeEvent.BECAME_LIVE, NoticeEvent.SLA_BREACH, NoticeEvent.REOPENED,
                            NoticeEvent.CONTAINED, NoticeEvent.CLOSED)
                    : EnumSet.allOf(NoticeEvent.class);
        }
        Set<NoticeEvent> out = EnumSet.noneOf(NoticeEvent.class);
        for (String n : names) {
            out.add(parse(NoticeEvent.class, "events", n));
        }
        if (out.isEmpty()) {
            throw ProblemException.invalidField("events", "at least one event is required");
        }
        if (type == ChannelType.JIRA && out.size() > 1) {
            // Two events of one incident could be delivered at once and make two issues.
            throw ProblemException.invalidField("events", "a JIRA channel creates one issue per incident: "
                    + "choose one event");
        }
        return out;
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value == null ? "" : value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField(field, field + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    /** Validates the settings a type needs; the URL against the target policy, naming the field on refusal. */
    private ChannelSettings settings(ChannelType type, ChannelSettings s, ChannelSettings old) {
        String url = blankToNull(s.url());
        switch (type) {
            case SLACK, WEBHOOK, JIRA -> checkUrl("url", url);
            case PAGERDUTY, GITHUB -> {
                if (url != null) {
                    checkUrl("url", url);
                }
            }
            case EMAIL -> url = null;
        }
        String secret = null;
        String routingKey = null;
        List<String> recipients = null;
        String token = null;
        String user = null;
        String project = null;
        String issueType = null;
        switch (type) {
            case WEBHOOK -> {
                secret = s.secret();
                if (secret == null || secret.length() < 32 || secret.length() > 200) {
                    throw ProblemException.invalidField("secret", "the signing secret must be 32 to 200 characters");
                }
            }
            case PAGERDUTY -> {
                routingKey = s.routingKey();
                if (routingKey == null || !ROUTING_KEY.matcher(routingKey).matches()) {
                    throw ProblemException.invalidField("routingKey",
                            "routingKey must be the integration's key (20 to 64 letters and digits)");
                }
            }
            case EMAIL -> {
                recipients = s.recipients() == null
                        ? List.of()
                        : s.recipients().stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
                if (recipients.isEmpty() || recipients.size() > 50
                        || recipients.stream().anyMatch(x -> x.length() > 254 || !EMAIL.matcher(x).matches())) {
                    throw ProblemException.invalidField("recipients",
                            "recipients must be 1 to 50 e-mail addresses");
                }
            }
            case GITHUB -> {
                token = s.token();
                if (token == null || token.isBlank() || token.length() > 500 || token.chars().anyMatch(
                        ch -> ch <= ' ')) {
                    throw ProblemException.invalidField("token", "token must be a GitHub token with the "
                            + "secret_scanning_alerts write permission");
                }
            }
            case JIRA -> {
                token = s.token();
                if (token == null || token.isBlank() || token.length() > 500) {
                    throw ProblemException.invalidField("token", "token must be a Jira API token");
                }
                user = s.user() == null ? null : s.user().trim();
                if (user == null || !EMAIL.matcher(user).matches()) {
                    throw ProblemException.invalidField("user", "user must be the e-mail address of the Jira "
                            + "account the token belongs to");
                }
                project = s.project() == null ? null : s.project().trim();
                if (project == null || !JIRA_PROJECT.matcher(project).matches()) {
                    throw ProblemException.invalidField("project", "project must be a Jira project key (e.g. SEC)");
                }
                issueType = s.issueType() == null || s.issueType().isBlank() ? "Task" : s.issueType().trim();
                if (issueType.length() > 60) {
                    throw ProblemException.invalidField("issueType", "issueType must be at most 60 characters");
                }
            }
            case SLACK -> {
            }
        }
        return new ChannelSettings(url, secret, routingKey, recipients, token, user, project, issueType);
    }

    private void checkUrl(String field, String url) {
        try {
            policy.check(url);
        } catch (TargetPolicy.RefusedTarget e) {
            throw ProblemException.invalidField(field, field + ": " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private void seal(Channel c, ChannelSettings s) {
        try {
            SecretCipher.Sealed sealed = cipher.encrypt(json.writeValueAsString(s), c.sealedFor());
            c.configCiphertext = sealed.ciphertext();
            c.configKeyId = sealed.keyId();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("channel settings cannot be written", e);
        }
        c.target = switch (c.type) {
            case EMAIL -> s.recipients().size() + " recipient(s)";
            case PAGERDUTY -> java.net.URI.create(s.url() == null ? config.pagerdutyEventsUrl() : s.url()).getHost();
            case GITHUB -> java.net.URI.create(s.url() == null ? config.githubApiUrl() : s.url()).getHost();
            default -> java.net.URI.create(s.url()).getHost();
        };
    }

    private ChannelSettings unseal(Channel c) {
        try {
            return json.readValue(cipher.decrypt(new SecretCipher.Sealed(c.configCiphertext, c.configKeyId),
                    c.sealedFor()), ChannelSettings.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored channel settings are not readable");
        }
    }

    // ---- fan-out -------------------------------------------------------------------------------------------

    /**
     * Enqueues the fan-out of one incident event, in the caller's transaction (the one that recorded the event),
     * so the notice is committed with the event or not at all, and costs the caller one row.
     */
    void enqueueFanOut(UUID incidentId, NoticeEvent event, String occurrence) {
        FanOutJob.Payload p = new FanOutJob.Payload(incidentId, event, occurrence);
        jobs.schedule(FanOutJob.TASK, p.key(), p, clock.instant());
    }

    /**
     * Records a breach of one SLA target once, and enqueues its notice.
     *
     * @return whether this breach was new
     */
    @Transactional
    boolean noticeSlaBreach(UUID incidentId, String target) {
        int inserted = em.createNativeQuery("INSERT INTO sla_breach_notice (incident_id, target, noticed_at) "
                + "VALUES (:id, :target, :now) ON CONFLICT ON CONSTRAINT sla_breach_notice_pk DO NOTHING")
                .setParameter("id", incidentId).setParameter("target", target).setParameter("now", now())
                .executeUpdate();
        if (inserted == 1) {
            enqueueFanOut(incidentId, NoticeEvent.SLA_BREACH, target.toLowerCase(Locale.ROOT));
        }
        return inserted == 1;
    }

    /**
     * Creates one delivery per channel that wants this event of this incident, each a durable job. Running twice
     * creates nothing new: the idempotency key (channel, incident, event, occurrence) is unique.
     */
    @Transactional
    int fanOut(FanOutJob.Payload p) {
        List<Channel> enabled = channels.enabled();
        if (enabled.isEmpty()) {
            return 0;
        }
        IncidentViews.Detail incident = incidents.get(p.incidentId());
        int created = 0;
        for (Channel c : enabled) {
            if (!wants(c, p.event(), incident)) {
                continue;
            }
            String key = c.id + ":" + p.key();
            if (deliveries.keyExists(key)) {
                continue;
            }
            Delivery d = Delivery.pending(c.id, p.incidentId(), p.event(), key, now());
            deliveries.persist(d);
            jobs.schedule(DeliveryJob.TASK, d.id.toString(), new DeliveryJob.Payload(d.id), clock.instant());
            created++;
        }
        return created;
    }

    private boolean wants(Channel c, NoticeEvent event, IncidentViews.Detail incident) {
        if (c.type == ChannelType.GITHUB) {
            return c.enabled && c.eventSet().contains(event) && !Senders.alerts(incident.occurrences()).isEmpty();
        }
        if (c.type == ChannelType.PAGERDUTY && Senders.resolves(event)) {
            // A resolve follows the trigger it answers, whatever the severity has dropped to meanwhile.
            return c.enabled && c.eventSet().contains(event) && deliveries.count(
                    "channelId = ?1 and incidentId = ?2 and event in ?3", c.id, incident.id(), PAGING_EVENTS) > 0;
        }
        if (c.type == ChannelType.PAGERDUTY && !PAGING_EVENTS.contains(event)) {
            return false;
        }
        return c.wants(event, incident.severity());
    }

    // ---- delivery ------------------------------------------------------------------------------------------

    /** What a delivery attempt needs, read in one short transaction. */
    record Prepared(Delivery delivery, ChannelType type, String channelName, String target, ChannelSettings settings,
            Message message, List<Senders.GithubAlert> alerts) {
    }

    @Transactional
    Optional<Prepared> prepare(UUID deliveryId) {
        Delivery d = deliveries.findById(deliveryId);
        if (d == null || d.status != Delivery.Status.PENDING) {
            return Optional.empty();
        }
        Channel c = channels.findById(d.channelId);
        if (c == null) {
            return Optional.empty();
        }
        IncidentViews.Detail incident = incidents.get(d.incidentId);
        Message m = Message.of(d.idempotencyKey, d.event, d.createdAt, incident, config.publicUrl().orElse(null),
                tickets.reference(d.incidentId).orElse(null));
        if (c.type == ChannelType.JIRA && tickets.find(d.incidentId).isPresent()) {
            // The incident has its ticket already (made by an earlier event, or linked by hand): no second issue.
            d.delivered(null, now());
            return Optional.empty();
        }
        return Optional.of(new Prepared(d, c.type, c.name, c.target, unseal(c), m,
                c.type == ChannelType.GITHUB ? Senders.alerts(incident.occurrences()) : List.of()));
    }

    /**
     * Records an attempt. A failure on the last attempt, or a permanent one, makes the delivery a dead letter.
     *
     * @return whether the delivery is now final (delivered or dead)
     */
    @Transactional
    boolean record(UUID deliveryId, Senders.Outcome outcome, boolean lastAttempt) {
        Delivery d = deliveries.findById(deliveryId);
        if (d == null) {
            return true;
        }
        if (outcome.ok()) {
            d.delivered(outcome.httpStatus(), now());
            if (outcome.ticketKey() != null) {
                tickets.set(d.incidentId, outcome.ticketKey(), outcome.ticketUrl(), "jira");
            }
            return true;
        }
        boolean dead = lastAttempt || outcome.permanent();
        d.failed(outcome.httpStatus(), outcome.error(), dead, now());
        return dead;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<DeliveryView> deliveries(String status, UUID incidentId, int limit) {
        Delivery.Status s = status == null || status.isBlank() ? null : parse(Delivery.Status.class, "status", status);
        if (limit < 1 || limit > 1000) {
            throw ProblemException.invalidField("limit", "limit must be between 1 and 1000");
        }
        List<DeliveryView> out = new ArrayList<>();
        for (Delivery d : deliveries.search(s, incidentId, limit)) {
            out.add(view(d));
        }
        return out;
    }

    private DeliveryView view(Delivery d) {
        Channel c = channels.findById(d.channelId);
        return new DeliveryView(d.id, d.channelId, c == null ? null : c.name, c == null ? null : c.type,
                d.incidentId, d.event, d.idempotencyKey, d.status.name(), d.attempts, d.lastHttpStatus,
                d.lastError, d.createdAt, d.updatedAt, d.deliveredAt);
    }

    /** Sends a dead letter again with a fresh retry budget and the same idempotency key. */
    @Transactional
    public DeliveryView retry(UUID id, String actor) {
        Delivery d = deliveries.findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("notification", id));
        if (d.status != Delivery.Status.DEAD) {
            throw ProblemException.conflict("not-dead", "only a dead letter can be retried; this one is " + d.status);
        }
        d.retry(now());
        jobs.scheduleOrReplace(DeliveryJob.TASK, d.id.toString(), new DeliveryJob.Payload(d.id), clock.instant());
        LOG.infof("notification %s (%s) retried by %s", d.id, d.event, actor);
        return view(d);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
