package io.leakresponder.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The body stream against a real Vert.x server and real clients: pauses, limits, early stops, aborts. */
class StreamedBodyTest {

    private Vertx vertx;
    private HttpServer server;
    /** What the consumer of each request's body does; its result (or failure) is what the test looks at. */
    private volatile Function<StreamedBody, String> consumer;
    private volatile CompletableFuture<String> outcome;
    private volatile StreamedBody last;
    private long limit = Long.MAX_VALUE;
    private java.time.Duration readTimeout = java.time.Duration.ofSeconds(30);

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            StreamedBody body = StreamedBody.attach(request, limit, readTimeout);
            last = body;
            CompletableFuture<String> done = outcome;
            Thread.ofPlatform().start(() -> {
                try {
                    done.complete(consumer.apply(body));
                } catch (Throwable e) {
                    done.completeExceptionally(e);
                } finally {
                    body.close();
                }
                request.response().end("done");
            });
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private String post(byte[] body, boolean chunked) throws Exception {
        outcome = new CompletableFuture<>();
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))
                : HttpRequest.BodyPublishers.ofByteArray(body);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()))
                .POST(publisher).build(), HttpResponse.BodyHandlers.discarding());
        return outcome.get(60, TimeUnit.SECONDS);
    }

    /** A consumer that reads the whole body and says so, or answers what {@code onFailure} makes of the failure. */
    private static Function<StreamedBody, String> readingAll(BiFunction<StreamedBody, IOException, String> onFailure) {
        return b -> {
            try (InputStream in = b.stream()) {
                in.readAllBytes();
                return "read it all";
            } catch (IOException e) {
                return onFailure.apply(b, e);
            }
        };
    }

    /** Opens a raw connection that announces a body of a million bytes and sends only the first {@code sent}. */
    private Socket startPostOfAMillionBytes(int sent) throws IOException {
        Socket socket = new Socket("127.0.0.1", server.actualPort());
        OutputStream out = socket.getOutputStream();
        out.write(
                ("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(randomBytes(sent));
        out.flush();
        return socket;
    }

    /** Reads everything, slowly enough that the request must be paused, and answers with its hash and count. */
    private static String readAllSlowly(StreamedBody body) {
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] block = new byte[7000];
            int n;
            while ((n = body.read(block, 0, block.length)) >= 0) {
                all.write(block, 0, n);
                if (all.size() % 20 == 0) {
                    Thread.sleep(1);
                }
            }
            return sha256(all.toByteArray()) + " " + body.finishSha256() + " " + body.count();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aBodyLargerThanTheQueueArrivesWholeAndInOrderPausingTheSender() throws Exception {
        byte[] body = randomBytes(12 * 1024 * 1024 + 17);
        consumer = body1 -> {
            // Read nothing until the queue is full and the sender has been paused.
            Awaitility.await("the sender paused").atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> body1.pauses() > 0);
            return readAllSlowly(body1);
        };
        String expected = sha256(body) + " " + sha256(body) + " " + body.length;
        assertThat(post(body, false)).isEqualTo(expected);
        assertThat(last.pauses()).isPositive();
        assertThat(post(body, true)).as("chunked").isEqualTo(expected);
    }

    @Test
    void aConsumerThatStopsEarlyStillGetsTheHashAndCountOfTheWholeBody() throws Exception {
        byte[] body = randomBytes(5 * 1024 * 1024);
        consumer = b -> {
            try {
                b.read(new byte[10], 0, 10);
                return b.finishSha256() + " " + b.count();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        assertThat(post(body, false)).isEqualTo(sha256(body) + " " + body.length);
    }

    @Test
    void aBodyOverTheLimitFailsTheReadWithTooLarge() throws Exception {
        limit = 1024 * 1024;
        consumer = readingAll((b, e) -> e instanceof ReceivedBody.TooLargeException
                ? "too large at " + b.count()
                : "other: " + e);
        assertThat(post(randomBytes(3 * 1024 * 1024), true)).startsWith("too large at ");
        assertThat(post(randomBytes(1024 * 1024), true)).isEqualTo("read it all");
    }

    @Test
    void aClientThatGoesAwayMidBodyFailsTheReadInsteadOfLeavingItWaiting() throws Exception {
        outcome = new CompletableFuture<>();
        consumer = readingAll((b, e) -> "failed after " + b.count());
        try (Socket socket = startPostOfAMillionBytes(100_000)) {
            // Every byte sent has been read before the client goes away.
            Awaitility.await("100000 bytes read").atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> last != null && last.count() == 100_000);
        }
        assertThat(outcome.get(30, TimeUnit.SECONDS)).isEqualTo("failed after 100000");
    }

    @Test
    void aSenderThatGoesQuietFailsTheReadAfterTheTimeoutInsteadOfHoldingTheThread() throws Exception {
        readTimeout = java.time.Duration.ofMillis(300);
        outcome = new CompletableFuture<>();
        consumer = readingAll((b, e) -> "failed after " + b.count() + ": " + e.getMessage());
        try (Socket socket = startPostOfAMillionBytes(1000)) {
            // The connection stays open and silent.
            assertThat(outcome.get(30, TimeUnit.SECONDS)).startsWith("failed after 1000: no part of the request body");
        }
    }
}
