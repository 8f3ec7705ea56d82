#!/usr/bin/env bash
# Memory benchmark: does the packaged app stay under LIMIT_MB resident (default 512) through a
# full CSV export of every meeting and a webhook load? Starts target/calendly-sync.jar with the
# JVM flags the Dockerfile ships (JDK_JAVA_OPTIONS and MALLOC_ARENA_MAX, the same as the README's
# run command) on an embedded PostgreSQL, seeds MEETINGS meetings through the real mapper (as
# bench/meetings-list-bench.sh does; kept in target/bench-memory-<MEETINGS> for the next run),
# then samples the process's VmRSS from /proc every 100 ms and prints the peak of each phase:
#   idle       after start and seeding
#   export     GET /api/v1/meetings/export?format=csv of every meeting
#   webhooks   unique signed deliveries at concurrency C for SECONDS_LOAD s (wrk, bench/webhook.lua)
# and VmHWM, the peak of the whole run. The PostgreSQL server is a separate process, not counted.
#
#   MEETINGS=1000000 C=32 SECONDS_LOAD=30 bench/memory-bench.sh
#   UNBOUNDED=1 bench/memory-bench.sh      the same without any memory flag (java -jar only)
set -euo pipefail
cd "$(dirname "$0")/.."

MEETINGS=${MEETINGS:-1000000}
C=${C:-32}
SECONDS_LOAD=${SECONDS_LOAD:-30}
POOL=${POOL:-60000}
LIMIT_MB=${LIMIT_MB:-512}
PORT=${BENCH_PORT:-18471}
DATA=${BENCH_DATA:-target/bench-memory-$MEETINGS}
SECRET=bench-signing-key
ADMIN=bench-admin-token-$(date +%s)-abcdefghijklmnop
LOG=target/bench-memory-app.log
SAMPLES=target/bench-memory-samples.txt
PHASE=target/bench-memory-phase.txt
SAMPLE=src/test/resources/calendly-samples/webhook-invitee-created.json

[ -f target/calendly-sync.jar ] || mvn -q -DskipTests package
command -v wrk >/dev/null || { echo "wrk is needed (apt-get install -y wrk)"; exit 2; }
CP="target/classes:target/lib/*"

# the flags the image runs with, read from the Dockerfile so the bench measures what ships
JAVA_FLAGS=$(sed -n 's/.*JDK_JAVA_OPTIONS="\([^"]*\)".*/\1/p' Dockerfile)
ARENAS=$(sed -n 's/.*MALLOC_ARENA_MAX=\([0-9]*\).*/\1/p' Dockerfile)
[ -n "$JAVA_FLAGS" ] && [ -n "$ARENAS" ] || { echo "no JDK_JAVA_OPTIONS / MALLOC_ARENA_MAX in the Dockerfile"; exit 2; }
if [ -n "${UNBOUNDED:-}" ]; then
  JAVA_FLAGS=""
  ARENAS=""
fi
echo "JVM flags: ${JAVA_FLAGS:-(none)}; MALLOC_ARENA_MAX=${ARENAS:-(unset)}"

mkdir -p "$DATA"
# shellcheck disable=SC2086
env ${ARENAS:+MALLOC_ARENA_MAX=$ARENAS} CALENDLY_ADMIN_TOKEN=$ADMIN HTTP_PORT=$PORT CALENDLY_DATA_DIR=$DATA \
  CALENDLY_WEBHOOK_SECRET=$SECRET CALENDLY_RECONCILE_ENABLED=false \
  java $JAVA_FLAGS -jar target/calendly-sync.jar > "$LOG" 2>&1 &
APP_PID=$!
SAMPLER_PID=
cleanup() {
  [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null
  kill "$APP_PID" 2>/dev/null
  wait "$APP_PID" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 240); do
  curl -sf -H "Authorization: Bearer $ADMIN" "http://localhost:$PORT/api/v1/me" >/dev/null 2>&1 && break
  kill -0 $APP_PID 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
PGPORT=$(grep -o 'embedded PostgreSQL on port [0-9]*' "$LOG" | head -1 | awk '{print $NF}')
echo "app pid $APP_PID on port $PORT, embedded PostgreSQL on port $PGPORT (log: $LOG)"

java -cp "$CP" bench/MeetingsListBench.java seed "jdbc:postgresql://localhost:$PGPORT/postgres" "$MEETINGS"

kb() { awk -v f="$1" '$1 == f":" {print $2}' "/proc/$APP_PID/status"; }
echo idle > "$PHASE"
: > "$SAMPLES"
( while kill -0 "$APP_PID" 2>/dev/null; do
    echo "$(cat "$PHASE") $(kb VmRSS)" >> "$SAMPLES"
    sleep 0.1
  done ) &
SAMPLER_PID=$!
sleep 3

echo "full CSV export of every meeting..."
echo export > "$PHASE"
START=$(date +%s.%N)
read -r LINES BYTES < <(curl -sf -H "Authorization: Bearer $ADMIN" "http://localhost:$PORT/api/v1/meetings/export?format=csv" | wc -lc)
END=$(date +%s.%N)
printf "  %s rows (%s bytes) in %.1f s\n" "$((LINES - 1))" "$BYTES" "$(echo "$END - $START" | bc)"
[ "$((LINES - 1))" -ge "$MEETINGS" ] || echo "  WARNING: the export ended short of $MEETINGS meetings (see $LOG)"
echo after-export > "$PHASE"
sleep 5

echo "webhook load: unique signed deliveries at concurrency $C for ${SECONDS_LOAD}s..."
DELIVERIES_FILE=target/bench-memory-deliveries.tsv
java bench/SignedDeliveries.java "$SECRET" "$SAMPLE" "$POOL" "m$(date +%s)" "$DELIVERIES_FILE"
echo webhooks > "$PHASE"
LOAD=$(wrk -t 2 -c "$C" -d "$((SECONDS_LOAD + 12))s" --timeout 10s -s bench/webhook.lua "http://localhost:$PORT" -- \
  "$DELIVERIES_FILE" 2 "$SECONDS_LOAD" | grep '^deliveries_2xx=' || true)
rm -f "$DELIVERIES_FILE"
echo "  $LOAD"
echo after-webhooks > "$PHASE"
sleep 5
HWM=$(kb VmHWM)
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=

peak() { awk -v p="$1" '$1 == p && $2 > m {m = $2} END {printf "%d", m / 1024}' "$SAMPLES"; }
last() { awk -v p="$1" '$1 == p {v = $2} END {printf "%d", v / 1024}' "$SAMPLES"; }
echo
echo "resident memory of the app (MB), $MEETINGS meetings, flags: ${JAVA_FLAGS:-(none)}"
printf "  idle, after seeding        %5d\n" "$(last idle)"
printf "  peak during the export     %5d\n" "$(peak export)"
printf "  5 s after the export       %5d\n" "$(last after-export)"
printf "  peak during webhook load   %5d\n" "$(peak webhooks)"
printf "  5 s after the load         %5d\n" "$(last after-webhooks)"
printf "  VmHWM (peak of the run)    %5d\n" "$((HWM / 1024))"
if [ "$((HWM / 1024))" -lt "$LIMIT_MB" ]; then VERDICT=MET; else VERDICT="NOT MET"; fi
echo "RESULT peak resident $((HWM / 1024)) MB (target < $LIMIT_MB MB): $VERDICT"
