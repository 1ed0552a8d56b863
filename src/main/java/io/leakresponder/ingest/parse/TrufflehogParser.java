package io.leakresponder.ingest.parse;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * TruffleHog v3 {@code --json}: JSON Lines, one result per line. Callers often merge stderr into the file,
 * so log lines (JSON with {@code level}/{@code msg}, or plain text) are skipped and counted, not fatal.
 */
final class TrufflehogParser implements ReportParser {

    static final String NAME = "TruffleHog JSON lines";
    static final String SCANNER = "trufflehog";

    @Override
    public ReportFormat format() {
        return ReportFormat.TRUFFLEHOG;
    }

    /** The members of a line that this parser reads; the others are only checked to be JSON. */
    private static final Set<String> FIELDS = Set.of("DetectorName", "Raw", "RawV2", "SecretParts", "ExtraData",
            "Verified", "VerificationError", "SourceMetadata", "level", "msg");

    @Override
    public void parse(InputStream in, FindingSink sink) throws IOException {
        LineReader reader = new LineReader(in);
        Lines lines = new Lines();
        Prefiltering prefiltering = new Prefiltering(lines, sink);
        try {
            while (prefiltering.next(reader)) {
                int lineNo = reader.number();
                byte[] bytes = reader.array();
                int i = reader.start();
                int end = i + reader.length();
                while (i < end && isStripped(bytes[i])) {
                    i++;
                }
                if (i == end) {
                    continue; // blank
                }
                if (bytes[i] < 0 || (i + 1 < end && bytes[i + 1] == 0)
                        || (!reader.ascii() && !Inputs.isWellFormedUtf8(bytes, i, end))) {
                    // Decode as UTF-8 (malformed bytes as U+FFFD) and go the careful way when the bytes may not
                    // read as that text: non-ASCII first (maybe Unicode whitespace before a '{'), a NUL next
                    // (Jackson would guess UTF-16 or UTF-32), or bytes that are not UTF-8 (Jackson lets some
                    // through). The lines before it are done first: findings keep the report's order.
                    prefiltering.drain();
                    lines.text(reader.text(), lineNo, sink);
                } else if (bytes[i] != '{') {
                    lines.notJson.add(lineNo);
                } else {
                    prefiltering.add(bytes, i, end - i, lineNo);
                }
            }
            prefiltering.drain();
        } finally {
            prefiltering.abandon();
        }
        lines.finish(sink);
    }

    /** Threads that run the prefilter for every report being parsed; one per core. */
    private static final ExecutorService PREFILTERS = Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            Thread.ofPlatform().name("ingest-prefilter-", 0).daemon(true).inheritInheritableThreadLocals(false)
                    .factory());
    /** The most prefilter threads one report keeps busy, so that its read-ahead stays small on a large machine. */
    static final int MAX_PARALLEL = 4;
    /** The most batches one report has in flight: two per prefilter thread, so none waits while this one reads. */
    static final int MAX_IN_FLIGHT = 2 * MAX_PARALLEL + 1;
    /** Bytes of lines per batch handed to a prefilter thread. */
    static final int BATCH_BYTES = 256 * 1024;

    /**
     * Runs the {@link TrufflehogPrefilter} over batches of result lines on the prefilter threads while this thread
     * reads on, and takes the answers back in the report's order: a line the prefilter cannot ignore (about 1 in
     * 100) is read in full here, so findings, warnings and errors come out exactly as if each line had been taken
     * in turn. At most two batches per prefilter thread (up to {@link #MAX_PARALLEL} threads), plus one, are in
     * flight: memory stays bounded, at most {@link #MAX_IN_FLIGHT} batches of read-ahead (2.3 MiB).
     */
    private static final class Prefiltering {
        private final Lines lines;
        private final FindingSink sink;
        private final int maxInFlight = 2
                * Math.min(MAX_PARALLEL, Math.max(1, Runtime.getRuntime().availableProcessors())) + 1;
        private final ArrayDeque<Batch> inFlight = new ArrayDeque<>();
        private Batch filling = new Batch();

        Prefiltering(Lines lines, FindingSink sink) {
            this.lines = lines;
            this.sink = sink;
        }

        /**
         * The reader's next line. When reading fails (a line over the bound, the body cut off or over its limit),
         * the lines read before it are finished first: an error in one of them is the one reported, as it would
         * be had each line been taken in turn.
         */
        boolean next(LineReader reader) throws IOException {
            try {
                return reader.next();
            } catch (IOException | RuntimeException failure) {
                drain();
                throw failure;
            }
        }

        void add(byte[] bytes, int offset, int length, int lineNo) throws IOException {
            if (!filling.fits(length) && filling.count > 0) {
                submit();
            }
            filling.add(bytes, offset, length, lineNo);
        }

        private void submit() throws IOException {
            Batch batch = filling;
            filling = new Batch();
            batch.answers = PREFILTERS.submit(batch::prefilter);
            inFlight.add(batch);
            while (inFlight.size() > maxInFlight) {
                finish(inFlight.poll());
            }
        }

        /** Finishes every line taken so far, in order. */
        void drain() throws IOException {
            if (filling.count > 0) {
                submit();
            }
            while (!inFlight.isEmpty()) {
                finish(inFlight.poll());
            }
        }

        /** After a failure: batches still running are not waited for. */
        void abandon() {
            for (Batch batch : inFlight) {
                batch.answers.cancel(false);
            }
            inFlight.clear();
        }

        private void finish(Batch batch) throws IOException {
            boolean[] ignorable;
            try {
                ignorable = batch.answers.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while prefiltering the report");
            } catch (ExecutionException e) {
                throw new IllegalStateException("prefiltering a batch of lines failed", e.getCause());
            }
            for (int k = 0; k < batch.count; k++) {
                if (ignorable[k]) {
                    // Most results are about other services: counted without reading them into a tree.
                    lines.results++;
                    sink.ignored();
                } else {
                    lines.full(batch.bytes, batch.offsets[k], batch.lengths[k], batch.lineNos[k], sink);
                }
            }
        }
    }

    /** Lines copied out of the reader's buffer for a prefilter thread, and the answers for them. */
    private static final class Batch {
        byte[] bytes = new byte[BATCH_BYTES];
        int used;
        int count;
        int[] offsets = new int[512];
        int[] lengths = new int[512];
        int[] lineNos = new int[512];
        Future<boolean[]> answers;

        boolean fits(int length) {
            return used + length <= bytes.length;
        }

        void add(byte[] from, int offset, int length, int lineNo) {
            if (!fits(length)) {
                // a line longer than a batch (up to LineReader's bound): a batch of its own
                bytes = Arrays.copyOf(bytes, used + length);
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
                lineNos = Arrays.copyOf(lineNos, count * 2);
            }
            System.arraycopy(from, offset, bytes, used, length);
            offsets[count] = used;
            lengths[count] = length;
            lineNos[count] = lineNo;
            used += length;
            count++;
        }

        boolean[] prefilter() {
            boolean[] ignorable = new boolean[count];
            for (int k = 0; k < count; k++) {
                ignorable[k] = TrufflehogPrefilter.ignorable(bytes, offsets[k], lengths[k]);
            }
            return ignorable;
        }
    }

    /**
     * The same over decoded lines, each read whole into a tree: what {@link #parse} does for the rare lines the
     * byte path leaves to it, and the reference the byte path must agree with (tests).
     */
    void parseDecoded(BufferedReader reader, FindingSink sink) throws IOException {
        Lines lines = new Lines();
        String line;
        int lineNo = 0;
        while ((line = reader.readLine()) != null) {
            lines.text(line, ++lineNo, sink);
        }
        lines.finish(sink);
    }

    /** The ASCII characters {@link String#strip()} removes (those {@link Character#isWhitespace} accepts). */
    private static boolean isStripped(byte b) {
        return b == ' ' || (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x1F);
    }

    /** What the lines of one report turned out to be. */
    private static final class Lines {
        final Skipped logLines = new Skipped();
        final Skipped notJson = new Skipped();
        final Skipped otherJson = new Skipped();
        int results;

        /** One result line (ASCII or well-formed UTF-8, from its '{') that the prefilter could not ignore. */
        void full(byte[] bytes, int offset, int length, int lineNo, FindingSink sink) throws IOException {
            JsonNode node;
            try (JsonParser p = Json.open(bytes, offset, length)) {
                p.nextToken();
                node = Json.readFields(p, FIELDS);
            } catch (JsonProcessingException e) {
                // Broken (or invalid UTF-8, which the decoding way reads as U+FFFD): decide as it does.
                text(new String(bytes, offset, length, StandardCharsets.UTF_8), lineNo, sink);
                return;
            }
            object(node, lineNo, sink);
        }

        /** One decoded line, read whole into a tree. */
        void text(String line, int lineNo, FindingSink sink) throws IOException {
            String text = line.strip();
            if (text.isEmpty()) {
                return;
            }
            if (!text.startsWith("{")) {
                notJson.add(lineNo);
                return;
            }
            JsonNode node;
            try {
                node = Json.MAPPER.readTree(text);
            } catch (JsonProcessingException e) {
                if (text.contains("\"DetectorName\"") || text.contains("\"SourceMetadata\"")) {
                    // A damaged result line could hide a leak: refuse rather than skip it.
                    throw new ReportFormatException("line " + lineNo + ": malformed JSON: " + Json.describe(e),
                            lineNo, null);
                }
                notJson.add(lineNo);
                return;
            }
            object(node, lineNo, sink);
        }

        void object(JsonNode node, int lineNo, FindingSink sink) {
            if (!node.isObject()) {
                otherJson.add(lineNo);
            } else if (node.hasNonNull("DetectorName")) {
                results++;
                map(new Fields(node, "", lineNo, NAME), sink);
            } else if (node.has("level") || node.has("msg")) {
                logLines.add(lineNo);
            } else {
                otherJson.add(lineNo);
            }
        }

        void finish(FindingSink sink) {
            if (results == 0 && logLines.count == 0 && (notJson.count > 0 || otherJson.count > 0)) {
                int first = Math.min(notJson.first, otherJson.first);
                throw Json.notFormat(NAME, first, null, "no line is a TruffleHog result (no DetectorName)");
            }
            logLines.warn(sink, "log line(s) without DetectorName");
            notJson.warn(sink, "line(s) that are not JSON");
            otherJson.warn(sink, "JSON line(s) that are not TruffleHog results");
        }
    }

    private static void map(Fields f, FindingSink sink) {
        String detector = f.requireStr("DetectorName");
        TwilioRecord record = new TwilioRecord(TwilioRecord.isTwilioLabel(detector))
                .value(f.str("Raw"))
                .value(f.str("RawV2"));
        // SecretParts labels are swapped for API keys ({"key": SK…, "sid": secret}); shapes sort them out.
        f.stringValues("SecretParts").forEach(record::value);
        Fields extra = f.obj("ExtraData");
        if (extra != null) {
            record.value(extra.str("account_sid"));
        }

        FindingDraft d = new FindingDraft(f.line(), SCANNER);
        d.rule = detector;
        Boolean verified = f.bool("Verified");
        String verificationError = f.str("VerificationError");
        // TruffleHog's own result classes (--results=verified,unknown,unverified).
        d.scannerValidity = Boolean.TRUE.equals(verified)
                ? "verified"
                : verificationError != null && !verificationError.isBlank() ? "unknown" : "unverified";
        Fields source = sourceMetadata(f);
        if (source != null) {
            d.file = source.str("file");
            d.line = source.integer("line");
            d.commit = source.str("commit");
            d.author = source.str("email");
            d.repository = source.str("repository");
            d.link = source.str("link");
            String timestamp = source.str("timestamp");
            if (record.isTwilio()) {
                // Parsing dates is costly and most records are not about Twilio: only those are stored.
                d.commitDate = Dates.parse(timestamp, Dates::trufflehog, sink, f.line(), source.pointer("timestamp"));
            }
        }
        record.emit(sink, d);
    }

    /** {@code SourceMetadata.Data.<Kind>}: Git, Github, Filesystem, Gitlab, … all share the field names. */
    private static Fields sourceMetadata(Fields f) {
        Fields metadata = f.obj("SourceMetadata");
        Fields data = metadata == null ? null : metadata.obj("Data");
        if (data == null) {
            return null;
        }
        for (Map.Entry<String, JsonNode> kind : data.node().properties()) {
            if (kind.getValue().isObject()) {
                return data.obj(kind.getKey());
            }
        }
        return null;
    }

    /** Counts skipped lines of one kind, for a single warning instead of one per line. */
    private static final class Skipped {
        int count;
        int first = Integer.MAX_VALUE;

        void add(int line) {
            count++;
            first = Math.min(first, line);
        }

        void warn(FindingSink sink, String what) {
            if (count > 0) {
                sink.warning("skipped " + count + " " + what + " (first at line " + first + ")");
            }
        }
    }
}
