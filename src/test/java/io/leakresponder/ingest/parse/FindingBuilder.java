package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;

import java.time.Instant;

/**
 * Builds the {@link ScannerFinding} a test expects, naming each field it sets; the fields it does not set stay
 * null, as a parser leaves what a report does not say.
 */
final class FindingBuilder {

    private final int reportLine;
    private final String scanner;
    private final String rule;
    private String accountSid;
    private String keySid;
    private String secret;
    private SecretKind secretKind;
    private String secretSha1;
    private String repository;
    private String file;
    private Integer line;
    private String commit;
    private String author;
    private Instant commitDate;
    private String link;
    private Instant detectedAt;
    private String scannerValidity;

    private FindingBuilder(int reportLine, String scanner, String rule) {
        this.reportLine = reportLine;
        this.scanner = scanner;
        this.rule = rule;
    }

    static FindingBuilder finding(int reportLine, String scanner, String rule) {
        return new FindingBuilder(reportLine, scanner, rule);
    }

    FindingBuilder accountSid(String value) {
        accountSid = value;
        return this;
    }

    FindingBuilder keySid(String value) {
        keySid = value;
        return this;
    }

    FindingBuilder secret(String value, SecretKind kind) {
        secret = value;
        secretKind = kind;
        return this;
    }

    FindingBuilder secretSha1(String value) {
        secretSha1 = value;
        return this;
    }

    FindingBuilder repository(String value) {
        repository = value;
        return this;
    }

    /** The file and the line in it. */
    FindingBuilder at(String path, Integer lineInFile) {
        file = path;
        line = lineInFile;
        return this;
    }

    /** The commit SHA, its author and its date; the author and date may be null. */
    FindingBuilder commit(String sha, String by, Instant date) {
        commit = sha;
        author = by;
        commitDate = date;
        return this;
    }

    FindingBuilder link(String value) {
        link = value;
        return this;
    }

    FindingBuilder detectedAt(Instant value) {
        detectedAt = value;
        return this;
    }

    FindingBuilder validity(String value) {
        scannerValidity = value;
        return this;
    }

    ScannerFinding build() {
        return new ScannerFinding(reportLine, scanner, rule, accountSid, keySid, secret, secretKind, secretSha1,
                repository, file, line, commit, author, commitDate, link, detectedAt, scannerValidity);
    }
}
