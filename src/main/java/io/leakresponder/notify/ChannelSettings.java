package io.leakresponder.notify;

import java.util.List;

/**
 * The sealed part of a channel: receiver URL (a Slack webhook URL is itself a credential), signing secret,
 * PagerDuty routing key, e-mail recipients, GitHub or Jira token (with the Jira user, project and issue type). Stored only encrypted; never shown, logged or sent
 * anywhere but to its own receiver.
 */
record ChannelSettings(String url, String secret, String routingKey, List<String> recipients, String token,
        String user, String project, String issueType) {

    @Override
    public String toString() {
        return "ChannelSettings[redacted]";
    }
}
