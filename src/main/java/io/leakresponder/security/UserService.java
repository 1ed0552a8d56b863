package io.leakresponder.security;

import io.leakresponder.common.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Dashboard users: created by an admin, the first admin with the bootstrap token. Roles are those of API
 * tokens, except {@code ingest}, which is for pipelines, not people.
 */
@ApplicationScoped
public class UserService {

    private static final Logger LOG = Logger.getLogger(UserService.class);
    static final int MIN_PASSWORD = 12;
    static final int MAX_PASSWORD = 256;
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9][a-z0-9._@-]{1,63}$");

    private final AppUserRepository users;
    private final AppSessionRepository sessions;
    private final PasswordHasher hasher;
    private final SecurityConfig security;
    private final SessionConfig sessionConfig;
    private final Clock clock;

    UserService(AppUserRepository users, AppSessionRepository sessions, PasswordHasher hasher,
            SecurityConfig security, SessionConfig sessionConfig, Clock clock) {
        this.sessionConfig = sessionConfig;
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.security = security;
        this.clock = clock;
    }

    /** What pages show of a user: never the hash. */
    public record UserView(UUID id, String username, String role, Instant createdAt, String createdBy,
            Instant lastLoginAt, boolean locked, boolean disabled) {
    }

    /** True until the first admin exists: the sign-in page then offers the set-up form. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean needsFirstAdmin() {
        return !users.anyAdmin();
    }

    /**
     * Creates the first admin. Allowed only while no active admin exists, and only with the bootstrap admin
     * token (LEAK_RESPONDER_ADMIN_TOKEN), compared in constant time.
     */
    @Transactional
    public UserView createFirstAdmin(String bootstrapToken, String username, String password) {
        // Once set up, every token gets the same answer: the form cannot be used to test guesses of it.
        if (users.anyAdmin()) {
            throw alreadySetUp();
        }
        if (bootstrapToken == null || !MasterKeys.constantTimeEquals(bootstrapToken.trim(), security.adminToken())) {
            throw new ProblemException(403, "bootstrap-token", "Wrong bootstrap token",
                    "the bootstrap token does not match LEAK_RESPONDER_ADMIN_TOKEN").with("field", "bootstrapToken");
        }
        // Serialises concurrent set-ups: only one can see "no admin yet".
        users.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('app_user:first-admin'))")
                .getSingleResult();
        if (users.anyAdmin()) {
            throw alreadySetUp();
        }
        UserView created = create(username, password, Roles.ADMIN_ROLE, "bootstrap-admin");
        LOG.infof("first admin %s created with the bootstrap token", created.username());
        return created;
    }

    @Transactional
    public UserView create(String username, String password, String roleId, String createdBy) {
        String name = checkUsername(username);
        String role = checkRole(roleId);
        checkPassword(password, name);
        if (users.findByUsername(name).isPresent()) {
            throw new ProblemException(409, "username-taken", "Username taken", "a user named " + name + " exists")
                    .with("field", "username");
        }
        AppUser user = new AppUser();
        user.id = UUID.randomUUID();
        user.username = name;
        user.passwordHash = hasher.hash(password.toCharArray());
        user.role = role;
        user.createdAt = clock.instant();
        user.createdBy = createdBy;
        users.persist(user);
        LOG.infof("user %s (%s) created by %s", name, role, createdBy);
        return view(user);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UserView> list() {
        return users.listByName().stream().map(this::view).toList();
    }

    @Transactional
    public UserView changeRole(UUID id, String roleId, String by) {
        AppUser user = find(id);
        String role = checkRole(roleId);
        if (Roles.ADMIN_ROLE.equals(user.role) && !Roles.ADMIN_ROLE.equals(role)) {
            requireAnotherAdmin(user);
        }
        user.role = role;
        // A changed role takes effect at once: existing sessions carry the old one.
        sessions.endAllOf(user.id, clock.instant());
        LOG.infof("user %s is now %s (by %s)", user.username, role, by);
        return view(user);
    }

    @Transactional
    public UserView disable(UUID id, String by) {
        AppUser user = find(id);
        if (Roles.ADMIN_ROLE.equals(user.role)) {
            requireAnotherAdmin(user);
        }
        user.disable(clock.instant());
        sessions.endAllOf(user.id, clock.instant());
        LOG.infof("user %s disabled by %s", user.username, by);
        return view(user);
    }

    @Transactional
    public UserView enable(UUID id, String by) {
        AppUser user = find(id);
        user.enable();
        LOG.infof("user %s enabled by %s", user.username, by);
        return view(user);
    }

    @Transactional
    public UserView resetPassword(UUID id, String password, String by) {
        AppUser user = find(id);
        requireLocal(user);
        checkPassword(password, user.username);
        user.passwordHash = hasher.hash(password.toCharArray());
        user.enable();
        sessions.endAllOf(user.id, clock.instant());
        LOG.infof("password of %s reset by %s", user.username, by);
        return view(user);
    }

    /** Changes one's own password, proving the current one first; other sessions of the user end. */
    @Transactional
    public void changeOwnPassword(UUID id, String current, String replacement) {
        AppUser user = find(id);
        requireLocal(user);
        if (current == null || !hasher.verify(current.toCharArray(), user.passwordHash)) {
            throw new ProblemException(400, "wrong-password", "Wrong password", "the current password is wrong")
                    .with("field", "current");
        }
        checkPassword(replacement, user.username);
        user.passwordHash = hasher.hash(replacement.toCharArray());
        sessions.endAllOf(user.id, clock.instant());
    }

    /**
     * Signs in a person the OpenID Connect provider has vouched for: creates their user on first sign-in and
     * brings username and role in line with the provider every time after. The provider's groups decide the
     * role; without a mapped group nobody gets in, and a user an admin disabled here stays out.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    AppUser signInExternal(OidcClaims.ExternalIdentity identity) {
        if (identity.issuer() == null || identity.subject() == null) {
            throw new ProblemException(401, "oidc-token", "Sign-in failed", "the ID token has no issuer or subject");
        }
        Instant now = clock.instant();
        AppUser user = users.findByExternal(identity.issuer(), identity.subject()).orElse(null);
        if (identity.role().isEmpty()) {
            if (user != null) {
                // Removed from every mapped group at the provider: whatever sessions they still hold end now.
                sessions.endAllOf(user.id, now);
            }
            LOG.infof("OpenID Connect sign-in of %s refused: in no group mapped to a dashboard role",
                    identity.username());
            throw new ProblemException(403, "no-role", "No dashboard role",
                    "your account at the identity provider is in none of the groups that grant a dashboard role; "
                            + "ask an admin to add you to one");
        }
        String name = checkUsername(identity.username());
        String role = identity.role().get().id();
        var sameName = users.findByUsername(name);
        if (sameName.isPresent() && (user == null || !sameName.get().id.equals(user.id))) {
            // Never hand an existing account to the provider: a local user keeps their name and their rights.
            throw new ProblemException(409, "username-taken", "Username taken",
                    "a different user named " + name + " exists already; an admin must rename or remove it first")
                    .with("field", "username");
        }
        if (user == null) {
            user = new AppUser();
            user.id = UUID.randomUUID();
            user.externalIssuer = identity.issuer();
            user.externalSubject = identity.subject();
            user.username = name;
            user.role = role;
            user.createdAt = now;
            user.createdBy = "oidc";
            users.persist(user);
            LOG.infof("user %s (%s) created at first OpenID Connect sign-in", name, role);
        } else if (user.isDisabled()) {
            throw new ProblemException(403, "disabled", "Account disabled",
                    "an admin has disabled your dashboard account");
        } else if (!user.username.equals(name) || !user.role.equals(role)) {
            LOG.infof("user %s is now %s (%s) as the identity provider says", user.username, name, role);
            user.username = name;
            user.role = role;
        }
        user.recordLogin(now);
        return user;
    }

    private static ProblemException alreadySetUp() {
        return new ProblemException(409, "already-set-up", "Already set up",
                "an admin exists already; ask them for an account");
    }

    /** The stored hash of a local user, read before the password is checked: the check holds no connection. */
    private record Candidate(UUID id, String passwordHash) {
    }

    /** How the second half of a sign-in, under the user's row lock, came out. */
    private enum Verdict {
        SIGNED_IN, WRONG_PASSWORD, LOCKED, DISABLED, CHANGED_MEANWHILE
    }

    /**
     * Checks a password; on success returns the signed-in user (detached), with its lock-out counters updated
     * either way.
     *
     * <p>Not one transaction: the user's hash is read in a short one, the password is checked (about 0.3 s of
     * PBKDF2) holding no database connection, and the counters are updated in a second one under the user's row
     * lock. A burst of sign-in attempts therefore cannot drain the connection pool that ingestion and the jobs
     * share. Every refusal (unknown user, wrong password, locked or disabled account) costs the same hash and
     * gets the same answer. What still differs is the counter update of an existing account: a transaction of a
     * few milliseconds beside the 0.3 s hash.
     */
    AppUser verifyPassword(String username, String password) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        char[] presented = password == null ? new char[0] : password.toCharArray();
        for (int attempt = 1;; attempt++) {
            Candidate candidate = QuarkusTransaction.requiringNew().call(() -> users.findByUsername(name)
                    .filter(u -> u.passwordHash != null).map(u -> new Candidate(u.id, u.passwordHash)).orElse(null));
            if (candidate == null) {
                hasher.verifyNothing(presented);
                throw badCredentials();
            }
            boolean matches = hasher.verify(presented, candidate.passwordHash());
            String rehashed = matches && hasher.needsRehash(candidate.passwordHash()) ? hasher.hash(presented) : null;
            AppUser[] signedIn = new AppUser[1];
            Verdict verdict = QuarkusTransaction.requiringNew().call(() -> conclude(candidate, matches, rehashed,
                    signedIn));
            if (verdict == Verdict.SIGNED_IN) {
                return signedIn[0];
            }
            if (verdict == Verdict.CHANGED_MEANWHILE && attempt == 1) {
                // The hash was replaced while this attempt was checked against it: by a password reset, or by
                // another sign-in's rehash at a raised cost. Check once more, against the new one.
                continue;
            }
            LOG.infof("sign-in of %s refused: %s", name, verdict.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            throw badCredentials();
        }
    }

    /** The second half of a sign-in, under the user's row lock; counts a wrong password. */
    private Verdict conclude(Candidate candidate, boolean matches, String rehashed, AppUser[] signedIn) {
        AppUser user = users.findById(candidate.id());
        if (user == null) {
            return Verdict.CHANGED_MEANWHILE;
        }
        // Guesses at the same account take turns from here, each seeing the others' counts: parallel wrong
        // passwords cannot each count as the first, and none gets in once another has locked the account.
        users.lockAndRefresh(user);
        Instant now = clock.instant();
        if (user.isLocked(now)) {
            return Verdict.LOCKED;
        }
        if (!candidate.passwordHash().equals(user.passwordHash)) {
            return Verdict.CHANGED_MEANWHILE;
        }
        if (!matches) {
            user.recordFailure(now, sessionConfig.maxFailedLogins(), sessionConfig.lockout());
            return Verdict.WRONG_PASSWORD;
        }
        if (user.isDisabled()) {
            return Verdict.DISABLED;
        }
        if (rehashed != null) {
            user.passwordHash = rehashed;
        }
        user.recordLogin(now);
        signedIn[0] = user;
        return Verdict.SIGNED_IN;
    }

    private ProblemException badCredentials() {
        return new ProblemException(401, "bad-credentials", "Sign-in failed",
                "wrong username or password (after " + sessionConfig.maxFailedLogins()
                        + " wrong passwords in a row an account is locked for " + lockoutText() + ")")
                .with("field", "password");
    }

    private String lockoutText() {
        long seconds = sessionConfig.lockout().toSeconds();
        return seconds % 60 == 0 ? seconds / 60 + " minutes" : seconds + " seconds";
    }

    private static void requireLocal(AppUser user) {
        if (user.isExternal()) {
            throw new ProblemException(409, "external-user", "Signs in with the identity provider",
                    user.username + " signs in through the identity provider and has no password here")
                    .with("field", "password");
        }
    }

    private void requireAnotherAdmin(AppUser user) {
        // Serialises the changes that can remove an admin: two admins disabling (or demoting) each other at the
        // same moment would otherwise each see the other as the remaining admin, and leave none.
        users.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('app_user:admins'))")
                .getSingleResult();
        long others = users.count("role = 'admin' and disabledAt is null and id <> ?1", user.id);
        if (others == 0) {
            throw new ProblemException(409, "last-admin", "Last admin",
                    "the last active admin cannot be demoted or disabled");
        }
    }

    private AppUser find(UUID id) {
        return users.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("user", id));
    }

    private static String checkUsername(String username) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        if (!USERNAME.matcher(name).matches()) {
            throw ProblemException.invalidField("username",
                    "username must be 2-64 characters of a-z, 0-9, '.', '_', '@' or '-', starting with a letter or digit");
        }
        return name;
    }

    private static String checkRole(String roleId) {
        return Roles.fromId(roleId).filter(r -> r != Roles.INGEST).map(Roles::id)
                .orElseThrow(
                        () -> ProblemException.invalidField("role", "role must be one of viewer, responder, admin"));
    }

    private static void checkPassword(String password, String username) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ProblemException.invalidField("password",
                    "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        if (password.toLowerCase(Locale.ROOT).contains(username)) {
            throw ProblemException.invalidField("password", "password must not contain the username");
        }
    }

    private UserView view(AppUser u) {
        return new UserView(u.id, u.username, u.role, u.createdAt, u.createdBy, u.lastLoginAt,
                u.isLocked(clock.instant()), u.isDisabled());
    }
}
