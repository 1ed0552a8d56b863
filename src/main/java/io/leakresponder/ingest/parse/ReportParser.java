package io.leakresponder.ingest.parse;

import java.io.IOException;
import java.io.InputStream;

/** Streams one report format into a {@link FindingSink}, never holding the whole report in memory. */
public interface ReportParser {

    ReportFormat format();

    /**
     * Reads the report to its end.
     *
     * @throws ReportFormatException when the content is not this format; names the line or field
     * @throws IOException when reading the stream fails
     */
    void parse(InputStream in, FindingSink sink) throws IOException;
}
