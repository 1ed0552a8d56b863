package io.leakresponder.usage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** A list of CIDR ranges (IPv4 and IPv6) and the test whether an address lies in one of them. */
final class Cidrs {

    private final List<Range> ranges;

    private Cidrs(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * Parses ranges such as {@code 203.0.113.0/24}, {@code 2001:db8::/32} or a single address.
     *
     * @throws IllegalArgumentException naming the first invalid entry
     */
    static Cidrs parse(List<String> cidrs) {
        List<Range> parsed = new ArrayList<>();
        for (String raw : cidrs) {
            String cidr = raw.strip();
            if (cidr.isEmpty()) {
                continue;
            }
            int slash = cidr.indexOf('/');
            byte[] address = literal(slash < 0 ? cidr : cidr.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("not an IP range: '" + cidr + "' (expected e.g. 203.0.113.0/24)");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(cidr.substring(slash + 1));
                } catch (NumberFormatException e) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("not an IP range: '" + cidr + "' (bad prefix length)");
                }
            }
            parsed.add(new Range(address, bits));
        }
        return new Cidrs(List.copyOf(parsed));
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** True when {@code ip} is an address inside one of the ranges; false for anything that is no IP literal. */
    boolean contains(String ip) {
        byte[] address = ip == null ? null : literal(ip.strip());
        if (address == null) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of an IPv4 or IPv6 literal, or null; never a DNS lookup. */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        boolean v6 = s.indexOf(':') >= 0;
        if (!v6 && !s.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return null;
        }
        if (v6 && !s.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        try {
            // With only digits, dots, colons and hex letters InetAddress parses a literal and never resolves a name.
            byte[] bytes = InetAddress.getByName(s).getAddress();
            return bytes;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            byte[] net = network;
            if (address.length != net.length) {
                if (address.length == 16 && net.length == 4 && isV4Mapped(address)) {
                    address = java.util.Arrays.copyOfRange(address, 12, 16);
                } else {
                    return false;
                }
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != net[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (net[full] & mask);
        }

        private static boolean isV4Mapped(byte[] a) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return false;
                }
            }
            return (a[10] & 0xFF) == 0xFF && (a[11] & 0xFF) == 0xFF;
        }
    }
}
