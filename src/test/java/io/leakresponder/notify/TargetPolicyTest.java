package io.leakresponder.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetPolicyTest {

    /** A resolver that knows a few names and nothing else: no DNS in unit tests. */
    static InetAddress[] resolve(String host) throws UnknownHostException {
        Map<String, String> names = Map.of("hooks.slack.com", "34.200.1.1", "internal.corp", "10.2.3.4",
                "metadata.local", "169.254.169.254", "v6.internal", "fd00::1", "localhost", "127.0.0.1");
        String address = names.getOrDefault(host, host);
        if (!address.matches("[0-9.:a-f]+")) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[]{InetAddress.getByName(address)};
    }

    final TargetPolicy strict = new TargetPolicy(true, List.of(), TargetPolicyTest::resolve);

    @Test
    void aPublicHttpsUrlPasses() throws Exception {
        assertThat(strict.check("https://hooks.slack.com/services/T/B/x").getHost()).isEqualTo("hooks.slack.com");
    }

    @Test
    void plainHttpIsRefusedUnlessConfiguredOff() throws Exception {
        assertThatThrownBy(() -> strict.check("http://hooks.slack.com/x")).hasMessageContaining("https://");
        new TargetPolicy(false, List.of(), TargetPolicyTest::resolve).check("http://hooks.slack.com/x");
    }

    @Test
    void internalTargetsAreRefused() {
        for (String url : List.of("https://127.0.0.1/x", "https://localhost/x", "https://169.254.169.254/latest",
                "https://metadata.local/x", "https://internal.corp/x", "https://192.168.1.1/x", "https://[::1]/x",
                "https://v6.internal/x", "https://0.0.0.0/x", "https://100.64.0.1/x", "https://172.16.0.1/x")) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOf(TargetPolicy.RefusedTarget.class)
                    .hasMessageContaining("private");
        }
    }

    @Test
    void theAllowListOpensExactHostsAndRanges() throws Exception {
        TargetPolicy allowing = new TargetPolicy(true, List.of("internal.corp", "192.168.0.0/16", "127.0.0.1"),
                TargetPolicyTest::resolve);
        allowing.check("https://internal.corp/x");
        allowing.check("https://192.168.4.5/x");
        allowing.check("https://127.0.0.1:8443/x");
        assertThatThrownBy(() -> allowing.check("https://10.0.0.1/x")).hasMessageContaining("private");
        assertThatThrownBy(() -> allowing.check("https://169.254.169.254/x")).hasMessageContaining("private");
    }

    @Test
    void malformedOrCredentialBearingUrlsAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> strict.check("https://user:hunter2@hooks.slack.com/x"))
                .hasMessageContaining("user name or password").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> strict.check("ftp://hooks.slack.com/x")).hasMessageContaining("https");
        assertThatThrownBy(() -> strict.check("not a url")).isInstanceOf(TargetPolicy.RefusedTarget.class);
        assertThatThrownBy(() -> strict.check("")).hasMessageContaining("required");
        assertThatThrownBy(() -> strict.check("https://no-such-host.invalid/x")).hasMessageContaining("resolve");
    }
}
