#!/usr/bin/env bash
# Ingestion benchmark: posts large generated TruffleHog and gitleaks reports to the packaged service and compares
# its throughput with a bare Jackson streaming parse of the same bytes, sampling the service's heap meanwhile.
# Needs JAVA_HOME on a JDK 21 or newer, PostgreSQL on 127.0.0.1:5432 with the leak_responder role (CREATEDB).
# Usage: bench/ingest/run.sh [--trufflehog-mib "50 200"] [--gitleaks-mib "25 100"] [--probe-mib 200] [--seed 42]
#                            [--warmup-rounds 8] [--rounds 2] [--jfr]
#   --probe-mib  size of the transport probe (a findings-free report of whitespace); 0 leaves it out
#   --warmup-rounds  how many warm-up pairs (64 MiB TruffleHog, 32 MiB gitleaks, each with new credentials) go first
#   --rounds     how many times each size is posted, each time a distinct report (seed, seed+1, ...); the best
#                round is judged, as the bare parse is the best of its runs
#   --jfr        also records a JFR of the service to bench/out/ingest.jfr (profiling; adds a little overhead)
set -euo pipefail
cd "$(dirname "$0")/../.."

trufflehog_mib="50 200"
gitleaks_mib="25 100"
probe_mib=200
seed=42
warmup_rounds=8
rounds=2
jfr=false
while [ $# -gt 0 ]; do
  case "$1" in
    --trufflehog-mib) trufflehog_mib="$2"; shift 2 ;;
    --gitleaks-mib) gitleaks_mib="$2"; shift 2 ;;
    --probe-mib) probe_mib="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --warmup-rounds) warmup_rounds="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --jfr) jfr=true; shift ;;
    *) echo "unknown option: $1" >&2; exit 64 ;;
  esac
done

java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jcmd_bin="${JAVA_HOME:+$JAVA_HOME/bin/}jcmd"
out=bench/out
db=leak_responder_bench
mkdir -p "$out"

if [ ! -f target/quarkus-app/quarkus-run.jar ]; then
  echo "building the service (target/quarkus-app is missing)"
  ./mvnw -B -q package -DskipTests
fi
# The client runs the service's parse package in-process too: the packaged app jar and the very Jackson jars the
# service runs with.
client_cp=$(ls target/quarkus-app/app/*.jar target/quarkus-app/lib/main/com.fasterxml.jackson.core.jackson-{core,databind,annotations}-*.jar \
  target/quarkus-app/lib/main/com.fasterxml.jackson.dataformat.jackson-dataformat-csv-*.jar | paste -sd:)

# Reports are deterministic and their names hold the arguments: regenerate only when one is missing or its sidecar
# names another generator version.
generate() { # format size_mib ext [seed] -> prints the report's path
  local s="${4:-$seed}"
  local file="$out/$1-$2MiB-seed$s.$3"
  local meta="$file.properties"
  if [ ! -f "$file" ] || ! grep -qx "generator.version=$(sed -n 's/.*int VERSION = \([0-9]*\);.*/\1/p' bench/ingest/ReportGenerator.java)" "$meta" 2>/dev/null; then
    "$java_bin" bench/ingest/ReportGenerator.java "$1" "$file" "$2" "$s" >&2
  fi
  echo "$file"
}
# Warm-up posts first: the service's JIT and connection pool are cold after start-up, and what is measured is
# the steady state of a running service. It takes about 1 GB of reports to reach it: after four pairs of 16 and
# 8 MiB, the JIT compiler threads still took 0.5 s of CPU (of two cores) during each 200 MiB post, which then
# took 1.1-1.3 s; after some 1.5 GB they took 0.1-0.17 s, and the same post 0.6-0.8 s.
# Each round has its own seed, so it brings new credentials and warms the insert path, not only the lookups.
report_args=()
for r in $(seq 1 "$warmup_rounds"); do
  f=$(generate trufflehog 64 jsonl $((seed + 1000 + r))); report_args+=(--warmup "$f")
  f=$(generate gitleaks 32 json $((seed + 1000 + r))); report_args+=(--warmup "$f")
done
for r in $(seq 0 $((rounds - 1))); do
  for s in $trufflehog_mib; do f=$(generate trufflehog "$s" jsonl $((seed + r))); report_args+=(--report "$f"); done
  for s in $gitleaks_mib; do f=$(generate gitleaks "$s" json $((seed + r))); report_args+=(--report "$f"); done
  if [ "$probe_mib" -gt 0 ]; then f=$(generate transport-probe "$probe_mib" json $((seed + r))); report_args+=(--report "$f"); fi
done

# A fresh database of our own, so earlier runs' credentials do not turn new findings into known ones.
psql -q -h 127.0.0.1 -U leak_responder -d postgres -v ON_ERROR_STOP=1 \
  -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" -c "CREATE DATABASE $db"

port=""
for _ in $(seq 1 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[ -n "$port" ] || { echo "no free local port found" >&2; exit 1; }

admin_token=$(openssl rand -base64 32)
gc_log="$out/ingest-gc.log"
service_log="$out/ingest-service.log"
rm -f "$gc_log"
jvm_opts=(-Xmx512m -XX:+UseG1GC "-Xlog:gc:file=$gc_log:timemillis")
# Extra JVM options for the service, e.g. BENCH_SERVICE_JVM_OPTS="-XX:+PrintCompilation" (split on spaces).
if [ -n "${BENCH_SERVICE_JVM_OPTS:-}" ]; then read -r -a extra_opts <<<"$BENCH_SERVICE_JVM_OPTS"; jvm_opts+=("${extra_opts[@]}"); fi
if $jfr; then jvm_opts+=("-XX:StartFlightRecording=filename=$out/ingest.jfr,settings=profile,dumponexit=true"); fi

# Jobs are disabled: liveness checks are still enqueued in the ingest transaction (that cost is measured), but
# none runs, so no check competes with ingestion for the two cores. The Twilio URL points at a closed local
# port all the same, should anything try.
QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:5432/$db" \
QUARKUS_DATASOURCE_USERNAME=leak_responder QUARKUS_DATASOURCE_PASSWORD=leak_responder \
QUARKUS_HTTP_HOST=127.0.0.1 QUARKUS_HTTP_PORT="$port" \
LEAK_RESPONDER_MASTER_KEY="$(openssl rand -base64 32)" LEAK_RESPONDER_ADMIN_TOKEN="$admin_token" \
LEAK_RESPONDER_TWILIO_BASE_URL=http://127.0.0.1:1 LEAK_RESPONDER_JOBS_ENABLED=false \
LEAK_RESPONDER_INGEST_MAX_BODY_SIZE=1073741824 \
  "$java_bin" "${jvm_opts[@]}" -jar target/quarkus-app/quarkus-run.jar >"$service_log" 2>&1 &
service_pid=$!
stop_service() {
  if kill -0 "$service_pid" 2>/dev/null; then
    kill "$service_pid"
    for _ in $(seq 1 30); do kill -0 "$service_pid" 2>/dev/null || return 0; sleep 1; done
    kill -9 "$service_pid" 2>/dev/null || true
  fi
}
trap stop_service EXIT

ready=false
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null; then ready=true; break; fi
  kill -0 "$service_pid" 2>/dev/null || break
  sleep 1
done
if ! $ready; then
  echo "the service did not become ready; last lines of $service_log:" >&2
  tail -20 "$service_log" >&2
  exit 1
fi

echo "service pid $service_pid on 127.0.0.1:$port; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg);" \
  "$("$java_bin" -version 2>&1 | head -1)"
# timeout bounds the whole measurement, whatever the service does.
# The heap sampler reads the service's hsperfdata (jdk.internal.jvmstat), as jstat does.
BENCH_TOKEN="$admin_token" timeout 1800 "$java_bin" -Xmx256m ${BENCH_CLIENT_JVM_OPTS:-} --add-modules jdk.internal.jvmstat \
  --add-exports jdk.internal.jvmstat/sun.jvmstat.monitor=ALL-UNNAMED -cp "$client_cp" bench/ingest/IngestBench.java \
  --base-url "http://127.0.0.1:$port" --pid "$service_pid" --gc-log "$gc_log" --service-log "$service_log" --jcmd "$jcmd_bin" \
  --clk-tck "$(getconf CLK_TCK)" "${report_args[@]}"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
