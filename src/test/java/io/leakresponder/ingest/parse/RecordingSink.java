package io.leakresponder.ingest.parse;

import java.util.ArrayList;
import java.util.List;

/** Keeps everything a parser reports, for assertions. */
class RecordingSink implements FindingSink {

    final List<ScannerFinding> findings = new ArrayList<>();
    final List<ScannerFinding> candidates = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    int ignored;

    @Override
    public void twilio(ScannerFinding finding) {
        findings.add(finding);
    }

    @Override
    public void ignored() {
        ignored++;
    }

    @Override
    public void candidate(ScannerFinding finding) {
        candidates.add(finding);
    }

    /** The findings after pairing with the candidates, as the ingest service pairs them. */
    ReportPairing.Paired paired() {
        return ReportPairing.pair(findings, candidates, ReportPairing.DEFAULT_MAX_LINES);
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
    }

    ScannerFinding only() {
        if (findings.size() != 1) {
            throw new AssertionError("expected one finding, got " + findings);
        }
        return findings.get(0);
    }
}
