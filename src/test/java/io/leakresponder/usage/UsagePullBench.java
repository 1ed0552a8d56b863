package io.leakresponder.usage;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.agroal.api.AgroalDataSource;
import io.agroal.api.configuration.supplier.AgroalDataSourceConfigurationSupplier;
import io.agroal.api.security.NamePrincipal;
import io.agroal.api.security.SimplePassword;
import io.leakresponder.twilio.TwilioClients;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * Throughput of a usage pull: {@code --pages} pages of 1000 messages from a local mock, read by the real pull code
 * (twilio-java {@code Message} reader through the shared transport, {@link PagePuller}, {@link PageWriter} into
 * {@code usage_message}), next to a PostgreSQL COPY of the same rows into the same table, measured in the same run.
 * Not a unit test; run it with {@code bench/usage/run.sh}.
 *
 * <p>The mock is a minimal HTTP/1.1 server on a socket answering from one pre-rendered page whose SIDs are patched
 * per page, so it costs a memory copy and one write per page. Pages carry message bodies, which must not reach the table. Heap: the live heap
 * after each GC is recorded with the pages read at that moment; "flat" means the last tenth of the run keeps as
 * little as the first.
 */
public final class UsagePullBench {

    static final String AC = "AC0000000000000000000000000000be01";
    static final String TOKEN = "00000000000000000000000000bench01";
    static final String BODY = "Your verification code is 493817. Do not share it. (bench body, never stored)";
    static final String PAGE_PLACEHOLDER = "PPPPPPPP";

    private UsagePullBench() {
    }

    public static void main(String[] args) throws Exception {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        Map<String, String> opts = options(args);
        int pages = Integer.parseInt(opts.get("pages"));
        int warmupPages = Integer.parseInt(opts.get("warmup-pages"));
        int batchSize = Integer.parseInt(opts.get("batch-size"));
        String url = opts.get("jdbc-url");
        String user = opts.get("user");
        String password = opts.get("password");

        Flyway flyway = Flyway.configure().dataSource(url, user, password).locations("filesystem:migrations")
                .cleanDisabled(false).load();
        flyway.clean();
        flyway.migrate();

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AuditWindow window = AuditWindow.of(now.minus(Duration.ofDays(10)), now.minus(Duration.ofHours(1)),
                Duration.ofDays(30), false, now);
        Mock mock = new Mock(window.start().plusSeconds(3600));
        mock.start();
        HeapWatch heap = new HeapWatch();
        ExecutorService fetchers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "usage-page-fetch");
            t.setDaemon(true);
            return t;
        });
        try (AgroalDataSource ds = pool(url, user, password);
                TwilioClients.Standalone twilio = TwilioClients.standalone("http://127.0.0.1:" + mock.port())) {
            UUID auditId = audit(ds, window, now);
            PagePuller puller = new PagePuller(new PagePuller.Settings(batchSize, 3, Duration.ofMillis(100), 2,
                    pages + warmupPages + 1), fetchers, new Countries());

            System.out.printf(Locale.ROOT, "mock: %d pages of 1000 messages (%,d bytes each); batches of %d rows; "
                    + "PostgreSQL %s%n", pages, mock.pageBytes(), batchSize, url);
            // Warm-up of both sides: JIT, pool and connections; its rows are removed before measuring. The warm-up
            // COPY has the full size: PostgreSQL then recycles WAL segments instead of creating (zero-filling) new
            // ones, which would otherwise slow whichever measured phase came first.
            if (warmupPages > 0) {
                mock.limit(warmupPages);
                pull(ds, twilio, puller, auditId, window, now, heap);
                truncate(ds);
                copy(ds, auditId, (long) pages * 1000, window.start().plusSeconds(3600));
                truncate(ds);
            }

            mock.limit(pages);
            long rows = (long) pages * 1000;
            // COPY before and after the pull; the pull is compared with their mean, so load that drifts during the
            // run (other processes on the machine) weighs on both sides alike.
            Phase copyBefore = Phase.measure(ds, () -> copy(ds, auditId, rows, window.start().plusSeconds(3600)));
            truncate(ds);

            heap.reset();
            STORE_NANOS.set(0);
            PagePuller.Result[] result = new PagePuller.Result[1];
            Phase pull = Phase.measure(ds, () -> {
                result[0] = pull(ds, twilio, puller, auditId, window, now, heap);
                return result[0].rowsStored();
            });
            HeapWatch.Summary pullHeap = heap.summary();
            long stored = count(ds, "SELECT count(*) FROM usage_message");
            long distinct = count(ds, "SELECT count(DISTINCT sid) FROM usage_message");
            long bodies = count(ds, "SELECT count(*) FROM usage_message m WHERE m::text LIKE '%verification code%'");
            truncate(ds);

            Phase copyAfter = Phase.measure(ds, () -> copy(ds, auditId, rows, window.start().plusSeconds(3600)));

            double copyRate = (copyBefore.rate() + copyAfter.rate()) / 2;
            System.out.printf(Locale.ROOT, "pull: %s, %,d pages, %,d rows stored (%,d distinct SIDs, %d with a body) "
                    + "in %.2f s = %,.0f records/s%n", result[0].kind(), result[0].pages(), stored, distinct,
                    bodies, pull.seconds(), pull.rate());
            System.out.printf(Locale.ROOT, "pull time: %.2f s storing batches (COPY + cursor + commit), %.2f s "
                    + "waiting for the SDK's next page and mapping it%n", STORE_NANOS.get() / 1e9,
                    pull.seconds() - STORE_NANOS.get() / 1e9);
            System.out.printf(Locale.ROOT, "pull heap: peak used %,d MiB (max %,d MiB); live after GC: first tenth "
                    + "%,d MiB, last tenth %,d MiB, highest %,d MiB over %d GCs%n", pullHeap.peakUsed() >> 20,
                    pullHeap.max() >> 20, pullHeap.firstTenth() >> 20, pullHeap.lastTenth() >> 20,
                    pullHeap.highestLive() >> 20, pullHeap.gcs());
            System.out.printf(Locale.ROOT, "copy: %,d rows in %.2f s = %,.0f records/s before the pull, %.2f s = %,.0f "
                    + "records/s after it (same rows, same table, one COPY stream each)%n", rows,
                    copyBefore.seconds(), copyBefore.rate(), copyAfter.seconds(), copyAfter.rate());
            // PostgreSQL checkpoints (max_wal_size reached) slow whichever phase they fall into; shown, not hidden.
            System.out.printf(Locale.ROOT, "checkpoints started: %d during the copy before, %d during the pull, %d "
                    + "during the copy after%n", copyBefore.checkpoints(), pull.checkpoints(), copyAfter.checkpoints());
            System.out.printf(Locale.ROOT, "cpu per 1000 rows: pull %.1f ms in this JVM (mock included) + %.1f ms in "
                    + "PostgreSQL backends; copy %.1f ms + %.1f ms; load average %s%n",
                    pull.jvmCpuMs() * 1000 / rows, pull.pgCpuMs() * 1000 / rows,
                    copyBefore.jvmCpuMs() * 1000 / rows, copyBefore.pgCpuMs() * 1000 / rows, loadAverage());
            double ratio = pull.rate() / copyRate;
            System.out.printf(Locale.ROOT, "pull / copy = %.0f%% of the mean copy rate, %.0f%% of the faster copy "
                    + "(target 40%%)%n", ratio * 100,
                    pull.rate() / Math.max(copyBefore.rate(), copyAfter.rate()) * 100);
            PagePuller.Result r = result[0];
            boolean ok = r.kind() == PagePuller.Kind.DONE && stored == rows && distinct == rows && bodies == 0;
            if (!ok) {
                System.out.println("RESULT: wrong rows");
                System.exit(3);
            }
            System.out.println(ratio >= 0.4 ? "RESULT: meets target" : "RESULT: below target");
            if (ratio < 0.4) {
                System.exit(2);
            }
        } finally {
            fetchers.shutdownNow();
            mock.stop();
        }
    }

    /** Time the pull spent storing batches; the rest of its wall time it waited for pages. */
    static final AtomicLong STORE_NANOS = new AtomicLong();

    static PagePuller.Result pull(AgroalDataSource ds, TwilioClients.Standalone twilio, PagePuller puller,
            UUID auditId, AuditWindow window, Instant now, HeapWatch heap) throws Exception {
        UUID pullId = UUID.randomUUID();
        try (Connection c = ds.getConnection()) {
            UsageStore.insertPull(c, new UsageStore.PullRow(pullId, auditId, UsageSource.MESSAGES, AC,
                    UsagePeriod.WINDOW, window.start(), window.effectiveEnd(), PullStatus.RUNNING, 1, null, 0, 0, 0,
                    0, 0, 0, null, null, null, null, now, now, null));
        }
        Sources.Target target = new Sources.Target(auditId, UsageSource.MESSAGES, AC, UsagePeriod.WINDOW,
                window.start(), window.effectiveEnd(), window, AC);
        PageWriter<Rows.MessageRow> writer = new PageWriter<>(ds, auditId, pullId, 1, Rows.MESSAGES,
                Clock.systemUTC());
        AtomicLong pagesDone = new AtomicLong();
        PagePuller.Sink<Rows.MessageRow> counting = batch -> {
            long t = System.nanoTime();
            long n = writer.store(batch);
            STORE_NANOS.addAndGet(System.nanoTime() - t);
            heap.pages(pagesDone.addAndGet(batch.pages().size()));
            return n;
        };
        return puller.pull(Sources.MESSAGES, target, twilio.clients().forAuthToken(AC, TOKEN), null, 0, counting,
                () -> false);
    }

    /** COPY of the same rows the mock serves, streamed from a generator (never materialised). */
    static long copy(AgroalDataSource ds, UUID auditId, long rows, Instant sent) throws Exception {
        try (Connection c = ds.getConnection()) {
            String sql = "COPY usage_message (audit_id, " + String.join(", ", Rows.MESSAGES.columns())
                    + ") FROM STDIN (FORMAT csv)";
            return c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new RowReader(auditId, rows, sent), 1 << 16);
        }
    }

    /** The mock's rows as COPY CSV, produced as they are read. */
    static final class RowReader extends Reader {
        private final UUID auditId;
        private final long rows;
        private final Instant sent;
        private final Countries countries = new Countries();
        private final StringBuilder buffer = new StringBuilder(1 << 16);
        private final Object[] values = new Object[14];
        private long next;
        private int position;

        RowReader(UUID auditId, long rows, Instant sent) {
            this.auditId = auditId;
            this.rows = rows;
            this.sent = sent;
        }

        @Override
        public int read(char[] cbuf, int off, int len) {
            if (position >= buffer.length()) {
                if (next >= rows) {
                    return -1;
                }
                buffer.setLength(0);
                position = 0;
                for (int i = 0; i < 256 && next < rows; i++, next++) {
                    int page = (int) (next / 1000);
                    int index = (int) (next % 1000);
                    String to = Mock.to(index);
                    values[0] = auditId;
                    values[1] = Mock.sid(page, index);
                    values[2] = AC;
                    values[3] = UsagePeriod.WINDOW;
                    values[4] = "outbound-api";
                    values[5] = "+12025550100";
                    values[6] = to;
                    values[7] = countries.of(to);
                    values[8] = "delivered";
                    values[9] = 1;
                    values[10] = new java.math.BigDecimal("-0.00790");
                    values[11] = "USD";
                    values[12] = null;
                    values[13] = sent.plusSeconds(index);
                    CsvText.row(buffer, values, values.length, false);
                }
            }
            int n = Math.min(len, buffer.length() - position);
            buffer.getChars(position, position + n, cbuf, off);
            position += n;
            return n;
        }

        @Override
        public void close() {
        }
    }

    /** Wall time, rows and CPU of one phase: this JVM's and the PostgreSQL backends' of this database. */
    record Phase(double seconds, long rows, double jvmCpuMs, double pgCpuMs, long checkpoints) {
        double rate() {
            return rows / seconds;
        }

        interface Work {
            long run() throws Exception;
        }

        static Phase measure(AgroalDataSource ds, Work work) throws Exception {
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                    .getOperatingSystemMXBean();
            long checkpoints0 = count(ds, "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter");
            long jvm0 = os.getProcessCpuTime();
            long pg0 = pgCpuNanos(ds);
            long t0 = System.nanoTime();
            long rows = work.run();
            double seconds = (System.nanoTime() - t0) / 1e9;
            return new Phase(seconds, rows, (os.getProcessCpuTime() - jvm0) / 1e6, (pgCpuNanos(ds) - pg0) / 1e6,
                    count(ds, "SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter") - checkpoints0);
        }
    }

    /** CPU used so far by the backends connected to the bench database (Linux /proc; 0 elsewhere). */
    static long pgCpuNanos(AgroalDataSource ds) throws Exception {
        long ticks = 0;
        try (Connection c = ds.getConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")) {
            while (r.next()) {
                java.nio.file.Path stat = java.nio.file.Path.of("/proc", String.valueOf(r.getInt(1)), "stat");
                if (!java.nio.file.Files.isReadable(stat)) {
                    continue;
                }
                String text = java.nio.file.Files.readString(stat);
                String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    // ---- database ----

    static AgroalDataSource pool(String url, String user, String password) throws Exception {
        return AgroalDataSource.from(new AgroalDataSourceConfigurationSupplier()
                .connectionPoolConfiguration(cp -> cp.maxSize(4).connectionFactoryConfiguration(cf -> cf
                        .jdbcUrl(url).principal(new NamePrincipal(user)).credential(new SimplePassword(password)))));
    }

    static UUID audit(AgroalDataSource ds, AuditWindow w, Instant now) throws Exception {
        UUID credential = UUID.randomUUID();
        UUID incident = UUID.randomUUID();
        UUID audit = UUID.randomUUID();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO credential (id, kind, fingerprint, account_sid, first_seen_at, exposure_start) "
                    + "VALUES ('" + credential + "', 'AUTH_TOKEN', 'bench', '" + AC
                    + "', now(), now())");
            s.execute(
                    "INSERT INTO incident (id, credential_id, state, severity, title, opened_at, updated_at) VALUES ('"
                            + incident + "', '" + credential + "', 'REMEDIATED', 'HIGH', 'bench', now(), now())");
            UsageStore.insertAudit(c, new UsageStore.AuditRow(audit, incident, AC, w.start(), w.end(),
                    "bench", w.effectiveEnd(), w.baselineStart(), false, w.eventsRetentionStart(),
                    w.alertsRetentionStart(), 1, now, "bench", now, null, null));
        }
        return audit;
    }

    static void truncate(AgroalDataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE usage_message");
            s.execute("DELETE FROM usage_pull");
            s.execute("CHECKPOINT"); // neither side pays for the other's dirty pages
        } catch (java.sql.SQLException e) {
            // CHECKPOINT needs pg_checkpoint or superuser (PostgreSQL 15+); without it the runs share the WAL.
            if (!"42501".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    static long count(AgroalDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet r = ps.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    // ---- the mock ----

    /** A tiny Twilio Messages endpoint: page N of the list, built by patching one pre-rendered page. */
    static final class Mock {
        private static final String[] PREFIXES = {"+1202555", "+1416555", "+4477009", "+4915112", "+3361234",
                "+5511987", "+9198765", "+2348031", "+6141234", "+8190123"};
        private static final DateTimeFormatter RFC2822 = DateTimeFormatter
                .ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

        private static final String PAGE_LINK_BEFORE_TOKEN = "?PageSize=1000&Page=1&PageToken=PA";

        private final byte[] template;
        private final int[] sidOffsets;
        private final int nextOffset;
        private final int pathLength;
        private volatile int limit;
        private ServerSocket socket;
        private ExecutorService executor;

        Mock(Instant sent) {
            String path = "/2010-04-01/Accounts/" + AC + "/Messages.json";
            this.pathLength = path.length();
            StringBuilder page = new StringBuilder(700_000);
            page.append("{\"messages\":[");
            for (int i = 0; i < 1000; i++) {
                if (i > 0) {
                    page.append(',');
                }
                String to = to(i);
                String date = RFC2822.format(sent.plusSeconds(i));
                page.append("{\"account_sid\":\"").append(AC).append("\",\"api_version\":\"2010-04-01\",\"body\":\"")
                        .append(BODY).append("\",\"date_created\":\"").append(date).append("\",\"date_sent\":\"")
                        .append(date).append("\",\"date_updated\":\"").append(date)
                        .append("\",\"direction\":\"outbound-api\",\"error_code\":null,\"error_message\":null,")
                        .append("\"from\":\"+12025550100\",\"messaging_service_sid\":\"MG00000000000000000000000000000001\",")
                        .append("\"num_media\":\"0\",\"num_segments\":\"1\",\"price\":\"-0.00790\",\"price_unit\":\"USD\",")
                        .append("\"sid\":\"SM").append(PAGE_PLACEHOLDER).append(String.format("%024x", i))
                        .append("\",\"status\":\"delivered\",\"subresource_uris\":{\"media\":\"").append(path)
                        .append("/Media.json\"},\"to\":\"").append(to).append("\",\"uri\":\"").append(path)
                        .append("\"}");
            }
            page.append("],\"uri\":\"").append(path).append("?PageSize=1000\",\"first_page_uri\":\"").append(path)
                    .append("?PageSize=1000&Page=0\",\"previous_page_uri\":null,\"page\":0,\"page_size\":1000,")
                    .append("\"start\":0,\"end\":999,\"next_page_uri\":\"").append(path)
                    .append(PAGE_LINK_BEFORE_TOKEN).append(PAGE_PLACEHOLDER).append("\"}");
            this.template = page.toString().getBytes(StandardCharsets.UTF_8);
            List<Integer> offsets = new ArrayList<>();
            byte[] needle = PAGE_PLACEHOLDER.getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i <= template.length - needle.length; i++) {
                if (template[i] == 'P' && java.util.Arrays.equals(template, i, i + needle.length, needle, 0,
                        needle.length)) {
                    offsets.add(i);
                }
            }
            this.nextOffset = offsets.remove(offsets.size() - 1);
            this.sidOffsets = offsets.stream().mapToInt(Integer::intValue).toArray();
            this.limit = 1;
        }

        static String sid(int page, int index) {
            return "SM" + String.format("%08x", page) + String.format("%024x", index);
        }

        static String to(int index) {
            return PREFIXES[index % PREFIXES.length] + String.format("%04d", index);
        }

        int pageBytes() {
            return template.length;
        }

        void limit(int pages) {
            this.limit = pages;
        }

        /**
         * A plain HTTP/1.1 server on a socket: one thread per connection, keep-alive, each GET answered with one write
         * of the patched page. The JDK's HttpServer costs noticeably more CPU per 800 KB page, and the mock shares the
         * two cores with the code measured.
         */
        void start() throws IOException {
            socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "mock-twilio");
                t.setDaemon(true);
                return t;
            });
            executor.submit(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        executor.submit(() -> serve(connection));
                    } catch (IOException e) {
                        return null;
                    }
                }
                return null;
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        void stop() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            if (executor != null) {
                executor.shutdownNow();
            }
        }

        private Void serve(Socket connection) {
            try (connection;
                    InputStream in = new BufferedInputStream(connection.getInputStream());
                    OutputStream out = connection.getOutputStream()) {
                connection.setTcpNoDelay(true);
                while (true) {
                    String requestLine = line(in);
                    if (requestLine == null) {
                        return null;
                    }
                    while (true) { // headers; a GET has no body
                        String header = line(in);
                        if (header == null || header.isEmpty()) {
                            break;
                        }
                    }
                    String target = requestLine.split(" ")[1];
                    int q = target.indexOf('?');
                    byte[] response = respond(q < 0 ? null : target.substring(q + 1));
                    out.write(response);
                    out.flush();
                }
            } catch (IOException e) {
                return null;
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder b = new StringBuilder(128);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    int n = b.length();
                    return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
                }
                b.append((char) c);
            }
            return b.isEmpty() ? null : b.toString();
        }

        /** Status line, headers and page N (from PageToken) in one array, so it goes out in one write. */
        private byte[] respond(String query) {
            int at = query == null ? -1 : query.indexOf("PageToken=PA");
            int page = at < 0 ? 0 : Integer.parseInt(query.substring(at + 12, at + 20), 16);
            int length = template.length;
            int tailStart = -1;
            if (page + 1 >= limit) {
                // The last page: next_page_uri becomes null (it is the template's last member).
                tailStart = nextOffset - PAGE_LINK_BEFORE_TOKEN.length() - pathLength
                        - "\"next_page_uri\":\"".length() + "\"next_page_uri\":".length();
                length = tailStart + "null}".length();
            }
            byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] response = new byte[head.length + length];
            System.arraycopy(head, 0, response, 0, head.length);
            System.arraycopy(template, 0, response, head.length, length);
            byte[] hex = String.format("%08x", page).getBytes(StandardCharsets.US_ASCII);
            for (int offset : sidOffsets) {
                System.arraycopy(hex, 0, response, head.length + offset, 8);
            }
            if (tailStart >= 0) {
                byte[] tail = "null}".getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(tail, 0, response, head.length + tailStart, tail.length);
            } else {
                byte[] next = String.format("%08x", page + 1).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(next, 0, response, head.length + nextOffset, 8);
            }
            return response;
        }
    }

    // ---- heap ----

    /** Peak heap used (sampled) and the live heap after each GC, by pages read at the time. */
    static final class HeapWatch {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final List<long[]> afterGc = java.util.Collections.synchronizedList(new ArrayList<>());
        private final AtomicLong peak = new AtomicLong();
        private volatile long pages;

        HeapWatch() {
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        return;
                    }
                    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo
                            .from((CompositeData) n.getUserData());
                    long live = info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                            .mapToLong(MemoryUsage::getUsed).sum();
                    afterGc.add(new long[]{pages, live});
                }, null, null);
            }
            Thread sampler = new Thread(() -> {
                while (true) {
                    peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        // A sampling interval for the heap peak, not a wait for a condition: Awaitility does not fit.
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
        }

        void pages(long n) {
            pages = n;
        }

        void reset() {
            System.gc();
            afterGc.clear();
            peak.set(0);
            pages = 0;
        }

        record Summary(long peakUsed, long max, long firstTenth, long lastTenth, long highestLive, int gcs) {
        }

        Summary summary() {
            List<long[]> points;
            synchronized (afterGc) {
                points = new ArrayList<>(afterGc);
            }
            long total = points.isEmpty() ? 0 : points.get(points.size() - 1)[0];
            long first = points.stream().filter(p -> p[0] <= total / 10).mapToLong(p -> p[1]).max().orElse(0);
            long last = points.stream().filter(p -> p[0] >= total * 9 / 10).mapToLong(p -> p[1]).max().orElse(0);
            long highest = points.stream().mapToLong(p -> p[1]).max().orElse(0);
            return new Summary(peak.get(), memory.getHeapMemoryUsage().getMax(), first, last, highest, points.size());
        }
    }

    static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>(Map.of("pages", "1000", "warmup-pages", "50", "batch-size", "1000",
                "jdbc-url", "jdbc:postgresql://127.0.0.1:5432/leak_responder_usage_bench",
                "user", "leak_responder", "password", "leak_responder"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !o.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + o.keySet());
            }
            o.put(args[i].substring(2), args[i + 1]);
        }
        return o;
    }
}
