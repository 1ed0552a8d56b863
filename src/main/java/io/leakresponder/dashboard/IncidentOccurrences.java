package io.leakresponder.dashboard;

import io.leakresponder.credential.OccurrenceView;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a credential was seen, grouped by repository, with links to the file and line where the repository is
 * an http(s) URL of a GitHub- or GitLab-style host. Scanner reports are untrusted input: a link is built only
 * from a URL that parses as http(s), without any user info (which could carry a token), and the commit must
 * look like a commit id; everything else is shown as plain (escaped) text.
 */
public final class IncidentOccurrences {

    private static final Pattern COMMIT = Pattern.compile("^[0-9a-fA-F]{7,64}$");
    private static final Pattern USER_INFO = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)[^/@\\s\"]*@");
    private static final String NO_REPOSITORY = "(no repository named)";

    private IncidentOccurrences() {
    }

    /** The occurrences in one repository. */
    public record Group(String repository, String repositoryUrl, List<Line> occurrences) {
    }

    /** One occurrence, ready to show; the URLs are null when no safe link can be made. */
    public record Line(String file, Integer line, String commit, String shortCommit, String author,
            Instant commitDate, String scanner, String rule, Instant detectedAt, String scannerValidity,
            String fileUrl, String scannerUrl) {
    }

    static List<Group> group(List<OccurrenceView> occurrences) {
        Map<String, List<OccurrenceView>> byRepository = new LinkedHashMap<>();
        for (OccurrenceView o : occurrences) {
            String key = o.repository() == null || o.repository().isBlank() ? NO_REPOSITORY : o.repository().trim();
            byRepository.computeIfAbsent(key, k -> new ArrayList<>()).add(o);
        }
        List<Group> groups = new ArrayList<>();
        byRepository.forEach((repository, list) -> {
            String base = repositoryUrl(repository);
            List<Line> lines = list.stream().map(o -> new Line(o.file(), o.line(), o.commit(), shortCommit(o.commit()),
                    o.author(), o.commitDate(), o.scanner(), o.rule(), o.detectedAt(), o.scannerValidity(),
                    fileUrl(base, repository, o.commit(), o.file(), o.line()), httpUrl(o.link()))).toList();
            groups.add(new Group(base != null ? base : withoutUserInfo(repository), base, lines));
        });
        return groups;
    }

    /** The repository's web address without user info, query, fragment, trailing slash or {@code .git}. */
    static String repositoryUrl(String repository) {
        String url = httpUrl(repository);
        if (url == null) {
            return null;
        }
        URI u = URI.create(url);
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.endsWith(".git")) {
            path = path.substring(0, path.length() - 4);
        }
        return u.getScheme() + "://" + u.getRawAuthority() + path;
    }

    /** {@code …/blob/<commit>/<file>#L<line>} (GitLab: {@code …/-/blob/…}), or null when it cannot be made. */
    static String fileUrl(String base, String repository, String commit, String file, Integer line) {
        if (base == null || commit == null || !COMMIT.matcher(commit).matches() || file == null || file.isBlank()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (String segment : file.replace('\\', '/').split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                return null;
            }
            path.append('/').append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        if (path.isEmpty()) {
            return null;
        }
        String host = URI.create(base).getHost().toLowerCase(Locale.ROOT);
        String blob = host.contains("gitlab") ? "/-/blob/" : "/blob/";
        return base + blob + commit + path + (line != null && line > 0 ? "#L" + line : "");
    }

    /** The value as an http(s) URL with a host and without user info, or null. */
    static String httpUrl(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(value.trim());
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || u.getHost() == null) {
                return null;
            }
            // A URL with user info could carry a password or token: drop it rather than show or link it.
            URI clean = new URI(scheme, null, u.getHost(), u.getPort(), u.getPath(), u.getQuery(), u.getFragment());
            return clean.toASCIIString();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    /**
     * Every {@code scheme://user:secret@} in the text without its user info: for repositories shown as text, and
     * for audit details that quote them (a URL's password is as sensitive as the credential itself).
     */
    static String withoutUserInfo(String text) {
        return text == null ? null : USER_INFO.matcher(text).replaceAll("$1");
    }

    private static String shortCommit(String commit) {
        return commit == null ? null : commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
