package io.leakresponder.ingest.parse;

/** Receives what a parser finds while it streams through a report. */
public interface FindingSink {

    /** A record that contains at least one Twilio credential part. Called once per credential part set. */
    void twilio(ScannerFinding finding);

    /** A record of the report that is not about Twilio: counted, never stored. */
    void ignored();

    /**
     * A secret-only record that nothing marks as Twilio (no Twilio rule, no SID, no Twilio word): it is a Twilio
     * finding only if it pairs with a SID finding of the same report (see {@link ReportPairing}), and is counted
     * as ignored otherwise. A sink that does no pairing counts it as ignored at once.
     */
    default void candidate(ScannerFinding finding) {
        ignored();
    }

    /** Something a person should know about the report, e.g. "line 7: skipped a log line". */
    void warning(String message);
}
