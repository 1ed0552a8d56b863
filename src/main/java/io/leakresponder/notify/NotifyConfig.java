package io.leakresponder.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of notifications, GitHub alert sync and their delivery ({@code leak-responder.notify.*}). */
@ConfigMapping(prefix = "leak-responder.notify")
public interface NotifyConfig {

    /**
     * The dashboard's address as people reach it (e.g. {@code https://leaks.example.com}); messages link to
     * {@code <public-url>/ui/incidents/<id>}. Unset, messages carry the incident id without a link.
     */
    Optional<String> publicUrl();

    /** Receivers must be {@code https} URLs; only tests (WireMock on plain http) turn this off. */
    @WithDefault("true")
    boolean requireHttps();

    /**
     * Hosts or addresses (exact, or CIDR such as {@code 10.1.0.0/16}) that a receiver URL may point at even
     * though they are loopback, link-local or private. Empty: such targets are refused, so an admin cannot
     * aim the service at the cloud metadata endpoint or internal services.
     */
    Optional<List<String>> allowedPrivateTargets();

    /** Time to open a connection to a receiver; a slow receiver fails the attempt, it never blocks others. */
    @WithDefault("5s")
    Duration connectTimeout();

    /** Time for a receiver to answer one delivery. */
    @WithDefault("10s")
    Duration requestTimeout();

    /** Attempts per delivery, the first included; after the last failure the delivery is a dead letter. */
    @WithDefault("8")
    int maxAttempts();

    /** Wait after the first failed attempt; doubled after each further failure. */
    @WithDefault("30s")
    Duration initialBackoff();

    /** Longest wait between two attempts. */
    @WithDefault("30m")
    Duration maxBackoff();

    /** How often open incidents are checked for a newly breached SLA target. */
    @WithDefault("1m")
    Duration slaScanInterval();

    /** PagerDuty Events API v2 endpoint used when a channel names none (the EU service has its own). */
    @WithDefault("https://events.pagerduty.com/v2/enqueue")
    String pagerdutyEventsUrl();

    /** GitHub REST API base used when a GitHub channel names none (GitHub Enterprise Server has its own). */
    @WithDefault("https://api.github.com")
    String githubApiUrl();

    /** Sender address of notification e-mails. */
    @WithDefault("leak-responder@localhost")
    String emailFrom();
}
