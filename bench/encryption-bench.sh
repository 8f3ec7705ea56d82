#!/usr/bin/env bash
# Encryption at rest on a million meetings (issue 10). Takes the database meetings-list-bench.sh
# seeded in clear (target/bench-people), copies it once to target/bench-people-sealed, grows it
# to MEETINGS (default 1,000,000) by copying its meetings, and seals every row with the app's own
# re-encryption job (bench/SealedCopy.java; triggers off), printing its rate; then runs the
# meeting list bench against the sealed copy with the keys set (target: p95 < 100 ms for every
# filter; on sealed rows q finds exact emails and whole name words, so "q=email fragment" finds none).
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
if [ ! -d "$DATA" ]; then
  echo "copying $SOURCE to $DATA"
  cp -a "$SOURCE" "$DATA"
  rm -f "$DATA"/postgres/postmaster.pid 2>/dev/null || true
fi

# the embedded PostgreSQL of the copy, started by the app with the keys (its own job waits a day)
CALENDLY_ENCRYPTION_KEYS=$KEYS CALENDLY_REENCRYPTION_DELAY_MS=86400000 CALENDLY_ADMIN_TOKEN=$ADMIN HTTP_PORT=$PORT CALENDLY_DATA_DIR=$DATA java -jar target/calendly-sync.jar > "$LOG" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf -H "Authorization: Bearer $ADMIN" "http://localhost:$PORT/api/v1/me" >/dev/null 2>&1 && break
  kill -0 $APP_PID 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
PGPORT=$(grep -o 'embedded PostgreSQL on port [0-9]*' "$LOG" | head -1 | awk '{print $NF}')
# grow it to MEETINGS and seal every row with the app's re-encryption job (triggers off)
java -cp "target/classes:target/lib/*" bench/SealedCopy.java "jdbc:postgresql://localhost:$PGPORT/postgres" "${MEETINGS:-1000000}" "$KEYS"
kill $APP_PID; wait $APP_PID 2>/dev/null || true
trap - EXIT

echo "meeting list on the sealed copy, keys set:"
CALENDLY_ENCRYPTION_KEYS=$KEYS BENCH_DATA=$DATA bench/meetings-list-bench.sh
