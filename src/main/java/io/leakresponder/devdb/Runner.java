package io.leakresponder.devdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * How PostgreSQL's programs are run: as ourselves, or, when the JVM runs as root (which PostgreSQL refuses), as the
 * unprivileged {@value EmbeddedPostgres#RUN_AS} through {@code setpriv}, a user created when missing.
 */
final class Runner {

    private final String uid;
    private final String gid;
    private final boolean setpriv;
    private final boolean pdeathsig;

    private Runner(String uid, String gid, boolean setpriv, boolean pdeathsig) {
        this.uid = uid;
        this.gid = gid;
        this.setpriv = setpriv;
        this.pdeathsig = pdeathsig;
    }

    static Runner detect() throws IOException {
        boolean setpriv = Files.isExecutable(Path.of("/usr/bin/setpriv"))
                || Files.isExecutable(Path.of("/bin/setpriv"));
        boolean pdeathsig = setpriv && output(List.of("setpriv", "--help")).contains("--pdeathsig");
        if (!"0".equals(output(List.of("id", "-u")).strip())) {
            return new Runner(null, null, setpriv, pdeathsig);
        }
        if (!setpriv) {
            throw new IOException("PostgreSQL refuses to run as root and setpriv (util-linux) is missing to run it "
                    + "as " + EmbeddedPostgres.RUN_AS + ": install util-linux, run as another user, or set "
                    + "QUARKUS_DATASOURCE_JDBC_URL / TEST_JDBC_URL to a PostgreSQL of your own");
        }
        if (exitCode(List.of("id", "-u", EmbeddedPostgres.RUN_AS)) != 0) {
            List<String> useradd = List.of("useradd", "--system", "--user-group", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", EmbeddedPostgres.RUN_AS);
            int exit = exitCode(useradd);
            // 9: created meanwhile by another JVM.
            if (exit != 0 && exit != 9) {
                throw new IOException("cannot create the system user " + EmbeddedPostgres.RUN_AS + " that runs "
                        + "PostgreSQL for root (" + String.join(" ", useradd) + " exited " + exit + ")");
            }
            System.err.println("[embedded-postgres] created system user " + EmbeddedPostgres.RUN_AS
                    + ": PostgreSQL refuses to run as root");
        }
        String uid = output(List.of("id", "-u", EmbeddedPostgres.RUN_AS)).strip();
        String gid = output(List.of("id", "-g", EmbeddedPostgres.RUN_AS)).strip();
        return new Runner(uid, gid, true, pdeathsig);
    }

    /**
     * The command, run as the unprivileged user when we are root; with {@code dieWithUs}, the process also gets
     * SIGINT (PostgreSQL's fast shutdown) when the JVM dies without running its shutdown hooks (kill -9).
     */
    List<String> command(List<String> command, boolean dieWithUs) {
        List<String> full = new ArrayList<>();
        if (uid != null || (dieWithUs && pdeathsig)) {
            full.add("setpriv");
            if (uid != null) {
                full.addAll(List.of("--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
            }
            if (dieWithUs && pdeathsig) {
                full.add("--pdeathsig=INT");
            }
            full.add("--");
        }
        full.addAll(command);
        return full;
    }

    /** Gives a file or folder we created to the user that runs PostgreSQL. */
    void handOver(Path path) throws IOException {
        if (uid != null) {
            int exit = exitCode(List.of("chown", "-R", uid + ":" + gid, path.toString()));
            if (exit != 0) {
                throw new IOException("cannot give " + path + " to " + EmbeddedPostgres.RUN_AS);
            }
        }
    }

    /**
     * The folder itself when the user that runs PostgreSQL can reach it; otherwise (as root, a folder under
     * /root is closed to other users) a folder of its own under the system's temporary folder, so that no
     * permission of the user's home has to change.
     */
    Path reachable(Path root) throws IOException {
        if (uid == null || exitCode(command(List.of("test", "-x", root.toString()), false)) == 0) {
            return root;
        }
        String hash;
        try {
            hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(root.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Path base = Path.of(System.getProperty("java.io.tmpdir"), "leak-responder-postgres");
        Path moved = base.resolve(root.getFileName() + "-" + hash);
        Files.createDirectories(moved);
        for (Path p = moved; p != null && p.startsWith(base); p = p.getParent()) {
            exitCode(List.of("chmod", "755", p.toString()));
        }
        System.err.println("[embedded-postgres] " + root + " is closed to " + EmbeddedPostgres.RUN_AS
                + ", which runs PostgreSQL for root: using " + moved + " instead");
        return moved;
    }

    private static int exitCode(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String output(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
