package io.leakresponder.usage;

import com.twilio.base.Page;
import com.twilio.base.Reader;
import com.twilio.base.Resource;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.ApiException;
import com.twilio.http.TwilioRestClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Reads one source page by page with twilio-java ({@code firstPage}, then {@code getPage} of each next-page URL, so
 * a pull resumes at a stored URL) and hands each batch of whole pages to a {@link Sink} that stores rows and cursor
 * together. While a batch is stored the next page is already being fetched and mapped on another thread, so the
 * database and Twilio work at the same time; at most two pages are in memory.
 *
 * <p>A 429 is retried in place a few times with back-off, then reported as RATE_LIMITED for the caller to
 * reschedule. 5xx and network failures get a few in-place retries too, then come back as TRANSIENT. 401, 403 and
 * 404 are answers (NO_ACCESS); other 4xx are FAILED. No transaction is open during a request.
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

    private final Settings settings;
    private final ExecutorService fetchers;
    private final Countries countries;

    PagePuller(Settings settings, ExecutorService fetchers, Countries countries) {
        this.settings = settings;
        this.fetchers = fetchers;
        this.countries = countries;
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
        Future<Fetched<W>> pending = submit(spec, target, reader, client, cursor);
        List<PreparedPage<W>> buffered = new ArrayList<>();
        int bufferedRows = 0;
        String batchFrom = cursor;
        int rateLimitedInPlace = 0;
        int transientInPlace = 0;
        try {
            while (true) {
                Fetched<W> fetched = await(pending);
                pending = null;
                if (fetched == null) {
                    return run.end(Kind.STOPPED, flushedOrSuperseded(sink, batchFrom, buffered, run), null);
                }
                if (fetched.failure() != null) {
                    Failure f = fetched.failure();
                    // Pages read before the failure are kept: the resumed pull starts after them.
                    if (!flush(sink, batchFrom, buffered, run)) {
                        return run.end(Kind.SUPERSEDED, null, null);
                    }
                    buffered.clear();
                    bufferedRows = 0;
                    batchFrom = fetched.url();
                    if (f.kind() == Kind.RATE_LIMITED) {
                        run.rateLimited++;
                        if (rateLimitedInPlace < settings.rateLimitRetries() && !stop.getAsBoolean()
                                && pause(rateLimitedInPlace++)) {
                            pending = submit(spec, target, reader, client, fetched.url());
                            continue;
                        }
                    } else if (f.kind() == Kind.TRANSIENT) {
                        if (transientInPlace < settings.transientRetries() && !stop.getAsBoolean()
                                && pause(transientInPlace++)) {
                            pending = submit(spec, target, reader, client, fetched.url());
                            continue;
                        }
                    }
                    return run.end(f.kind(), null, f);
                }
                rateLimitedInPlace = 0;
                transientInPlace = 0;
                PreparedPage<W> page = fetched.page();
                String next = page.nextUrl();
                if (next != null) {
                    if (pagesBefore + run.pages + buffered.size() + 1 >= settings.maxPages()
                            || next.equals(page.url())) {
                        buffered.add(page);
                        flush(sink, batchFrom, buffered, run);
                        return run.end(Kind.FAILED, null, new Failure(Kind.FAILED, null, null,
                                "Twilio's paging does not end (a page pointing to itself, or more than "
                                        + settings.maxPages() + " pages)"));
                    }
                    // Fetch the next page while this batch is stored.
                    pending = submit(spec, target, reader, client, next);
                }
                buffered.add(page);
                bufferedRows += page.read();
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
            if (pending != null) {
                pending.cancel(true);
            }
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

    private <W> Fetched<W> await(Future<Fetched<W>> pending) throws Exception {
        try {
            return pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (CancellationException e) {
            return null;
        } catch (ExecutionException e) {
            // Mapping and encoding do not throw for bad data; anything here is a bug or an Error.
            Throwable cause = e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            throw (Exception) cause;
        }
    }

    private <R extends Resource, W> Future<Fetched<W>> submit(Sources.Spec<R, W> spec, Sources.Target target,
                                                               Reader<R> reader, TwilioRestClient client,
                                                               String url) {
        return fetchers.submit(() -> fetch(spec, target, reader, client, url));
    }

    /** Reads one page and maps it; the SDK resources, bodies and all, are dropped before this returns. */
    private <R extends Resource, W> Fetched<W> fetch(Sources.Spec<R, W> spec, Sources.Target target,
                                                      Reader<R> reader, TwilioRestClient client, String url) {
        Page<R> page;
        try {
            page = url == null ? reader.firstPage(client) : reader.getPage(url, client);
        } catch (RuntimeException e) {
            return new Fetched<>(url, null, classify(e));
        }
        List<R> records = page.getRecords();
        List<W> rows = new ArrayList<>(records.size());
        int outside = 0;
        for (R record : records) {
            W row = spec.map(record, target, countries);
            if (row == null) {
                outside++;
            } else {
                rows.add(row);
            }
        }
        String next = page.hasNextPage() ? page.getNextPageUrl(spec.domain()) : null;
        return new Fetched<>(url, new PreparedPage<>(url, rows, encode(target.auditId(), spec.table(), rows),
                records.size(), outside, next), null);
    }

    /** The rows as COPY CSV, audit id first. */
    static <W> byte[] encode(UUID auditId, Rows.Table<W> table, List<W> rows) {
        int columns = table.columns().size();
        Object[] values = new Object[columns + 1];
        Object[] rowValues = new Object[columns];
        StringBuilder out = new StringBuilder(rows.size() * 160);
        values[0] = auditId;
        for (W row : rows) {
            table.values(row, rowValues);
            System.arraycopy(rowValues, 0, values, 1, columns);
            CsvText.row(out, values, columns + 1, false);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Sorts an SDK failure. Twilio's 429 means "not processed, retry later"; 401/403/404 are answers about the
     * credential; 5xx, network failures and unreadable answers may pass.
     */
    static Failure classify(Throwable e) {
        if (e instanceof ApiException a) {
            Integer status = a.getStatusCode();
            Integer code = a.getCode();
            String codes = "HTTP " + (status == null ? "?" : status) + (code == null ? "" : ", code " + code);
            if (Objects.equals(status, 429) || Objects.equals(code, 20429)) {
                return new Failure(Kind.RATE_LIMITED, status, code,
                        "Twilio answered 429: too many concurrent requests on the account (" + codes + ")");
            }
            if (Objects.equals(status, 401) || Objects.equals(code, 20003)) {
                return new Failure(Kind.NO_ACCESS, status, code,
                        "Twilio rejected the credential (" + codes + "): it no longer works, or is another "
                                + "account's");
            }
            if (Objects.equals(status, 403) || Objects.equals(code, 70051) || Objects.equals(code, 20403)) {
                return new Failure(Kind.NO_ACCESS, status, code,
                        "Twilio refused this read to the credential (" + codes + "): a Standard or restricted key, "
                                + "or a suspended account");
            }
            if (Objects.equals(status, 404)) {
                return new Failure(Kind.NO_ACCESS, status, code,
                        "Twilio found nothing to read (" + codes + "): the account does not exist or the "
                                + "credential may not see it");
            }
            if (status != null && status >= 400 && status < 500) {
                return new Failure(Kind.FAILED, status, code, "Twilio rejected the request (" + codes + ")");
            }
            if (status == null && e.getCause() != null) {
                return new Failure(Kind.TRANSIENT, null, code,
                        "no answer from Twilio (" + e.getCause().getClass().getSimpleName() + ")");
            }
            return new Failure(Kind.TRANSIENT, status, code, "Twilio failed to answer (" + codes + ")");
        }
        if (e instanceof ApiConnectionException c) {
            Throwable cause = c.getCause();
            return new Failure(Kind.TRANSIENT, null, null, "no readable answer from Twilio ("
                    + (cause == null ? "no response" : cause.getClass().getSimpleName()) + ")");
        }
        return new Failure(Kind.TRANSIENT, null, null,
                "unexpected failure reading a page (" + e.getClass().getSimpleName() + ")");
    }

    private record Fetched<W>(String url, PreparedPage<W> page, Failure failure) {
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
