package io.leakresponder.twilio;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.matching.MatchResult;
import com.sun.management.OperatingSystemMXBean;
import io.leakresponder.testsupport.TwilioDouble;
import io.leakresponder.testsupport.TwilioFixtures;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Throughput benchmark of {@link TwilioFacade#checkAuthToken}: distinct credentials (so per-account limits do not
 * cap it) through the real twilio-java client and transport, against an in-JVM WireMock that answers every request
 * after a fixed delay. Not a unit test; run it with {@code bench/liveness/run.sh}.
 *
 * <p>Options: {@code --checks N} (2000), {@code --concurrency N} (20, also the facade's global limit),
 * {@code --delay-ms N} (50), {@code --warmup N} (1000, checks run first so JIT and pool are warm). The ceiling is concurrency / delay (400 checks/s by default);
 * the run passes when it reaches 90% of it, and exits 2 otherwise.
 */
public final class LivenessBench {

    private static final Pattern ACCOUNT_PATH = Pattern.compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})\\.json");

    private LivenessBench() {
    }

    /** Whether the request's Basic credentials are its path's account with the fixture Auth Token. */
    private static MatchResult ownAuthToken(Request request) {
        Matcher path = ACCOUNT_PATH.matcher(request.getUrl());
        return MatchResult.of(path.matches()
                && TwilioDouble.basic(path.group(1), TwilioFixtures.TOKEN).equals(request.getHeader("Authorization")));
    }

    public static void main(String[] args) throws Exception {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        // As in production (Quarkus logs at INFO): without a config file JBoss LogManager enables every level,
        // which would put twilio-java's per-request debug formatting into the measurement.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.INFO);
        Map<String, Integer> opts = parse(args);
        int checks = opts.get("checks");
        int concurrency = opts.get("concurrency");
        int delayMs = opts.get("delay-ms");
        int warmup = opts.get("warmup");

        WireMockServer server = new WireMockServer(options()
                .dynamicPort()
                // Each request holds a Jetty thread for the delay: keep well above the client's concurrency.
                .containerThreads(Math.max(50, concurrency * 4))
                // The mock's own bookkeeping is not what is measured: no journal, no per-request logging,
                // no templating, no gzip.
                .disableRequestJournal()
                .stubRequestLoggingDisabled(true)
                .templatingEnabled(false)
                .gzipDisabled(true));
        server.start();
        // One live account body for every account fetched with its own Auth Token (every bench account has the
        // fixture token); the facade reads status/type/owner from it. Any other credential is refused as Twilio does.
        String body = TwilioFixtures.account(TwilioFixtures.ac(1), TwilioFixtures.ac(1), "active", "Full",
                TwilioFixtures.TOKEN);
        server.stubFor(get(urlPathMatching(ACCOUNT_PATH.pattern())).andMatching(LivenessBench::ownAuthToken)
                .willReturn(TwilioDouble.json(200, body).withFixedDelay(delayMs)));
        server.stubFor(any(anyUrl()).atPriority(100)
                .willReturn(TwilioDouble.twilioError(401, 20003, "Authenticate").withFixedDelay(delayMs)));

        TwilioSettings settings = TwilioSettings.builder()
                .baseUrl(server.baseUrl())
                .globalConcurrency(concurrency)
                .perAccountConcurrency(2)
                .readTimeout(Duration.ofSeconds(5))
                .totalBudget(Duration.ofSeconds(30))
                .build();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try (TwilioTransport transport = new TwilioTransport(settings)) {
            TwilioFacade facade = new TwilioFacade(settings, new TwilioClients(transport));
            System.out.printf(Locale.ROOT, "transport: %d connections per route%n", transport.maxConnectionsPerRoute());

            run(facade, pool, 1_000_000, warmup); // JIT and connection pool warm-up, other accounts
            long requestsBefore = facade.counters().requests();
            double loadBefore = os.getSystemLoadAverage();
            long cpuBefore = os.getProcessCpuTime();
            Run run = run(facade, pool, 1, checks);
            long cpuNanos = os.getProcessCpuTime() - cpuBefore;

            double seconds = run.wallNanos / 1e9;
            double throughput = checks / seconds;
            double ceiling = concurrency * 1000.0 / delayMs;
            long[] sorted = run.latencies.clone();
            Arrays.sort(sorted);
            System.out.printf(Locale.ROOT,
                    "checks: %d distinct accounts, concurrency %d, server delay %d ms, warm-up %d%n",
                    checks, concurrency, delayMs, warmup);
            System.out.printf(Locale.ROOT, "verdicts: %s, HTTP requests: %d%n",
                    run.verdicts, facade.counters().requests() - requestsBefore);
            System.out.printf(Locale.ROOT, "wall: %.3f s, throughput: %.1f checks/s (ceiling %.0f, target %.0f)%n",
                    seconds, throughput, ceiling, 0.9 * ceiling);
            // Client and in-JVM server share this process: CPU per check covers both sides of the exchange.
            System.out.printf(Locale.ROOT, "cpu: %.2f ms per check (client + WireMock), %d cores, load average %.1f%n",
                    cpuNanos / 1e6 / checks, os.getAvailableProcessors(), loadBefore);
            System.out.printf(Locale.ROOT, "latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n",
                    pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1] / 1e6);
            boolean allLive = run.verdicts.getOrDefault(Verdict.LIVE, 0) == checks;
            boolean fastEnough = throughput >= 0.9 * ceiling;
            System.out.println(allLive && fastEnough ? "RESULT: meets target" : "RESULT: below target");
            if (!(allLive && fastEnough)) {
                System.exit(2);
            }
        } finally {
            pool.shutdownNow();
            server.stop();
        }
    }

    private record Run(long wallNanos, long[] latencies, Map<Verdict, Integer> verdicts) {
    }

    private static Run run(TwilioFacade facade, ExecutorService pool, int firstAccount, int checks) throws Exception {
        long[] latencies = new long[checks];
        List<Future<Verdict>> futures = new ArrayList<>(checks);
        long start = System.nanoTime();
        for (int i = 0; i < checks; i++) {
            int n = i;
            String ac = TwilioFixtures.ac(firstAccount + i);
            futures.add(pool.submit(() -> {
                long t0 = System.nanoTime();
                Verdict v = facade.checkAuthToken(ac, TwilioFixtures.TOKEN).verdict();
                latencies[n] = System.nanoTime() - t0;
                return v;
            }));
        }
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        for (Future<Verdict> f : futures) {
            verdicts.merge(f.get(), 1, Integer::sum);
        }
        return new Run(System.nanoTime() - start, latencies, verdicts);
    }

    private static double pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static Map<String, Integer> parse(String[] args) {
        Map<String, Integer> opts = new java.util.HashMap<>(Map.of(
                "checks", 2000, "concurrency", 20, "delay-ms", 50, "warmup", 1000));
        for (int i = 0; i < args.length; i += 2) {
            String key = args[i].replaceFirst("^--", "");
            if (!opts.containsKey(key) || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: [--checks N] [--concurrency N] [--delay-ms N] [--warmup N]");
            }
            opts.put(key, Integer.parseInt(args[i + 1]));
        }
        return opts;
    }
}
