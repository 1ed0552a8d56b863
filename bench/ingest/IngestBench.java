import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leakresponder.ingest.parse.FindingSink;
import io.leakresponder.ingest.parse.ReportFormat;
import io.leakresponder.ingest.parse.ReportPairing;
import io.leakresponder.ingest.parse.ReportParsers;
import io.leakresponder.ingest.parse.ScannerFinding;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client side of the ingestion benchmark (run by bench/ingest/run.sh, which starts the packaged service).
 * For each report: a bare Jackson streaming parse of the same bytes (the baseline); the service's own parser
 * (its io.leakresponder.ingest.parse package, from the packaged jar) in this JVM, without HTTP or database,
 * so that the gap between baseline and ingestion can be split into parsing, transport and writing; then a
 * POST of the file to /api/v1/findings while the service's heap is sampled, and a check of the answer
 * against the generator's sidecar.
 *
 * <pre>
 * BENCH_TOKEN=… java -cp APP_JAR:JACKSON_JARS IngestBench.java --base-url URL --pid PID --gc-log FILE
 *     --service-log FILE [--jcmd JCMD] [--clk-tck 100] [--warmup REPORT]… --report REPORT…
 * </pre>
 *
 * Exits 0 when every answer matched the generator's counts (whether or not the throughput target was met),
 * 1 when an answer was wrong or a request failed.
 */
public final class IngestBench {

    private static final double MIB = 1024.0 * 1024.0;
    /** Ingestion should reach at least this share of the bare parse's throughput. */
    private static final double TARGET_RATIO = 0.5;
    /** Heap after GC may grow this much from the smaller to the larger report of a format and still be flat. */
    private static final long FLAT_TOLERANCE = 32L * 1024 * 1024;
    private static final Duration POLL = Duration.ofMillis(20);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String baseUrl;
    private final String token;
    private final long pid;
    private final Path gcLog;
    private final String jcmd;
    private final long clkTck;
    private final Path serviceLog;

    private IngestBench(String baseUrl, String token, long pid, Path gcLog, String jcmd, long clkTck, Path serviceLog) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.pid = pid;
        this.gcLog = gcLog;
        this.jcmd = jcmd;
        this.clkTck = clkTck;
        this.serviceLog = serviceLog;
    }

    /** A generated report and what the generator says the service must answer. */
    record Report(Path file, String format, boolean probe, long bytes, long sizeMib, long expectedRecords,
            long expectedTwilio) {
        static Report of(Path file) throws IOException {
            Properties p = new Properties();
            try (var r = Files.newBufferedReader(file.resolveSibling(file.getFileName() + ".properties"))) {
                p.load(r);
            }
            return new Report(file, p.getProperty("format"), Boolean.parseBoolean(p.getProperty("probe")), Files.size(file),
                    Long.parseLong(p.getProperty("size.mib")), Long.parseLong(p.getProperty("expected.records")),
                    Long.parseLong(p.getProperty("expected.twilio")));
        }

        String label() {
            return (probe ? "transport probe" : format) + " " + sizeMib + " MiB";
        }

        /** The ?format= to post with: the probe's head is only whitespace, which detection would call text. */
        String query() {
            return probe ? "?format=" + format + "&source=bench" : "?source=bench";
        }
    }

    /** One measured POST. */
    record Result(Report report, boolean warmup, double bareMibPerS, double parserMibPerS, double seconds,
            double parseSeconds, double cpuSeconds, double jitSeconds, long idleHeap, Heap heap, JsonNode answer,
            String error) {
        double mibPerS() {
            return report.bytes() / MIB / seconds;
        }

        double ratio() {
            return mibPerS() / bareMibPerS;
        }
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = null;
        String gcLog = null;
        String serviceLog = null;
        String jcmd = "jcmd";
        long pid = -1;
        long clkTck = 100;
        List<Path> warmups = new ArrayList<>();
        List<Path> reports = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--base-url" -> baseUrl = v;
                case "--pid" -> pid = Long.parseLong(v);
                case "--gc-log" -> gcLog = v;
                case "--service-log" -> serviceLog = v;
                case "--jcmd" -> jcmd = v;
                case "--clk-tck" -> clkTck = Long.parseLong(v);
                case "--warmup" -> warmups.add(Path.of(v));
                case "--report" -> reports.add(Path.of(v));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
            i++;
        }
        String token = System.getenv("BENCH_TOKEN");
        if (baseUrl == null || pid < 0 || gcLog == null || serviceLog == null || token == null || reports.isEmpty()) {
            System.err.println("usage: BENCH_TOKEN=… IngestBench --base-url URL --pid PID --gc-log FILE "
                    + "--service-log FILE [--jcmd JCMD] [--clk-tck N] [--warmup REPORT]… --report REPORT…");
            System.exit(64);
        }
        IngestBench bench = new IngestBench(baseUrl, token, pid, Path.of(gcLog), jcmd, clkTck, Path.of(serviceLog));
        List<Result> results = new ArrayList<>();
        for (Path p : warmups) {
            results.add(bench.measure(Report.of(p), true));
        }
        for (Path p : reports) {
            results.add(bench.measure(Report.of(p), false));
        }
        System.exit(printSummary(results) ? 0 : 1);
    }

    private Result measure(Report report, boolean warmup) throws Exception {
        System.out.printf("%n== %s%s: %s (%,d bytes, %,d records, %,d Twilio)%n", report.label(),
                warmup ? " (warm-up)" : "", report.file(), report.bytes(), report.expectedRecords(),
                report.expectedTwilio());
        double bare = bestOf(report, () -> report.format().equals("trufflehog")
                ? bareJsonLines(report.file()) : bareJsonArray(report.file()));
        double parser = bestOf(report, () -> serviceParser(report));
        System.out.printf("bare Jackson streaming parse: %.1f MiB/s; the service's parser in-process: %.1f MiB/s%n",
                bare, parser);

        // Start every post from a collected heap, so peaks are comparable between reports.
        run(jcmd, Long.toString(pid), "GC.run");
        Thread.sleep(Long.getLong("bench.settle", 300));
        long idle = scrapeHeapUsed();

        HeapSampler sampler = new HeapSampler();
        Thread thread = Thread.ofPlatform().daemon().name("heap-sampler").start(sampler);
        double cpu0 = cpuSeconds();
        double jit0 = jitSeconds();
        long wall0 = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Posted response;
        try {
            response = postWithCurl(report);
        } finally {
            sampler.stop = true;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long wall1 = System.currentTimeMillis();
        double cpu = cpuSeconds() - cpu0;
        double jit = jitSeconds() - jit0;
        thread.join();
        Thread.sleep(200); // the GC log is written asynchronously
        Heap heap = Heap.fromGcLog(gcLog, wall0, wall1, sampler.peak.get());
        double parseSeconds = parseEnd(wall0, wall1).map(end -> (end - wall0) / 1e3).orElse(Double.NaN);

        String error = null;
        JsonNode answer = null;
        if (response.statusCode() != 200) {
            error = "HTTP " + response.statusCode() + ": " + response.body();
        } else {
            answer = MAPPER.readTree(response.body());
            long received = answer.path("received").asLong(-1);
            long twilio = answer.path("twilio").asLong(-1);
            if (!report.format().equals(answer.path("format").asText())) {
                error = "format " + answer.path("format").asText() + ", expected " + report.format();
            } else if (received != report.expectedRecords() || twilio != report.expectedTwilio()) {
                error = "received " + received + " / twilio " + twilio + ", expected " + report.expectedRecords()
                        + " / " + report.expectedTwilio();
            }
        }
        Result r = new Result(report, warmup, bare, parser, seconds, parseSeconds, cpu, jit, idle, heap, answer, error);
        if (error != null) {
            System.out.println("ERROR: " + error);
        } else {
            System.out.printf("ingest: %.2f s (parse %.2f s, write %.2f s), %.1f MiB/s, %,.0f records/s (%.0f%% of bare parse), "
                            + "service CPU %.1f s%n", seconds, parseSeconds, seconds - parseSeconds, r.mibPerS(),
                    report.expectedRecords() / seconds, 100 * r.ratio(), cpu);
            System.out.printf("answer: received %d, twilio %d, ignored %d, credentials %s, occurrences %s, "
                            + "incidents %d, warnings %s%n", answer.path("received").asLong(), answer.path("twilio").asLong(),
                    answer.path("ignored").asLong(), answer.path("credentials"), answer.path("occurrences"),
                    answer.path("incidents").size(), answer.path("warnings"));
        }
        System.out.printf("heap: idle %s MiB; during the post: peak used %s MiB (GC log and hsperfdata samples; samples alone %s MiB, "
                        + "%d samples), max after GC %s MiB, max committed %s MiB, %d GC pauses, %.0f ms paused%n",
                mib(idle), mib(heap.peakBeforeGc()), mib(heap.peakSampled()), sampler.samples.get(), mib(heap.maxAfterGc()),
                mib(heap.maxCommitted()), heap.pauses(), heap.pauseMs());
        return r;
    }

    /** Counts a report's records; the count is checked against the generator's. */
    interface RecordCounter {
        long count() throws IOException;
    }

    /**
     * MiB/s of the best of several runs (at least two, about 2 s in all): the first also brings the file into
     * the page cache, and small files would otherwise be timed before the JIT has compiled the code.
     */
    private static double bestOf(Report report, RecordCounter counter) throws IOException {
        double best = 0;
        long spent = 0;
        for (int i = 0; i < 10 && (i < 2 || spent < 2_000_000_000L); i++) {
            long t0 = System.nanoTime();
            long records = counter.count();
            long elapsed = System.nanoTime() - t0;
            spent += elapsed;
            if (records != report.expectedRecords()) {
                throw new IllegalStateException("counted " + records + " records, expected " + report.expectedRecords());
            }
            best = Math.max(best, report.bytes() / MIB / (elapsed / 1e9));
        }
        return best;
    }

    // --- the service's parser, in-process: format detection, parsing and pairing as IngestService does them --

    static long serviceParser(Report report) throws IOException {
        List<ScannerFinding> twilio = new ArrayList<>();
        long[] ignored = {0};
        FindingSink sink = new FindingSink() {
            @Override
            public void twilio(ScannerFinding finding) {
                twilio.add(finding);
            }

            @Override
            public void ignored() {
                ignored[0]++;
            }

            @Override
            public void warning(String message) {
            }
        };
        try (InputStream in = new BufferedInputStream(Files.newInputStream(report.file()), 64 * 1024)) {
            ReportParsers.parse(in, report.probe() ? ReportFormat.fromId(report.format()).orElseThrow() : null, sink);
        }
        ReportPairing.pair(twilio);
        return twilio.size() + ignored[0];
    }

    // --- baseline: Jackson token stream over the same bytes, no trees, no strings kept -----------------------

    /**
     * JSON lines: splits the bytes at newlines and runs one parser per line, since TruffleHog's stderr (its
     * banner, plain text) is merged into the report and would stop a single parser over the whole file.
     * Counts the objects with a top-level DetectorName, which is what the service counts as received.
     */
    static long bareJsonLines(Path file) throws IOException {
        long records = 0;
        byte[] buf = new byte[4 << 20];
        int filled = 0;
        try (InputStream in = Files.newInputStream(file)) {
            while (true) {
                int n = in.read(buf, filled, buf.length - filled);
                if (n < 0 && filled == 0) {
                    break;
                }
                if (n > 0) {
                    filled += n;
                }
                int start = 0;
                for (int i = 0; i < filled; i++) {
                    if (buf[i] == '\n') {
                        records += bareLine(buf, start, i - start);
                        start = i + 1;
                    }
                }
                if (n < 0) {
                    records += bareLine(buf, start, filled - start);
                    break;
                }
                System.arraycopy(buf, start, buf, 0, filled - start);
                filled -= start;
                if (filled == buf.length) {
                    buf = java.util.Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
                }
            }
        }
        return records;
    }

    private static int bareLine(byte[] buf, int offset, int length) throws IOException {
        int i = offset;
        int end = offset + length;
        while (i < end && (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r')) {
            i++;
        }
        if (i == end || buf[i] != '{') {
            return 0;
        }
        boolean result = false;
        try (JsonParser p = FACTORY.createParser(buf, i, end - i)) {
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> result |= depth == 1 && "DetectorName".equals(p.currentName());
                    default -> {
                    }
                }
            }
        } catch (JsonProcessingException e) {
            return 0; // a damaged log line; the service skips those too
        }
        return result ? 1 : 0;
    }

    /** A JSON array of objects (gitleaks): one parser over the stream, counting the array's elements. */
    static long bareJsonArray(Path file) throws IOException {
        long records = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = FACTORY.createParser(in)) {
            int depth = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                switch (t) {
                    case START_OBJECT, START_ARRAY -> {
                        if (depth == 1 && t == JsonToken.START_OBJECT) {
                            records++;
                        }
                        depth++;
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                    }
                }
            }
        }
        return records;
    }

    /** A post's answer. */
    record Posted(int statusCode, String body) {
    }

    /**
     * Posts the report with curl, as the README's examples do. The bench's own JVM client (java.net.http) took
     * about a third more wall time for the same 200 MiB post: its CPU, on the same two cores as the service,
     * was taken from the ingestion being measured. The token goes through a header file (mode 600), not the
     * command line, where any process could read it.
     */
    private Posted postWithCurl(Report report) throws IOException, InterruptedException {
        Path headers = Files.createTempFile("ingest-bench-headers", ".txt",
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Path body = Files.createTempFile("ingest-bench-answer", ".json");
        try {
            Files.writeString(headers, "Authorization: Bearer " + token + "\n"
                    + "Content-Type: " + (report.format().equals("trufflehog") ? "application/x-ndjson" : "application/json")
                    + "\nExpect:\n");
            Process curl = new ProcessBuilder("curl", "-sS", "--max-time", "600", "-H", "@" + headers,
                    "--data-binary", "@" + report.file(), "-o", body.toString(), "-w", "%{http_code}",
                    baseUrl + "/api/v1/findings" + report.query())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String status = new String(curl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII).strip();
            if (curl.waitFor() != 0 || !status.matches("\\d{3}")) {
                throw new IOException("curl failed (exit " + curl.exitValue() + ", status '" + status + "')");
            }
            return new Posted(Integer.parseInt(status), Files.readString(body));
        } finally {
            Files.deleteIfExists(headers);
            Files.deleteIfExists(body);
        }
    }

    // --- heap ------------------------------------------------------------------------------------------------

    /** Polls the service's heap gauges while a post runs; the GC log below catches what polling misses. */
    private final class HeapSampler implements Runnable {
        volatile boolean stop;
        final AtomicLong peak = new AtomicLong();
        final AtomicLong samples = new AtomicLong();

        @Override
        public void run() {
            while (!stop) {
                try {
                    peak.accumulateAndGet(scrapeHeapUsed(), Math::max);
                    samples.incrementAndGet();
                    Thread.sleep(POLL);
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    // a missed sample; the GC log still has the peak
                }
            }
        }
    }

    private volatile sun.jvmstat.monitor.MonitoredVm perfData;
    private volatile java.util.List<sun.jvmstat.monitor.Monitor> spacesUsed;

    /**
     * The heap in use, as the sum of the service's {@code sun.gc.generation.*.space.*.used} counters, read from its
     * hsperfdata file (shared memory the JVM keeps up to date, which jstat reads too): sampling costs the service
     * nothing, unlike scraping {@code /q/metrics}, which took about 17 ms of its CPU per scrape and competed with
     * the ingestion being measured. G1 updates eden's counter per region, so samples are region-grained.
     */
    long scrapeHeapUsed() throws IOException {
        try {
            if (spacesUsed == null) {
                perfData = sun.jvmstat.monitor.MonitoredHost.getMonitoredHost("localhost")
                        .getMonitoredVm(new sun.jvmstat.monitor.VmIdentifier(String.valueOf(pid)));
                spacesUsed = perfData.findByPattern("sun\\.gc\\.generation\\.\\d+\\.space\\.\\d+\\.used");
                if (spacesUsed.isEmpty()) {
                    throw new IOException("the service's hsperfdata has no heap space counters");
                }
            }
            long used = 0;
            for (sun.jvmstat.monitor.Monitor m : spacesUsed) {
                used += ((Number) m.getValue()).longValue();
            }
            return used;
        } catch (sun.jvmstat.monitor.MonitorException | java.net.URISyntaxException e) {
            throw new IOException("cannot read the service's hsperfdata: " + e.getMessage(), e);
        }
    }

    /** Heap figures of one post, from the service's -Xlog:gc output (decorated with epoch milliseconds). */
    record Heap(long peakBeforeGc, long peakSampled, long maxAfterGc, long maxCommitted, int pauses, double pauseMs) {

        // [1764354000123ms] GC(12) Pause Young (Normal) (G1 Evacuation Pause) 120M->35M(256M) 12.345ms
        private static final Pattern PAUSE = Pattern.compile(
                "^\\[(\\d+)ms\\].*GC\\(\\d+\\) (Pause .*?) (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\) ([\\d.]+)ms");

        static Heap fromGcLog(Path log, long fromMillis, long toMillis, long sampled) throws IOException {
            long before = 0;
            long after = 0;
            long committed = 0;
            int pauses = 0;
            double pauseMs = 0;
            for (String line : Files.readAllLines(log)) {
                Matcher m = PAUSE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                long at = Long.parseLong(m.group(1));
                if (at < fromMillis || at > toMillis + 100 || m.group(2).contains("System.gc()")) {
                    continue;
                }
                before = Math.max(before, size(m.group(3), m.group(4)));
                if (!m.group(2).startsWith("Pause Remark") && !m.group(2).startsWith("Pause Cleanup")) {
                    // G1's remark and cleanup pauses of a concurrent cycle collect nothing: their "after" is just
                    // the heap in use at that moment, garbage included, not what survived a collection.
                    after = Math.max(after, size(m.group(5), m.group(6)));
                }
                committed = Math.max(committed, size(m.group(7), m.group(8)));
                pauses++;
                pauseMs += Double.parseDouble(m.group(9));
            }
            return new Heap(Math.max(before, sampled), sampled, after, committed, pauses, pauseMs);
        }

        private static long size(String n, String unit) {
            long v = Long.parseLong(n);
            return switch (unit) {
                case "K" -> v << 10;
                case "M" -> v << 20;
                default -> v << 30;
            };
        }
    }

    // 2026-11-28 19:13:32,281 INFO  [io.leakresponder.ingest.IngestService] (executor-thread-1) report received: …
    private static final Pattern REPORT_RECEIVED = Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3}) .*\\[io\\.leakresponder\\.ingest\\.IngestService\\].* report received: ");
    private static final java.time.format.DateTimeFormatter LOG_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    /**
     * When the service finished reading the report: IngestService logs "report received" after parsing and
     * pairing, before the database transaction. Splits the wall time into parse and write. The service logs in
     * this machine's time zone.
     */
    private java.util.Optional<Long> parseEnd(long fromMillis, long toMillis) throws IOException {
        java.util.Optional<Long> found = java.util.Optional.empty();
        for (String line : Files.readAllLines(serviceLog)) {
            Matcher m = REPORT_RECEIVED.matcher(line);
            if (m.find()) {
                long at = java.time.LocalDateTime.parse(m.group(1), LOG_TIME).atZone(java.time.ZoneId.systemDefault())
                        .toInstant().toEpochMilli();
                if (at >= fromMillis && at <= toMillis) {
                    found = java.util.Optional.of(at);
                }
            }
        }
        return found;
    }

    /** User + system CPU of the service process so far, from /proc (Linux). */
    private double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // After "pid (comm) ", utime and stime are fields 12 and 13 (0-based), in clock ticks.
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) clkTck;
    }

    /**
     * CPU seconds of the service's JIT compiler threads: a post that still compiles much is not yet measuring
     * steady state, and on two cores the compiler takes its CPU from the ingestion.
     */
    private double jitSeconds() throws IOException {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String comm = Files.readString(task.resolve("comm"));
                    if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
                        continue;
                    }
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (java.nio.file.NoSuchFileException gone) {
                    // a compiler thread ended between listing and reading
                }
            }
        }
        return ticks / (double) clkTck;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    // --- summary ---------------------------------------------------------------------------------------------

    private static boolean printSummary(List<Result> results) {
        System.out.println();
        System.out.printf("%-24s %8s %6s %7s %7s %7s %7s %8s %6s %6s %6s %6s %5s %5s %5s %7s%n", "report", "records",
                "twilio", "wall s", "parse s", "write s", "MiB/s", "rec/s", "bare", "parser", "ratio", "cpu s", "jit s", "idle",
                "peak", "afterGC");
        boolean ok = true;
        for (Result r : results) {
            String label = r.report().label() + (r.warmup() ? " (warm)" : "");
            if (r.error() != null) {
                ok = false;
                System.out.printf("%-24s FAILED: %s%n", label, r.error());
                continue;
            }
            System.out.printf(Locale.ROOT, "%-24s %8d %6d %7.2f %7.2f %7.2f %7.1f %8.0f %6.1f %6.1f %6.2f %6.1f %5.1f %5s %5s %7s%n",
                    label, r.report().expectedRecords(), r.report().expectedTwilio(), r.seconds(), r.parseSeconds(),
                    r.seconds() - r.parseSeconds(), r.mibPerS(), r.report().expectedRecords() / r.seconds(),
                    r.bareMibPerS(), r.parserMibPerS(), r.ratio(), r.cpuSeconds(), r.jitSeconds(),
                    mib(r.idleHeap()), mib(r.heap().peakBeforeGc()), mib(r.heap().maxAfterGc()));
        }
        System.out.println("(parse s: until the service logged \"report received\" (body read, parsed, paired); write s: "
                + "the database transaction and the answer; bare: Jackson streaming parse of the same file in MiB/s; "
                + "parser: the service's parse package on the same file in this JVM (no HTTP, no database), MiB/s; "
                + "ratio: ingest / bare; cpu s: service process CPU during the post; jit s: the part of it spent by the JIT compiler threads; idle / peak / afterGC: service "
                + "heap in MiB before the post, peak used during it, largest heap after a GC during it)");
        if (!ok) {
            return false;
        }
        best(results.stream().filter(r -> r.report().probe()).toList()).forEach(r -> System.out.printf(
                "RESULT: transport probe %.1f MiB/s (%.0f%% of its bare parse): a report of only whitespace, received, "
                        + "hashed and skipped by Jackson (byte by byte, as in its bare parse), with nothing to write%n",
                r.mibPerS(), 100 * r.mibPerS() / r.bareMibPerS()));
        // Each size may have been posted in several rounds (distinct reports of the same size): judge the best one,
        // as the bare parse is the best of its runs.
        List<Result> measured = best(results.stream().filter(r -> !r.warmup() && !r.report().probe()).toList());
        boolean fast = measured.stream().allMatch(r -> r.ratio() >= TARGET_RATIO);
        System.out.printf("RESULT: throughput %s (target: ingestion >= %.0f%% of the bare parse; lowest %.0f%%)%n",
                fast ? "meets target" : "BELOW target", 100 * TARGET_RATIO,
                100 * measured.stream().mapToDouble(Result::ratio).min().orElse(0));
        for (String format : measured.stream().map(r -> r.report().format()).distinct().toList()) {
            List<Result> sizes = measured.stream().filter(r -> r.report().format().equals(format))
                    .sorted(java.util.Comparator.comparingLong(r -> r.report().bytes())).toList();
            if (sizes.size() < 2) {
                continue;
            }
            Result small = sizes.getFirst();
            Result large = sizes.getLast();
            long growth = large.heap().maxAfterGc() - small.heap().maxAfterGc();
            String verdict = small.heap().pauses() == 0 || large.heap().pauses() == 0 ? "not judged (no GC during a post)"
                    : growth <= FLAT_TOLERANCE ? "flat" : "GROWS with the report";
            System.out.printf("RESULT: %s heap after GC %s MiB at %d MiB, %s MiB at %d MiB: %s (tolerance %d MiB)%n",
                    format, mib(small.heap().maxAfterGc()), small.report().sizeMib(), mib(large.heap().maxAfterGc()),
                    large.report().sizeMib(), verdict, FLAT_TOLERANCE >> 20);
        }
        return true;
    }

    /**
     * Per label (format and size), the fastest round, judged against the fastest bare parse of any round: best
     * against best, so that a slow bare parse in one round (the machine's noise) cannot flatter the ratio. The
     * fastest round's heap figures are judged too (heap after a young GC also counts old-generation garbage not yet
     * collected, so it swings between rounds; every round is in the table above).
     */
    private static List<Result> best(List<Result> results) {
        Map<String, Result> fastest = new LinkedHashMap<>();
        Map<String, Double> bare = new LinkedHashMap<>();
        for (Result r : results) {
            fastest.merge(r.report().label(), r, (a, b) -> b.mibPerS() > a.mibPerS() ? b : a);
            bare.merge(r.report().label(), r.bareMibPerS(), Math::max);
        }
        List<Result> out = new ArrayList<>();
        fastest.forEach((label, r) -> out.add(new Result(r.report(), r.warmup(), bare.get(label), r.parserMibPerS(),
                r.seconds(), r.parseSeconds(), r.cpuSeconds(), r.jitSeconds(), r.idleHeap(), r.heap(), r.answer(),
                r.error())));
        if (fastest.size() < results.size()) {
            out.forEach(r -> System.out.printf(Locale.ROOT,
                    "best of the rounds, %s: %.1f MiB/s against a bare parse of %.1f MiB/s, ratio %.2f, heap after "
                            + "GC %s MiB%n", r.report().label(), r.mibPerS(), r.bareMibPerS(), r.ratio(),
                    mib(r.heap().maxAfterGc())));
        }
        return out;
    }

    private static String mib(long bytes) {
        return bytes <= 0 ? "-" : String.format(Locale.ROOT, "%.0f", bytes / MIB);
    }
}
