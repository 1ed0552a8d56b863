package io.leakresponder.twilio;

/**
 * What one facade attempt tells the transport (its deadline) and learns back (the real HTTP status).
 *
 * <p>twilio-java turns an error response into an {@code ApiException} whose status comes from the JSON body,
 * and is null when the body is empty or not JSON; the facade needs the status actually received. The SDK call
 * runs synchronously on the caller's thread, so a thread-local scope opened around it is enough.
 */
final class Exchange implements AutoCloseable {

    private static final ThreadLocal<Exchange> CURRENT = new ThreadLocal<>();

    private final long deadlineNanos;
    private Integer httpStatus;
    private int requests;

    private Exchange(long deadlineNanos) {
        this.deadlineNanos = deadlineNanos;
    }

    /** Opens a scope on this thread; close it in a finally block. */
    static Exchange open(long deadlineNanos) {
        Exchange exchange = new Exchange(deadlineNanos);
        CURRENT.set(exchange);
        return exchange;
    }

    /** The scope open on this thread, or null when the SDK is used outside the facade. */
    static Exchange current() {
        return CURRENT.get();
    }

    long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    void recordResponse(int status) {
        httpStatus = status;
    }

    void recordRequest() {
        requests++;
    }

    /** HTTP status of the last response received in this scope; null when no response arrived. */
    Integer httpStatus() {
        return httpStatus;
    }

    /** Requests the transport sent in this scope (the SDK may send more than one per call in other versions). */
    int requests() {
        return requests;
    }

    @Override
    public void close() {
        CURRENT.remove();
    }
}
