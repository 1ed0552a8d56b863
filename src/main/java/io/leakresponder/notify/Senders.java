package io.leakresponder.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Renders a {@link Message} for each kind of receiver and sends it, outside any transaction. Redirects are not
 * followed (a redirect could lead past the target policy); errors name the status and host, never the URL
 * (a Slack webhook URL is a credential) nor the receiver's answer.
 */
@ApplicationScoped
class Senders {

    static final String SIGNATURE_HEADER = "X-Leak-Responder-Signature";
    static final String TIMESTAMP_HEADER = "X-Leak-Responder-Timestamp";
    private static final Pattern ALERT_LINK = Pattern.compile("/([^/]+)/([^/]+)/security/secret-scanning/(\\d+)");

    /** How an attempt went. {@code permanent} failures (a 4xx other than 408/429) are not retried. */
    record Outcome(boolean ok, boolean permanent, Integer httpStatus, String error, String ticketKey,
            String ticketUrl) {

        Outcome(boolean ok, boolean permanent, Integer httpStatus, String error) {
            this(ok, permanent, httpStatus, error, null, null);
        }

        static Outcome success(Integer status) {
            return new Outcome(true, false, status, null);
        }
    }

    /** A GitHub secret scanning alert named by an occurrence's link. */
    record GithubAlert(String owner, String repo, long number) {
    }

    private final ObjectMapper json;
    private final Mailer mailer;
    private final NotifyConfig config;
    private final TargetPolicy policy;
    private final Clock clock;
    private final HttpClient http;

    Senders(ObjectMapper json, Mailer mailer, NotifyConfig config, TargetPolicy policy, Clock clock) {
        this.json = json;
        this.mailer = mailer;
        this.config = config;
        this.policy = policy;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    Outcome send(ChannelType type, ChannelSettings s, Message m, List<GithubAlert> alerts) {
        return switch (type) {
            case SLACK -> post(s.url(), write(slack(m)), Map.of());
            case WEBHOOK -> webhook(s, m);
            case PAGERDUTY -> post(s.url() == null ? config.pagerdutyEventsUrl() : s.url(),
                    write(pagerduty(s.routingKey(), m)), Map.of());
            case EMAIL -> email(s, m);
            case GITHUB -> github(s, m, alerts);
            case JIRA -> jira(s, m);
        };
    }

    /** Jira Cloud: creates an issue (REST API v3, description in Atlassian Document Format) and reports its key. */
    private Outcome jira(ChannelSettings s, Message m) {
        String site = s.url().replaceAll("/+$", "");
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("project", Map.of("key", s.project()));
        fields.put("issuetype", Map.of("name", s.issueType()));
        fields.put("summary", cut(m.summary().replace('\n', ' '), 255));
        fields.put("labels", List.of("leak-responder"));
        fields.put("description", Map.of("type", "doc", "version", 1, "content", List.of(Map.of("type", "paragraph",
                "content", List.of(Map.of("type", "text", "text", m.asText()))))));
        String auth = java.util.Base64.getEncoder().encodeToString((s.user() + ":" + s.token())
                .getBytes(StandardCharsets.UTF_8));
        Answer a = exchange("POST", site + "/rest/api/3/issue", write(Map.of("fields", fields)),
                Map.of("Authorization", "Basic " + auth, "Accept", "application/json"));
        if (!a.outcome().ok()) {
            return a.outcome();
        }
        try {
            String key = json.readTree(a.body()).path("key").asText("");
            if (!key.matches("[A-Z][A-Z0-9_]{0,29}-[1-9][0-9]{0,9}")) {
                return new Outcome(false, false, a.outcome().httpStatus(), "Jira answered without an issue key");
            }
            return new Outcome(true, false, a.outcome().httpStatus(), null, key, site + "/browse/" + key);
        } catch (IOException e) {
            return new Outcome(false, false, a.outcome().httpStatus(), "Jira answered with something not JSON");
        }
    }

    private Outcome webhook(ChannelSettings s, Message m) {
        String body = write(m.asJson());
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Idempotency-Key", m.key());
        headers.put("X-Leak-Responder-Event", m.event().name());
        headers.put(TIMESTAMP_HEADER, timestamp);
        headers.put(SIGNATURE_HEADER, "sha256=" + sign(s.secret(), timestamp, body));
        return post(s.url(), body, headers);
    }

    /** {@code hex(HMAC-SHA256(secret, timestamp + "." + body))}: the timestamp is signed too, against replay. */
    static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Slack Block Kit: a header, the facts as fields, and a button to the incident. */
    static Map<String, Object> slack(Message m) {
        List<Object> fields = new ArrayList<>();
        fields.add(field("*Severity*\n" + esc(m.severity())));
        fields.add(
                field("*State*\n" + esc(m.state()) + (m.resolution() == null ? "" : " (" + esc(m.resolution()) + ")")));
        fields.add(field(
                "*Credential*\n" + esc(m.credentialKind()) + (m.hint() == null ? "" : " `" + esc(m.hint()) + "`")));
        fields.add(field("*Where*\n" + (m.where() == null ? "_not known_" : esc(m.where()))));
        if (m.ticket() != null) {
            fields.add(field("*Ticket*\n" + esc(m.ticket())));
        }
        List<Object> blocks = new ArrayList<>();
        blocks.add(Map.of("type", "header", "text", Map.of("type", "plain_text",
                "text", cut(m.severity() + " · Incident " + m.event().verb(), 150))));
        blocks.add(Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", cut(esc(m.title()), 3000)),
                "fields", fields));
        if (m.link() != null) {
            blocks.add(Map.of("type", "actions", "elements", List.of(Map.of("type", "button",
                    "text", Map.of("type", "plain_text", "text", "Open incident"), "url", m.link()))));
        } else {
            blocks.add(Map.of("type", "context", "elements", List.of(Map.of("type", "mrkdwn",
                    "text", "Incident " + m.incidentId()))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", cut(m.summary(), 3000));
        body.put("blocks", blocks);
        return body;
    }

    private static Map<String, Object> field(String text) {
        return Map.of("type", "mrkdwn", "text", cut(text, 2000));
    }

    /** Slack's three control characters; a file name from a report must not become a link or a mention. */
    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    /** PagerDuty Events API v2: trigger on a live or breached incident, resolve once contained or closed. */
    static Map<String, Object> pagerduty(String routingKey, Message m) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routing_key", routingKey);
        body.put("dedup_key", m.incidentId().toString());
        if (resolves(m.event())) {
            body.put("event_action", "resolve");
            return body;
        }
        body.put("event_action", "trigger");
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("summary", cut(m.summary(), 1024));
        payload.put("source", "twilio-leak-responder");
        payload.put("severity", switch (m.severity()) {
            case "CRITICAL" -> "critical";
            case "HIGH" -> "error";
            case "MEDIUM" -> "warning";
            default -> "info";
        });
        payload.put("component", m.credentialKind().toLowerCase(Locale.ROOT));
        payload.put("class", m.event().name());
        payload.put("custom_details", m.asJson());
        body.put("payload", payload);
        if (m.link() != null) {
            body.put("links", List.of(Map.of("href", m.link(), "text", "Incident")));
        }
        return body;
    }

    static boolean resolves(NoticeEvent e) {
        return e == NoticeEvent.CONTAINED || e == NoticeEvent.CLOSED;
    }

    private Outcome email(ChannelSettings s, Message m) {
        try {
            mailer.send(Mail.withText(s.recipients().get(0), "[Leak Responder] " + cut(m.summary(), 200), m.asText())
                    .setTo(s.recipients()).setFrom(config.emailFrom()));
            return Outcome.success(null);
        } catch (RuntimeException e) {
            return new Outcome(false, false, null, "SMTP: " + e.getClass().getSimpleName());
        }
    }

    /** The alerts named by the links of an incident's GitHub occurrences. */
    static List<GithubAlert> alerts(List<io.leakresponder.credential.OccurrenceView> occurrences) {
        List<GithubAlert> out = new ArrayList<>();
        for (var o : occurrences) {
            if (!"github".equals(o.scanner()) || o.link() == null) {
                continue;
            }
            Matcher match = ALERT_LINK.matcher(URI.create(o.link().trim()).getPath());
            if (match.find()) {
                GithubAlert a = new GithubAlert(match.group(1), match.group(2), Long.parseLong(match.group(3)));
                if (!out.contains(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** GitHub's resolution for ours. */
    static String githubResolution(String resolution) {
        return switch (resolution == null ? "" : resolution) {
            case "FALSE_POSITIVE" -> "false_positive";
            case "TEST_CREDENTIAL" -> "used_in_tests";
            case "ACCEPTED_RISK" -> "wont_fix";
            // A credential that never worked, or was rotated: either way it no longer grants access.
            default -> "revoked";
        };
    }

    /**
     * The alert update: resolved with our resolution mapped and a comment linking the incident when it closes,
     * open again when it reopens. The close reason (free text) is not sent.
     */
    static Map<String, Object> githubUpdate(Message m) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (m.event() == NoticeEvent.REOPENED) {
            body.put("state", "open");
            return body;
        }
        body.put("state", "resolved");
        body.put("resolution", githubResolution(m.resolution()));
        body.put("resolution_comment", cut("Closed in Twilio Leak Responder as " + m.resolution()
                + (m.link() == null ? " (incident " + m.incidentId() + ")" : ": " + m.link()), 270));
        return body;
    }

    private Outcome github(ChannelSettings s, Message m, List<GithubAlert> alerts) {
        String api = (s.url() == null ? config.githubApiUrl() : s.url()).replaceAll("/+$", "");
        String text = write(githubUpdate(m));
        Map<String, String> headers = Map.of("Authorization", "Bearer " + s.token(),
                "Accept", "application/vnd.github+json", "X-GitHub-Api-Version", "2022-11-28");
        for (GithubAlert a : alerts) {
            Outcome o = request("PATCH", api + "/repos/" + a.owner() + "/" + a.repo() + "/secret-scanning/alerts/"
                    + a.number(), text, headers);
            if (!o.ok()) {
                return new Outcome(false, o.permanent(), o.httpStatus(), o.error() + " (alert " + a.owner() + "/"
                        + a.repo() + "#" + a.number() + ")");
            }
        }
        return Outcome.success(200);
    }

    private Outcome post(String url, String body, Map<String, String> headers) {
        return request("POST", url, body, headers);
    }

    private Outcome request(String method, String url, String body, Map<String, String> headers) {
        return exchange(method, url, body, headers).outcome();
    }

    /** An outcome with the receiver's answer, read only when someone needs it (Jira's new issue key). */
    private record Answer(Outcome outcome, String body) {
    }

    private Answer exchange(String method, String url, String body, Map<String, String> headers) {
        URI uri;
        try {
            uri = policy.check(url);
        } catch (TargetPolicy.RefusedTarget e) {
            return new Answer(new Outcome(false, true, null, "target refused: " + e.getMessage()), null);
        }
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).timeout(config.requestTimeout())
                .header("Content-Type", "application/json").header("User-Agent", "twilio-leak-responder")
                .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(r::header);
        try {
            HttpResponse<String> response = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return new Answer(Outcome.success(status), response.body());
            }
            boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
            return new Answer(new Outcome(false, permanent, status, "HTTP " + status + " from " + uri.getHost()), null);
        } catch (IOException e) {
            return new Answer(new Outcome(false, false, null, e.getClass().getSimpleName() + " talking to "
                    + uri.getHost()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(new Outcome(false, false, null, "interrupted talking to " + uri.getHost()), null);
        }
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("message cannot be written as JSON", e);
        }
    }
}
