package io.leakresponder.notify;

/** Where a channel delivers. */
public enum ChannelType {
    /** Slack incoming webhook: a Block Kit message. */
    SLACK,
    /** Any HTTPS endpoint: JSON signed with HMAC-SHA256 under the channel's secret. */
    WEBHOOK,
    /** PagerDuty Events API v2: trigger, and resolve once contained or closed; dedup key = incident id. */
    PAGERDUTY,
    /** E-mail through the configured SMTP server. */
    EMAIL,
    /** GitHub secret scanning: closing an incident from GitHub alerts resolves them; reopening opens them again. */
    GITHUB,
    /** Jira Cloud: an issue is created for the incident (unless a ticket is linked) and linked back to it. */
    JIRA
}
