#!/usr/bin/env bash
# Liveness benchmark: distinct credentials through TwilioFacade (real twilio-java client and transport) against an
# in-JVM WireMock answering every request after a fixed delay. Needs JAVA_HOME on a JDK 21 or newer.
# Usage: bench/liveness/run.sh [--checks 2000] [--concurrency 20] [--delay-ms 50] [--warmup 1000]
set -euo pipefail
cd "$(dirname "$0")/../.."

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
classpath_file=target/liveness-bench.classpath

./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$classpath_file"

exec "$java_bin" -Xmx512m \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "target/test-classes:target/classes:$(cat "$classpath_file")" \
  io.leakresponder.twilio.LivenessBench "$@"
