package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * The built-in Twilio detector for plain text (format {@code text}): AC and SK SIDs anywhere; 32-character
 * secrets only with Twilio context, i.e. a keyword ({@code twilio}, {@code auth_token}, {@code api_key_secret})
 * or a SID within {@link #window()} lines. Each SID is paired with each compatible secret near it, as
 * TruffleHog does. It streams: only {@code 2 × window + 1} lines are held at a time.
 */
public final class TextDetector implements ReportParser {

    /** How many lines above and below count as "nearby" unless told otherwise. */
    public static final int DEFAULT_WINDOW = 3;
    static final String SCANNER = "text";
    static final String RULE = "builtin/twilio";

    private final int window;
    private final String scanner;

    public TextDetector() {
        this(DEFAULT_WINDOW);
    }

    public TextDetector(int window) {
        this(window, SCANNER);
    }

    TextDetector(int window, String scanner) {
        if (window < 0) {
            throw new IllegalArgumentException("window must be >= 0");
        }
        this.window = window;
        this.scanner = scanner;
    }

    public int window() {
        return window;
    }

    @Override
    public ReportFormat format() {
        return ReportFormat.TEXT;
    }

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        LineReader lines = new LineReader(in);
        scan(lines::readLine, sink);
    }

    /** Convenience for callers holding a small text in memory (a webhook field, a log excerpt). */
    public List<ScannerFinding> detect(String text) {
        List<ScannerFinding> found = new ArrayList<>();
        try {
            scan(new BufferedReader(new StringReader(text)), new FindingSink() {
                @Override
                public void twilio(ScannerFinding finding) {
                    found.add(finding);
                }

                @Override
                public void ignored() {
                }

                @Override
                public void warning(String message) {
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return found;
    }

    /** Reads the text to its end, reporting each SID, each accepted secret, and each pair to the sink. */
    public void scan(BufferedReader reader, FindingSink sink) throws IOException {
        scan(reader::readLine, sink);
    }

    /** Gives the text's lines, then null. */
    private interface LineSource {
        String readLine() throws IOException;
    }

    private void scan(LineSource reader, FindingSink sink) throws IOException {
        Deque<Line> lines = new ArrayDeque<>();
        String text;
        int number = 0;
        int nextToFinish = 1;
        while ((text = reader.readLine()) != null) {
            number++;
            lines.addLast(Line.of(number, text));
            // A line is finished once the lines up to `window` below it have been read.
            while (nextToFinish <= number - window) {
                finish(nextToFinish++, lines, sink);
            }
            while (!lines.isEmpty() && lines.peekFirst().number < nextToFinish - window) {
                lines.removeFirst();
            }
        }
        while (nextToFinish <= number) {
            finish(nextToFinish++, lines, sink);
        }
    }

    private void finish(int center, Deque<Line> lines, FindingSink sink) {
        Line line = null;
        List<Line> near = new ArrayList<>();
        for (Line l : lines) {
            if (Math.abs(l.number - center) <= window) {
                near.add(l);
            }
            if (l.number == center) {
                line = l;
            }
        }
        if (line == null) {
            return;
        }
        // Nearest lines first, so pairs come out in a stable, meaningful order.
        near.sort(Comparator.comparingInt((Line l) -> Math.abs(l.number - center)).thenComparingInt(l -> l.number));
        boolean keyword = near.stream().anyMatch(l -> l.keyword);
        boolean sidNear = near.stream().anyMatch(l -> !l.sids.isEmpty());
        boolean accountNear = near.stream().anyMatch(l -> l.sids.stream().anyMatch(TwilioShapes::isAccountSid));

        for (String secret : line.secrets) {
            if (!keyword && !sidNear) {
                continue;
            }
            boolean paired = false;
            for (Line other : near) {
                for (String sid : other.sids) {
                    if (TwilioShapes.canPair(sid, secret)) {
                        boolean key = TwilioShapes.isKeySid(sid);
                        sink.twilio(finding(center, key ? null : sid, key ? sid : null, secret,
                                key ? SecretKind.API_KEY_SECRET : SecretKind.AUTH_TOKEN));
                        paired = true;
                    }
                }
            }
            if (!paired) {
                sink.twilio(finding(center, null, null, secret, TwilioShapes.kindOf(secret, accountNear, false)));
            }
        }
        for (String sid : line.sids) {
            boolean hasPartner = near.stream().flatMap(l -> l.secrets.stream())
                    .anyMatch(s -> TwilioShapes.canPair(sid, s));
            if (!hasPartner) {
                boolean key = TwilioShapes.isKeySid(sid);
                sink.twilio(finding(center, key ? null : sid, key ? sid : null, null, null));
            }
        }
    }

    private ScannerFinding finding(int line, String accountSid, String keySid, String secret, SecretKind kind) {
        FindingDraft d = new FindingDraft(line, scanner);
        d.rule = RULE;
        d.line = line;
        return d.build(accountSid, keySid, secret, kind);
    }

    /** What one line holds: SIDs, plausible secrets, and whether it names Twilio. */
    private record Line(int number, List<String> sids, List<String> secrets, boolean keyword) {
        static Line of(int number, String text) {
            TwilioShapes.Parts parts = TwilioShapes.scanText(text);
            List<String> sids = new ArrayList<>(parts.accountSids());
            sids.addAll(parts.keySids());
            List<String> secrets = parts.secrets().stream().filter(TwilioShapes::looksRandom).toList();
            return new Line(number, List.copyOf(sids), secrets, TwilioShapes.hasTwilioContext(text));
        }
    }
}
