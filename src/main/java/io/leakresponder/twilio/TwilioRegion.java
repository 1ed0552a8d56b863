package io.leakresponder.twilio;

import java.util.Locale;

/**
 * The Twilio regions a credential can live in. Twilio credentials are region-specific: an Auth Token or API key
 * created in IE1 or AU1 is refused (401, code 20003) on the US1 hosts, so a refusal in one region alone never
 * proves a credential dead. twilio-java reaches a region through its {@code region} and {@code edge} settings,
 * which make hosts like {@code api.dublin.ie1.twilio.com}.
 */
public enum TwilioRegion {
    /** United States (the default hosts, e.g. {@code api.twilio.com}). */
    US1(null, null),
    /** Ireland, through the Dublin edge. */
    IE1("ie1", "dublin"),
    /** Australia, through the Sydney edge. */
    AU1("au1", "sydney");

    private final String sdkRegion;
    private final String sdkEdge;

    TwilioRegion(String sdkRegion, String sdkEdge) {
        this.sdkRegion = sdkRegion;
        this.sdkEdge = sdkEdge;
    }

    /** The SDK's region setting; null for US1, which keeps the SDK's default hosts. */
    String sdkRegion() {
        return sdkRegion;
    }

    /** The SDK's edge setting; null for US1. */
    String sdkEdge() {
        return sdkEdge;
    }

    /** Lower-case code as Twilio writes it ({@code us1}, {@code ie1}, {@code au1}); also the stored form. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The host a product is reached at in this region, e.g. {@code api.dublin.ie1.twilio.com}. */
    public String host(String product) {
        return sdkRegion == null ? product + ".twilio.com" : product + "." + sdkEdge + "." + sdkRegion + ".twilio.com";
    }

    /** The region of a stored code; null stays null (not known yet, so US1 is tried first). */
    public static TwilioRegion ofCode(String code) {
        if (code == null) {
            return null;
        }
        for (TwilioRegion r : values()) {
            if (r.code().equalsIgnoreCase(code)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown Twilio region: " + code);
    }

    /** Every region, the known one (if any) first, so a credential's own region is asked before the others. */
    static TwilioRegion[] tryOrder(TwilioRegion known) {
        if (known == null || known == US1) {
            return values();
        }
        TwilioRegion[] order = new TwilioRegion[values().length];
        order[0] = known;
        int i = 1;
        for (TwilioRegion r : values()) {
            if (r != known) {
                order[i++] = r;
            }
        }
        return order;
    }
}
