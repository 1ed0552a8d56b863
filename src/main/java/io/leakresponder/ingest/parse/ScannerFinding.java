package io.leakresponder.ingest.parse;

import java.time.Instant;

/**
 * One Twilio-related finding, normalised from any scanner's report.
 *
 * <p>At least one of {@code accountSid}, {@code keySid}, {@code secret} or {@code secretSha1} is set.
 * The raw {@code secret} must never be logged: {@link #toString()} prints only its hint.
 *
 * @param reportLine  1-based line (or record number for non-line formats) in the report, for messages
 * @param scanner     short scanner name, e.g. {@code gitleaks}, {@code trufflehog}, {@code github}
 * @param rule        the scanner's rule or detector id, namespaced for SARIF ({@code tool/ruleId})
 * @param accountSid  {@code AC} + 32 hex, when the finding carries it
 * @param keySid      {@code SK} + 32 hex, when the finding carries it
 * @param secret      a 32-character Auth Token or API Key secret, when the finding carries it
 * @param secretKind  what the secret is, when it is set
 * @param secretSha1  lowercase hex SHA-1 of the secret, for hash-only findings (detect-secrets)
 * @param repository  repository URL or name, when known
 * @param file        path in the repository or file system
 * @param line        1-based line of the finding in the file
 * @param commit      commit SHA
 * @param author      commit author (name and/or e-mail)
 * @param commitDate  author or commit date
 * @param link        web link to the finding (blob URL, alert URL, incident URL)
 * @param detectedAt  when the scanner or platform detected it (alert creation time), when known
 * @param scannerValidity the scanner's own verdict, verbatim (e.g. {@code verified}, {@code active}), or null
 */
public record ScannerFinding(
        int reportLine,
        String scanner,
        String rule,
        String accountSid,
        String keySid,
        String secret,
        SecretKind secretKind,
        String secretSha1,
        String repository,
        String file,
        Integer line,
        String commit,
        String author,
        Instant commitDate,
        String link,
        Instant detectedAt,
        String scannerValidity) {

    /** What a 32-character secret value is. */
    public enum SecretKind {
        AUTH_TOKEN, API_KEY_SECRET
    }

    public boolean hasSecret() {
        return secret != null;
    }

    /** Returns a copy with the given SIDs and secret, keeping the location. */
    public ScannerFinding withCredential(String accountSid, String keySid, String secret, SecretKind secretKind) {
        return new ScannerFinding(reportLine, scanner, rule, accountSid, keySid, secret, secretKind, secretSha1,
                repository, file, line, commit, author, commitDate, link, detectedAt, scannerValidity);
    }

    @Override
    public String toString() {
        return "ScannerFinding[line=" + reportLine + ", scanner=" + scanner + ", rule=" + rule
                + ", accountSid=" + accountSid + ", keySid=" + keySid
                + ", secret=" + (secret == null ? "none" : "…" + secret.substring(Math.max(0, secret.length() - 4)))
                + ", file=" + file + ", line=" + line + ", commit=" + commit + "]";
    }
}
