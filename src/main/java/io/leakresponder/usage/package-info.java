/**
 * Usage audit of an incident's compromised window: pulls Twilio's Usage Records, Messages, Calls, Monitor Events
 * and Monitor Alerts for the window (and a baseline before it), stores them in PostgreSQL, looks for misuse and
 * says plainly what it found and what it could not see. Entry point: {@link io.leakresponder.usage.UsageAuditService};
 * the credential comes from a {@link io.leakresponder.usage.UsageCredentialProvider} when each pull runs.
 *
 * <h2>How the audit works</h2>
 * <ul>
 *   <li>Window: from the exposure start (possibly widened, with a reason) to the moment the credential was confirmed
 *       NOT_LIVE, or to the start/refresh while it is still live ("open"). Baseline: the same length just before it,
 *       at most {@code leak-responder.usage.baseline-cap}. Usage Records are daily (UTC): the window's first day
 *       counts as window, and the baseline is rounded up to whole days.</li>
 *   <li>One durable job per pull: (source, account, period). A pull reads PageSize 1000 pages with twilio-java and
 *       stores each batch of rows together with the URL of the next page; after a crash, a failed attempt or a 429
 *       storm it continues from that URL. Rows are unique by SID per audit: a page read twice adds nothing. A 429
 *       storm reschedules the pull with back-off (status RATE_LIMITED), it does not fail it.</li>
 *   <li>Starting again refreshes: every source is read again for the new window and the review is discarded.</li>
 * </ul>
 *
 * <h2>How to read the report</h2>
 * <ul>
 *   <li><b>Verdict.</b> SUSPICIOUS: at least one MEDIUM or HIGH signal, whatever could not be read.
 *       INCOMPLETE: nothing suspicious in what was read, but something was not read (see "missing"); never take it
 *       for a clean result. NO_SIGN_OF_MISUSE: every source was read for the whole window and baseline and no
 *       signal reached MEDIUM. It is evidence of absence only for what Twilio records.</li>
 *   <li><b>Signals</b>, most severe first, each with row links: a source, a CSV filter (the query parameters of that
 *       source's export), the number of rows and example SIDs. Open the export with the filter to see every row.
 *       <ul>
 *         <li>SPEND_INCREASE / CATEGORY_SPEND_INCREASE: spend per day in the window against the baseline
 *             ({@code totalprice}, then the categories that rose most).</li>
 *         <li>NEW_DESTINATION_COUNTRY: outbound messages or calls to countries the baseline never reached (SMS
 *             pumping, toll fraud). {@code 001} means international networks (+881, +882, +883...).</li>
 *         <li>COUNTRY_VOLUME_INCREASE, HIGH_RISK_PREFIX ({@code leak-responder.usage.high-risk-prefixes}).</li>
 *         <li>UNKNOWN_SOURCE_IP: Monitor Events from addresses outside {@code leak-responder.usage.known-cidrs};
 *             with no ranges configured it is LOW and only lists the addresses.</li>
 *         <li>API_KEY_CREATED, SUBACCOUNT_CREATED, WEBHOOK_CHANGED, PHONE_NUMBER_CHANGED,
 *             ACCOUNT_SETTINGS_CHANGED: changes made in the window. Your own remediation (a new key for the
 *             consumers, the token rotation) shows up here too: changes made only from the known ranges are LOW;
 *             check the rest against what you did.</li>
 *         <li>ALERT_ERROR_SPIKE: an hour with far more error alerts of one code than usual.</li>
 *       </ul></li>
 *   <li><b>Missing</b> and <b>retention gaps.</b> "No evidence available before X for Y": Twilio no longer keeps
 *       Monitor Events (30 days, 13 months on paid editions, {@code leak-responder.usage.paid-edition}) or Monitor
 *       Alerts (30 days) that old, so that part of the window cannot be audited, now or later. Other entries name
 *       pulls still running, rate limited (with the time they continue), refused to the credential (e.g. a Standard
 *       key may not list subaccounts), without a credential, or failed; refresh once the cause is fixed.</li>
 *   <li><b>Progress</b>: per pull its status, pages, rows stored, rows Twilio returned outside the range (dropped:
 *       Twilio's date filters may ignore the time of day) and the number of 429 answers.</li>
 * </ul>
 *
 * <p>Never stored: message bodies, alert texts and request parameters, Monitor event data values (only the names
 * of the changed fields), subaccount auth tokens, and the credential itself.
 */
package io.leakresponder.usage;
