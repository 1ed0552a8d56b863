package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;

import java.time.Instant;

/** The location half of a finding, filled field by field while a parser reads one record. */
final class FindingDraft {

    int reportLine;
    String scanner;
    String rule;
    String secretSha1;
    String repository;
    String file;
    Integer line;
    String commit;
    String author;
    Instant commitDate;
    String link;
    Instant detectedAt;
    String scannerValidity;

    FindingDraft(int reportLine, String scanner) {
        this.reportLine = reportLine;
        this.scanner = scanner;
    }

    FindingDraft copy() {
        FindingDraft d = new FindingDraft(reportLine, scanner);
        d.rule = rule;
        d.secretSha1 = secretSha1;
        d.repository = repository;
        d.file = file;
        d.line = line;
        d.commit = commit;
        d.author = author;
        d.commitDate = commitDate;
        d.link = link;
        d.detectedAt = detectedAt;
        d.scannerValidity = scannerValidity;
        return d;
    }

    ScannerFinding build(String accountSid, String keySid, String secret, SecretKind kind) {
        return new ScannerFinding(reportLine, scanner, blankToNull(rule), accountSid, keySid, secret,
                secret == null ? null : kind, secretSha1, blankToNull(repository), blankToNull(file), line,
                blankToNull(commit), blankToNull(author), commitDate, blankToNull(link), detectedAt,
                blankToNull(scannerValidity));
    }

    /** "Name &lt;email&gt;", or whichever of the two is known. */
    static String author(String name, String email) {
        String n = blankToNull(name);
        String e = blankToNull(email);
        if (n != null && e != null) {
            return n + " <" + e + ">";
        }
        return n != null ? n : e;
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
