package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Tells Twilio credential parts apart by their shape, whatever label a scanner gave them. */
public final class TwilioShapes {

    private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
    private static final Pattern KEY_SID = Pattern.compile("SK[0-9a-fA-F]{32}");
    private static final Pattern HEX_32 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern LOWER_HEX_32 = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern ALNUM_32 = Pattern.compile("[0-9A-Za-z]{32}");
    /** A SID immediately followed by its secret, as TruffleHog writes RawV2. */
    private static final Pattern SID_THEN_SECRET = Pattern.compile("((?:AC|SK)[0-9a-fA-F]{32})([0-9A-Za-z]{32})");
    private static final Pattern BASIC_AUTH_URL = Pattern
            .compile("[A-Za-z][A-Za-z0-9+.-]*://([^:@/\\s]+):([^@/\\s]+)@\\S*");
    private static final Pattern ALNUM_RUN = Pattern.compile("[0-9A-Za-z]+");
    // Words that make a bare 32-character value worth reading as a Twilio secret.
    private static final Pattern TWILIO_CONTEXT = Pattern.compile("twilio|auth[_-]?token|api[_-]?key[_-]?secret",
            Pattern.CASE_INSENSITIVE);

    private TwilioShapes() {
    }

    /** {@code AC} + 32 hex. */
    public static boolean isAccountSid(String value) {
        return value != null && ACCOUNT_SID.matcher(value).matches();
    }

    /** {@code SK} + 32 hex. */
    public static boolean isKeySid(String value) {
        return value != null && KEY_SID.matcher(value).matches();
    }

    /** 32 hex digits: the shape of an Auth Token (and of many other things, hence the context rules). */
    public static boolean isAuthTokenShape(String value) {
        return value != null && HEX_32.matcher(value).matches();
    }

    /** 32 letters or digits: the shape of an API Key secret (an Auth Token has it too). */
    public static boolean isSecretShape(String value) {
        return value != null && ALNUM_32.matcher(value).matches();
    }

    /** Whether a SID can be paired with this secret: an Account SID only with an Auth Token shape. */
    public static boolean canPair(String sid, String secret) {
        if (isKeySid(sid)) {
            return isSecretShape(secret);
        }
        return isAccountSid(sid) && isAuthTokenShape(secret);
    }

    /**
     * What a 32-character secret is: next to an SK an API key secret; next to an AC an Auth Token when it
     * has that shape; alone, lowercase hex reads as an Auth Token and anything else as an API key secret.
     */
    public static SecretKind kindOf(String secret, boolean nextToAccountSid, boolean nextToKeySid) {
        if (nextToKeySid) {
            return SecretKind.API_KEY_SECRET;
        }
        if (nextToAccountSid && isAuthTokenShape(secret)) {
            return SecretKind.AUTH_TOKEN;
        }
        return LOWER_HEX_32.matcher(secret).matches() ? SecretKind.AUTH_TOKEN : SecretKind.API_KEY_SECRET;
    }

    /** Whether the text mentions Twilio or one of its credential names ({@code auth_token}, {@code api_key_secret}). */
    public static boolean hasTwilioContext(String text) {
        return text != null && TWILIO_CONTEXT.matcher(text).find();
    }

    /**
     * Whether a 32-character value looks generated rather than typed: it mixes letters and digits and is not
     * one repeated character. Placeholders such as {@code xxxx…} or {@code 0000…} fail this.
     */
    public static boolean looksRandom(String secret) {
        boolean letter = false;
        boolean digit = false;
        Set<Character> distinct = new LinkedHashSet<>();
        for (int i = 0; i < secret.length(); i++) {
            char c = secret.charAt(i);
            letter |= Character.isLetter(c);
            digit |= Character.isDigit(c);
            distinct.add(Character.toLowerCase(c));
        }
        return letter && digit && distinct.size() >= 6;
    }

    /**
     * Reads one value that a scanner reported as the credential: a SID, a secret, a SID immediately followed by
     * its secret (TruffleHog RawV2), {@code SID:secret}, or a URL with {@code SID:secret@} basic auth.
     * Anything else (a redacted value, a JWT, prose) yields no parts.
     */
    public static Parts parseValue(String value) {
        Parts parts = new Parts();
        if (value == null || !hasCandidateRun(value)) {
            // Every shape below needs a maximal run of letters and digits of 32 (secret), 34 (SID) or 66
            // (SID + secret) characters; most values a scanner reports have none, and the regexes cost.
            return parts;
        }
        String v = unquote(value.strip());
        Matcher url = BASIC_AUTH_URL.matcher(v);
        if (url.matches()) {
            addPair(parts, url.group(1), url.group(2));
            return parts;
        }
        int colon = v.indexOf(':');
        if (colon > 0 && colon == v.lastIndexOf(':')) {
            addPair(parts, v.substring(0, colon).strip(), v.substring(colon + 1).strip());
            return parts;
        }
        addSingle(parts, v);
        return parts;
    }

    /**
     * Finds every SID in free text, also inside a SID-secret concatenation. Secrets are not taken from free
     * text here: without context a 32-character run is as likely an MD5 as a token.
     */
    public static Parts findSids(String text) {
        Parts parts = new Parts();
        // Every SID starts with "AC" or "SK" (case matters): text without either has none.
        if (text == null || (!text.contains("AC") && !text.contains("SK"))) {
            return parts;
        }
        for (String run : alnumRuns(text)) {
            Matcher both = SID_THEN_SECRET.matcher(run);
            addSid(parts, both.matches() ? both.group(1) : run);
        }
        return parts;
    }

    /**
     * Splits free text into candidate values: SIDs, SID-secret concatenations (split), and every 32-character
     * alphanumeric run as a secret candidate. Runs are maximal, so a 40-hex git SHA or a UUID never yields a
     * candidate. Callers decide with context whether a candidate secret is meant.
     */
    public static Parts scanText(String text) {
        Parts parts = new Parts();
        if (text == null) {
            return parts;
        }
        for (String run : alnumRuns(text)) {
            addSingle(parts, run);
        }
        return parts;
    }

    /**
     * Whether the text holds a maximal run of ASCII letters and digits ({@code [0-9A-Za-z]}, as in the
     * patterns) of exactly 32, 34 or 66 characters: the lengths a credential part, or a SID with its secret,
     * can have.
     */
    static boolean hasCandidateRun(String text) {
        int n = text.length();
        int p = 0; // a run never starts before p, and p is at the start of the text or after a non-alphanumeric
        while (p + 32 <= n) {
            // A run of 32 or more starting in [p, p + 31] covers p + 31: when that is no letter or digit, none
            // does, and the search goes on after it. Most text is skipped 32 characters at a time.
            int probe = p + 31;
            if (!isAlnum(text.charAt(probe))) {
                p = probe + 1;
                continue;
            }
            int start = probe;
            while (start > p && isAlnum(text.charAt(start - 1))) {
                start--;
            }
            int end = probe + 1;
            while (end < n && isAlnum(text.charAt(end))) {
                end++;
            }
            int run = end - start;
            if (run == 32 || run == 34 || run == 66) {
                return true;
            }
            p = end + 1;
        }
        return false;
    }

    /** {@code [0-9A-Za-z]}, as in the patterns. */
    private static boolean isAlnum(char c) {
        return c < 128 && ALNUM[c];
    }

    private static final boolean[] ALNUM = new boolean[128];

    static {
        for (char c = 0; c < 128; c++) {
            ALNUM[c] = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }
    }

    private static List<String> alnumRuns(String text) {
        List<String> runs = new ArrayList<>();
        Matcher m = ALNUM_RUN.matcher(text);
        while (m.find()) {
            int length = m.end() - m.start();
            // Only the lengths a credential part can have; skips the cost of materialising every word.
            if (length == 32 || length == 34 || length == 66) {
                runs.add(m.group());
            }
        }
        return runs;
    }

    private static void addPair(Parts parts, String left, String right) {
        boolean leftSid = isAccountSid(left) || isKeySid(left);
        boolean rightSid = isAccountSid(right) || isKeySid(right);
        // "user:password" only counts when one side is a SID; otherwise it is some other service's login.
        if (leftSid || rightSid) {
            addSingle(parts, left);
            addSingle(parts, right);
        }
    }

    private static void addSingle(Parts parts, String v) {
        if (addSid(parts, v)) {
            return;
        }
        Matcher both = SID_THEN_SECRET.matcher(v);
        if (both.matches()) {
            addSid(parts, both.group(1));
            parts.secrets.add(both.group(2));
        } else if (isSecretShape(v)) {
            parts.secrets.add(v);
        }
    }

    private static boolean addSid(Parts parts, String v) {
        if (isAccountSid(v)) {
            parts.accountSids.add(v);
            return true;
        }
        if (isKeySid(v)) {
            parts.keySids.add(v);
            return true;
        }
        return false;
    }

    private static String unquote(String v) {
        if (v.length() >= 2) {
            char first = v.charAt(0);
            char last = v.charAt(v.length() - 1);
            if ((first == '"' || first == '\'') && first == last) {
                return v.substring(1, v.length() - 1).strip();
            }
        }
        return v;
    }

    /** The Twilio parts found in a value or a text, each list without duplicates and in order of appearance. */
    public static final class Parts {
        private final Set<String> accountSids = new LinkedHashSet<>();
        private final Set<String> keySids = new LinkedHashSet<>();
        private final Set<String> secrets = new LinkedHashSet<>();

        public List<String> accountSids() {
            return Collections.unmodifiableList(new ArrayList<>(accountSids));
        }

        public List<String> keySids() {
            return Collections.unmodifiableList(new ArrayList<>(keySids));
        }

        public List<String> secrets() {
            return Collections.unmodifiableList(new ArrayList<>(secrets));
        }

        public boolean isEmpty() {
            return accountSids.isEmpty() && keySids.isEmpty() && secrets.isEmpty();
        }

        boolean hasSecret() {
            return !secrets.isEmpty();
        }

        public boolean hasSid() {
            return !accountSids.isEmpty() || !keySids.isEmpty();
        }

        /** Adds the other parts to these. */
        public Parts addAll(Parts other) {
            accountSids.addAll(other.accountSids);
            keySids.addAll(other.keySids);
            secrets.addAll(other.secrets);
            return this;
        }

        /** Adds only the SIDs of the other parts. */
        public Parts addSids(Parts other) {
            accountSids.addAll(other.accountSids);
            keySids.addAll(other.keySids);
            return this;
        }

        void removeSecrets() {
            secrets.clear();
        }
    }
}
