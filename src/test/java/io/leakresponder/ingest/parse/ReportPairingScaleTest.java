package io.leakresponder.ingest.parse;

import io.leakresponder.ingest.parse.ScannerFinding.SecretKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID;
import static io.leakresponder.ingest.parse.Fake.ACCOUNT_SID_2;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN;
import static io.leakresponder.ingest.parse.Fake.AUTH_TOKEN_2;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET;
import static io.leakresponder.ingest.parse.Fake.KEY_SECRET_2;
import static io.leakresponder.ingest.parse.Fake.KEY_SID;
import static io.leakresponder.ingest.parse.Fake.KEY_SID_2;
import static io.leakresponder.ingest.parse.Halves.sid;
import static org.assertj.core.api.Assertions.assertThat;

/** Pairing at the size a report may have, and against the straightforward quadratic definition. */
class ReportPairingScaleTest {

    private static final String COMMIT = "9f3c2a1b4d5e6f708192a3b4c5d6e7f809112233";
    private static final int MAX_FINDINGS = 200_000;

    @Test
    void twoHundredThousandFindingsInManyFilesPairAsNeighbours() {
        List<ScannerFinding> in = new ArrayList<>();
        for (int k = 0; k < MAX_FINDINGS / 2; k++) {
            String file = "f" + (k % 5_000) + ".env";
            int line = 10 * (k / 5_000) + 1;
            in.add(sid(in.size() + 1, file, COMMIT, line, k % 2 == 0 ? ACCOUNT_SID : null,
                    k % 2 == 0 ? null : KEY_SID));
            in.add(secret(in.size() + 1, file, COMMIT, line + 1, k % 2 == 0 ? AUTH_TOKEN : KEY_SECRET));
        }

        List<ScannerFinding> out = ReportPairing.pair(in);

        assertThat(out).hasSize(MAX_FINDINGS);
        for (int i = 0; i < MAX_FINDINGS; i += 997) {
            ScannerFinding f = out.get(i);
            int k = i / 2;
            assertThat(f.reportLine()).isEqualTo(i + 1);
            assertThat(f.line()).isEqualTo(in.get(i).line());
            assertThat(f.secret()).isEqualTo(k % 2 == 0 ? AUTH_TOKEN : KEY_SECRET);
            assertThat(f.accountSid()).isEqualTo(k % 2 == 0 ? ACCOUNT_SID : null);
            assertThat(f.keySid()).isEqualTo(k % 2 == 0 ? null : KEY_SID);
            assertThat(f.secretKind()).isEqualTo(k % 2 == 0 ? SecretKind.AUTH_TOKEN : SecretKind.API_KEY_SECRET);
        }
        assertThat(out.stream().filter(f -> f.secret() == null || (f.accountSid() == null && f.keySid() == null)))
                .as("findings left unpaired").isEmpty();
    }

    @Test
    void twoHundredThousandFindingsOnOneLineOfOneFile() {
        // The worst case for a window: every finding is a candidate for every other.
        List<ScannerFinding> in = new ArrayList<>();
        for (int k = 0; k < MAX_FINDINGS / 2; k++) {
            in.add(secret(in.size() + 1, "a.env", COMMIT, 7, AUTH_TOKEN));
        }
        for (int k = 0; k < MAX_FINDINGS / 2; k++) {
            in.add(sid(in.size() + 1, "a.env", COMMIT, 7, ACCOUNT_SID, null));
        }

        List<ScannerFinding> out = ReportPairing.pair(in);

        assertThat(out).hasSize(MAX_FINDINGS);
        assertThat(out.stream().filter(f -> !ACCOUNT_SID.equals(f.accountSid()) || !AUTH_TOKEN.equals(f.secret())))
                .as("findings left unpaired").isEmpty();
        // the output keeps the input order
        assertThat(out.get(0).reportLine()).isEqualTo(1);
        assertThat(out.get(MAX_FINDINGS / 2).reportLine()).isEqualTo(MAX_FINDINGS / 2 + 1);
        assertThat(out.get(MAX_FINDINGS - 1).reportLine()).isEqualTo(MAX_FINDINGS);
    }

    @Test
    void sameResultAsTheQuadraticDefinitionOnRandomReports() {
        Random random = new Random(42);
        String[] files = {"a.env", "b.env", null};
        String[] commits = {COMMIT, null};
        for (int round = 0; round < 300; round++) {
            List<ScannerFinding> in = new ArrayList<>();
            int n = 1 + random.nextInt(60);
            for (int i = 0; i < n; i++) {
                String file = files[random.nextInt(files.length)];
                String commit = commits[random.nextInt(commits.length)];
                Integer line = random.nextInt(10) == 0 ? null : random.nextInt(25);
                in.add(switch (random.nextInt(7)) {
                    case 0 -> sid(i + 1, file, commit, line, ACCOUNT_SID, null);
                    case 1 -> sid(i + 1, file, commit, line, ACCOUNT_SID_2, null);
                    case 2 -> sid(i + 1, file, commit, line, null, random.nextBoolean() ? KEY_SID : KEY_SID_2);
                    case 3 -> secret(i + 1, file, commit, line, random.nextBoolean() ? AUTH_TOKEN : AUTH_TOKEN_2);
                    case 4 -> secret(i + 1, file, commit, line, random.nextBoolean() ? KEY_SECRET : KEY_SECRET_2);
                    case 5 -> secret(i + 1, file, commit, line, AUTH_TOKEN)
                            .withCredential(ACCOUNT_SID, null, AUTH_TOKEN, SecretKind.AUTH_TOKEN);
                    default -> sid(i + 1, file, commit, line, "not-a-sid", null);
                });
            }
            for (int maxLines : new int[]{0, 1, 3, 5, 64, 65, 1_000}) {
                assertThat(ReportPairing.pair(in, maxLines)).as("round %d, maxLines %d", round, maxLines)
                        .isEqualTo(reference(in, maxLines));
            }
        }
    }

    /** The definition: every candidate pair, nearest first, ties to the earlier secret, then the earlier SID. */
    private static List<ScannerFinding> reference(List<ScannerFinding> findings, int maxLines) {
        record Candidate(int secret, int sid, int distance) {
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int s = 0; s < findings.size(); s++) {
            ScannerFinding secret = findings.get(s);
            if (secret.secret() == null || secret.accountSid() != null || secret.keySid() != null
                    || secret.line() == null) {
                continue;
            }
            for (int i = 0; i < findings.size(); i++) {
                ScannerFinding sid = findings.get(i);
                if (sid.secret() != null || (sid.accountSid() == null && sid.keySid() == null) || sid.line() == null
                        || secret.file() == null || !secret.file().equals(sid.file())
                        || !Objects.equals(secret.commit(), sid.commit())
                        || !TwilioShapes.canPair(sid.keySid() != null ? sid.keySid() : sid.accountSid(),
                                secret.secret())) {
                    continue;
                }
                int distance = Math.abs(secret.line() - sid.line());
                if (distance <= maxLines) {
                    candidates.add(new Candidate(s, i, distance));
                }
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::distance).thenComparingInt(Candidate::secret)
                .thenComparingInt(Candidate::sid));
        ScannerFinding[] result = findings.toArray(new ScannerFinding[0]);
        boolean[] usedSecret = new boolean[findings.size()];
        boolean[] usedSid = new boolean[findings.size()];
        for (Candidate c : candidates) {
            if (usedSecret[c.secret()] || usedSid[c.sid()]) {
                continue;
            }
            usedSecret[c.secret()] = true;
            usedSid[c.sid()] = true;
            ScannerFinding secret = findings.get(c.secret());
            ScannerFinding sid = findings.get(c.sid());
            SecretKind kind = sid.keySid() != null ? SecretKind.API_KEY_SECRET : SecretKind.AUTH_TOKEN;
            result[c.secret()] = secret.withCredential(sid.accountSid(), sid.keySid(), secret.secret(), kind);
            result[c.sid()] = sid.withCredential(sid.accountSid(), sid.keySid(), secret.secret(), kind);
        }
        return List.of(result);
    }

    private static ScannerFinding secret(int reportLine, String file, String commit, Integer line, String secret) {
        return Halves.secret(reportLine, file, commit, line, secret, TwilioShapes.kindOf(secret, false, false));
    }
}
