package io.leakresponder.credential;

import io.leakresponder.security.Fingerprints;
import io.leakresponder.security.SecretCipher;
import io.leakresponder.twilio.TwilioRegion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Resolves findings to credentials: one credential per secret value (keyed fingerprint), upgrading
 * identifier-only and hash-only placeholders when the value turns up, and records occurrences once each.
 */
@ApplicationScoped
public class CredentialService {

    private static final Pattern SID = Pattern.compile("^(AC|SK)[0-9a-f]{32}$");

    private final CredentialRepository credentials;
    private final OccurrenceRepository occurrences;
    private final Fingerprints fingerprints;
    private final SecretCipher cipher;

    CredentialService(CredentialRepository credentials, OccurrenceRepository occurrences, Fingerprints fingerprints,
            SecretCipher cipher) {
        this.credentials = credentials;
        this.occurrences = occurrences;
        this.fingerprints = fingerprints;
        this.cipher = cipher;
    }

    /** The credential a finding belongs to; {@code created} when it is new. */
    public record Resolution(Credential credential, boolean created, boolean upgraded) {
    }

    /**
     * Finds or creates the credential for each evidence of a whole report, in the order given, each seeing what
     * the ones before it created or changed. The credentials the report can touch are loaded in one query (per
     * thousand values) instead of several queries per evidence. The caller must hold the ingestion lock, so that
     * no credential appears meanwhile.
     *
     * @param evidence each distinct evidence with the earliest moment its findings prove exposure (commit date,
     *                 detection time), or null; ingestion time is the exposure start when nothing earlier is known
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<Evidence, Resolution> resolveAll(Map<Evidence, Instant> evidence, Instant now) {
        Set<String> fps = new java.util.HashSet<>();
        Set<String> macs = new java.util.HashSet<>();
        Set<String> keySids = new java.util.HashSet<>();
        Set<String> accountSids = new java.util.HashSet<>();
        for (Evidence e : evidence.keySet()) {
            String accountSid = normalizeSid(e.accountSid(), "AC");
            String keySid = normalizeSid(e.keySid(), "SK");
            if (e.secret() != null) {
                fps.add(fingerprints.of("secret", e.secret()));
                macs.add(sha1Mac(e.secret()));
            }
            if (e.secretSha1() != null) {
                String sha1 = e.secretSha1().toLowerCase(Locale.ROOT);
                fps.add(fingerprints.of("sha1", sha1));
                macs.add(fingerprints.ofSha1(sha1));
            }
            if (keySid != null) {
                fps.add(fingerprints.of("key-sid", keySid));
                macs.add(sha1Mac(keySid));
                keySids.add(keySid);
            }
            if (accountSid != null) {
                fps.add(fingerprints.of("account-sid", accountSid));
                macs.add(sha1Mac(accountSid));
                accountSids.add(accountSid);
            }
            if (e.link() != null) {
                fps.add(fingerprints.of("alert", e.link()));
            }
        }
        CredentialIndex lookup = new CredentialIndex(credentials,
                credentials.findMatching(fps, macs, keySids, accountSids));
        Map<Evidence, Resolution> resolved = new LinkedHashMap<>();
        evidence.forEach((e, time) -> resolved.put(e, resolve(e, time, now, lookup)));
        return resolved;
    }

    private Resolution resolve(Evidence evidence, Instant evidenceTime, Instant now, CredentialIndex lookup) {
        String accountSid = normalizeSid(evidence.accountSid(), "AC");
        String keySid = normalizeSid(evidence.keySid(), "SK");
        Instant exposure = evidenceTime != null && evidenceTime.isBefore(now) ? evidenceTime : now;
        Resolution resolution;
        if (evidence.secret() != null) {
            resolution = resolveSecret(lookup, evidence, accountSid, keySid, exposure, now);
        } else if (evidence.secretSha1() != null) {
            resolution = resolveHash(lookup, evidence.secretSha1().toLowerCase(Locale.ROOT), exposure, now);
        } else if (keySid != null) {
            resolution = resolveKeySid(lookup, keySid, accountSid, exposure, now);
        } else if (accountSid != null) {
            resolution = resolveAccountSid(lookup, accountSid, exposure, now);
        } else if (evidence.link() != null) {
            resolution = resolveAlert(lookup, evidence.link(), exposure, now);
        } else {
            throw new IllegalArgumentException("evidence without any credential part or link");
        }
        resolution.credential().widenExposure(exposure);
        lookup.changed(resolution.credential());
        return resolution;
    }

    private Resolution resolveSecret(CredentialIndex lookup, Evidence e, String accountSid, String keySid,
            Instant exposure, Instant now) {
        String fp = fingerprints.of("secret", e.secret());
        boolean apiKey = e.secretIsApiKey() || keySid != null;
        Optional<Credential> existing = lookup.byFingerprint(fp);
        if (existing.isPresent()) {
            Credential c = existing.get();
            addSids(c, accountSid, keySid);
            if (!c.hasSecret()) {
                // The value was destroyed when its incident closed, and has leaked again: keep it to act on it.
                storeSecret(c, e.secret());
                c.secretDestroyedAt = null;
                return new Resolution(c, false, true);
            }
            if (keySid != null && c.kind == CredentialKind.AUTH_TOKEN) {
                c.kind = CredentialKind.API_KEY; // an SK pairing is stronger evidence than the hex shape
            }
            return new Resolution(c, false, false);
        }
        // detect-secrets hashes what it matched, which for Twilio is usually the SID: look for all three.
        Optional<Credential> placeholder = hashedPlaceholder(lookup, e.secret())
                .or(() -> keySid != null ? hashedPlaceholder(lookup, keySid) : Optional.empty())
                .or(() -> accountSid != null ? hashedPlaceholder(lookup, accountSid) : Optional.empty())
                .or(() -> keySid != null ? placeholder(lookup, "key-sid", keySid, CredentialKind.API_KEY_SID)
                        : Optional.empty())
                .or(() -> !apiKey && accountSid != null
                        ? placeholder(lookup, "account-sid", accountSid, CredentialKind.ACCOUNT_SID)
                        : Optional.empty());
        Credential c = placeholder.orElseGet(() -> newCredential(exposure, now));
        c.kind = apiKey ? CredentialKind.API_KEY : CredentialKind.AUTH_TOKEN;
        c.fingerprint = fp;
        addSids(c, accountSid, keySid);
        storeSecret(c, e.secret());
        if (placeholder.isEmpty()) {
            lookup.add(c);
        }
        return new Resolution(c, placeholder.isEmpty(), placeholder.isPresent());
    }

    private Optional<Credential> hashedPlaceholder(CredentialIndex lookup, String value) {
        return lookup.bySecretSha1Mac(sha1Mac(value)).filter(c -> c.kind == CredentialKind.HASHED_SECRET);
    }

    private Optional<Credential> placeholder(CredentialIndex lookup, String namespace, String sid,
            CredentialKind kind) {
        return lookup.byFingerprint(fingerprints.of(namespace, sid)).filter(c -> c.kind == kind);
    }

    private Resolution resolveHash(CredentialIndex lookup, String sha1, Instant exposure, Instant now) {
        String mac = fingerprints.ofSha1(sha1);
        List<Credential> candidates = lookup.byAnySha1Mac(mac);
        Optional<Credential> known = candidates.stream().filter(c -> mac.equals(c.secretSha1Mac)).findFirst()
                .or(() -> candidates.stream().filter(c -> mac.equals(c.keySidSha1Mac))
                        .min(kindPreference(CredentialKind.API_KEY)))
                .or(() -> candidates.stream().filter(c -> mac.equals(c.accountSidSha1Mac))
                        .min(kindPreference(CredentialKind.AUTH_TOKEN)));
        if (known.isPresent()) {
            return new Resolution(known.get(), false, false);
        }
        return findOrCreate(lookup, fingerprints.of("sha1", sha1), exposure, now, c -> {
            c.kind = CredentialKind.HASHED_SECRET;
            c.secretSha1Mac = mac;
            c.needsSecret = true;
        });
    }

    private Resolution resolveKeySid(CredentialIndex lookup, String keySid, String accountSid, Instant exposure,
            Instant now) {
        Optional<Credential> known = lookup.byKeySid(keySid).stream()
                .min(kindPreference(CredentialKind.API_KEY));
        if (known.isPresent()) {
            addSids(known.get(), accountSid, null);
            return new Resolution(known.get(), false, false);
        }
        Resolution r = findOrCreate(lookup, fingerprints.of("key-sid", keySid), exposure, now, c -> {
            c.kind = CredentialKind.API_KEY_SID;
            addSids(c, accountSid, keySid);
        });
        addSids(r.credential(), accountSid, keySid);
        return r;
    }

    private Resolution resolveAccountSid(CredentialIndex lookup, String accountSid, Instant exposure, Instant now) {
        Optional<Credential> known = lookup.byAccountSid(accountSid).stream()
                .min(kindPreference(CredentialKind.AUTH_TOKEN, CredentialKind.ACCOUNT_SID));
        if (known.isPresent()) {
            return new Resolution(known.get(), false, false);
        }
        return findOrCreate(lookup, fingerprints.of("account-sid", accountSid), exposure, now, c -> {
            c.kind = CredentialKind.ACCOUNT_SID;
            addSids(c, accountSid, null);
        });
    }

    private Resolution resolveAlert(CredentialIndex lookup, String link, Instant exposure, Instant now) {
        Optional<Occurrence> seen = occurrences.findFirstByLink(link);
        if (seen.isPresent()) {
            return new Resolution(credentials.findById(seen.get().credentialId), false, false);
        }
        return findOrCreate(lookup, fingerprints.of("alert", link), exposure, now, c -> {
            c.kind = CredentialKind.UNRESOLVED_ALERT;
            c.needsSecret = true;
        });
    }

    private Resolution findOrCreate(CredentialIndex lookup, String fingerprint, Instant exposure, Instant now,
            java.util.function.Consumer<Credential> init) {
        Optional<Credential> existing = lookup.byFingerprint(fingerprint);
        if (existing.isPresent()) {
            return new Resolution(existing.get(), false, false);
        }
        Credential c = newCredential(exposure, now);
        c.fingerprint = fingerprint;
        init.accept(c);
        lookup.add(c);
        return new Resolution(c, true, false);
    }

    private static Credential newCredential(Instant exposure, Instant now) {
        Credential c = new Credential();
        c.id = UUID.randomUUID();
        c.firstSeenAt = now;
        c.exposureStart = exposure;
        return c;
    }

    private static Comparator<Credential> kindPreference(CredentialKind... preferred) {
        List<CredentialKind> order = List.of(preferred);
        return Comparator.comparingInt((Credential c) -> {
            int i = order.indexOf(c.kind);
            return i < 0 ? order.size() : i;
        }).thenComparing(c -> c.firstSeenAt);
    }

    private void addSids(Credential c, String accountSid, String keySid) {
        if (accountSid != null && c.accountSid == null) {
            c.accountSid = accountSid;
            c.accountSidSha1Mac = sha1Mac(accountSid);
        }
        if (keySid != null && c.keySid == null) {
            c.keySid = keySid;
            c.keySidSha1Mac = sha1Mac(keySid);
        }
    }

    private void storeSecret(Credential c, String secret) {
        SecretCipher.Sealed sealed = cipher.encrypt(secret, associatedData(c));
        c.secretCiphertext = sealed.ciphertext();
        c.secretKeyId = sealed.keyId();
        c.secretHint = Fingerprints.hint(secret);
        c.secretSha1Mac = sha1Mac(secret);
        c.needsSecret = false;
    }

    private static String associatedData(Credential c) {
        return "credential-secret:" + c.id;
    }

    private String sha1Mac(String value) {
        return fingerprints.ofSha1(Fingerprints.sha1Hex(value));
    }

    /** Canonical SID form ({@code AC} + lowercase hex), or null when absent or not a SID of that prefix. */
    static String normalizeSid(String sid, String prefix) {
        if (sid == null || sid.length() != 34 || !sid.regionMatches(true, 0, prefix, 0, 2)) {
            return null;
        }
        String normal = prefix + sid.substring(2).toLowerCase(Locale.ROOT);
        return SID.matcher(normal).matches() ? normal : null;
    }

    /**
     * Records the occurrences a report brings, per credential, skipping those a credential already has (same
     * scanner, rule, place, commit, link). One lookup and one batched insert for the whole report.
     *
     * @return per credential, how many occurrences were new
     */
    @Transactional
    public Map<UUID, Integer> recordOccurrences(UUID reportId, Map<UUID, List<OccurrenceData>> byCredential,
            Instant now) {
        Map<UUID, Map<String, OccurrenceData>> keyed = new LinkedHashMap<>();
        Set<String> allKeys = new java.util.HashSet<>();
        byCredential.forEach((credentialId, found) -> {
            Map<String, OccurrenceData> byKey = new LinkedHashMap<>();
            for (OccurrenceData o : found) {
                byKey.putIfAbsent(dedupKey(o), o);
            }
            keyed.put(credentialId, byKey);
            allKeys.addAll(byKey.keySet());
        });
        Set<String> existing = keyed.isEmpty() ? Set.of() : occurrences.existingPairs(keyed.keySet(), allKeys);
        List<Occurrence> added = new ArrayList<>();
        Map<UUID, Integer> counts = new LinkedHashMap<>();
        keyed.forEach((credentialId, byKey) -> {
            int n = 0;
            for (Map.Entry<String, OccurrenceData> entry : byKey.entrySet()) {
                if (existing.contains(credentialId + "/" + entry.getKey())) {
                    continue;
                }
                added.add(occurrence(credentialId, reportId, entry.getKey(), entry.getValue(), now));
                n++;
            }
            counts.put(credentialId, n);
        });
        occurrences.insertAll(added);
        return counts;
    }

    private static Occurrence occurrence(UUID credentialId, UUID reportId, String key, OccurrenceData d,
            Instant now) {
        Occurrence o = new Occurrence();
        o.id = UUID.randomUUID();
        o.credentialId = credentialId;
        o.reportId = reportId;
        o.dedupKey = key;
        o.scanner = d.scanner();
        o.rule = d.rule();
        o.repository = d.repository();
        o.file = d.file();
        o.line = d.line();
        o.commit = d.commit();
        o.author = d.author();
        o.commitDate = d.commitDate();
        o.link = d.link();
        o.detectedAt = d.detectedAt();
        o.scannerValidity = d.scannerValidity();
        o.recordedAt = now;
        return o;
    }

    static String dedupKey(OccurrenceData o) {
        String joined = String.join("\u001f", String.valueOf(o.scanner()), String.valueOf(o.rule()),
                String.valueOf(o.repository()), String.valueOf(o.file()), String.valueOf(o.line()),
                String.valueOf(o.commit()), String.valueOf(o.link()));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(joined.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
                c.id, c.kind, c.accountSid, c.keySid,
                cipher.decrypt(new SecretCipher.Sealed(c.secretCiphertext, c.secretKeyId), associatedData(c)),
                TwilioRegion.ofCode(c.twilioRegion)));
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
