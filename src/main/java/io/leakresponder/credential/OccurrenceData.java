package io.leakresponder.credential;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Where a credential was seen, as the ingest feature hands it over. A password or token written into a
 * repository URL or link ({@code https://user:token@host/...}) is another leaked secret: it is dropped here,
 * before anything stores, shows or suggests the URL.
 */
public record OccurrenceData(String scanner, String rule, String repository, String file, Integer line,
        String commit, String author, Instant commitDate, String link, Instant detectedAt, String scannerValidity) {

    private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

    public OccurrenceData {
        repository = withoutUserInfo(repository);
        link = withoutUserInfo(link);
    }

    static String withoutUserInfo(String url) {
        return url == null || url.indexOf('@') < 0 ? url : USER_INFO.matcher(url).replaceFirst("$1");
    }

    /** Earliest moment this occurrence proves the credential was exposed, or null. */
    public Instant earliestEvidence() {
        if (commitDate == null) {
            return detectedAt;
        }
        return detectedAt == null || commitDate.isBefore(detectedAt) ? commitDate : detectedAt;
    }
}
