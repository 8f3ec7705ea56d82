#!/usr/bin/env bash
# Encryption at rest on a million meetings (issue 10). Takes the database meetings-list-bench.sh
# seeded in clear (target/bench-people), copies it once to target/bench-people-sealed, grows it
# to MEETINGS (default 1,000,000) by copying its meetings, and seals every row with the app's own
# re-encryption job (bench/SealedCopy.java; triggers off), printing its rate; then runs the
# meeting list bench against the sealed copy with the keys set (target: p95 < 100 ms for every
# filter; on sealed rows q finds exact emails and whole name words, so "q=email fragment" finds none).
#   COMPARE_CLEAR=1 bench/encryption-bench.sh   (then the same on the meetings grown in clear;
#                                                ONLY_CLEAR=1 skips the sealed copy)
#   bench/encryption-bench.sh            (webhook throughput on/off: bench/webhook-bench.sh twice,
#                                          the second time with CALENDLY_ENCRYPTION_KEYS exported)
set -euo pipefail
cd "$(dirname "$0")/.."

SOURCE=${BENCH_SOURCE:-target/bench-people}
DATA=${BENCH_DATA:-target/bench-people-sealed}
PORT=${BENCH_PORT:-18471}
KEYS=${CALENDLY_ENCRYPTION_KEYS:-bench1:AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=}
ADMIN=bench-admin-token-$(date +%s)-abcdefghijklmnop
LOG=target/bench-sealed-app.log

[ -d "$SOURCE" ] || { echo "seed $SOURCE first: bench/meetings-list-bench.sh"; exit 2; }
[ -f target/calendly-sync.jar ] || mvn -q -DskipTests package
# copy SOURCE to $1 once, start the app on it (with keys $2, or none), and grow it to MEETINGS with
# bench/SealedCopy.java: sealed with the keys, or left in clear with "none"
grown_copy() {
  local data=$1 keys=$2 pid pgport
  if [ ! -d "$data" ]; then
    echo "copying $SOURCE to $data"
    cp -a "$SOURCE" "$data"
    rm -f "$data"/postgres/postmaster.pid 2>/dev/null || true
  fi
  # the embedded PostgreSQL of the copy, started by the app (its re-encryption job waits a day)
  if [ "$keys" = none ]; then
    CALENDLY_ADMIN_TOKEN=$ADMIN HTTP_PORT=$PORT CALENDLY_DATA_DIR=$data java -jar target/calendly-sync.jar > "$LOG" 2>&1 &
  else
    CALENDLY_ENCRYPTION_KEYS=$keys CALENDLY_REENCRYPTION_DELAY_MS=86400000 CALENDLY_ADMIN_TOKEN=$ADMIN HTTP_PORT=$PORT \
      CALENDLY_DATA_DIR=$data java -jar target/calendly-sync.jar > "$LOG" 2>&1 &
  fi
  pid=$!
  trap "kill $pid 2>/dev/null; wait $pid 2>/dev/null || true" EXIT
  for _ in $(seq 1 480); do
    curl -sf -H "Authorization: Bearer $ADMIN" "http://localhost:$PORT/api/v1/me" >/dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || { cat "$LOG"; exit 1; }
    sleep 0.5
  done
  pgport=$(grep -o 'embedded PostgreSQL on port [0-9]*' "$LOG" | head -1 | awk '{print $NF}')
  java -cp "target/classes:target/lib/*" bench/SealedCopy.java "jdbc:postgresql://localhost:$pgport/postgres" "${MEETINGS:-1000000}" "$keys"
  # the copies were made with triggers off: their report rows are computed as the first start of
  # R__reports_facts.sql computes them (its last statements), so bench/reports-bench.sh can use the copy
  if [ "$(psql -h localhost -p "$pgport" -U postgres -tAc 'SELECT count(*) < (SELECT count(*) FROM meetings) FROM report_meetings')" = "t" ]; then
    sed -n '/^-- (Re)compute every row/,$p' src/main/resources/db/migration/R__reports_facts.sql \
      | psql -h localhost -p "$pgport" -U postgres -q -v ON_ERROR_STOP=1
  fi
  kill $pid; wait $pid 2>/dev/null || true
  trap - EXIT
}

# ONLY_CLEAR=1 skips the sealed copy (already measured) and goes to COMPARE_CLEAR
if [ "${ONLY_CLEAR:-0}" != 1 ]; then
grown_copy "$DATA" "$KEYS"
echo "meeting list on the sealed copy, keys set:"
CALENDLY_ENCRYPTION_KEYS=$KEYS BENCH_DATA=$DATA bench/meetings-list-bench.sh
fi

# COMPARE_CLEAR=1: the same meetings grown in clear (target/bench-people-clear), the list bench
# without keys, to tell what encryption changes from what the data does
if [ "${COMPARE_CLEAR:-0}" = 1 ]; then
  CLEAR=${BENCH_CLEAR_DATA:-target/bench-people-clear}
  grown_copy "$CLEAR" none
  echo "meeting list on the same meetings in clear:"
  env -u CALENDLY_ENCRYPTION_KEYS BENCH_DATA=$CLEAR bench/meetings-list-bench.sh
fi
