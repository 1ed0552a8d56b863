package io.leakresponder.twilio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Obviously fake credentials and the JSON fixtures under src/test/resources/twilio/. */
final class Fixtures {

    /** A fake auth token; tests grep logs and results for it. */
    static final String TOKEN = "f00dfacef00dfacef00dfacef00dface";
    static final String OTHER_TOKEN = "0badc0de0badc0de0badc0de0badc0de";
    static final String KEY_SECRET = "5ec2e75ec2e75ec2e75ec2e75ec2e75e";

    private Fixtures() {
    }

    static String ac(int n) {
        return String.format("AC%032x", n);
    }

    static String sk(int n) {
        return String.format("SK%032x", n);
    }

    static String read(String name, Map<String, String> values) {
        String text;
        try (InputStream in = Fixtures.class.getResourceAsStream("/twilio/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture twilio/" + name);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> v : values.entrySet()) {
            text = text.replace("${" + v.getKey() + "}", v.getValue());
        }
        if (text.contains("${")) {
            throw new IllegalArgumentException("fixture " + name + " has unfilled placeholders");
        }
        return text;
    }

    /** An Account body; like Twilio's, it contains the auth token. */
    static String account(String sid, String owner, String status, String type, String authToken) {
        return read("account.json", Map.of("sid", sid, "owner", owner, "status", status, "type", type,
                "friendlyName", "Fixture account " + sid.substring(sid.length() - 4), "authToken", authToken));
    }

    static String error(int status, int code, String message) {
        return read("error.json", Map.of("status", Integer.toString(status), "code", Integer.toString(code),
                "message", message));
    }
}
