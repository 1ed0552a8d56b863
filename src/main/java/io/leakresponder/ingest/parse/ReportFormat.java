package io.leakresponder.ingest.parse;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The report formats the service reads; {@link #id()} is the value of {@code ?format=}. */
public enum ReportFormat {
    GITLEAKS("gitleaks"), GITLEAKS_CSV("gitleaks-csv"), SARIF("sarif"), TRUFFLEHOG("trufflehog"), GITHUB(
            "github"), GITGUARDIAN("gitguardian"), GGSHIELD("ggshield"), DETECT_SECRETS(
                    "detect-secrets"), NOSEYPARKER("noseyparker"), KINGFISHER("kingfisher"), TEXT("text");

    private final String id;

    ReportFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Optional<ReportFormat> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        String wanted = id.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst();
    }
}
