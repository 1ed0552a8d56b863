package io.leakresponder.ticket;

import io.leakresponder.common.ProblemException;
import io.leakresponder.incident.IncidentService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Links an incident to the ticket that tracks it elsewhere: a Jira issue key ({@code SEC-123}) or an https URL.
 * Each change is an event in the incident's trail.
 */
@ApplicationScoped
public class TicketService {

    private static final Pattern JIRA_KEY = Pattern.compile("^[A-Z][A-Z0-9_]{0,29}-[1-9][0-9]{0,9}$");

    private final TicketRepository tickets;
    private final IncidentService incidents;
    private final Clock clock;

    TicketService(TicketRepository tickets, IncidentService incidents, Clock clock) {
        this.tickets = tickets;
        this.incidents = incidents;
        this.clock = clock;
    }

    /** An incident's ticket as the API shows it. */
    public record TicketView(UUID incidentId, String reference, String url, Instant setAt, String setBy) {
        static TicketView of(IncidentTicket t) {
            return new TicketView(t.incidentId, t.reference, t.url, t.setAt, t.setBy);
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<TicketView> find(UUID incidentId) {
        return tickets.findByIdOptional(incidentId).map(TicketView::of);
    }

    /** The ticket reference for messages: the key, or the URL. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<String> reference(UUID incidentId) {
        return tickets.findByIdOptional(incidentId).map(t -> t.url != null && !t.reference.equals(t.url)
                ? t.reference + " " + t.url
                : t.reference);
    }

    /**
     * Sets or replaces the ticket. A Jira key may come with its URL; a URL alone is its own reference.
     *
     * @throws ProblemException 400 naming {@code reference} or {@code url}, 404 for an unknown incident
     */
    @Transactional
    public TicketView set(UUID incidentId, String reference, String url, String actor) {
        incidents.stateOf(incidentId);
        String ref = reference == null ? null : reference.trim();
        String link = url == null || url.isBlank() ? null : checkUrl("url", url.trim());
        if (ref == null || ref.isEmpty()) {
            if (link == null) {
                throw ProblemException.invalidField("reference", "reference (a Jira key such as SEC-123, or a URL) "
                        + "is required");
            }
            ref = link;
        } else if (ref.toLowerCase(Locale.ROOT).startsWith("https://") || ref.toLowerCase(Locale.ROOT)
                .startsWith("http://")) {
            ref = checkUrl("reference", ref);
            if (link == null) {
                link = ref;
            }
        } else if (!JIRA_KEY.matcher(ref).matches()) {
            throw ProblemException.invalidField("reference", "reference must be a Jira issue key (PROJECT-123) "
                    + "or an https URL");
        }
        IncidentTicket t = tickets.findById(incidentId);
        if (t == null) {
            t = new IncidentTicket();
            t.incidentId = incidentId;
            t.reference = ref;
            t.url = link;
            t.setAt = now();
            t.setBy = actor;
            tickets.persist(t);
        } else {
            t.reference = ref;
            t.url = link;
            t.setAt = now();
            t.setBy = actor;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reference", ref);
        if (link != null) {
            details.put("url", link);
        }
        incidents.recordEvent(incidentId, actor, "ticket_linked", details);
        return TicketView.of(t);
    }

    /** Removes the link; returns whether there was one. */
    @Transactional
    public boolean clear(UUID incidentId, String actor) {
        incidents.stateOf(incidentId);
        IncidentTicket t = tickets.findById(incidentId);
        if (t == null) {
            return false;
        }
        tickets.delete(t);
        incidents.recordEvent(incidentId, actor, "ticket_unlinked", Map.of("reference", t.reference));
        return true;
    }

    private static String checkUrl(String field, String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                    || uri.getRawUserInfo() != null || url.length() > 500) {
                throw ProblemException.invalidField(field, field + " must be an http(s) URL without credentials, "
                        + "at most 500 characters");
            }
            return url;
        } catch (URISyntaxException e) {
            throw ProblemException.invalidField(field, field + " is not a valid URL");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
