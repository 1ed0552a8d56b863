package io.leakresponder.ingest;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** The GitHub webhook's shared secret. */
@ConfigMapping(prefix = "leak-responder.github")
interface GithubWebhookConfig {

    /** Secret configured on GitHub's webhook (LEAK_RESPONDER_GITHUB_WEBHOOK_SECRET); unset refuses every delivery. */
    Optional<String> webhookSecret();
}
