package io.leakresponder.testsupport;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side view of requests in flight, part of {@link TwilioDouble}. It holds each request for
 * {@code delayMillis} inside the transformer,
 * so a request counts from its arrival until its response is chosen, and records the highest concurrency seen
 * overall and per account (from the {@code /Accounts/{AC}} path).
 */
public final class TwilioInFlightProbe implements ResponseDefinitionTransformerV2 {

    private static final Pattern ACCOUNT = Pattern.compile("/Accounts/(AC[0-9a-fA-F]{32})");

    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final Map<String, AtomicInteger> perAccount = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> maxPerAccount = new ConcurrentHashMap<>();
    private volatile long delayMillis;

    /** Clears the counts; from now on each request is held {@code delayMillis} (0: not held). */
    public void reset(long delayMillis) {
        this.delayMillis = delayMillis;
        inFlight.set(0);
        maxInFlight.set(0);
        perAccount.clear();
        maxPerAccount.clear();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public int maxInFlightForAnyAccount() {
        return maxPerAccount.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Matcher m = ACCOUNT.matcher(serveEvent.getRequest().getUrl());
        String account = m.find() ? m.group(1) : "none";
        AtomicInteger mine = perAccount.computeIfAbsent(account, a -> new AtomicInteger());
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        int nowForAccount = mine.incrementAndGet();
        maxPerAccount.computeIfAbsent(account, a -> new AtomicInteger()).accumulateAndGet(nowForAccount, Math::max);
        try {
            if (delayMillis > 0) {
                // A deliberate hold, not polling: the request must stay in flight for the limits to be measured.
                Thread.sleep(delayMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            mine.decrementAndGet();
            inFlight.decrementAndGet();
        }
        return serveEvent.getResponseDefinition();
    }

    @Override
    public String getName() {
        return "in-flight-probe";
    }
}
