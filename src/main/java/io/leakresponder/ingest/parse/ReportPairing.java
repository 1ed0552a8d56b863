package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Joins the halves of a credential that one report gives as separate findings: a secret without a SID and a
 * SID without a secret in the same file and commit, at most N lines apart. Most scanners report one half
 * per finding (e.g. Kingfisher 1.x twilio.1 and twilio.2, or a gitleaks SK next to a generic-api-key).
 */
public final class ReportPairing {

    /** Lines apart that still count as one credential unless told otherwise. */
    public static final int DEFAULT_MAX_LINES = 5;

    private ReportPairing() {
    }

    public static List<ScannerFinding> pair(List<ScannerFinding> findings) {
        return pair(findings, DEFAULT_MAX_LINES);
    }

    /**
     * Pairs within one report's Twilio findings. An Account SID takes an Auth-Token-shaped secret; an API Key
     * SID takes any 32-character secret, which then is an API key secret. Nearest lines pair first; ties go to
     * the earlier finding, so the result does not depend on anything but the input order. Both paired findings
     * keep their own place, location and rule and carry the SID and the secret; unpaired findings stay as they
     * were. The result has the input's size and order.
     */
    public static List<ScannerFinding> pair(List<ScannerFinding> findings, int maxLines) {
        if (maxLines < 0) {
            throw new IllegalArgumentException("maxLines must be >= 0");
        }
        record Candidate(int secret, int sid, int distance) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int s = 0; s < findings.size(); s++) {
            ScannerFinding secret = findings.get(s);
            if (!isSecretOnly(secret)) {
                continue;
            }
            for (int i = 0; i < findings.size(); i++) {
                ScannerFinding sid = findings.get(i);
                if (!isSidOnly(sid) || !samePlace(secret, sid) || !compatible(sid, secret.secret())) {
                    continue;
                }
                int distance = Math.abs(secret.line() - sid.line());
                if (distance <= maxLines) {
                    candidates.add(new Candidate(s, i, distance));
                }
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::distance)
                .thenComparingInt(Candidate::secret)
                .thenComparingInt(Candidate::sid));

        ScannerFinding[] result = findings.toArray(new ScannerFinding[0]);
        boolean[] usedSecret = new boolean[findings.size()];
        boolean[] usedSid = new boolean[findings.size()];
        for (Candidate c : candidates) {
            if (usedSecret[c.secret()] || usedSid[c.sid()]) {
                continue;
            }
            usedSecret[c.secret()] = true;
            usedSid[c.sid()] = true;
            ScannerFinding secret = findings.get(c.secret());
            ScannerFinding sid = findings.get(c.sid());
            SecretKind kind = sid.keySid() != null ? SecretKind.API_KEY_SECRET : SecretKind.AUTH_TOKEN;
            result[c.secret()] = secret.withCredential(sid.accountSid(), sid.keySid(), secret.secret(), kind);
            // Both halves stay as occurrences of the one credential: each is a place the credential leaked.
            result[c.sid()] = sid.withCredential(sid.accountSid(), sid.keySid(), secret.secret(), kind);
        }
        return List.of(result);
    }

    private static boolean isSecretOnly(ScannerFinding f) {
        return f.secret() != null && f.accountSid() == null && f.keySid() == null && f.line() != null;
    }

    private static boolean isSidOnly(ScannerFinding f) {
        return f.secret() == null && (f.accountSid() != null || f.keySid() != null) && f.line() != null;
    }

    /** Same file (which must be known) and same commit (both may be absent, e.g. a directory scan). */
    private static boolean samePlace(ScannerFinding a, ScannerFinding b) {
        return a.file() != null && a.file().equals(b.file()) && Objects.equals(a.commit(), b.commit());
    }

    private static boolean compatible(ScannerFinding sid, String secret) {
        if (sid.keySid() != null) {
            return TwilioShapes.canPair(sid.keySid(), secret);
        }
        return TwilioShapes.canPair(sid.accountSid(), secret);
    }
}
