#!/usr/bin/env bash
# Usage pull benchmark: 1,000,000 messages (1,000 pages of 1,000) from a local mock through the real pull code
# (twilio-java Message reader, shared transport, PagePuller, PageWriter) into PostgreSQL, next to a PostgreSQL COPY of
# the same rows into the same table, measured in the same run. Prints records/s, peak heap and the live heap after GC
# at the start and end of the pull. Needs JAVA_HOME on a JDK 21 or newer and a PostgreSQL the role can clean and
# migrate a database of (default leak_responder_usage_bench on 127.0.0.1:5432, role leak_responder; create it with
#   psql -h 127.0.0.1 -U leak_responder -d postgres -c 'create database leak_responder_usage_bench').
# THE DATABASE IS CLEANED (Flyway clean) ON EVERY RUN: never point it at a database you care about.
# Usage: bench/usage/run.sh [--pages 1000] [--warmup-pages 50] [--jdbc-url jdbc:postgresql://...] [--user u]
#        [--password p]; HEAP=256m to change the heap cap (default 256m, so a growing heap would fail the run).
set -euo pipefail
cd "$(dirname "$0")/../.."

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classpath_file=target/usage-bench.classpath

./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"

exec "$java_bin" -Xmx"${HEAP:-256m}" -XX:+UseG1GC \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
  io.leakresponder.usage.UsagePullBench "$@"
