package io.leakresponder.rotation;

import io.leakresponder.account.AccountCredentialService;
import io.leakresponder.common.ProblemException;
import io.leakresponder.credential.CredentialKind;
import io.leakresponder.credential.CredentialSecret;
import io.leakresponder.credential.CredentialService;
import io.leakresponder.credential.CredentialView;
import io.leakresponder.incident.IncidentService;
import io.leakresponder.incident.IncidentState;
import io.leakresponder.security.Fingerprints;
import io.leakresponder.security.SecretCipher;
import io.leakresponder.twilio.RotationOutcome;
import io.leakresponder.twilio.TwilioAuth;
import io.leakresponder.twilio.TwilioRotation;
import io.leakresponder.twilio.TwilioSecret;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Rotates a leaked credential through the Twilio API as a saga. Every external call goes through the step journal
 * ({@link RotationJournal}), outside any transaction; a step whose outcome is unknown (crash, timeout, 5xx) leaves
 * the rotation IN_DOUBT, and {@link #resume} reconciles it without creating a second secondary token or promoting
 * twice. Once the leaked credential should have stopped working, {@link RotationConfirmation} schedules the check
 * that confirms it NOT_LIVE after the propagation delay and moves the incident to CONTAINED.
 */
@ApplicationScoped
public class RotationService {

    static final String CREATE_SECONDARY = "create-secondary-token";
    static final String DELETE_SECONDARY = "delete-secondary-token";
    static final String PROMOTE = "promote-secondary-token";
    static final String CREATE_KEY = "create-api-key";
    static final String DELETE_OLD_KEY = "delete-leaked-api-key";

    private final RotationRepositories.Rotations rotations;
    private final RotationJournal journal;
    private final RotationConfirmation confirmation;
    private final IncidentService incidents;
    private final CredentialService credentials;
    private final AccountCredentialService accounts;
    private final TwilioRotation twilio;
    private final SecretCipher cipher;
    private final Fingerprints fingerprints;
    private final Clock clock;

    RotationService(RotationRepositories.Rotations rotations, RotationJournal journal,
            RotationConfirmation confirmation, IncidentService incidents, CredentialService credentials,
            AccountCredentialService accounts, TwilioRotation twilio, SecretCipher cipher, Fingerprints fingerprints,
            Clock clock) {
        this.rotations = rotations;
        this.journal = journal;
        this.confirmation = confirmation;
        this.incidents = incidents;
        this.credentials = credentials;
        this.accounts = accounts;
        this.twilio = twilio;
        this.cipher = cipher;
        this.fingerprints = fingerprints;
        this.clock = clock;
    }

    /** What the responder asked for. */
    public record StartRequest(String mode, boolean useAdminCredential, boolean keepNewSecret,
            boolean deleteOldKeyNow) {
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    // ---- start ------------------------------------------------------------------------------------------

    /** The SIDs of the replacement keys this service made for the incident: they are not an attacker's. */
    public List<String> newKeySids(UUID incidentId) {
        return rotations.list("incidentId", incidentId).stream().map(r -> r.newKeySid)
                .filter(java.util.Objects::nonNull).toList();
    }

    /** Starts a rotation for an acknowledged incident. Network calls happen outside transactions. */
    public RotationViews.Rotation start(UUID incidentId, StartRequest req, String actor) {
        if (incidents.stateOf(incidentId) != IncidentState.ACKNOWLEDGED) {
            throw ProblemException.conflict("illegal-transition",
                    "rotate an ACKNOWLEDGED incident: acknowledge it first (it is " + incidents.stateOf(incidentId)
                            + ")");
        }
        UUID credentialId = incidents.credentialOf(incidentId);
        CredentialView credential = credentials.view(credentialId).orElseThrow();
        if (credential.kind() == CredentialKind.API_KEY) {
            return startApiKey(incidentId, credential, req, actor);
        }
        if (credential.kind() != CredentialKind.AUTH_TOKEN) {
            throw ProblemException.conflict("not-rotatable", "a " + credential.kind()
                    + " incident has no secret to rotate; find the credential's value first");
        }
        Rotation.Mode mode = parseMode(req.mode());
        if (mode == Rotation.Mode.API_KEY) {
            throw ProblemException.invalidField("mode", "API_KEY is for API key incidents; this is an Auth Token");
        }
        if (mode == Rotation.Mode.MANUAL) {
            Rotation r = create(incidentId, mode, Rotation.AuthSource.NONE, Rotation.Status.AWAITING_CONFIRMATION,
                    actor);
            event(incidentId, actor, "rotation_started", Map.of("mode", mode.name(), "rotation", r.id.toString()));
            return view(r.id, null, section(credential, "manual-rotation-in-the-twilio-console"),
                    "rotate the Auth Token in the Twilio Console, then confirm containment (POST …/contain)");
        }
        TwilioAuth auth = authFor(credential, req.useAdminCredential());
        // Someone may have rotated outside the workflow already: then there is nothing left to rotate here.
        RotationOutcome<Boolean> works = twilio.currentTokenAuthenticates(auth);
        if (works.status() == RotationOutcome.Status.UNAUTHORIZED) {
            Rotation r = create(incidentId, Rotation.Mode.MANUAL, Rotation.AuthSource.NONE,
                    Rotation.Status.AWAITING_CONFIRMATION, actor);
            event(incidentId, actor, "rotated_outside_workflow", Map.of("rotation", r.id.toString(), "note",
                    "the credential used for rotation no longer authenticates; continuing as MANUAL"));
            confirmation.schedule(r.id, Instant.now());
            return view(r.id, null, section(credential, "manual-rotation-in-the-twilio-console"),
                    "the token no longer authenticates: someone rotated it outside the workflow; continuing as "
                            + "MANUAL and confirming it NOT_LIVE");
        }
        if (!works.isOk()) {
            throw unavailable("check that the token still authenticates", works);
        }
        Rotation r = create(incidentId, mode, req.useAdminCredential()
                ? Rotation.AuthSource.ADMIN
                : Rotation.AuthSource.SELF, Rotation.Status.IN_DOUBT, actor);
        event(incidentId, actor, "rotation_started", Map.of("mode", mode.name(), "rotation", r.id.toString(),
                "auth", r.authSource.name()));
        TwilioSecret secondary = createSecondary(r, auth, req.keepNewSecret(), actor);
        if (mode == Rotation.Mode.ZERO_DOWNTIME) {
            setStatus(r.id, Rotation.Status.AWAITING_PROMOTE);
            return view(r.id, secondary.reveal(), section(credential, "zero-downtime-rotation"),
                    "secondary token created: it is shown only now. Move consumers to it, then promote");
        }
        TwilioSecret primary = promote(r, auth, req.keepNewSecret(), actor);
        return view(r.id, primary.reveal(), section(credential, "immediate-rotation"),
                "promoted: the leaked token no longer works; the new token is shown only now. Confirmation is "
                        + "scheduled after the propagation delay");
    }

    /** Zero-downtime rotation, second half: promote the secondary token. */
    public RotationViews.Rotation promote(UUID incidentId, boolean keepNewSecret, String actor) {
        Rotation r = active(incidentId);
        if (r.status != Rotation.Status.AWAITING_PROMOTE) {
            throw ProblemException.conflict("illegal-transition", "the rotation is " + r.status
                    + "; promote follows a zero-downtime rotation's secondary token");
        }
        CredentialView credential = credentials.view(incidents.credentialOf(incidentId)).orElseThrow();
        TwilioAuth auth = authFor(credential, r.authSource == Rotation.AuthSource.ADMIN);
        promote(r, auth, keepNewSecret, actor);
        // The promoted token is the secondary the responder already holds: it is not shown a second time.
        return view(r.id, null, section(credential, "zero-downtime-rotation"),
                "promoted the secondary token you hold: the leaked token stopped working. Confirmation is "
                        + "scheduled after the propagation delay");
    }

    private TwilioSecret createSecondary(Rotation r, TwilioAuth auth, boolean keep, String actor) {
        RotationOutcome<TwilioRotation.NewSecondaryToken> out = journal.step(r, CREATE_SECONDARY,
                () -> twilio.createSecondaryAuthToken(auth));
        if (!out.isOk()) {
            throw stepFailed(r, "create the secondary token", out);
        }
        TwilioSecret secret = out.value().token();
        keepSecret(r.id, null, keep ? secret.reveal() : null, Fingerprints.hint(secret.reveal()));
        rememberSecondary(r.id, fingerprints.of("rotation-secondary", secret.reveal()));
        event(r.incidentId, actor, "secondary_token_created", Map.of("rotation", r.id.toString(),
                "hint", Fingerprints.hint(secret.reveal()), "kept", keep));
        return secret;
    }

    private TwilioSecret promote(Rotation r, TwilioAuth auth, boolean keep, String actor) {
        RotationOutcome<TwilioRotation.PromotedToken> out = journal.step(r, PROMOTE,
                () -> twilio.promoteSecondaryAuthToken(auth));
        if (!out.isOk()) {
            throw stepFailed(r, "promote the secondary token", out);
        }
        TwilioSecret secret = out.value().authToken();
        String expected = rotation(r.id).secondaryFingerprint;
        if (expected != null && !expected.equals(fingerprints.of("rotation-secondary", secret.reveal()))) {
            // The promoted token is not the secondary this rotation made: someone else holds the primary now.
            setStatus(r.id, Rotation.Status.FAILED);
            event(r.incidentId, actor, "promoted_unknown_secondary", Map.of("rotation", r.id.toString(), "note",
                    "the promoted token is not the one this rotation created: rotate again in the Twilio Console "
                            + "now and treat this as an account takeover"));
            throw ProblemException.conflict("promoted-unknown-secondary", "Twilio promoted a secondary token this "
                    + "rotation did not create: someone else holds the primary token. Rotate again in the Twilio "
                    + "Console now and treat this as an account takeover");
        }
        keepSecret(r.id, null, keep ? secret.reveal() : null, Fingerprints.hint(secret.reveal()));
        event(r.incidentId, actor, "secondary_token_promoted", Map.of("rotation", r.id.toString(),
                "note", "the leaked token stopped working now"));
        confirmation.await(r.id);
        return secret;
    }

    // ---- API keys -----------------------------------------------------------------------------------------

    private RotationViews.Rotation startApiKey(UUID incidentId, CredentialView credential, StartRequest req,
            String actor) {
        if (req.mode() != null && parseMode(req.mode()) != Rotation.Mode.API_KEY) {
            throw ProblemException.invalidField("mode", "an API key is rotated with mode API_KEY (or no mode)");
        }
        TwilioAuth admin = adminAuth(credential);
        Rotation r = create(incidentId, Rotation.Mode.API_KEY, Rotation.AuthSource.ADMIN, Rotation.Status.IN_DOUBT,
                actor);
        event(incidentId, actor, "rotation_started", Map.of("mode", "API_KEY", "rotation", r.id.toString()));
        RotationOutcome<TwilioRotation.NewApiKey> created = journal.step(r, CREATE_KEY,
                () -> twilio.createApiKey(admin, "leak-responder replacement " + r.id.toString().substring(0, 8)));
        if (!created.isOk()) {
            throw stepFailed(r, "create the replacement key", created);
        }
        String secret = created.value().secret().reveal();
        keepSecret(r.id, created.value().keySid(), req.keepNewSecret() ? secret : null, Fingerprints.hint(secret));
        event(incidentId, actor, "replacement_key_created", Map.of("rotation", r.id.toString(),
                "keySid", created.value().keySid(), "kept", req.keepNewSecret()));
        if (req.deleteOldKeyNow()) {
            boolean found = deleteOld(r, admin, credential, actor);
            return view(r.id, secret, section(credential, "delete-the-leaked-key"),
                    "replacement key created (its secret is shown only now); " + deletedMessage(found, credential));
        }
        setStatus(r.id, Rotation.Status.AWAITING_DELETE);
        return view(r.id, secret, section(credential, "create-the-replacement-key"),
                "replacement key created: its secret is shown only now. Replace consumers, then delete the leaked key");
    }

    /** Deletes the leaked API key (after Replace, or right away). */
    public RotationViews.Rotation deleteOldKey(UUID incidentId, String actor) {
        Rotation r = active(incidentId);
        if (r.status != Rotation.Status.AWAITING_DELETE) {
            throw ProblemException.conflict("illegal-transition", "the rotation is " + r.status);
        }
        CredentialView credential = credentials.view(incidents.credentialOf(incidentId)).orElseThrow();
        boolean found = deleteOld(r, adminAuth(credential), credential, actor);
        return view(r.id, null, section(credential, "delete-the-leaked-key"), deletedMessage(found, credential));
    }

    /**
     * Deletes the leaked key in its account; false when Twilio has no such key there (404). A 404 does not show the
     * key is gone: a key paired with the wrong Account SID is not found in that account and still works. Either
     * way containment waits for the confirmation check, which asks Twilio whether the key itself still works.
     */
    private boolean deleteOld(Rotation r, TwilioAuth admin, CredentialView credential, String actor) {
        RotationOutcome<Void> out = journal.step(r, DELETE_OLD_KEY,
                () -> twilio.deleteApiKey(admin, credential.keySid()));
        if (!out.isOk() && out.status() != RotationOutcome.Status.NOT_FOUND) {
            throw stepFailed(r, "delete the leaked key", out);
        }
        boolean found = out.status() != RotationOutcome.Status.NOT_FOUND;
        event(r.incidentId, actor, found ? "leaked_key_deleted" : "leaked_key_not_found", Map.of(
                "rotation", r.id.toString(), "keySid", credential.keySid(), "accountSid", admin.accountSid()));
        confirmation.await(r.id);
        return found;
    }

    private static String deletedMessage(boolean found, CredentialView credential) {
        return found
                ? "leaked key deleted; confirmation is scheduled after the propagation delay"
                : "Twilio has no key " + credential.keySid() + " in account " + credential.accountSid()
                        + ": it was deleted already, or it belongs to another account (a wrong pairing). Nothing "
                        + "is contained on that answer: the confirmation check asks Twilio whether the key still works";
    }

    // ---- resume -------------------------------------------------------------------------------------------

    /**
     * Settles a rotation whose last step's outcome is unknown. A secondary token that may or may not exist is
     * deleted and created afresh (never two); a promotion is repeated only if the leaked token still works;
     * a key deletion is simply repeated (deleting twice is harmless); a replacement key whose creation is in
     * doubt is looked up by name and deleted, then created again.
     */
    public RotationViews.Rotation resume(UUID incidentId, boolean keepNewSecret, String actor) {
        Rotation r = active(incidentId);
        RotationStep open = journal.openStep(r.id).orElseThrow(() -> ProblemException.conflict("nothing-to-resume",
                "the rotation is " + r.status + " and no step is in doubt"));
        journal.interrupted(open.id);
        CredentialView credential = credentials.view(incidents.credentialOf(incidentId)).orElseThrow();
        switch (open.step) {
            case CREATE_SECONDARY -> {
                TwilioAuth auth = authFor(credential, r.authSource == Rotation.AuthSource.ADMIN);
                RotationOutcome<Void> deleted = journal.step(r, DELETE_SECONDARY,
                        () -> twilio.deleteSecondaryAuthToken(auth));
                if (!deleted.isOk() && deleted.status() != RotationOutcome.Status.NOT_FOUND) {
                    throw stepFailed(r, "discard the secondary token in doubt", deleted);
                }
                journal.reconcile(open.id, "secondary token in doubt deleted; creating a new one");
                TwilioSecret secondary = createSecondary(r, auth, keepNewSecret, actor);
                if (r.mode == Rotation.Mode.IMMEDIATE) {
                    TwilioSecret primary = promote(r, auth, keepNewSecret, actor);
                    return view(r.id, primary.reveal(), section(credential, "immediate-rotation"),
                            "resumed: promoted; the new token is shown only now");
                }
                setStatus(r.id, Rotation.Status.AWAITING_PROMOTE);
                return view(r.id, secondary.reveal(), section(credential, "zero-downtime-rotation"),
                        "resumed: a fresh secondary token (shown only now) replaces the one in doubt");
            }
            case PROMOTE -> {
                CredentialSecret leaked = credentials.secretFor(credential.id()).orElseThrow();
                RotationOutcome<Boolean> works = twilio.currentTokenAuthenticates(leaked.toAuth());
                if (works.status() == RotationOutcome.Status.UNAUTHORIZED) {
                    journal.reconcile(open.id, "the leaked token no longer authenticates: the promotion took effect");
                    confirmation.await(r.id);
                    return view(r.id, null, section(credential, "verify"), "resumed: the promotion had taken effect; "
                            + "its new token was lost with the interrupted answer — read it in the Twilio Console");
                }
                if (!works.isOk()) {
                    throw unavailable("check whether the promotion took effect", works);
                }
                journal.reconcile(open.id, "the leaked token still authenticates: the promotion did not happen");
                TwilioAuth auth = authFor(credential, r.authSource == Rotation.AuthSource.ADMIN);
                TwilioSecret primary = promote(r, auth, keepNewSecret, actor);
                // In an immediate rotation nobody has seen the new token yet; in a zero-downtime one they hold it.
                return view(r.id, r.mode == Rotation.Mode.IMMEDIATE ? primary.reveal() : null,
                        section(credential, "zero-downtime-rotation"), "resumed: promoted now");
            }
            case DELETE_OLD_KEY -> {
                journal.reconcile(open.id, "repeating the deletion, which is harmless");
                boolean found = deleteOld(r, adminAuth(credential), credential, actor);
                return view(r.id, null, section(credential, "delete-the-leaked-key"),
                        "resumed: " + deletedMessage(found, credential));
            }
            case CREATE_KEY -> {
                TwilioAuth admin = adminAuth(credential);
                String name = "leak-responder replacement " + r.id.toString().substring(0, 8);
                RotationOutcome<List<TwilioRotation.ApiKeyInfo>> keys = twilio.listApiKeys(admin);
                if (!keys.isOk()) {
                    throw unavailable("list keys to find the replacement in doubt", keys);
                }
                for (TwilioRotation.ApiKeyInfo k : keys.value()) {
                    if (name.equals(k.friendlyName())) {
                        RotationOutcome<Void> d = journal.step(r, "delete-doubtful-key",
                                () -> twilio.deleteApiKey(admin, k.sid()));
                        if (!d.isOk() && d.status() != RotationOutcome.Status.NOT_FOUND) {
                            throw stepFailed(r, "delete the replacement key in doubt", d);
                        }
                    }
                }
                journal.reconcile(open.id, "replacement key in doubt removed; creating a new one");
                RotationOutcome<TwilioRotation.NewApiKey> created = journal.step(r, CREATE_KEY,
                        () -> twilio.createApiKey(admin, name));
                if (!created.isOk()) {
                    throw stepFailed(r, "create the replacement key", created);
                }
                String secret = created.value().secret().reveal();
                keepSecret(r.id, created.value().keySid(), keepNewSecret ? secret : null, Fingerprints.hint(secret));
                setStatus(r.id, Rotation.Status.AWAITING_DELETE);
                return view(r.id, secret, section(credential, "create-the-replacement-key"),
                        "resumed: replacement key created; its secret is shown only now");
            }
            default -> throw ProblemException.conflict("nothing-to-resume", "step " + open.step + " cannot be resumed");
        }
    }

    /** The confirmation job's verdict: CONFIRMED, or FAILED after the last attempt ({@link RotationConfirmJob}). */
    void confirmed(UUID rotationId, boolean ok, String reason) {
        confirmation.confirmed(rotationId, ok, reason);
    }

    @Transactional
    Rotation rotation(UUID rotationId) {
        return rotations.findById(rotationId);
    }

    // ---- rotation records -----------------------------------------------------------------------------------

    @Transactional
    void rememberSecondary(UUID rotationId, String fingerprint) {
        rotations.findById(rotationId).secondaryFingerprint = fingerprint;
    }

    @Transactional
    void setStatus(UUID rotationId, Rotation.Status status) {
        Rotation r = rotations.findById(rotationId);
        r.status = status;
        r.updatedAt = now();
    }

    @Transactional
    void keepSecret(UUID rotationId, String keySid, String secret, String hint) {
        Rotation r = rotations.findById(rotationId);
        if (keySid != null) {
            r.newKeySid = keySid;
        }
        r.newSecretHint = hint;
        if (secret != null) {
            SecretCipher.Sealed sealed = cipher.encrypt(secret, "rotation-secret:" + r.id);
            r.newSecretCiphertext = sealed.ciphertext();
            r.newSecretKeyId = sealed.keyId();
        } else {
            r.newSecretCiphertext = null;
            r.newSecretKeyId = null;
        }
    }

    @Transactional
    Rotation create(UUID incidentId, Rotation.Mode mode, Rotation.AuthSource auth, Rotation.Status status,
            String actor) {
        rotations.latest(incidentId).filter(x -> x.status.active()).ifPresent(x -> {
            throw ProblemException.conflict("rotation-in-progress", "a " + x.mode + " rotation of this incident is "
                    + x.status + "; resume or abandon it first");
        });
        Rotation r = new Rotation();
        r.id = UUID.randomUUID();
        r.incidentId = incidentId;
        r.mode = mode;
        r.authSource = auth;
        r.status = status;
        r.createdAt = now();
        r.updatedAt = r.createdAt;
        r.createdBy = actor;
        rotations.persist(r);
        return r;
    }

    /** Gives up on the active rotation (the responder will finish by hand); recorded on the incident. */
    @Transactional
    public RotationViews.Rotation abandon(UUID incidentId, String reason, String actor) {
        Rotation r = active(incidentId);
        r.status = Rotation.Status.ABANDONED;
        r.updatedAt = now();
        event(incidentId, actor, "rotation_abandoned", Map.of("rotation", r.id.toString(),
                "reason", reason == null ? "" : reason));
        return view(r.id, null, null, "abandoned");
    }

    @Transactional
    Rotation active(UUID incidentId) {
        return rotations.latest(incidentId).filter(x -> x.status.active())
                .orElseThrow(
                        () -> ProblemException.conflict("no-rotation", "no rotation of this incident is in progress"));
    }

    @Transactional
    public RotationViews.Rotation current(UUID incidentId) {
        Rotation r = rotations.latest(incidentId)
                .orElseThrow(() -> ProblemException.notFound("rotation of incident", incidentId));
        return view(r.id, null, null, null);
    }

    /** The incident's latest rotation, if it ever had one (never a secret). */
    @Transactional
    public java.util.Optional<RotationViews.Rotation> latest(UUID incidentId) {
        return rotations.latest(incidentId).map(r -> view(r.id, null, null, null));
    }

    /**
     * The responder confirms they stored the new secret shown once by the latest rotation. The service holds no
     * copy to delete (unless kept on request, encrypted); the handover is recorded on the incident.
     */
    @Transactional
    public void secretStored(UUID incidentId, String actor) {
        Rotation r = rotations.latest(incidentId).orElseThrow(() -> ProblemException.conflict("no-rotation",
                "this incident has no rotation whose new secret could have been shown"));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rotation", r.id.toString());
        if (r.newSecretHint != null) {
            details.put("hint", r.newSecretHint);
        }
        if (r.newKeySid != null) {
            details.put("keySid", r.newKeySid);
        }
        event(incidentId, actor, "new_secret_stored", details);
    }

    @Transactional
    RotationViews.Rotation view(UUID rotationId, String oneTimeSecret, String runbook, String message) {
        Rotation r = rotations.findById(rotationId);
        return new RotationViews.Rotation(r.id, r.incidentId, r.mode.name(), r.authSource.name(), r.status.name(),
                r.newKeySid, r.newSecretHint, r.newSecretCiphertext != null, oneTimeSecret, r.confirmAfter,
                journal.stepsOf(r.id).stream().map(RotationViews.Step::of).toList(), runbook, message);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private TwilioAuth authFor(CredentialView credential, boolean admin) {
        if (admin) {
            return accounts.authFor(credential.accountSid()).orElseThrow(() -> ProblemException.conflict(
                    "no-admin-credential", "no admin credential is registered for " + credential.accountSid()
                            + "; register one with POST /api/v1/accounts or rotate with the leaked token itself"));
        }
        CredentialSecret leaked = credentials.secretFor(credential.id()).orElseThrow(() -> ProblemException.conflict(
                "no-secret", "the leaked token's value is not stored; register an admin credential"));
        return leaked.toAuth();
    }

    private TwilioAuth adminAuth(CredentialView credential) {
        if (credential.accountSid() == null) {
            throw ProblemException.conflict("account-unknown", "the API key's Account SID is unknown; it is needed "
                    + "to manage its keys (post a finding with it, or check it with POST /api/v1/liveness)");
        }
        return accounts.authFor(credential.accountSid()).orElseThrow(() -> ProblemException.conflict(
                "no-admin-credential", "rotating an API key needs a Main API key or the account's Auth Token "
                        + "registered as admin credential for " + credential.accountSid()
                        + " (POST /api/v1/accounts); none is registered"));
    }

    private static Rotation.Mode parseMode(String mode) {
        if (mode == null || mode.isBlank()) {
            return Rotation.Mode.IMMEDIATE; // the runbook's default for a leak
        }
        try {
            return Rotation.Mode.valueOf(mode.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("mode", "mode must be ZERO_DOWNTIME, IMMEDIATE or MANUAL "
                    + "(API_KEY for API keys)");
        }
    }

    private static String section(CredentialView c, String anchor) {
        return c.kind().runbook() + "#" + anchor;
    }

    private void event(UUID incidentId, String actor, String action, Map<String, Object> details) {
        incidents.recordEvent(incidentId, actor, action, new LinkedHashMap<>(details));
    }

    private ProblemException stepFailed(Rotation r, String what, RotationOutcome<?> out) {
        if (out.isUnknownOutcome()) {
            journal.markInDoubt(r.id);
            return new ProblemException(502, "step-in-doubt", "Step outcome unknown", "could not " + what + ": "
                    + out.reason() + ". The rotation is IN_DOUBT: POST …/rotation/resume to reconcile it")
                    .with("httpStatus", out.httpStatus()).with("twilioErrorCode", out.twilioErrorCode());
        }
        setStatus(r.id, Rotation.Status.FAILED);
        event(r.incidentId, "rotation", "rotation_failed", Map.of("rotation", r.id.toString(), "step", what,
                "reason", out.reason()));
        return new ProblemException(out.status() == RotationOutcome.Status.FORBIDDEN
                || out.status() == RotationOutcome.Status.UNAUTHORIZED ? 409 : 502, "rotation-failed",
                "Rotation failed", "could not " + what + ": " + out.reason())
                .with("twilioStatus", out.status().name()).with("httpStatus", out.httpStatus())
                .with("twilioErrorCode", out.twilioErrorCode());
    }

    private static ProblemException unavailable(String what, RotationOutcome<?> out) {
        return new ProblemException(503, "twilio-unavailable", "Twilio unavailable", "could not " + what + ": "
                + out.reason() + "; nothing was changed, try again").with("twilioStatus", out.status().name());
    }
}
