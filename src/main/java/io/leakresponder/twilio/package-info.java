/**
 * Facade over twilio-java 13.0.1: read-only liveness checks of leaked credentials ({@link
 * io.leakresponder.twilio.TwilioFacade}), rotation writes and key/subaccount listings whose ambiguous failures are
 * reported, never blindly retried ({@link io.leakresponder.twilio.TwilioRotation}), and per-credential clients for
 * other features ({@link io.leakresponder.twilio.TwilioClients}), and single guarded reads for features that page
 * themselves ({@link io.leakresponder.twilio.TwilioReads}). All of them share one retry engine
 * ({@code TwilioCallExecutor}), one set of circuit breakers and one concurrency limit, and sort failures into one
 * type, {@link io.leakresponder.twilio.TwilioFailure}, which also names Twilio's error codes.
 *
 * <p>Facts about the SDK this package relies on, checked in its 13.0.1 sources:
 * <ul>
 *   <li>{@code HttpClient.reliableRequest} repeats any 5xx response {@code RETRIES = 3} times, {@code DELAY_MILLIS =
 *       100} ms apart, and never retries 429; {@code TwilioRestClient.request} repeats a 401 once, only for bearer
 *       token auth (not used here). {@code TwilioTransport} overrides {@code reliableRequest} to send exactly one
 *       request, so the facade's own retry budget is the only one and {@code attempts} counts real requests.</li>
 *   <li>Apache HttpClient 5's default retry strategy would also retry 429/503 and some I/O errors; it is disabled.</li>
 *   <li>An error response becomes {@code ApiException} whose {@code getStatusCode()} is the JSON body's
 *       {@code status}, and null when the body is empty or not JSON; the transport therefore records the real HTTP
 *       status per attempt ({@code Exchange}).</li>
 *   <li>{@code Account}, {@code NewKey}, {@code SecondaryAuthToken} and {@code AuthTokenPromotion} print secrets in
 *       {@code toString()}; the SDK's parse errors may quote response bodies. Neither is ever logged or kept here.</li>
 *   <li>{@code NetworkHttpClient} applies its default request config (connect 30.5 s, pool wait 10 s) to every
 *       request whatever it was built with, which is why the transport extends {@code HttpClient} instead.</li>
 * </ul>
 *
 * <p>Logging: nothing here logs secrets, headers or bodies. Apache's {@code org.apache.hc.client5.http.headers}
 * and {@code org.apache.hc.client5.http.wire} categories print the Authorization header and bodies at DEBUG, so
 * they must stay at INFO or above.
 */
package io.leakresponder.twilio;
