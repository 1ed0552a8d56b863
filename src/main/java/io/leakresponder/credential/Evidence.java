package io.leakresponder.credential;

/**
 * The credential parts one finding carries. Any may be null; {@code secret} is the raw value and never
 * leaves this service except encrypted.
 *
 * @param link for value-less platform alerts, the alert's URL identifies it
 */
public record Evidence(String accountSid, String keySid, String secret, boolean secretIsApiKey, String secretSha1,
        String link) {

    @Override
    public String toString() {
        return "Evidence[accountSid=" + accountSid + ", keySid=" + keySid + ", secret="
                + (secret == null ? "none" : "present") + ", sha1=" + (secretSha1 != null) + "]";
    }
}
