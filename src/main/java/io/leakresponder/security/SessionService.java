package io.leakresponder.security;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/** Signs people in and out of the dashboard, and recognises their session cookie. */
@ApplicationScoped
public class SessionService {

    /** The session cookie's name. */
    public static final String COOKIE = "lr_session";
    // Writing last_seen_at on every request is wasteful; a minute's precision is enough for an idle timeout.
    private static final Duration TOUCH_GRANULARITY = Duration.ofMinutes(1);

    private final AppSessionRepository sessions;
    private final AppUserRepository users;
    private final UserService userService;
    private final SessionConfig config;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    SessionService(AppSessionRepository sessions, AppUserRepository users, UserService userService,
            SessionConfig config, Clock clock) {
        this.sessions = sessions;
        this.users = users;
        this.userService = userService;
        this.config = config;
        this.clock = clock;
    }

    /** Who is signed in, as an identity needs it; carries the session's CSRF token for pages to embed. */
    public record SessionPrincipal(UUID userId, String username, Roles role, UUID sessionId, String csrfToken) {
        @Override
        public String toString() {
            return "SessionPrincipal[" + username + ", " + role.id() + "]";
        }
    }

    /** A new session: the cookie value exists only here and in the browser. */
    public record IssuedSession(String token, Duration maxAge, SessionPrincipal principal) {
        @Override
        public String toString() {
            return "IssuedSession[" + principal + "]";
        }
    }

    /**
     * Checks the password and opens a session; throws a problem (401, or 503 when too many passwords are being
     * checked at once) when sign-in is refused. Not one transaction: see {@link UserService#verifyPassword}.
     */
    public IssuedSession signIn(String username, String password) {
        AppUser user = userService.verifyPassword(username, password);
        return QuarkusTransaction.requiringNew().call(() -> open(user));
    }

    /** Opens a session for a user who has just proven who they are otherwise (the first admin, at set-up). */
    @Transactional
    public IssuedSession openFor(UUID userId) {
        AppUser user = users.findByIdOptional(userId).filter(u -> !u.isDisabled())
                .orElseThrow(() -> io.leakresponder.common.ProblemException.notFound("user", userId));
        return open(user);
    }

    /**
     * Opens a session for a person whose ID token Quarkus' OpenID Connect code flow has verified; their user is
     * created or updated from the token. Throws a problem (403, 409) when the provider's word is not enough.
     */
    @Transactional(dontRollbackOn = io.leakresponder.common.ProblemException.class)
    public IssuedSession signInExternal(OidcClaims.ExternalIdentity identity) {
        return open(userService.signInExternal(identity));
    }

    private IssuedSession open(AppUser user) {
        Instant now = clock.instant();
        String token = randomToken(32);
        AppSession session = new AppSession();
        session.id = UUID.randomUUID();
        session.tokenHash = MasterKeys.sha256(token);
        session.userId = user.id;
        session.csrfToken = randomToken(24);
        session.createdAt = now;
        session.lastSeenAt = now;
        session.expiresAt = now.plus(config.sessionMaxAge());
        sessions.persist(session);
        return new IssuedSession(token, config.sessionMaxAge(), principal(user, session));
    }

    /** The session a cookie names, if it is still valid and its user still active. */
    @Transactional
    public Optional<SessionPrincipal> authenticate(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        Optional<AppSession> found = sessions.findByTokenHash(MasterKeys.sha256(token));
        Instant now = clock.instant();
        if (found.isEmpty() || !found.get().isValid(now, config.sessionIdleTimeout())) {
            return Optional.empty();
        }
        AppSession session = found.get();
        AppUser user = users.findById(session.userId);
        if (user == null || user.isDisabled()) {
            session.end(now);
            return Optional.empty();
        }
        if (session.lastSeenAt.isBefore(now.minus(TOUCH_GRANULARITY))) {
            session.lastSeenAt = now;
        }
        return Optional.of(principal(user, session));
    }

    @Transactional
    public void signOut(UUID sessionId) {
        sessions.findByIdOptional(sessionId).ifPresent(s -> s.end(clock.instant()));
    }

    /** Sessions ended or expired long ago are only clutter. */
    @Transactional
    public long purgeExpired() {
        Instant cutoff = clock.instant().minus(Duration.ofDays(7));
        return sessions.delete("(endedAt is not null and endedAt < ?1) or expiresAt < ?1", cutoff);
    }

    private static SessionPrincipal principal(AppUser user, AppSession session) {
        return new SessionPrincipal(user.id, user.username, Roles.fromId(user.role).orElseThrow(), session.id,
                session.csrfToken);
    }

    /** A fresh token for a form posted before there is a session (the sign-in forms' double-submit cookie). */
    public String newFormToken() {
        return randomToken(24);
    }

    private String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
