package io.leakresponder.ingest;

import io.leakresponder.common.ProblemException;
import io.leakresponder.ingest.parse.FindingSink;
import io.leakresponder.ingest.parse.PeekInputStream;
import io.leakresponder.ingest.parse.ReportFormat;
import io.leakresponder.ingest.parse.ReportFormatException;
import io.leakresponder.ingest.parse.ReportPairing;
import io.leakresponder.ingest.parse.ReportParsers;
import io.leakresponder.ingest.parse.ScannerFinding;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ManagedContext;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Takes a scanner report as a stream: detects or checks its format, parses it without holding it in memory,
 * keeps only the Twilio findings, pairs SIDs with secrets, and writes the result in one transaction.
 */
@ApplicationScoped
public class IngestService {

    private static final Logger LOG = Logger.getLogger(IngestService.class);
    private static final int MAX_WARNINGS = 50;
    private static final int PEEK_BUFFER = 64 * 1024;
    /**
     * Parsing (and then the write) runs here, while the event loop receives the body. Its own pool: a parse must
     * never wait for a thread that is itself waiting for a parse. Idle threads go away after a minute, and they
     * inherit no thread locals, so nothing of the request that started one outlives it.
     */
    private static final ExecutorService PARSERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), Thread.ofPlatform().name("ingest-parser-", 0).daemon(true)
                    .inheritInheritableThreadLocals(false).factory());

    private final IngestConfig config;
    private final IngestWriter writer;
    /** Reports being received over HTTP; bounded, since each holds a parser thread and some of its body. */
    private final Semaphore receiving;

    IngestService(IngestConfig config, IngestWriter writer) {
        this.config = config;
        this.writer = writer;
        this.receiving = new Semaphore(Math.max(1, config.maxConcurrent()));
    }

    /** Collects what a parser reports; only Twilio findings and pairing candidates are kept. */
    private final class Collector implements FindingSink {
        final List<ScannerFinding> twilio = new ArrayList<>();
        final List<ScannerFinding> candidates = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        int ignored;
        int candidatesDropped;
        int warningsDropped;

        @Override
        public void twilio(ScannerFinding finding) {
            if (twilio.size() >= config.maxTwilioFindings()) {
                throw new ProblemException(413, "too-many-findings", "Too many findings",
                        "the report has more than " + config.maxTwilioFindings()
                                + " Twilio findings; split it or raise leak-responder.ingest.max-twilio-findings")
                        .with("line", finding.reportLine());
            }
            twilio.add(finding);
        }

        @Override
        public void ignored() {
            ignored++;
        }

        @Override
        public void candidate(ScannerFinding finding) {
            if (finding.file() == null || finding.line() == null) {
                ignored++; // nothing to pair by
            } else if (candidates.size() >= config.maxPairingCandidates()) {
                ignored++;
                candidatesDropped++;
            } else {
                candidates.add(finding);
            }
        }

        @Override
        public void warning(String message) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(message);
            } else {
                warningsDropped++;
            }
        }
    }

    /**
     * Ingests one report read from a stream, on the calling thread.
     *
     * @param formatId      the {@code ?format=} value, or null to detect it from the content
     * @param contentLength the declared body size, or null when unknown
     */
    public IngestOutcome ingest(InputStream body, Long contentLength, String formatId, String source, String actor) {
        ReportFormat requested = checkRequest(formatId, source, contentLength);
        return ingest(new LimitedInputStream(body, config.maxBodySize()), requested, source, actor);
    }

    /**
     * Ingests the body of an HTTP request as it arrives: the event loop receives, counts and hashes it (see
     * {@link StreamedBody}) while a parser thread of this service's own reads it, and then writes the result.
     * Call on the request's event loop before anything else reads the body. A bad {@code ?format=}, {@code
     * ?source=} or declared size fails at once, before the body is read.
     *
     * @return completes with the outcome, or fails with the {@link ProblemException} to answer
     */
    public CompletionStage<IngestOutcome> ingest(HttpServerRequest request, Long contentLength, String formatId,
            String source, String actor) {
        ReportFormat requested = checkRequest(formatId, source, contentLength);
        if (!receiving.tryAcquire()) {
            throw new ProblemException(503, "busy", "Too many reports at once",
                    "the service is receiving " + config.maxConcurrent() + " reports already; retry in a few seconds, "
                            + "or raise LEAK_RESPONDER_INGEST_MAX_CONCURRENT")
                    .with("retryAfterSeconds", 5);
        }
        CompletableFuture<IngestOutcome> outcome = new CompletableFuture<>();
        StreamedBody body;
        try {
            body = StreamedBody.attach(request, config.maxBodySize(), config.readTimeout());
        } catch (RuntimeException e) {
            receiving.release();
            throw e;
        }
        Runnable parse = () -> {
            ManagedContext requestContext = null;
            try {
                // The pool's threads start with the system class loader; Quarkus' beans (config mappings, say) want
                // the application's, as its worker threads have it.
                Thread.currentThread().setContextClassLoader(IngestService.class.getClassLoader());
                // A request context of its own, as a worker thread has one; the HTTP request's stays on its thread.
                requestContext = Arc.container().requestContext();
                requestContext.activate();
                outcome.complete(ingest(body, requested, source, actor));
            } catch (Throwable e) {
                outcome.completeExceptionally(e);
            } finally {
                body.close();
                receiving.release();
                if (requestContext != null) {
                    requestContext.terminate();
                }
            }
        };
        try {
            PARSERS.execute(parse);
        } catch (RuntimeException | Error e) {
            // No thread to parse it: the body is let go (counted, not kept) and the request answered.
            body.close();
            receiving.release();
            outcome.completeExceptionally(e);
        }
        return outcome;
    }

    private ReportFormat checkRequest(String formatId, String source, Long contentLength) {
        ReportFormat requested = null;
        if (formatId != null && !formatId.isBlank()) {
            requested = ReportFormat.fromId(formatId).orElseThrow(() -> ProblemException.invalidField("format",
                    "unknown format '" + printable(formatId) + "'; use one of " + Arrays.stream(ReportFormat.values())
                            .map(ReportFormat::id).collect(Collectors.joining(", "))
                            + ", or leave it out to detect it"));
        }
        if (source != null && (source.length() > 200 || source.chars().anyMatch(Character::isISOControl))) {
            throw ProblemException.invalidField("source", "source must be at most 200 printable characters");
        }
        if (contentLength != null && contentLength > config.maxBodySize()) {
            throw tooLarge();
        }
        return requested;
    }

    private IngestOutcome ingest(ReceivedBody body, ReportFormat requested, String source, String actor) {
        Collector collector = new Collector();
        ReportFormat format;
        String sha256;
        try {
            PeekInputStream in = new PeekInputStream(body.stream(), PEEK_BUFFER);
            in.mark(1);
            if (in.read() < 0) {
                throw new ProblemException(400, "empty-body", "Empty body",
                        "the request body is empty: send a scanner report");
            }
            in.reset();
            format = ReportParsers.parse(in, requested, collector);
            // The count, the limit and the hash cover the whole body, also what the parser did not need.
            sha256 = body.finishSha256();
        } catch (ReceivedBody.TooLargeException e) {
            throw tooLarge();
        } catch (ReportFormatException e) {
            String where = e.line() != null && !e.getMessage().startsWith("line ") ? "line " + e.line() + ": " : "";
            throw new ProblemException(400, "invalid-report", "Invalid report",
                    where + e.getMessage())
                    .with("format", requested != null ? requested.id() : null)
                    .with("line", e.line()).with("field", e.field());
        } catch (IOException e) {
            throw ProblemException.badRequest("the request body could not be read to its end");
        }
        if (collector.candidatesDropped > 0) {
            collector.warnings.add(collector.candidatesDropped + " secret(s) under generic rules were not paired "
                    + "with nearby SIDs: the report has more than " + config.maxPairingCandidates() + " of them; "
                    + "raise leak-responder.ingest.max-pairing-candidates");
        }
        if (collector.warningsDropped > 0) {
            collector.warnings.add("and " + collector.warningsDropped + " more warnings");
        }
        int received = collector.twilio.size() + collector.candidates.size() + collector.ignored;
        ReportPairing.Paired pairing = ReportPairing.pair(collector.twilio, collector.candidates,
                config.pairingLineDistance());
        List<ScannerFinding> paired = pairing.findings();
        int ignored = collector.ignored + pairing.candidatesLeft();
        LOG.infof("report received: format=%s, %d bytes, %d records, %d Twilio findings", format.id(),
                body.count(), received, paired.size());
        IngestWriter.ReportMeta meta = new IngestWriter.ReportMeta(format.id(), source == null ? "api" : source,
                sha256, body.count(), received, paired.size(), ignored, actor);
        if (paired.isEmpty()) {
            return new IngestOutcome(format.id(), received, 0, ignored, new IngestOutcome.Counts(0, 0),
                    new IngestOutcome.Counts(0, 0), List.of(), collector.warnings, null);
        }
        return writer.write(paired, meta, collector.warnings);
    }

    /** Ingests findings that did not come from a report body (a webhook, a tracked manual check). */
    public IngestOutcome ingestFindings(List<ScannerFinding> findings, String format, String source, String actor) {
        IngestWriter.ReportMeta meta = new IngestWriter.ReportMeta(format, source, "-", 0, findings.size(),
                findings.size(), 0, actor);
        return writer.write(findings, meta, new ArrayList<>());
    }

    private ProblemException tooLarge() {
        return new ProblemException(413, "body-too-large", "Body too large",
                "the report is larger than " + config.maxBodySize()
                        + " bytes; split it or raise LEAK_RESPONDER_INGEST_MAX_BODY_SIZE")
                .with("limit", config.maxBodySize());
    }

    /** Echoes a user's value back without control characters and at a bounded length. */
    static String printable(String value) {
        String cleaned = value.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "…" : cleaned;
    }
}
