package io.leakresponder.security;

import io.leakresponder.common.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues, verifies and revokes API tokens. A token reads {@code lrt_<lookup id>_<secret>}: the lookup id
 * finds the row, the secret's SHA-256 is compared in constant time. The bootstrap admin token is compared
 * in constant time too.
 */
@ApplicationScoped
public class ApiTokenService {

    static final String PREFIX = "lrt_";
    static final String BOOTSTRAP_NAME = "bootstrap-admin";
    // Recording every use would write on every request; once a minute is enough to see stale tokens.
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);

    private final ApiTokenRepository repository;
    private final SecurityConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokenService(ApiTokenRepository repository, SecurityConfig config, Clock clock) {
        this.repository = repository;
        this.config = config;
        this.clock = clock;
    }

    /** Who a token belongs to. */
    public record Principal(String name, Roles role, UUID tokenId) {
    }

    /** A token just issued: the only moment its value exists outside the caller's hands. */
    public record IssuedToken(UUID id, String name, String role, Instant createdAt, String token) {
        @Override
        public String toString() {
            return "IssuedToken[id=" + id + ", name=" + name + ", role=" + role + "]";
        }
    }

    /** What listings show of a token. */
    public record TokenView(UUID id, String name, String role, Instant createdAt, String createdBy,
            Instant lastUsedAt, Instant revokedAt, String revokedBy) {
    }

    @Transactional
    public Optional<Principal> authenticate(String presented) {
        String admin = config.adminToken();
        if (!admin.isEmpty() && MasterKeys.constantTimeEquals(presented, admin)) {
            return Optional.of(new Principal(BOOTSTRAP_NAME, Roles.ADMIN, null));
        }
        if (!presented.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int split = presented.indexOf('_', PREFIX.length());
        if (split < 0) {
            return Optional.empty();
        }
        String lookupId = presented.substring(PREFIX.length(), split);
        byte[] presentedHash = MasterKeys.sha256(presented.substring(split + 1));
        Optional<ApiToken> found = repository.findByLookupId(lookupId);
        // Compare even when no row exists, so that timing does not tell whether a lookup id is valid.
        byte[] stored = found.map(t -> t.secretHash).orElse(new byte[presentedHash.length]);
        boolean match = MessageDigest.isEqual(presentedHash, stored);
        if (found.isEmpty() || !match || !found.get().isActive()) {
            return Optional.empty();
        }
        ApiToken token = found.get();
        Instant now = clock.instant();
        if (token.lastUsedAt == null || token.lastUsedAt.isBefore(now.minus(LAST_USED_GRANULARITY))) {
            token.lastUsedAt = now;
        }
        return Optional.of(new Principal(token.name, Roles.fromId(token.role).orElseThrow(), token.id));
    }

    @Transactional
    public IssuedToken issue(String name, String roleId, String createdBy) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw ProblemException.invalidField("name", "name is required and at most 100 characters");
        }
        Roles role = Roles.fromId(roleId).orElseThrow(() -> ProblemException.invalidField("role",
                "role must be one of viewer, responder, admin, ingest"));
        ApiToken token = new ApiToken();
        token.id = UUID.randomUUID();
        token.name = name.trim();
        token.role = role.id();
        token.lookupId = randomBase64Url(9);
        String secret = randomBase64Url(32);
        token.secretHash = MasterKeys.sha256(secret);
        token.createdAt = clock.instant();
        token.createdBy = createdBy;
        repository.persist(token);
        return new IssuedToken(token.id, token.name, token.role, token.createdAt,
                PREFIX + token.lookupId + "_" + secret);
    }

    @Transactional
    public List<TokenView> list() {
        return repository.listNewestFirst().stream().map(ApiTokenService::view).toList();
    }

    @Transactional
    public TokenView revoke(UUID id, String by) {
        ApiToken token = repository.findByIdOptional(id)
                .orElseThrow(() -> ProblemException.notFound("API token", id));
        token.revoke(by, clock.instant());
        return view(token);
    }

    private static TokenView view(ApiToken t) {
        return new TokenView(t.id, t.name, t.role, t.createdAt, t.createdBy, t.lastUsedAt, t.revokedAt, t.revokedBy);
    }

    private String randomBase64Url(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        // '_' separates the token's parts, so base64url's '_' is swapped for '-'.
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b).replace('_', '-');
    }
}
