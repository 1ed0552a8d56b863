package io.leakresponder.notify;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which receiver URLs the service may call: https only (unless configured off for tests), no credentials in the
 * URL, and no loopback, link-local, private, unique-local or unspecified address unless the host or address is
 * on the explicit allow-list. Checked when a channel is saved and again before every delivery, since a name can
 * start resolving elsewhere.
 */
final class TargetPolicy {

    /** Resolves a host name to its addresses; a seam for unit tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A URL the policy refuses; the message says why, without repeating the URL. */
    static final class RefusedTarget extends Exception {
        RefusedTarget(String message) {
            super(message);
        }
    }

    private final boolean requireHttps;
    private final List<String> allowed;
    private final Resolver resolver;

    TargetPolicy(boolean requireHttps, List<String> allowed, Resolver resolver) {
        this.requireHttps = requireHttps;
        this.allowed = allowed.stream().map(a -> a.trim().toLowerCase(Locale.ROOT)).filter(a -> !a.isEmpty())
                .toList();
        this.resolver = resolver;
    }

    /** The URL, parsed, if the policy lets the service call it. */
    URI check(String url) throws RefusedTarget {
        if (url == null || url.isBlank()) {
            throw new RefusedTarget("a URL is required");
        }
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new RefusedTarget("not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && !requireHttps)) {
            throw new RefusedTarget(requireHttps ? "the URL must start with https://" : "the URL must be http(s)");
        }
        if (uri.getRawUserInfo() != null) {
            throw new RefusedTarget("the URL must not carry a user name or password");
        }
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw new RefusedTarget("the URL has no host");
        }
        host = host.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (allowed.contains(host)) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new RefusedTarget("the host " + host + " does not resolve");
        }
        for (InetAddress a : addresses) {
            if (isInternal(a) && !allowedAddress(a)) {
                throw new RefusedTarget("the host " + host + " is a loopback, link-local or private address ("
                        + a.getHostAddress()
                        + "); add it to LEAK_RESPONDER_NOTIFY_ALLOWED_PRIVATE_TARGETS to allow it");
            }
        }
        return uri;
    }

    static boolean isInternal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 16) {
            // fc00::/7, IPv6 unique local addresses (Java's isSiteLocal only knows the deprecated fec0::/10).
            return (b[0] & 0xfe) == 0xfc;
        }
        // 100.64.0.0/10, carrier-grade NAT: often used for internal networks in clouds.
        return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }

    private boolean allowedAddress(InetAddress a) {
        for (String entry : allowed) {
            if (entry.equals(a.getHostAddress().toLowerCase(Locale.ROOT)) || inCidr(a, entry)) {
                return true;
            }
        }
        return false;
    }

    private static boolean inCidr(InetAddress a, String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return false;
        }
        try {
            byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
            byte[] addr = a.getAddress();
            int bits = Integer.parseInt(cidr.substring(slash + 1));
            if (net.length != addr.length || bits < 0 || bits > net.length * 8) {
                return false;
            }
            int shift = net.length * 8 - bits;
            return new BigInteger(1, net).shiftRight(shift).equals(new BigInteger(1, addr).shiftRight(shift));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }
}
