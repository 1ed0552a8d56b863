package io.leakresponder.credential;

import io.leakresponder.credential.CredentialService.Resolution;
import io.leakresponder.security.Fingerprints;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Resolves a report's evidence to credentials, one strategy per kind of evidence: a secret value (paired with an
 * Account SID or API key SID when the finding has one), the SHA-1 hash a scanner kept instead of the value, an API
 * key SID, an Account SID, or only an alert's link. One credential per secret value (keyed fingerprint);
 * identifier-only and hash-only placeholders are upgraded when the value turns up.
 */
@ApplicationScoped
class CredentialResolver {

    private static final Pattern SID = Pattern.compile("^(AC|SK)[0-9a-f]{32}$");

    private final CredentialRepository credentials;
    private final OccurrenceRepository occurrences;
    private final Fingerprints fingerprints;
    private final CredentialSecrets secrets;

    CredentialResolver(CredentialRepository credentials, OccurrenceRepository occurrences, Fingerprints fingerprints,
            CredentialSecrets secrets) {
        this.credentials = credentials;
        this.occurrences = occurrences;
        this.fingerprints = fingerprints;
        this.secrets = secrets;
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
    Map<Evidence, Resolution> resolveAll(Map<Evidence, Instant> evidence, Instant now) {
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
                .or(() -> keySid != null
                        ? placeholder(lookup, "key-sid", keySid, CredentialKind.API_KEY_SID)
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
        secrets.seal(c, secret);
        c.secretHint = Fingerprints.hint(secret);
        c.secretSha1Mac = sha1Mac(secret);
        c.needsSecret = false;
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
}
