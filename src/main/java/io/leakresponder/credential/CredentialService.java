package io.leakresponder.credential;

import io.leakresponder.security.Fingerprints;
import io.leakresponder.twilio.TwilioRegion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The credentials feature's service: findings resolve to credentials (one per secret value, see
 * {@link CredentialResolver}), their occurrences are recorded once each ({@link OccurrenceRecorder}), and a stored
 * secret is handed out, for one Twilio call, or destroyed.
 */
@ApplicationScoped
public class CredentialService {

    private final CredentialRepository credentials;
    private final OccurrenceRepository occurrences;
    private final CredentialResolver resolver;
    private final OccurrenceRecorder recorder;
    private final CredentialSecrets secrets;
    private final Fingerprints fingerprints;

    CredentialService(CredentialRepository credentials, OccurrenceRepository occurrences, CredentialResolver resolver,
            OccurrenceRecorder recorder, CredentialSecrets secrets, Fingerprints fingerprints) {
        this.credentials = credentials;
        this.occurrences = occurrences;
        this.resolver = resolver;
        this.recorder = recorder;
        this.secrets = secrets;
        this.fingerprints = fingerprints;
    }

    /** The credential a finding belongs to; {@code created} when it is new. */
    public record Resolution(Credential credential, boolean created, boolean upgraded) {
    }

    /**
     * Finds or creates the credential for each evidence of a whole report, in the order given, each seeing what
     * the ones before it created or changed. The caller must hold the ingestion lock, so that no credential appears
     * meanwhile.
     *
     * @param evidence each distinct evidence with the earliest moment its findings prove exposure (commit date,
     *                 detection time), or null; ingestion time is the exposure start when nothing earlier is known
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Evidence, Resolution> resolveAll(Map<Evidence, Instant> evidence, Instant now) {
        return resolver.resolveAll(evidence, now);
    }

    /**
     * Records the occurrences a report brings, per credential, skipping those a credential already has (same
     * scanner, rule, place, commit, link).
     *
     * @return per credential, how many occurrences were new
     */
    @Transactional
    public Map<UUID, Integer> recordOccurrences(UUID reportId, Map<UUID, List<OccurrenceData>> byCredential,
            Instant now) {
        return recorder.record(reportId, byCredential, now);
    }

    /** Destroys the stored secret value; the fingerprint and hint stay so the credential is still recognised. */
    @Transactional
    public boolean destroySecret(UUID credentialId, Instant now) {
        Credential c = credentials.findById(credentialId);
        if (c == null || c.secretCiphertext == null) {
            return false;
        }
        c.secretCiphertext = null;
        c.secretKeyId = null;
        c.secretDestroyedAt = now;
        return true;
    }

    /** The decrypted secret of a credential that has one; empty for identifier-only and hash-only ones. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CredentialSecret> secretFor(UUID credentialId) {
        return credentials.findByIdOptional(credentialId).filter(Credential::hasSecret).map(c -> new CredentialSecret(
                c.id, c.kind, c.accountSid, c.keySid, secrets.open(c), TwilioRegion.ofCode(c.twilioRegion)));
    }

    /**
     * Records the Twilio region a credential was found working in, so rotation and usage pulls call that region's
     * hosts. Joins the caller's transaction (a liveness check's record).
     */
    @Transactional
    public void recordRegion(UUID credentialId, TwilioRegion region) {
        Credential c = credentials.findById(credentialId);
        if (c != null && region != null) {
            c.twilioRegion = region.code();
        }
    }

    /** The stored credential with this secret value, if any. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<UUID> idForSecret(String secret) {
        return credentials.findByFingerprint(fingerprints.of("secret", secret)).map(Credential::id);
    }

    /** The fingerprint a secret value would have, to correlate ad-hoc checks with stored credentials. */
    public String fingerprintOf(String secret) {
        return fingerprints.of("secret", secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<CredentialView> view(UUID id) {
        return credentials.findByIdOptional(id).map(CredentialView::of);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<OccurrenceView> occurrences(UUID credentialId, int limit) {
        return occurrences.listByCredential(credentialId, limit).stream().map(OccurrenceView::of).toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long occurrenceCount(UUID credentialId) {
        return occurrences.countByCredential(credentialId);
    }
}
