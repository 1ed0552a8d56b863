package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Recognises a report's format from its first 64 KiB (SCANNER-FORMATS.md §0), leaving the stream where it
 * was so the chosen parser reads it from the start. Anything unrecognised is {@link ReportFormat#TEXT}.
 */
public final class FormatDetector {

    /** How much of the body is looked at. */
    public static final int PEEK_BYTES = 64 * 1024;

    private FormatDetector() {
    }

    /**
     * @throws ReportFormatException when the body is empty (or only whitespace)
     */
    public static ReportFormat detect(BufferedInputStream in) throws IOException {
        in.mark(PEEK_BYTES + 1);
        byte[] head;
        try {
            head = in.readNBytes(PEEK_BYTES);
        } finally {
            in.reset();
        }
        return detect(head, head.length);
    }

    static ReportFormat detect(byte[] bytes, int length) {
        int start = 0;
        if (length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        String text = new String(bytes, start, length - start, StandardCharsets.UTF_8);
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw Json.emptyBody();
        }
        if (trimmed.startsWith("RuleID,Commit,File")) {
            return ReportFormat.GITLEAKS_CSV;
        }
        if (isTrufflehog(text)) {
            return ReportFormat.TRUFFLEHOG;
        }
        char first = trimmed.charAt(0);
        if (first == '{' || first == '[') {
            Shape shape = Shape.of(bytes, start, length - start);
            ReportFormat format = shape.format();
            if (format != null) {
                return format;
            }
        }
        return ReportFormat.TEXT;
    }

    /** Any line of the head that is a TruffleHog result; log lines before it do not matter. */
    private static boolean isTrufflehog(String text) {
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith("{") && l.contains("\"SourceMetadata\"") && l.contains("\"DetectorName\"")) {
                return true;
            }
        }
        return false;
    }

    /**
     * The member names a truncated JSON head shows: those of the root object, or of the first element of a
     * root array, plus a few nested names that identify a format.
     */
    private static final class Shape {
        boolean rootArray;
        boolean emptyArray;
        final Set<String> keys = new HashSet<>();
        final Set<String> nested = new HashSet<>();
        String version;
        String schema;

        static Shape of(byte[] bytes, int offset, int length) {
            Shape s = new Shape();
            try (JsonParser p = Json.MAPPER.getFactory().createParser(bytes, offset, length)) {
                JsonToken t = p.nextToken();
                s.rootArray = t == JsonToken.START_ARRAY;
                int recordDepth = s.rootArray ? 2 : 1;
                if (s.rootArray) {
                    JsonToken firstElement = p.nextToken();
                    s.emptyArray = firstElement == JsonToken.END_ARRAY;
                    if (firstElement != JsonToken.START_OBJECT) {
                        return s;
                    }
                }
                int depth = 1 + (s.rootArray ? 1 : 0);
                while ((t = p.nextToken()) != null) {
                    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                        depth++;
                    } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                        depth--;
                        if (depth < recordDepth) {
                            // The first record (or the root object) is complete.
                            break;
                        }
                    } else if (t == JsonToken.FIELD_NAME) {
                        String name = p.currentName();
                        if (depth == recordDepth) {
                            s.keys.add(name);
                        } else {
                            s.nested.add(name);
                        }
                    } else if (depth == recordDepth && t == JsonToken.VALUE_STRING) {
                        if ("version".equals(p.currentName())) {
                            s.version = p.getText();
                        } else if ("$schema".equals(p.currentName())) {
                            s.schema = p.getText();
                        }
                    }
                }
            } catch (IOException | RuntimeException truncatedOrBroken) {
                // The head is cut at 64 KiB or is not JSON: judge by what was read so far.
            }
            return s;
        }

        ReportFormat format() {
            if (rootArray) {
                if (emptyArray || keys.contains("RuleID")) {
                    // gitleaks writes "[]" when it finds nothing; any parser would yield nothing.
                    return ReportFormat.GITLEAKS;
                }
                return common();
            }
            // Some writers put "version" after "runs", beyond the head; the schema URL or the driver then tells.
            boolean sarifSchema = schema != null && schema.toLowerCase(java.util.Locale.ROOT).contains("sarif");
            if (keys.contains("runs") && ("2.1.0".equals(version) || (version == null
                    && (sarifSchema || nested.contains("driver"))))) {
                return ReportFormat.SARIF;
            }
            if (keys.contains("entities_with_incidents") || keys.contains("secrets_engine_version")) {
                return ReportFormat.GGSHIELD;
            }
            if (keys.contains("plugins_used") && keys.contains("results")) {
                return ReportFormat.DETECT_SECRETS;
            }
            if (keys.contains("findings") && (nested.contains("rule") || keys.contains("access_map")
                    || keys.contains("metadata") || keys.contains("audit"))) {
                return ReportFormat.KINGFISHER;
            }
            if (keys.contains("rule") && keys.contains("finding")) {
                return ReportFormat.KINGFISHER;
            }
            return common();
        }

        /** Shapes that come both as a list and as a single object. */
        private ReportFormat common() {
            if (keys.contains("number") && keys.contains("secret_type")) {
                return ReportFormat.GITHUB;
            }
            if (keys.contains("detector") && (keys.contains("secret_hash") || keys.contains("gitguardian_url")
                    || keys.contains("hmsl_hash") || keys.contains("occurrences_count"))) {
                return ReportFormat.GITGUARDIAN;
            }
            if (keys.contains("rule_text_id") || (keys.contains("finding_id") && keys.contains("matches"))) {
                return ReportFormat.NOSEYPARKER;
            }
            if (keys.contains("id") && keys.contains("matches") && nested.contains("rule")) {
                return ReportFormat.KINGFISHER;
            }
            return null;
        }
    }
}
