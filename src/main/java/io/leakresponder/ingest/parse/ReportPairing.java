package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
     * The Twilio findings of a report after pairing, and how many pairing candidates found no SID.
     *
     * @param findings       the Twilio findings, paired: the input's in its order, then the candidates that paired
     * @param candidatesLeft candidates that paired with nothing: they count as ignored
     */
    public record Paired(List<ScannerFinding> findings, int candidatesLeft) {
    }

    /**
     * Pairs the Twilio findings as {@link #pair(List, int)} does, then offers the SIDs left without a secret to the
     * candidates ({@link FindingSink#candidate}: secrets that nothing else marks as Twilio) by the same rules. A
     * candidate never takes a SID that a Twilio secret could have, however near it is. A candidate that pairs becomes
     * a Twilio finding of that SID's credential, and the SID finding carries its secret.
     */
    public static Paired pair(List<ScannerFinding> findings, List<ScannerFinding> candidates, int maxLines) {
        List<ScannerFinding> paired = pair(findings, maxLines);
        if (candidates.isEmpty()) {
            return new Paired(attachAccounts(paired, maxLines), 0);
        }
        List<Integer> lone = new ArrayList<>();
        List<ScannerFinding> second = new ArrayList<>();
        for (int i = 0; i < paired.size(); i++) {
            if (isSidOnly(paired.get(i))) {
                lone.add(i);
                second.add(paired.get(i));
            }
        }
        if (lone.isEmpty()) {
            return new Paired(attachAccounts(paired, maxLines), candidates.size());
        }
        second.addAll(candidates);
        List<ScannerFinding> secondPaired = pair(second, maxLines);
        List<ScannerFinding> result = new ArrayList<>(paired);
        for (int k = 0; k < lone.size(); k++) {
            result.set(lone.get(k), secondPaired.get(k));
        }
        int left = 0;
        for (ScannerFinding c : secondPaired.subList(lone.size(), secondPaired.size())) {
            if (c.accountSid() != null || c.keySid() != null) {
                result.add(c);
            } else {
                left++;
            }
        }
        return new Paired(attachAccounts(result, maxLines), left);
    }

    /**
     * Gives API keys found without their account (SK and secret, no AC) the Account SID of the same file and
     * commit: a key's 2010 API paths, its rotation and its usage audit need it. Each such key takes the nearest
     * Account-SID-only finding within {@code maxLines} (ties: the earlier one); an Account SID may serve several
     * keys (one account's keys side by side). The Account SID finding becomes an occurrence of the nearest key that
     * took it, as a paired SID does, so it is not left as an identifier-only credential of its own.
     */
    static List<ScannerFinding> attachAccounts(List<ScannerFinding> findings, int maxLines) {
        Map<Place, List<Integer>> accounts = new HashMap<>();
        List<Integer> keys = new ArrayList<>();
        for (int i = 0; i < findings.size(); i++) {
            ScannerFinding f = findings.get(i);
            if (f.file() == null || f.line() == null) {
                continue;
            }
            if (f.secret() == null && f.keySid() == null && f.accountSid() != null) {
                accounts.computeIfAbsent(new Place(f.file(), f.commit()), k -> new ArrayList<>()).add(i);
            } else if (f.secret() != null && f.keySid() != null && f.accountSid() == null) {
                keys.add(i);
            }
        }
        if (keys.isEmpty() || accounts.isEmpty()) {
            return List.copyOf(findings);
        }
        // Account SIDs of each place by line, for a window search per key.
        Map<Place, Integer[]> byLine = new HashMap<>();
        Map<Place, int[]> linesOf = new HashMap<>();
        accounts.forEach((place, list) -> {
            Integer[] sorted = list.toArray(new Integer[0]);
            Arrays.sort(sorted, Comparator.comparingInt((Integer i) -> findings.get(i).line())
                    .thenComparingInt(i -> i));
            byLine.put(place, sorted);
            int[] lines = new int[sorted.length];
            for (int j = 0; j < sorted.length; j++) {
                lines[j] = findings.get(sorted[j]).line();
            }
            linesOf.put(place, lines);
        });
        ScannerFinding[] result = findings.toArray(new ScannerFinding[0]);
        Map<Integer, Integer> nearestKeyOf = new HashMap<>();
        for (int k : keys) {
            ScannerFinding key = findings.get(k);
            Place place = new Place(key.file(), key.commit());
            Integer[] sids = byLine.get(place);
            if (sids == null) {
                continue;
            }
            int[] lines = linesOf.get(place);
            int best = -1;
            long bestDistance = Long.MAX_VALUE;
            for (int j = lowerBound(lines, (long) key.line() - maxLines); j < lines.length
                    && lines[j] - (long) key.line() <= maxLines; j++) {
                int a = sids[j];
                long distance = Math.abs((long) lines[j] - key.line());
                if (distance <= maxLines && (distance < bestDistance || (distance == bestDistance && a < best))) {
                    best = a;
                    bestDistance = distance;
                }
            }
            if (best < 0) {
                continue;
            }
            result[k] = key.withCredential(findings.get(best).accountSid(), key.keySid(), key.secret(),
                    SecretKind.API_KEY_SECRET);
            Integer previous = nearestKeyOf.get(best);
            long previousDistance = previous == null
                    ? Long.MAX_VALUE
                    : Math.abs((long) findings.get(previous).line() - findings.get(best).line());
            if (previous == null || bestDistance < previousDistance) {
                nearestKeyOf.put(best, k);
            }
        }
        nearestKeyOf.forEach((a, k) -> result[a] = findings.get(a).withCredential(findings.get(a).accountSid(),
                findings.get(k).keySid(), findings.get(k).secret(), SecretKind.API_KEY_SECRET));
        return List.of(result);
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
        // Only findings of the same file and commit can pair: group them, each group in input order.
        Map<Place, Group> groups = new HashMap<>();
        for (int i = 0; i < findings.size(); i++) {
            ScannerFinding f = findings.get(i);
            boolean secret = isSecretOnly(f);
            if ((!secret && !isSidOnly(f)) || f.file() == null) {
                continue;
            }
            Group g = groups.computeIfAbsent(new Place(f.file(), f.commit()), k -> new Group());
            if (secret) {
                g.secrets.add(i);
            } else {
                g.sids.add(i);
            }
        }
        ScannerFinding[] result = findings.toArray(new ScannerFinding[0]);
        boolean[] usedSecret = new boolean[findings.size()];
        boolean[] usedSid = new boolean[findings.size()];
        // Groups share no finding, so pairing each on its own gives what one global pass would.
        for (Group g : groups.values()) {
            if (g.secrets.isEmpty() || g.sids.isEmpty()) {
                continue;
            }
            if (maxLines <= SMALL_WINDOW) {
                g.pairByDistance(findings, maxLines, usedSecret, usedSid, result);
            } else {
                g.pairByCandidates(findings, maxLines, usedSecret, usedSid, result);
            }
        }
        return List.of(result);
    }

    /** Up to this many lines apart, pairs are found distance by distance over per-line buckets. */
    private static final int SMALL_WINDOW = 64;

    private record Place(String file, String commit) {
    }

    /** The secret-only and SID-only findings of one file and commit, as indexes into the input, ascending. */
    private static final class Group {
        final List<Integer> secrets = new ArrayList<>();
        final List<Integer> sids = new ArrayList<>();

        /**
         * The greedy pass in its order (distance, then secret, then SID), without listing candidates: for each
         * distance, each free secret in input order takes the first free compatible SID at that distance.
         * SIDs are bucketed by line and by what they can pair with; a bucket's used SIDs are only ever at its
         * front (SIDs are taken in input order within a bucket), so a head index skips them. Linear in the
         * group's size for each distance, whatever the number of findings on one line.
         */
        void pairByDistance(List<ScannerFinding> findings, int maxLines, boolean[] usedSecret, boolean[] usedSid,
                ScannerFinding[] result) {
            Map<Integer, Bucket> byLine = new HashMap<>();
            for (int i : sids) {
                ScannerFinding sid = findings.get(i);
                String value = sid.keySid() != null ? sid.keySid() : sid.accountSid();
                Bucket b = byLine.computeIfAbsent(sid.line(), k -> new Bucket());
                if (TwilioShapes.isKeySid(value)) {
                    b.keySids.add(i);
                } else if (TwilioShapes.isAccountSid(value)) {
                    b.accountSids.add(i);
                }
                // Anything else can pair with no secret.
            }
            for (int distance = 0; distance <= maxLines; distance++) {
                for (int s : secrets) {
                    if (usedSecret[s]) {
                        continue;
                    }
                    ScannerFinding secret = findings.get(s);
                    boolean anySecret = TwilioShapes.isSecretShape(secret.secret());
                    boolean authToken = TwilioShapes.isAuthTokenShape(secret.secret());
                    if (!anySecret && !authToken) {
                        continue;
                    }
                    int best = -1;
                    for (long line : distance == 0
                            ? new long[]{secret.line()}
                            : new long[]{(long) secret.line() - distance, (long) secret.line() + distance}) {
                        if (line < Integer.MIN_VALUE || line > Integer.MAX_VALUE) {
                            continue;
                        }
                        Bucket b = byLine.get((int) line);
                        if (b == null) {
                            continue;
                        }
                        if (anySecret) {
                            best = first(best, b.keySids.head(usedSid));
                        }
                        if (authToken) {
                            best = first(best, b.accountSids.head(usedSid));
                        }
                    }
                    if (best >= 0) {
                        take(findings, s, best, usedSecret, usedSid, result);
                    }
                }
            }
        }

        /** For wide windows: every candidate within the window, sorted as the greedy pass takes them. */
        void pairByCandidates(List<ScannerFinding> findings, int maxLines, boolean[] usedSecret, boolean[] usedSid,
                ScannerFinding[] result) {
            record Candidate(int secret, int sid, int distance) {
            }
            Integer[] byLine = sids.toArray(new Integer[0]);
            Arrays.sort(byLine, Comparator.comparingInt((Integer i) -> findings.get(i).line()));
            int[] lines = new int[byLine.length];
            for (int k = 0; k < byLine.length; k++) {
                lines[k] = findings.get(byLine[k]).line();
            }
            List<Candidate> candidates = new ArrayList<>();
            for (int s : secrets) {
                ScannerFinding secret = findings.get(s);
                long from = (long) secret.line() - maxLines;
                int k = lowerBound(lines, from);
                for (; k < lines.length && lines[k] - (long) secret.line() <= maxLines; k++) {
                    int i = byLine[k];
                    if (compatible(findings.get(i), secret.secret())) {
                        candidates.add(new Candidate(s, i, (int) Math.abs((long) secret.line() - lines[k])));
                    }
                }
            }
            candidates.sort(Comparator.comparingInt(Candidate::distance)
                    .thenComparingInt(Candidate::secret)
                    .thenComparingInt(Candidate::sid));
            for (Candidate c : candidates) {
                if (!usedSecret[c.secret()] && !usedSid[c.sid()]) {
                    take(findings, c.secret(), c.sid(), usedSecret, usedSid, result);
                }
            }
        }
    }

    /** SIDs of one line that pair with the same secrets, in input order, with the used ones skipped. */
    private static final class Bucket {
        final Queue keySids = new Queue();
        final Queue accountSids = new Queue();
    }

    private static final class Queue {
        private int[] items = new int[2];
        private int size;
        private int head;

        void add(int i) {
            if (size == items.length) {
                items = Arrays.copyOf(items, size * 2);
            }
            items[size++] = i;
        }

        /** The first SID not yet used, or -1. */
        int head(boolean[] usedSid) {
            while (head < size && usedSid[items[head]]) {
                head++;
            }
            return head < size ? items[head] : -1;
        }
    }

    private static int first(int a, int b) {
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private static int lowerBound(int[] sorted, long value) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static void take(List<ScannerFinding> findings, int s, int i, boolean[] usedSecret, boolean[] usedSid,
            ScannerFinding[] result) {
        usedSecret[s] = true;
        usedSid[i] = true;
        ScannerFinding secret = findings.get(s);
        ScannerFinding sid = findings.get(i);
        SecretKind kind = sid.keySid() != null ? SecretKind.API_KEY_SECRET : SecretKind.AUTH_TOKEN;
        result[s] = secret.withCredential(sid.accountSid(), sid.keySid(), secret.secret(), kind);
        // Both halves stay as occurrences of the one credential: each is a place the credential leaked.
        result[i] = sid.withCredential(sid.accountSid(), sid.keySid(), secret.secret(), kind);
    }

    private static boolean isSecretOnly(ScannerFinding f) {
        return f.secret() != null && f.accountSid() == null && f.keySid() == null && f.line() != null;
    }

    private static boolean isSidOnly(ScannerFinding f) {
        return f.secret() == null && (f.accountSid() != null || f.keySid() != null) && f.line() != null;
    }

    private static boolean compatible(ScannerFinding sid, String secret) {
        if (sid.keySid() != null) {
            return TwilioShapes.canPair(sid.keySid(), secret);
        }
        return TwilioShapes.canPair(sid.accountSid(), secret);
    }
}
