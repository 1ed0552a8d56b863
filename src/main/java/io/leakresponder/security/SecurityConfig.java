package io.leakresponder.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.util.Optional;

/** Keys and tokens that protect the service; all come from the environment. */
@ConfigMapping(prefix = "leak-responder.security")
public interface SecurityConfig {

    /** Base64 of 32 random bytes (LEAK_RESPONDER_MASTER_KEY): encrypts secrets, keys fingerprints. */
    @WithName("master-key")
    Optional<String> masterKey();

    /** Earlier master keys, comma-separated base64, accepted for decryption only (key rotation). */
    @WithName("previous-master-keys")
    Optional<String> previousMasterKeys();

    /** Bootstrap admin token (LEAK_RESPONDER_ADMIN_TOKEN), used to create named API tokens. */
    @WithName("admin-token")
    Optional<String> adminToken();
}
