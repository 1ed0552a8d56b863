import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;

/**
 * Writes a large, deterministic scanner report for the ingestion benchmark, streamed to disk (never held in
 * memory), and a {@code .properties} sidecar with what the service must answer for it.
 *
 * <pre>
 * java ReportGenerator.java trufflehog|gitleaks|transport-probe OUT_FILE SIZE_MIB SEED
 * </pre>
 *
 * <p>Every credential is fake: {@code AC}/{@code SK} + 32 hex and 32-character secrets drawn from the seed.
 * A small pool of them (50 per report) is reported at many places, as in a real scan of a monorepo's history,
 * so the service's dedup (one credential, many occurrences) does real work. The same arguments always give
 * the same bytes; the file name holds the arguments and the sidecar the generator version, so run.sh
 * regenerates only when one of them changes.
 *
 * <p>{@code transport-probe} is a gitleaks report with no findings: {@code [}, then whitespace, then {@code ]}.
 * Jackson skips whitespace at memory speed, so posting it measures what every report pays before parsing:
 * the HTTP body path into the endpoint's InputStream and the service's counting and hashing of it.
 */
public final class ReportGenerator {

    /** Bump when the output changes for the same arguments, so cached reports are regenerated. */
    static final int VERSION = 2;
    static final int CREDENTIALS = 50;
    /** Share of result records that are about Twilio. */
    static final double TWILIO_SHARE = 0.01;
    /** Share of Twilio results that repeat an earlier place exactly (scanners do, e.g. across branches). */
    static final double REPEAT_SHARE = 0.10;

    private static final String HEX = "0123456789abcdef";
    private static final String ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String UPPER_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String[] ORGS = {"acme-bench", "globex-bench", "initech-bench"};
    private static final String[] REPOS = {"billing", "sms-gateway", "notify", "infra", "web", "mobile-api",
            "auth", "checkout", "support-bot", "data-pipeline", "ops-scripts", "marketing-site", "crm-sync",
            "ivr", "voice-recorder", "scheduler"};
    private static final String[] DIRS = {"src", "src/main/java/com/acme", "app", "config", "deploy", "scripts",
            "lib", "internal/notify", "test/fixtures", "docs", "k8s", "terraform", ".github/workflows"};
    private static final String[] FILES = {"settings.py", "config.yml", "application.properties", ".env",
            "notify.js", "sms.go", "Notifier.java", "values.yaml", "main.tf", "deploy.sh", "README.md",
            "docker-compose.yml", "secrets.json", "twilio.rb", "client.ts"};
    private static final String[] PEOPLE = {"Jane Dev", "Sam Ops", "Ana Ops", "Lee Backend", "Kim Mobile",
            "Ravi Data", "Chris Infra", "Noor Security", "Tom Intern", "Mia Frontend"};

    private final SplittableRandom random;
    private final OutputStream out;
    private long bytes;

    private ReportGenerator(long seed, OutputStream out) {
        this.random = new SplittableRandom(seed);
        this.out = out;
    }

    /** What the service must answer for the report: records received and Twilio findings. */
    record Expected(long records, long twilio, long logLines) {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4 || !List.of("trufflehog", "gitleaks", "transport-probe").contains(args[0])) {
            System.err.println("usage: java ReportGenerator.java trufflehog|gitleaks|transport-probe OUT_FILE SIZE_MIB SEED");
            System.exit(64);
        }
        String format = args[0];
        Path target = Path.of(args[1]);
        long size = Long.parseLong(args[2]) * 1024 * 1024;
        long seed = Long.parseLong(args[3]);
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path partial = target.resolveSibling(target.getFileName() + ".partial");
        long start = System.nanoTime();
        Expected expected;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20)) {
            // Each format and size has its own stream: a smaller report is not the prefix of a larger one, so
            // every post of a run brings new credentials and occurrences instead of re-posting known ones.
            ReportGenerator g = new ReportGenerator(seed * 1_000_003L + size + format.hashCode(), file);
            expected = switch (format) {
                case "trufflehog" -> g.trufflehog(size);
                case "gitleaks" -> g.gitleaks(size);
                default -> g.transportProbe(size);
            };
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        Properties meta = new Properties();
        meta.setProperty("generator.version", Integer.toString(VERSION));
        // The probe is a gitleaks report; its head is only whitespace, so it must be posted with ?format=gitleaks.
        meta.setProperty("format", format.equals("transport-probe") ? "gitleaks" : format);
        meta.setProperty("probe", Boolean.toString(format.equals("transport-probe")));
        meta.setProperty("size.mib", args[2]);
        meta.setProperty("seed", args[3]);
        meta.setProperty("bytes", Long.toString(Files.size(target)));
        meta.setProperty("expected.records", Long.toString(expected.records()));
        meta.setProperty("expected.twilio", Long.toString(expected.twilio()));
        meta.setProperty("log.lines", Long.toString(expected.logLines()));
        try (var w = Files.newBufferedWriter(target.resolveSibling(target.getFileName() + ".properties"))) {
            meta.store(w, "written by bench/ingest/ReportGenerator.java");
        }
        System.out.printf("generated %s: %,d bytes, %,d records, %,d Twilio findings, %,d log lines in %.1f s%n",
                target, Files.size(target), expected.records(), expected.twilio(), expected.logLines(),
                (System.nanoTime() - start) / 1e9);
    }

    // ---------------------------------------------------------------------------------------------------------
    // TruffleHog v3 --json, stderr merged in (as `trufflehog git … --json 2>&1` gives it)

    /** One fake Twilio credential: an Account SID with its Auth Token, or an API Key SID with its secret. */
    private record Credential(String sid, String secret, boolean apiKey) {
    }

    /** Where a result was found. */
    private record Place(String repo, String commit, String file, int line, String person, String date) {
    }

    /** A Twilio result, remembered so that a later result can repeat it exactly. */
    private record Sighting(Credential credential, Place place) {
    }

    /** A new sighting of a random credential, or (sometimes) an earlier sighting again. */
    private Sighting sighting(List<Credential> creds, List<Sighting> seen) {
        if (!seen.isEmpty() && random.nextDouble() < REPEAT_SHARE) {
            return seen.get(random.nextInt(seen.size()));
        }
        Sighting s = new Sighting(creds.get(random.nextInt(creds.size())), place());
        seen.add(s);
        return s;
    }

    private Expected trufflehog(long size) throws IOException {
        List<Credential> creds = new ArrayList<>();
        for (int i = 0; i < CREDENTIALS; i++) {
            // About a third API keys, the rest Account SID + Auth Token.
            boolean apiKey = i % 3 == 2;
            creds.add(apiKey ? new Credential("SK" + hex(32), alnumWithUpper(32), true)
                    : new Credential("AC" + hex(32), hex(32), false));
        }
        List<Sighting> seen = new ArrayList<>();
        long records = 0;
        long twilio = 0;
        long logs = 0;
        StringBuilder sb = new StringBuilder(4096);
        write(truffleLog(sb, "running source", ",\"source_manager_worker_id\":\"x7Kp2\",\"with_units\":true"));
        logs++;
        // TruffleHog prints its banner on stderr; with 2>&1 it lands in the report as a plain-text line.
        writeUtf8("🐷🔑🐷  TruffleHog. Unearth your secrets. 🐷🔑🐷\n");
        while (bytes < size) {
            double r = random.nextDouble();
            if (r < 0.003) {
                write(truffleLog(sb, "scanning repo", ",\"repo\":\"" + repoUrl(pick(ORGS), pick(REPOS)) + "\""));
                logs++;
                continue;
            }
            records++;
            if (random.nextDouble() < TWILIO_SHARE) {
                twilio++;
                Sighting s = sighting(creds, seen);
                write(truffleTwilio(sb, s.credential(), s.place()));
            } else {
                write(truffleOther(sb, place()));
            }
        }
        write(truffleLog(sb, "finished scanning", ",\"chunks\":" + records * 3 + ",\"bytes\":" + bytes * 40
                + ",\"verified_secrets\":0,\"unverified_secrets\":" + records));
        logs++;
        return new Expected(records, twilio, logs);
    }

    private StringBuilder truffleLog(StringBuilder sb, String msg, String extra) {
        sb.setLength(0);
        return sb.append("{\"level\":\"info-0\",\"ts\":\"2025-01-10T10:").append(two(random.nextInt(60)))
                .append(':').append(two(random.nextInt(60))).append(".000Z\",\"logger\":\"trufflehog\",\"msg\":\"")
                .append(msg).append('"').append(extra).append("}\n");
    }

    private StringBuilder truffleHead(StringBuilder sb, Place p) {
        sb.setLength(0);
        return sb.append("{\"SourceMetadata\":{\"Data\":{\"Git\":{\"commit\":\"").append(p.commit())
                .append("\",\"file\":\"").append(p.file())
                .append("\",\"email\":\"").append(p.person()).append(" <").append(email(p.person()))
                .append(">\",\"repository\":\"").append(p.repo()).append(".git\",\"timestamp\":\"").append(p.date())
                .append(" +0000\",\"line\":").append(p.line())
                .append("}}},\"SourceID\":1,\"SourceType\":16,\"SourceName\":\"trufflehog - git\",");
    }

    private StringBuilder truffleTwilio(StringBuilder sb, Credential c, Place p) {
        truffleHead(sb, p).append("\"DetectorType\":26,\"DetectorName\":\"Twilio\",")
                .append("\"DetectorDescription\":\"Twilio is a cloud communications platform.\",")
                .append("\"DecoderName\":\"PLAIN\",\"Verified\":false,");
        if (random.nextInt(4) == 0) {
            sb.append("\"VerificationError\":\"dial tcp: lookup api.twilio.com: no such host\",");
        }
        sb.append("\"VerificationFromCache\":false,\"Raw\":\"").append(c.sid())
                .append("\",\"RawV2\":\"").append(c.sid()).append(c.secret())
                .append("\",\"Redacted\":\"").append(c.apiKey() ? c.secret().substring(0, 5) + "..." : c.sid());
        if (c.apiKey()) {
            // TruffleHog swaps the labels for API keys: {"key": SK…, "sid": secret}.
            sb.append("\",\"ExtraData\":null,\"StructuredData\":null,\"SecretParts\":{\"key\":\"").append(c.sid())
                    .append("\",\"sid\":\"").append(c.secret()).append("\"}}\n");
        } else {
            sb.append("\",\"ExtraData\":{\"account_sid\":\"").append(c.sid())
                    .append("\",\"friendly_name\":\"Bench ").append(c.sid(), 2, 8)
                    .append("\",\"rotation_guide\":\"https://howtorotate.com/docs/tutorials/twilio/\"},")
                    .append("\"StructuredData\":null,\"SecretParts\":{\"key\":\"").append(c.secret())
                    .append("\",\"sid\":\"").append(c.sid()).append("\"}}\n");
        }
        return sb;
    }

    /** A result of another detector; values are random but shaped like the real thing. */
    private StringBuilder truffleOther(StringBuilder sb, Place p) {
        truffleHead(sb, p);
        int kind = random.nextInt(8);
        String raw;
        String rawV2;
        String extra = "null";
        switch (kind) {
            case 0 -> {
                raw = "AKIA" + upperAlnum(16);
                rawV2 = raw + alnum(40);
                extra = "{\"account\":\"" + digits(12) + "\",\"arn\":\"arn:aws:iam::" + digits(12)
                        + ":user/ci-deployer\",\"resource_type\":\"Access key\",\"rotation_guide\":"
                        + "\"https://howtorotate.com/docs/tutorials/aws/\"}";
                detector(sb, 2, "AWS", "AWS (Amazon Web Services) is a comprehensive cloud computing platform.");
            }
            case 1 -> {
                raw = "ghp_" + alnum(36);
                rawV2 = raw;
                extra = "{\"rotation_guide\":\"https://howtorotate.com/docs/tutorials/github/\",\"scopes\":\"repo\","
                        + "\"username\":\"bench-bot\",\"version\":\"1\"}";
                detector(sb, 8, "Github", "GitHub is a web-based platform used for version control.");
            }
            case 2 -> {
                raw = "xoxb-" + digits(12) + "-" + digits(13) + "-" + alnum(24);
                rawV2 = raw;
                detector(sb, 5, "Slack", "Slack is a messaging app for business.");
            }
            case 3 -> {
                raw = "sk_live_" + alnum(24);
                rawV2 = raw;
                detector(sb, 12, "Stripe", "Stripe is a payment processing platform.");
            }
            case 4 -> {
                // Same shape as an Auth Token; without a Twilio label or a SID it must be ignored.
                raw = hex(32);
                rawV2 = raw;
                detector(sb, 301, "Datadog", "Datadog is a monitoring and security platform.");
            }
            case 5 -> {
                raw = "SG." + alnum(22) + "." + alnum(43);
                rawV2 = raw;
                detector(sb, 113, "SendGrid", "SendGrid is a cloud-based email delivery service.");
            }
            case 6 -> {
                raw = "https://admin:" + alnum(16) + "@db-" + two(random.nextInt(99)) + ".internal.example";
                rawV2 = raw;
                detector(sb, 17, "URI", "URIs with embedded credentials.");
            }
            default -> {
                // Private keys make the longest results.
                StringBuilder key = new StringBuilder("-----BEGIN RSA PRIVATE KEY-----\\n");
                for (int i = 0; i < 12; i++) {
                    key.append(alnum(64)).append("\\n");
                }
                raw = key.append("-----END RSA PRIVATE KEY-----\\n").toString();
                rawV2 = "";
                detector(sb, 9, "PrivateKey", "Private keys are used for securely connecting and authenticating.");
            }
        }
        return sb.append("\"DecoderName\":\"PLAIN\",\"Verified\":false,\"VerificationFromCache\":false,\"Raw\":\"")
                .append(raw).append("\",\"RawV2\":\"").append(rawV2).append("\",\"Redacted\":\"")
                .append(raw, 0, Math.min(8, raw.length())).append("...\",\"ExtraData\":").append(extra)
                .append(",\"StructuredData\":null}\n");
    }

    private static void detector(StringBuilder sb, int type, String name, String description) {
        sb.append("\"DetectorType\":").append(type).append(",\"DetectorName\":\"").append(name)
                .append("\",\"DetectorDescription\":\"").append(description).append("\",");
    }

    // ---------------------------------------------------------------------------------------------------------
    // gitleaks --report-format json: one array, records pretty-printed with a one-space indent

    private Expected gitleaks(long size) throws IOException {
        List<Credential> keys = new ArrayList<>();
        for (int i = 0; i < CREDENTIALS; i++) {
            keys.add(new Credential("SK" + hex(32), alnumWithUpper(32), true));
        }
        List<Sighting> seen = new ArrayList<>();
        long records = 0;
        long twilio = 0;
        StringBuilder sb = new StringBuilder(4096);
        writeUtf8("[");
        boolean first = true;
        while (bytes < size) {
            if (random.nextDouble() < TWILIO_SHARE) {
                Sighting s = sighting(keys, seen);
                Credential k = s.credential();
                Place place = s.place();
                // gitleaks' twilio-api-key rule matches only the SK; the secret on the next line is caught by
                // generic-api-key. The service pairs the two (same file and commit, one line apart).
                write(gitleaksRecord(sb, first, "twilio-api-key",
                        "Found a Twilio API Key, posing a risk of unauthorized access to communication services.",
                        place, place.line(), "TWILIO_API_KEY=" + k.sid(), k.sid(), 3.1));
                first = false;
                records++;
                twilio++;
                // One in ten keys leaks alone (SID without its secret): a low-severity SID-only incident.
                if (random.nextInt(10) != 0) {
                    write(gitleaksRecord(sb, false, "generic-api-key", GENERIC, place, place.line() + 1,
                            "TWILIO_API_SECRET=\\\"" + k.secret() + "\\\"", k.secret(), 4.6));
                    records++;
                    twilio++;
                }
                continue;
            }
            write(gitleaksOther(sb, first, place()));
            first = false;
            records++;
        }
        writeUtf8("\n]\n");
        return new Expected(records, twilio, 0);
    }

    private static final String GENERIC =
            "Detected a Generic API Key, potentially exposing access to various services and sensitive operations.";

    private StringBuilder gitleaksOther(StringBuilder sb, boolean first, Place p) {
        return switch (random.nextInt(6)) {
            case 0 -> {
                String id = "AKIA" + upperAlnum(16);
                yield gitleaksRecord(sb, first, "aws-access-token", "Identified a pattern that may indicate AWS "
                        + "credentials, risking unauthorized cloud resource access and data breaches on AWS platforms.",
                        p, p.line(), "aws_access_key_id = " + id, id, 3.7);
            }
            case 1 -> {
                String token = "ghp_" + alnum(36);
                yield gitleaksRecord(sb, first, "github-pat", "Uncovered a GitHub Personal Access Token, potentially "
                        + "leading to unauthorized repository access and sensitive content exposure.",
                        p, p.line(), "GITHUB_TOKEN: " + token, token, 5.1);
            }
            case 2 -> {
                String token = "xoxb-" + digits(12) + "-" + digits(13) + "-" + alnum(24);
                yield gitleaksRecord(sb, first, "slack-bot-token", "Identified a Slack Bot token, which may "
                        + "compromise bot integrations and communication channel security.",
                        p, p.line(), "slack_token = \\\"" + token + "\\\"", token, 4.4);
            }
            case 3 -> {
                String key = "AIza" + alnum(35);
                yield gitleaksRecord(sb, first, "gcp-api-key", "Uncovered a GCP API key, which could lead to "
                        + "unauthorized access to Google Cloud services and data breaches.",
                        p, p.line(), "\\\"apiKey\\\": \\\"" + key + "\\\"", key, 4.8);
            }
            default -> {
                // generic-api-key on something else: 32-character values are common here and must be ignored.
                String value = alnum(random.nextBoolean() ? 32 : 20 + random.nextInt(24));
                yield gitleaksRecord(sb, first, "generic-api-key", GENERIC, p, p.line(),
                        "api_key = \\\"" + value + "\\\"", value, 4.2);
            }
        };
    }

    private static StringBuilder gitleaksRecord(StringBuilder sb, boolean first, String rule, String description,
            Place p, int line, String match, String secret, double entropy) {
        sb.setLength(0);
        int column = 1 + Math.max(0, match.length() - secret.length());
        String path = p.repo().substring("https://github.com/".length());
        sb.append(first ? "\n {\n" : ",\n {\n")
                .append("  \"RuleID\": \"").append(rule).append("\",\n")
                .append("  \"Description\": \"").append(description).append("\",\n")
                .append("  \"StartLine\": ").append(line).append(",\n")
                .append("  \"EndLine\": ").append(line).append(",\n")
                .append("  \"StartColumn\": ").append(column).append(",\n")
                .append("  \"EndColumn\": ").append(column + secret.length() - 1).append(",\n")
                .append("  \"Match\": \"").append(match).append("\",\n")
                .append("  \"Secret\": \"").append(secret).append("\",\n")
                .append("  \"File\": \"").append(p.file()).append("\",\n")
                .append("  \"SymlinkFile\": \"\",\n")
                .append("  \"Commit\": \"").append(p.commit()).append("\",\n")
                .append("  \"Link\": \"https://github.com/").append(path).append("/blob/").append(p.commit())
                .append('/').append(p.file()).append("#L").append(line).append("-L").append(line).append("\",\n")
                .append("  \"Entropy\": ").append(entropy).append(",\n")
                .append("  \"Author\": \"").append(p.person()).append("\",\n")
                .append("  \"Email\": \"").append(email(p.person())).append("\",\n")
                .append("  \"Date\": \"").append(p.date().replace(' ', 'T')).append("Z\",\n")
                .append("  \"Message\": \"update ").append(p.file(), p.file().lastIndexOf('/') + 1, p.file().length())
                .append("\",\n")
                .append("  \"Tags\": [],\n")
                .append("  \"Fingerprint\": \"").append(p.commit()).append(':').append(p.file()).append(':')
                .append(rule).append(':').append(line).append("\"\n")
                .append(" }");
        return sb;
    }

    private Expected transportProbe(long size) throws IOException {
        writeUtf8("[");
        byte[] spaces = new byte[1 << 20];
        java.util.Arrays.fill(spaces, (byte) ' ');
        while (bytes < size - 2) {
            int n = (int) Math.min(spaces.length, size - 2 - bytes);
            out.write(spaces, 0, n);
            bytes += n;
        }
        writeUtf8("]\n");
        return new Expected(0, 0, 0);
    }

    // ---------------------------------------------------------------------------------------------------------

    private Place place() {
        String file = pick(DIRS) + "/" + pick(FILES);
        String date = "20" + (18 + random.nextInt(8)) + "-" + two(1 + random.nextInt(12)) + "-"
                + two(1 + random.nextInt(28)) + " " + two(random.nextInt(24)) + ":" + two(random.nextInt(60)) + ":"
                + two(random.nextInt(60));
        return new Place(repoUrl(pick(ORGS), pick(REPOS)), hex(40), file, 1 + random.nextInt(400), pick(PEOPLE),
                date);
    }

    private static String repoUrl(String org, String repo) {
        return "https://github.com/" + org + "/" + repo;
    }

    private static String email(String person) {
        return person.toLowerCase().replace(' ', '.') + "@example.com";
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String hex(int n) {
        return chars(HEX, n);
    }

    private String alnum(int n) {
        return chars(ALNUM, n);
    }

    private String upperAlnum(int n) {
        return chars(UPPER_ALNUM, n);
    }

    private String digits(int n) {
        return chars("0123456789", n);
    }

    /** An API key secret: alphanumeric with at least one capital, so its shape is not an Auth Token's. */
    private String alnumWithUpper(int n) {
        return "Q" + alnum(n - 1);
    }

    private String chars(String alphabet, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(c);
    }

    private static String two(int n) {
        return n < 10 ? "0" + n : Integer.toString(n);
    }

    /** Writes generated ASCII text (every value above is ASCII). */
    private void write(CharSequence ascii) throws IOException {
        int n = ascii.length();
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ascii.charAt(i);
        }
        out.write(b);
        bytes += n;
    }

    private void writeUtf8(String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        out.write(b);
        bytes += b.length;
    }
}
