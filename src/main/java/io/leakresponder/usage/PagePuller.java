package io.leakresponder.usage;

import com.twilio.base.Page;
import com.twilio.base.Reader;
import com.twilio.base.Resource;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import io.leakresponder.twilio.TwilioFailure;
import io.leakresponder.twilio.TwilioReads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Reads one source page by page with twilio-java ({@code firstPage}, then {@code getPage} of each next-page URL, so
 * a pull resumes at a stored URL) and hands each batch of whole pages to a {@link Sink} that stores rows and cursor
 * together. The SDK reads and parses pages on a thread of its own, up to {@link #PREFETCH} pages ahead, while this
 * thread maps and stores them, so Twilio, the SDK's parsing and the database work at the same time; besides the
 * batch being stored, at most {@code PREFETCH + 1} pages are in memory.
 *
 * <p>Each page is read through {@link TwilioReads}: the circuit breakers and concurrency limits every Twilio call
 * shares, with one request per read. The retries are this class's alone (the shared executor does not retry pages):
 * a 429 is retried in place a few times with back-off (on the reading thread), then reported as RATE_LIMITED for
 * the caller to reschedule. 5xx, network failures and reads the breaker or limiter refused get a few in-place
 * retries too, then come back as TRANSIENT. Failures are sorted by {@link TwilioFailure#classify}: 401, 403 and 404
 * are answers (NO_ACCESS); other 4xx are FAILED. No transaction is open during a request.
 */
final class PagePuller {

    /** How the puller behaves; read from {@link UsageConfig} in the application. */
    record Settings(int batchSize, int rateLimitRetries, Duration rateLimitBackoff, int transientRetries,
            int maxPages) {
        Settings {
            if (batchSize < 1 || rateLimitRetries < 0 || transientRetries < 0 || maxPages < 1) {
                throw new IllegalArgumentException("batch size and max pages must be positive, retries not negative");
            }
            Objects.requireNonNull(rateLimitBackoff, "rateLimitBackoff");
        }

        static Settings of(UsageConfig config) {
            return new Settings(config.batchSize(), config.pull().rateLimitRetries(),
                    config.pull().rateLimitInitialBackoff(), config.pull().transientRetries(),
                    config.pull().maxPages());
        }
    }

    /** One page read, mapped and encoded for COPY. */
    record PreparedPage<W>(String url, List<W> rows, byte[] copy, int read, int outside, String nextUrl) {
    }

    /**
     * Whole pages to store in one transaction.
     *
     * @param fromUrl the cursor the batch starts at (null for the first page); the sink stores only if the pull's
     *                cursor still is this
     * @param nextUrl the cursor after the batch, null when the source is exhausted
     */
    record Batch<W>(String fromUrl, String nextUrl, List<PreparedPage<W>> pages) {
        int read() {
            return pages.stream().mapToInt(PreparedPage::read).sum();
        }

        int outside() {
            return pages.stream().mapToInt(PreparedPage::outside).sum();
        }

        List<W> rows() {
            List<W> all = new ArrayList<>();
            pages.forEach(p -> all.addAll(p.rows()));
            return all;
        }
    }

    /** Stores a batch and moves the cursor, in one transaction. */
    interface Sink<W> {
        /** Rows newly stored (duplicates by SID are not), or -1 when the pull's cursor moved elsewhere. */
        long store(Batch<W> batch) throws Exception;
    }

    enum Kind {
        /** Every page read and stored. */
        DONE,
        /** 429 beyond the in-place retries: reschedule later. */
        RATE_LIMITED,
        /** 401, 403, 404: the credential may not read this. */
        NO_ACCESS,
        /** A permanent failure (other 4xx, paging that does not end). */
        FAILED,
        /** 5xx, network or an unreadable answer beyond the in-place retries: retry the job later. */
        TRANSIENT,
        /** The cursor was moved by another run (a refresh, or a revived duplicate run); this run stops. */
        SUPERSEDED,
        /** Asked to stop (node shutting down, thread interrupted); resume later at the cursor. */
        STOPPED
    }

    /** Why Twilio did not give a page; reasons are written here and never quote a response or an SDK message. */
    record Failure(Kind kind, Integer httpStatus, Integer code, String reason) {
    }

    /**
     * How a pull run ended.
     *
     * @param pages       pages stored by this run
     * @param rateLimited 429 answers seen by this run
     */
    record Result(Kind kind, int pages, long rowsRead, long rowsStored, int rateLimited, Failure failure) {
    }

    /** Pages read ahead of the one being stored; bounds memory to a few pages whatever the source's size. */
    static final int PREFETCH = 2;

    private final Settings settings;
    private final ExecutorService fetchers;
    private final Countries countries;
    private final TwilioReads reads;

    /** Reads with breakers and a limiter of its own (default settings), shared with nothing; for tests and benchmarks. */
    PagePuller(Settings settings, ExecutorService fetchers, Countries countries) {
        this(settings, fetchers, countries, TwilioReads.standalone());
    }

    PagePuller(Settings settings, ExecutorService fetchers, Countries countries, TwilioReads reads) {
        this.settings = settings;
        this.fetchers = fetchers;
        this.countries = countries;
        this.reads = reads;
    }

    /**
     * Pulls from {@code cursor} (null: the first page) to the end, or until a failure or stop.
     *
     * @param pagesBefore pages this pull stored in earlier runs, counted against {@link Settings#maxPages()}
     */
    <R extends Resource, W> Result pull(Sources.Spec<R, W> spec, Sources.Target target, TwilioRestClient client,
            String cursor, int pagesBefore, Sink<W> sink, BooleanSupplier stop)
            throws Exception {
        Reader<R> reader = spec.reader(target);
        Run run = new Run();
        BlockingQueue<Fetched<R>> queue = new ArrayBlockingQueue<>(PREFETCH);
        AtomicInteger rateLimited = new AtomicInteger();
        Future<?> producer = fetchers.submit(() -> {
            produce(spec, reader, client, cursor, pagesBefore, queue, rateLimited, stop);
            return null;
        });
        List<PreparedPage<W>> buffered = new ArrayList<>();
        int bufferedRows = 0;
        String batchFrom = cursor;
        try {
            while (true) {
                Fetched<R> fetched = take(queue, producer);
                run.rateLimited = rateLimited.get();
                if (fetched == null) {
                    return run.end(Kind.STOPPED, flushedOrSuperseded(sink, batchFrom, buffered, run), null);
                }
                if (fetched.failure() != null) {
                    // Pages read before the failure are kept: the resumed pull starts after them.
                    if (!flush(sink, batchFrom, buffered, run)) {
                        return run.end(Kind.SUPERSEDED, null, null);
                    }
                    return run.end(fetched.failure().kind(), null, fetched.failure());
                }
                PreparedPage<W> page = prepare(spec, target, fetched);
                buffered.add(page);
                bufferedRows += page.read();
                String next = page.nextUrl();
                if (next == null || bufferedRows >= settings.batchSize()) {
                    if (!flush(sink, batchFrom, buffered, run)) {
                        return run.end(Kind.SUPERSEDED, null, null);
                    }
                    buffered.clear();
                    bufferedRows = 0;
                    batchFrom = next;
                }
                if (next == null) {
                    return run.end(Kind.DONE, null, null);
                }
                if (stop.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                    return run.end(Kind.STOPPED, flushedOrSuperseded(sink, batchFrom, buffered, run), null);
                }
            }
        } finally {
            producer.cancel(true);
        }
    }

    /**
     * The SDK side: reads page after page into {@code queue} (blocking while it is full), retrying 429 and
     * transient failures in place; ends with the last page, or with a failure item after the pages read before it.
     */
    private <R extends Resource, W> void produce(Sources.Spec<R, W> spec, Reader<R> reader, TwilioRestClient client,
            String cursor, int pagesBefore, BlockingQueue<Fetched<R>> queue,
            AtomicInteger rateLimited, BooleanSupplier stop)
            throws InterruptedException {
        String url = cursor;
        int pages = 0;
        int rateLimitedInPlace = 0;
        int transientInPlace = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Fetched<R> fetched = fetch(spec, reader, client, url);
            Failure f = fetched.failure();
            if (f != null) {
                if (f.kind() == Kind.RATE_LIMITED) {
                    rateLimited.incrementAndGet();
                    if (rateLimitedInPlace < settings.rateLimitRetries() && !stop.getAsBoolean()
                            && pause(rateLimitedInPlace++)) {
                        continue;
                    }
                } else if (f.kind() == Kind.TRANSIENT && transientInPlace < settings.transientRetries()
                        && !stop.getAsBoolean() && pause(transientInPlace++)) {
                    continue;
                }
                queue.put(fetched);
                return;
            }
            rateLimitedInPlace = 0;
            transientInPlace = 0;
            pages++;
            queue.put(fetched);
            String next = fetched.nextUrl();
            if (next == null) {
                return;
            }
            if (pagesBefore + pages >= settings.maxPages() || next.equals(url)) {
                queue.put(new Fetched<>(next, null, null, new Failure(Kind.FAILED, null, null,
                        "Twilio's paging does not end (a page pointing to itself, or more than "
                                + settings.maxPages() + " pages)")));
                return;
            }
            url = next;
        }
    }

    /** The next item; null when this thread was interrupted. A producer that died of a bug is rethrown. */
    private static <R> Fetched<R> take(BlockingQueue<Fetched<R>> queue, Future<?> producer) throws Exception {
        try {
            while (true) {
                Fetched<R> item = queue.poll(100, TimeUnit.MILLISECONDS);
                if (item != null) {
                    return item;
                }
                if (producer.isDone() && queue.isEmpty()) {
                    producer.get(); // rethrows what killed it; a producer always ends with an item otherwise
                    throw new IllegalStateException("page reader ended without a last page or failure");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw (Exception) cause;
        }
    }

    private <W> Kind flushedOrSuperseded(Sink<W> sink, String from, List<PreparedPage<W>> buffered, Run run)
            throws Exception {
        return flush(sink, from, buffered, run) ? null : Kind.SUPERSEDED;
    }

    /** Stores the buffered pages; false when the pull was taken over. */
    private <W> boolean flush(Sink<W> sink, String from, List<PreparedPage<W>> buffered, Run run) throws Exception {
        if (buffered.isEmpty()) {
            return true;
        }
        Batch<W> batch = new Batch<>(from, buffered.get(buffered.size() - 1).nextUrl(), List.copyOf(buffered));
        long stored = sink.store(batch);
        if (stored < 0) {
            return false;
        }
        run.pages += buffered.size();
        run.rowsRead += batch.read();
        run.rowsStored += stored;
        return true;
    }

    /** Sleeps before in-place retry {@code n} (0-based); false when interrupted. */
    private boolean pause(int n) {
        long cap = settings.rateLimitBackoff().toNanos() << Math.min(n, 20);
        // Half fixed, half jitter: retries spread out but never come back at once.
        long sleep = cap / 2 + (long) (ThreadLocalRandom.current().nextDouble() * (cap / 2));
        try {
            TimeUnit.NANOSECONDS.sleep(sleep);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Reads one page with the SDK; runs on a fetch thread while the caller stores the page before. */
    private <R extends Resource, W> Fetched<R> fetch(Sources.Spec<R, W> spec, Reader<R> reader,
            TwilioRestClient client, String url) {
        TwilioReads.Read<Fetched<R>> read = reads.readOnce(client, spec.domain(), () -> {
            Page<R> page = url == null ? reader.firstPage(client) : reader.getPage(url, client);
            return new Fetched<>(url, page.getRecords(), page.hasNextPage() ? page.getNextPageUrl(spec.domain()) : null,
                    null);
        }, PagePuller::reason);
        if (read.ok()) {
            return read.value();
        }
        TwilioFailure f = read.failure();
        return new Fetched<>(url, null, null, new Failure(kind(f), f.httpStatus(), f.code(), f.reason()));
    }

    /**
     * Maps and encodes a page on the caller's thread, so the fetch thread goes on to the next page at once. The SDK
     * resources, bodies and all, are dropped when this returns.
     */
    private <R extends Resource, W> PreparedPage<W> prepare(Sources.Spec<R, W> spec, Sources.Target target,
            Fetched<R> fetched) {
        List<W> rows = new ArrayList<>(fetched.records().size());
        int outside = 0;
        for (R record : fetched.records()) {
            W row = spec.map(record, target, countries);
            if (row == null) {
                outside++;
            } else {
                rows.add(row);
            }
        }
        return new PreparedPage<>(fetched.url(), rows, encode(target.auditId(), spec.table(), rows),
                fetched.records().size(), outside, fetched.nextUrl());
    }

    /** The rows as COPY CSV, audit id first. */
    static <W> byte[] encode(UUID auditId, Rows.Table<W> table, List<W> rows) {
        int columns = table.columns().size();
        Object[] values = new Object[columns + 1];
        Object[] rowValues = new Object[columns];
        StringBuilder out = new StringBuilder(rows.size() * 160);
        values[0] = auditId.toString();
        for (W row : rows) {
            table.values(row, rowValues);
            System.arraycopy(rowValues, 0, values, 1, columns);
            CsvText.row(out, values, columns + 1, false);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * What a Twilio failure means to a pull. Twilio's 429 means "not processed, retry later"; 401/403/404 are answers
     * about the credential; other 4xx are permanent; 5xx, network failures, unreadable answers and reads the breaker
     * or limiter refused may pass.
     */
    static Kind kind(TwilioFailure f) {
        return switch (f.kind()) {
            case RATE_LIMITED -> Kind.RATE_LIMITED;
            case ANSWER -> noAccess(f) ? Kind.NO_ACCESS : clientError(f) ? Kind.FAILED : Kind.TRANSIENT;
            default -> Kind.TRANSIENT;
        };
    }

    /**
     * The reason of a failed page read, worded for the pull from the failure and the SDK's exception (its type only).
     */
    static String reason(RuntimeException e, TwilioFailure f) {
        Integer status = f.httpStatus();
        Integer code = f.code();
        String codes = "HTTP " + (status == null ? "?" : status) + (code == null ? "" : ", code " + code);
        if (f.kind() == TwilioFailure.Kind.RATE_LIMITED) {
            return "Twilio answered 429: too many concurrent requests on the account (" + codes + ")";
        }
        if (f.kind() == TwilioFailure.Kind.ANSWER) {
            if (refusedCredential(f)) {
                return "Twilio rejected the credential (" + codes + "): it no longer works, or is another account's";
            }
            if (refusedRead(f)) {
                return "Twilio refused this read to the credential (" + codes + "): a Standard or restricted key, "
                        + "or a suspended account";
            }
            if (f.isAnswerStatus(404)) {
                return "Twilio found nothing to read (" + codes + "): the account does not exist or the credential "
                        + "may not see it";
            }
            if (clientError(f)) {
                return "Twilio rejected the request (" + codes + ")";
            }
        }
        if (e instanceof ApiException a) {
            // No usable answer: worded from the SDK's own status (from the body) and cause, as it always was.
            Integer sdkStatus = a.getStatusCode();
            if (sdkStatus == null && e.getCause() != null) {
                return "no answer from Twilio (" + e.getCause().getClass().getSimpleName() + ")";
            }
            return "Twilio failed to answer (HTTP " + (sdkStatus == null ? "?" : sdkStatus)
                    + (a.getCode() == null ? "" : ", code " + a.getCode()) + ")";
        }
        if (e instanceof ApiConnectionException c) {
            Throwable cause = c.getCause();
            return "no readable answer from Twilio ("
                    + (cause == null ? "no response" : cause.getClass().getSimpleName())
                    + ")";
        }
        return "unexpected failure reading a page (" + e.getClass().getSimpleName() + ")";
    }

    /** 401 (or code 20003), 403 (or 70051, 20403) and 404: the credential may not read this. */
    private static boolean noAccess(TwilioFailure f) {
        return refusedCredential(f) || refusedRead(f) || f.isAnswerStatus(404);
    }

    private static boolean refusedCredential(TwilioFailure f) {
        return f.isAnswerStatus(401) || f.isAnswer(TwilioFailure.AUTHENTICATE);
    }

    private static boolean refusedRead(TwilioFailure f) {
        return f.isAnswerStatus(403) || f.isAnswer(TwilioFailure.RESTRICTED)
                || f.isAnswer(TwilioFailure.ACCOUNT_SUSPENDED);
    }

    private static boolean clientError(TwilioFailure f) {
        return f.httpStatus() != null && f.httpStatus() >= 400 && f.httpStatus() < 500;
    }

    /** A page as the SDK returned it (records and the next page's URL), or why there is none. */
    private record Fetched<R>(String url, List<R> records, String nextUrl, Failure failure) {
    }

    /** Counters of one run. */
    private static final class Run {
        int pages;
        long rowsRead;
        long rowsStored;
        int rateLimited;

        Result end(Kind kind, Kind override, Failure failure) {
            return new Result(override != null ? override : kind, pages, rowsRead, rowsStored, rateLimited, failure);
        }
    }
}
