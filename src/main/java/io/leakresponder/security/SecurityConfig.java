package io.leakresponder.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Optional;

/**
 * Keys and tokens that protect the service; all come from the environment. They are validated with the
 * configuration itself, before anything touches the database: security fails closed.
 */
@ConfigMapping(prefix = "leak-responder.security")
public interface SecurityConfig {

    /** Base64 of 32 random bytes (LEAK_RESPONDER_MASTER_KEY): encrypts secrets, keys fingerprints. */
    @WithName("master-key")
    @Pattern(regexp = "^[A-Za-z0-9+/]{43}=$", message = "LEAK_RESPONDER_MASTER_KEY is missing or is not base64 of "
            + "32 bytes: generate one with: openssl rand -base64 32")
    String masterKey();

    /** Earlier master keys, comma-separated base64, accepted for decryption only (key rotation). */
    @WithName("previous-master-keys")
    Optional<String> previousMasterKeys();

    /** Bootstrap admin token (LEAK_RESPONDER_ADMIN_TOKEN), used to create named API tokens. */
    @WithName("admin-token")
    @Size(min = StartupChecks.MIN_ADMIN_TOKEN_LENGTH, message = "LEAK_RESPONDER_ADMIN_TOKEN is missing or shorter "
            + "than 32 characters: generate one with: openssl rand -base64 32")
    @Pattern(regexp = "^\\S+$", message = "LEAK_RESPONDER_ADMIN_TOKEN must not contain spaces: generate one with: "
            + "openssl rand -base64 32")
    String adminToken();
}
