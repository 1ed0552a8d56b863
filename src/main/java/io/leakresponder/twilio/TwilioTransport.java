package io.leakresponder.twilio;

import com.twilio.Twilio;
import com.twilio.constant.EnumConstants;
import com.twilio.exception.ApiConnectionException;
import com.twilio.exception.InvalidRequestException;
import com.twilio.http.HttpClient;
import com.twilio.http.HttpMethod;
import com.twilio.http.HttpUtility;
import com.twilio.http.Request;
import com.twilio.http.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jboss.logging.Logger;

/**
 * The one HTTP transport under every per-credential {@code TwilioRestClient}.
 *
 * <p>It extends {@link HttpClient} rather than {@code NetworkHttpClient} because the latter resets each request
 * to {@code DEFAULT_REQUEST_CONFIG} (connect 30.5 s, pool wait 10 s) whatever it was built with, so configured
 * timeouts would be ignored. Differences from the SDK's transport, each on purpose:
 * <ul>
 *   <li>Exactly one HTTP request per SDK call. {@code HttpClient.reliableRequest} would repeat any 5xx three times,
 *       100 ms apart, and keep the last request (with credentials) and response (an Account body holds the auth
 *       token) in shared fields. The facade owns retries, with back-off and a budget; a POST from rotation code is
 *       never repeated blindly.</li>
 *   <li>Apache's own retries are off too: its default strategy silently retries 429/503 and some I/O errors.</li>
 *   <li>With a base URL, any Twilio host is sent there with the same path, query and body, plus
 *       {@code X-Forwarded-Host} naming the Twilio host meant; without one, only {@code https://*.twilio.com} is
 *       reachable, so a forged paging URL cannot carry credentials elsewhere.</li>
 *   <li>Nothing here logs: no URL, header or body.</li>
 * </ul>
 */
final class TwilioTransport extends HttpClient implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TwilioTransport.class);
    static final String FORWARDED_HOST = "X-Forwarded-Host";

    private final Optional<URI> baseUrl;
    private final Timeout readTimeout;
    private final RequestConfig requestConfig;
    private final PoolingHttpClientConnectionManager connections;
    private final CloseableHttpClient http;

    TwilioTransport(TwilioSettings settings) {
        this.baseUrl = settings.baseUrl();
        this.readTimeout = timeout(settings.readTimeout());
        // With a base URL every host shares one route, so a route must fit all permitted requests; the SDK's
        // NetworkHttpClient allows 20 per route and 100 in total.
        int perRoute = Math.max(20, settings.globalConcurrency());
        this.connections = PoolingHttpClientConnectionManagerBuilder.create()
                .useSystemProperties()
                .setMaxConnPerRoute(perRoute)
                .setMaxConnTotal(Math.max(100, perRoute * 4))
                .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(readTimeout).setSoKeepAlive(true).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(timeout(settings.connectTimeout()))
                        .setSocketTimeout(readTimeout)
                        // Apache retries are off, so check a pooled connection before reuse instead of failing on it.
                        .setValidateAfterInactivity(TimeValue.ofSeconds(2))
                        .build())
                .build();
        this.requestConfig = RequestConfig.custom()
                // Waiting for a pooled connection is bounded like a connect.
                .setConnectionRequestTimeout(timeout(settings.connectTimeout()))
                .setResponseTimeout(readTimeout)
                .setRedirectsEnabled(false)
                .build();
        this.http = HttpClients.custom()
                .useSystemProperties()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(requestConfig)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                // Bodies are a few hundred bytes; gzip costs more CPU than it saves (the SDK's client never asks for it).
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .build();
        baseUrl.ifPresent(url -> LOG.warnf("Twilio requests are routed to %s instead of https://*.twilio.com", url));
    }

    /** The SDK's retry loop is replaced by a single request; see the class comment. */
    @Override
    public Response reliableRequest(Request request) {
        return makeRequest(request);
    }

    @Override
    public Response reliableRequest(Request request, int[] retryCodes, int retries, long delayMillis) {
        return makeRequest(request);
    }

    @Override
    public Response makeRequest(Request request) {
        zonedMonitorDates(request);
        URI original = originalUri(request);
        URI target = target(original);
        HttpUriRequestBase out = new HttpUriRequestBase(request.getMethod().toString(), target);
        if (request.requiresAuthentication()) {
            out.addHeader(HttpHeaders.AUTHORIZATION, request.getAuthString());
        }
        for (Map.Entry<String, List<String>> header : request.getHeaderParams().entrySet()) {
            for (String value : header.getValue()) {
                out.addHeader(header.getKey(), value);
            }
        }
        out.addHeader(HttpHeaders.USER_AGENT, HttpUtility.getUserAgentString(request.getUserAgentExtensions(), true));
        out.addHeader("X-Twilio-Client", "java-" + Twilio.VERSION);
        if (!out.containsHeader(HttpHeaders.ACCEPT)) {
            out.addHeader(HttpHeaders.ACCEPT, "application/json");
        }
        if (baseUrl.isPresent()) {
            out.addHeader(FORWARDED_HOST, original.getHost());
        }
        if (request.getMethod() != HttpMethod.GET) {
            setBody(out, request);
        }

        Exchange exchange = Exchange.current();
        HttpClientContext context = HttpClientContext.create();
        if (exchange != null) {
            // Never wait past the check's budget for one response.
            long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(exchange.remainingNanos()));
            Timeout capped = Timeout.ofMilliseconds(Math.min(readTimeout.toMilliseconds(), remainingMs));
            context.setRequestConfig(RequestConfig.copy(requestConfig).setResponseTimeout(capped).build());
            exchange.recordRequest();
        }
        try {
            return http.execute(out, context, response -> {
                String body = response.getEntity() == null
                        ? ""
                        : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                if (exchange != null) {
                    exchange.recordResponse(response.getCode());
                }
                return new Response(body, response.getCode(), response.getHeaders());
            });
        } catch (IOException e) {
            // The message names host and failure only; the request (and its Authorization header) stays out of it.
            throw new ApiConnectionException(
                    "Twilio request to " + target.getHost() + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** A date-time as twilio-java formats single-value filters: no zone, no conversion. */
    private static final java.util.regex.Pattern ZONELESS = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");

    /**
     * Monitor's {@code StartDate}/{@code EndDate} (Events and Alerts) are documented as ISO 8601 date-times in GMT,
     * {@code YYYY-MM-DDThh:mm:ssZ}; twilio-java 13.0.1 writes them without the zone. Every caller here passes UTC
     * times, so the missing {@code Z} is added rather than leaving Twilio to guess the zone.
     */
    static void zonedMonitorDates(Request request) {
        String url = request.getUrl();
        if (url == null || !url.toLowerCase(Locale.ROOT).startsWith("https://monitor.")) {
            return;
        }
        for (String name : List.of("StartDate", "EndDate")) {
            List<String> values = request.getQueryParams().get(name);
            if (values != null) {
                values.replaceAll(v -> v != null && ZONELESS.matcher(v).matches() ? v + "Z" : v);
            }
        }
    }

    /** Where the request really goes: the Twilio URL, or the base URL with the same path and query. */
    URI target(URI original) {
        if (baseUrl.isEmpty()) {
            String host = original.getHost() == null ? "" : original.getHost().toLowerCase(Locale.ROOT);
            if (!"https".equals(original.getScheme()) || !(host.equals("twilio.com") || host.endsWith(".twilio.com"))) {
                throw new InvalidRequestException("Refusing to send Twilio credentials to a non-Twilio URL", host,
                        null);
            }
            return original;
        }
        String base = baseUrl.get().toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String path = original.getRawPath() == null ? "" : original.getRawPath();
        String query = original.getRawQuery() == null ? "" : "?" + original.getRawQuery();
        return URI.create(base + path + query);
    }

    private static URI originalUri(Request request) {
        try {
            return request.constructURL().toURI();
        } catch (URISyntaxException e) {
            throw new InvalidRequestException("Twilio request URL is not a valid URI", "url", e);
        }
    }

    private static void setBody(HttpUriRequestBase out, Request request) {
        EnumConstants.ContentType type = request.getContentType();
        if (type == EnumConstants.ContentType.JSON) {
            out.setEntity(
                    new StringEntity(request.getBody() == null ? "" : request.getBody(), ContentType.APPLICATION_JSON));
        } else if (type == EnumConstants.ContentType.MULTIPART_FORM_DATA) {
            // No feature uploads files to Twilio; refuse rather than send a half-built body.
            throw new InvalidRequestException("Multipart requests are not supported by this transport", "contentType",
                    null);
        } else {
            List<NameValuePair> form = new ArrayList<>();
            for (Map.Entry<String, List<String>> param : request.getPostParams().entrySet()) {
                for (String value : param.getValue()) {
                    form.add(new BasicNameValuePair(param.getKey(), value));
                }
            }
            out.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
        }
    }

    private static Timeout timeout(Duration d) {
        return Timeout.ofMilliseconds(Math.max(1, d.toMillis()));
    }

    /** Connections allowed per route, for the benchmark and tests. */
    int maxConnectionsPerRoute() {
        return connections.getDefaultMaxPerRoute();
    }

    @Override
    public void close() {
        http.close(CloseMode.GRACEFUL);
    }
}
