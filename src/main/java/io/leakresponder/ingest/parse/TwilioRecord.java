package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Collects what one scanner record says and decides whether it is about Twilio.
 *
 * <p>Values the scanner reported as the credential are read strictly ({@link TwilioShapes#parseValue});
 * surrounding text only contributes SIDs and keywords. A value holding a SID is always about Twilio, whatever
 * the rule. A 32-character secret without a SID counts only when the scanner labelled the record Twilio or the
 * context mentions it, because the shape alone also fits MD5s and many other services' keys; otherwise, for
 * scanners with generic rules, it is offered to pairing, where only a SID finding nearby makes it count.
 */
final class TwilioRecord {

    /** One credential part set: what a single {@link FindingSink#twilio} call carries. */
    record Part(String accountSid, String keySid, String secret, SecretKind kind) {
    }

    private final boolean twilioLabel;
    private final TwilioShapes.Parts parts = new TwilioShapes.Parts();
    /** Whether a lone secret without label or context is offered for pairing instead of being ignored. */
    private boolean pairable;
    /** That lone secret, set by {@link #resolve()}. */
    private String candidate;
    /** Texts that may name Twilio, read only when a secret without a SID or label needs them. */
    private List<String> contextTexts;
    private List<Part> resolved;
    private String lastValue;

    TwilioRecord(boolean twilioLabel) {
        this.twilioLabel = twilioLabel;
    }

    /** Whether a scanner's rule, detector or type name says Twilio. */
    static boolean isTwilioLabel(String... labels) {
        for (String label : labels) {
            if (label != null && label.toLowerCase(Locale.ROOT).contains("twilio")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Offers a lone secret that nothing marks as Twilio to pairing ({@link FindingSink#candidate}) instead of
     * ignoring it: for scanners whose generic rules may catch a Twilio secret (gitleaks' generic-api-key, a
     * generic Nosey Parker, Kingfisher or ggshield rule, detect-secrets' keyword and entropy plugins), where an
     * Account or API Key SID a few lines away is what tells that it is one.
     */
    TwilioRecord pairable() {
        this.pairable = true;
        return this;
    }

    /** A value the scanner reported as the secret or identifier itself. */
    TwilioRecord value(String value) {
        // Scanners often repeat a value (TruffleHog's Raw and RawV2): the parts are sets, read it once.
        if (value != null && !value.equals(lastValue) && TwilioShapes.hasCandidateRun(value)) {
            parts.addAll(TwilioShapes.parseValue(value));
        }
        lastValue = value;
        return this;
    }

    /** Text around the value (a matched line, a snippet): SIDs in it count, and so do Twilio keywords. */
    TwilioRecord text(String text) {
        parts.addSids(TwilioShapes.findSids(text));
        return context(text);
    }

    /** Text that only tells what the record is about (a rule name or description). */
    TwilioRecord context(String text) {
        if (text != null) {
            if (contextTexts == null) {
                contextTexts = new ArrayList<>(2);
            }
            contextTexts.add(text);
        }
        return this;
    }

    /** Whether a context text mentions Twilio or one of its credential names; evaluated on demand. */
    private boolean twilioContext() {
        if (contextTexts != null) {
            for (String text : contextTexts) {
                if (TwilioShapes.hasTwilioContext(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The credential part sets, empty when the record is not about Twilio. Call after the last value or text. */
    List<Part> resolve() {
        if (resolved == null) {
            // The keyword regex only decides about secrets found without a SID or a Twilio label.
            if (!parts.hasSid() && !twilioLabel && parts.hasSecret() && !twilioContext()) {
                List<String> secrets = parts.secrets();
                // One value only: a record with several such values is a list of something else's keys.
                candidate = pairable && secrets.size() == 1 ? secrets.get(0) : null;
                parts.removeSecrets();
            }
            resolved = combine(parts.accountSids(), parts.keySids(), parts.secrets());
        }
        return resolved;
    }

    /**
     * Whether the record is about Twilio: it yields credential parts, or the scanner labelled it Twilio. Only
     * such records need their location and date read; the others are just counted.
     */
    boolean isTwilio() {
        return twilioLabel || !resolve().isEmpty();
    }

    /** Whether the record is about Twilio or may turn out to be by pairing: its location and date are needed. */
    boolean mayBeTwilio() {
        return isTwilio() || candidate != null;
    }

    /**
     * When the record yields no credential parts but has a lone secret to offer for pairing, sends it to the sink
     * as a candidate.
     *
     * @return whether a candidate was sent
     */
    boolean offerCandidate(FindingSink sink, FindingDraft draft) {
        if (!resolve().isEmpty() || candidate == null) {
            return false;
        }
        sink.candidate(draft.build(null, null, candidate, TwilioShapes.kindOf(candidate, false, false)));
        return true;
    }

    /**
     * Sends the record's findings to the sink, or its lone secret as a pairing candidate (when {@link #pairable()}),
     * or counts it as ignored. A record the scanner labelled Twilio
     * but without a usable value (redacted, censored, hashed elsewhere) also gets a warning.
     *
     * @return whether at least one Twilio finding was sent
     */
    boolean emit(FindingSink sink, FindingDraft draft) {
        return emit(sink, draft, "line " + draft.reportLine + ": " + draft.scanner
                + " reported a Twilio finding without a usable value (redacted or censored?); skipped");
    }

    boolean emit(FindingSink sink, FindingDraft draft, String noValueWarning) {
        List<Part> resolved = resolve();
        if (offerCandidate(sink, draft)) {
            return false;
        }
        if (resolved.isEmpty()) {
            if (twilioLabel && noValueWarning != null) {
                sink.warning(noValueWarning);
            }
            sink.ignored();
            return false;
        }
        for (Part p : resolved) {
            sink.twilio(draft.build(p.accountSid(), p.keySid(), p.secret(), p.kind()));
        }
        return true;
    }

    /**
     * Pairs the parts of one record. A scanner record that names an SK is about an API key, so a secret goes
     * with the SK (keeping a lone Account SID alongside); otherwise an Auth-Token-shaped secret goes with each
     * Account SID. SIDs that end up in no pair are reported on their own.
     */
    static List<Part> combine(List<String> accountSids, List<String> keySids, List<String> secrets) {
        List<Part> out = new ArrayList<>();
        String singleAccount = accountSids.size() == 1 ? accountSids.get(0) : null;
        if (secrets.isEmpty()) {
            if (accountSids.size() <= 1 && keySids.size() <= 1) {
                if (singleAccount != null || !keySids.isEmpty()) {
                    out.add(new Part(singleAccount, keySids.isEmpty() ? null : keySids.get(0), null, null));
                }
                return out;
            }
            accountSids.forEach(sid -> out.add(new Part(sid, null, null, null)));
            keySids.forEach(sid -> out.add(new Part(null, sid, null, null)));
            return out;
        }
        Set<String> used = new LinkedHashSet<>();
        for (String secret : secrets) {
            if (!keySids.isEmpty()) {
                for (String sk : keySids) {
                    out.add(new Part(singleAccount, sk, secret, SecretKind.API_KEY_SECRET));
                    used.add(sk);
                    if (singleAccount != null) {
                        used.add(singleAccount);
                    }
                }
                continue;
            }
            List<String> partners = accountSids.stream().filter(ac -> TwilioShapes.canPair(ac, secret)).toList();
            if (partners.isEmpty()) {
                // An AC next to a non-hex secret: it is an API key secret of that account, SK unknown.
                out.add(new Part(singleAccount, null, secret,
                        TwilioShapes.kindOf(secret, singleAccount != null, false)));
                if (singleAccount != null) {
                    used.add(singleAccount);
                }
            }
            for (String ac : partners) {
                out.add(new Part(ac, null, secret, SecretKind.AUTH_TOKEN));
                used.add(ac);
            }
        }
        accountSids.stream().filter(sid -> !used.contains(sid))
                .forEach(sid -> out.add(new Part(sid, null, null, null)));
        keySids.stream().filter(sid -> !used.contains(sid)).forEach(sid -> out.add(new Part(null, sid, null, null)));
        return out;
    }
}
