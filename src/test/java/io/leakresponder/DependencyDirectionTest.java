package io.leakresponder;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages' dependency direction, read from the main sources. Each top-level package under
 * {@code io.leakresponder} has a layer, from the top down:
 *
 * <pre>
 * 7 dashboard
 * 6 audit                      (the usage-audit step: usage audit of the window, attacker-made keys)
 * 5 rotation
 * 4 incident
 * 3 liveness, usage, ingest
 * 2 credential, jobs, account
 * 1 security
 * 0 twilio, common
 * </pre>
 *
 * The rule: a class may refer only to its own top-level package (sub-packages such as {@code ingest.parse} belong to
 * their parent) and to packages of a strictly lower layer. Peers of one layer never refer to each other: liveness,
 * usage and ingest do not know each other, nor do credential, jobs and account, nor twilio and common. Where a lower
 * package must make a higher one act, it fires a CDI event it owns (liveness' {@code LivenessRecorded}, ingest's
 * {@code FindingsRecorded}, credential's {@code SecretCredentialsAdded}) and the higher one observes it.
 *
 * <p>{@code account} (the accounts' registered admin credentials) sits with credential and jobs: it uses only
 * twilio, security and common, and rotation and audit (its usage credentials, its suspects) use it.
 * {@code audit} sits above rotation because the suspect scan leaves out the keys the rotation made, and it is the
 * step that follows rotation. {@code security} sits below {@code jobs}, which guards its endpoint with its roles; so
 * the dashboard-session purge job lives in the dashboard.
 *
 * <p>A reference is an {@code import} (static too) or any fully qualified {@code io.leakresponder.x.} name in the
 * file, comments included: a {@code {@link}} to a higher package is as much a knot as an import. A package that is
 * not in {@link #LAYERS} fails the test: a new package is placed here deliberately, with its reason.
 *
 * <p>Only main sources are read: test code ({@code testsupport} and the tests) may reach across layers to set up a
 * scenario.
 */
class DependencyDirectionTest {

    private static final Path MAIN = Path.of("src", "main", "java", "io", "leakresponder");

    /** The layer of each top-level package; see the class javadoc for the rule. */
    static final Map<String, Integer> LAYERS = Map.ofEntries(
            // The demo seeds through ingest, incident and account and is used by nobody: on top.
            Map.entry("demo", 8),
            Map.entry("dashboard", 7),
            Map.entry("audit", 6),
            // Notifications observe incident events and link tickets; only the dashboard uses them.
            Map.entry("notify", 6),
            Map.entry("rotation", 5),
            // An incident's external ticket link: above incident, below notify (a Jira channel sets it).
            Map.entry("ticket", 5),
            Map.entry("incident", 4),
            Map.entry("liveness", 3),
            Map.entry("usage", 3),
            Map.entry("ingest", 3),
            Map.entry("credential", 2),
            Map.entry("jobs", 2),
            Map.entry("account", 2),
            Map.entry("security", 1),
            Map.entry("twilio", 0),
            Map.entry("common", 0),
            // The embedded PostgreSQL of dev mode and tests: plain JDK code that common's dev bootstrap starts.
            Map.entry("devdb", -1));

    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.leakresponder\\.([a-z_][a-z0-9_]*)\\.");

    /** One reference that goes against the direction. */
    record Offence(String file, int line, String from, String to) {
        @Override
        public String toString() {
            return file + ":" + line + " (" + from + ", layer " + LAYERS.get(from) + ") -> " + to + " (layer "
                    + LAYERS.get(to) + ")";
        }
    }

    @Test
    void everyMainPackageHasALayer() throws IOException {
        TreeSet<String> unknown = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(MAIN)) {
            dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString())
                    .filter(p -> !LAYERS.containsKey(p)).forEach(unknown::add);
        }
        for (Path file : sources()) {
            for (String line : Files.readAllLines(file)) {
                Matcher m = REFERENCE.matcher(line);
                while (m.find()) {
                    if (!LAYERS.containsKey(m.group(1))) {
                        unknown.add(m.group(1));
                    }
                }
            }
        }
        assertTrue(unknown.isEmpty(), "packages without a layer: " + unknown + ". Give each one a layer in "
                + "DependencyDirectionTest.LAYERS (and the README's Architecture table): what may it use, and who "
                + "uses it?");
    }

    @Test
    void everyReferencePointsDown() throws IOException {
        List<Offence> offences = new ArrayList<>();
        for (Path file : sources()) {
            String from = MAIN.relativize(file).getName(0).toString();
            if (!LAYERS.containsKey(from)) {
                continue; // reported by everyMainPackageHasALayer
            }
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = REFERENCE.matcher(lines.get(i));
                while (m.find()) {
                    String to = m.group(1);
                    if (to.equals(from) || !LAYERS.containsKey(to)) {
                        continue;
                    }
                    if (LAYERS.get(to) >= LAYERS.get(from)) {
                        offences.add(new Offence(MAIN.relativize(file).toString(), i + 1, from, to));
                    }
                }
            }
        }
        if (!offences.isEmpty()) {
            StringBuilder message = new StringBuilder(offences.size() + " reference(s) against the direction "
                    + "(dashboard > audit > rotation > incident > liveness/usage/ingest > credential/jobs/account > "
                    + "security > twilio/common; peers of a layer do not refer to each other); fire an event from "
                    + "the lower package instead, or move the code up:");
            offences.forEach(o -> message.append("\n  ").append(o));
            fail(message.toString());
        }
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        // A test that reads nothing would pass on anything: the sources are where it looks.
        assertTrue(sources().size() > 100, "expected the main sources under " + MAIN.toAbsolutePath());
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
