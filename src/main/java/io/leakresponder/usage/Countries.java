package io.leakresponder.usage;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Destination country of an E.164 number with libphonenumber. Results are cached by the number's first digits
 * (country code plus area or mobile prefix), which decide the region, so a pull of a million messages parses each
 * prefix once. Numbers that are not E.164 (client:, sip:, short codes, alphanumeric senders) have no country.
 * International networks (+800, +870, +881, +882, +883, +979) get libphonenumber's non-geographic region
 * {@code 001}; numbers of unassigned codes get {@code ZZ}.
 */
final class Countries {

    /** Region code for "unknown", as libphonenumber uses it. */
    static final String UNKNOWN = "ZZ";

    // '+' and seven digits: the NANP area code (+1 NPA) and prefixes within shared country codes (+44 7781 for
    // Guernsey, +7 7 for Kazakhstan, +590 for the French Antilles) fit within it.
    private static final int PREFIX_LENGTH = 8;
    private static final int MAX_CACHED = 50_000;

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final ConcurrentHashMap<String, String> byPrefix = new ConcurrentHashMap<>();

    /** ISO 3166 alpha-2 region of an E.164 number, or null when the value is not one. */
    String of(String number) {
        if (number == null || number.length() < 4 || number.charAt(0) != '+') {
            return null;
        }
        for (int i = 1; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        String prefix = number.length() > PREFIX_LENGTH ? number.substring(0, PREFIX_LENGTH) : null;
        if (prefix != null) {
            String cached = byPrefix.get(prefix);
            if (cached != null) {
                return cached;
            }
        }
        String region = parse(number);
        if (prefix != null && !UNKNOWN.equals(region)) {
            if (byPrefix.size() >= MAX_CACHED) {
                byPrefix.clear(); // bounded: a pathological spread of prefixes only costs parsing time
            }
            byPrefix.put(prefix, region);
        }
        return region;
    }

    private String parse(String number) {
        try {
            Phonenumber.PhoneNumber parsed = util.parse(number, UNKNOWN);
            String region = util.getRegionCodeForNumber(parsed);
            if (region == null) {
                // Shared country codes resolve only for valid numbers; fall back to the code's main region.
                region = util.getRegionCodeForCountryCode(parsed.getCountryCode());
            }
            return region == null ? UNKNOWN : region;
        } catch (NumberParseException e) {
            return UNKNOWN;
        }
    }
}
