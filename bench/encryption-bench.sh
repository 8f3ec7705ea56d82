#!/usr/bin/env bash
# Encryption at rest on a million meetings (issue 10). Takes the database meetings-list-bench.sh
# seeded in clear (target/bench-people), copies it once to target/bench-people-sealed, starts the
# app there with CALENDLY_ENCRYPTION_KEYS set and lets the re-encryption job seal every row
# (turning encryption on for an existing database), printing its rate; then runs the meeting
# list bench against the sealed copy with the keys set (target: p95 < 100 ms for every filter;
# on sealed rows q finds exact emails and whole name words, so "q=email fragment" finds none).
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
  rm -f "$DATA"/pg/postmaster.pid 2>/dev/null || true
fi

CALENDLY_ENCRYPTION_KEYS=$KEYS CALENDLY_REENCRYPTION_DELAY_MS=1000 CALENDLY_REENCRYPTION_BATCH_SIZE=${BATCH:-1000} \
  CALENDLY_ADMIN_TOKEN=$ADMIN HTTP_PORT=$PORT CALENDLY_DATA_DIR=$DATA java -jar target/calendly-sync.jar > "$LOG" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf -H "Authorization: Bearer $ADMIN" "http://localhost:$PORT/api/v1/me" >/dev/null 2>&1 && break
  kill -0 $APP_PID 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
grep -o 'encryption at rest: .*' "$LOG" | head -1 || true

# the re-encryption job: rows per second until every table is under the primary key
START=$(date +%s)
while true; do
  STATUS=$(curl -sf -H "Authorization: Bearer $ADMIN" "http://localhost:$PORT/api/v1/calendly/status")
  LINE=$(python3 -c "import json,sys;e=json.loads(sys.argv[1])['encryption'];t=e['reencryption'];print(' '.join(f\"{x['table']}={x['done']}/{x['total']}{'(done)' if x['finishedAt'] else ''}\" for x in t))" "$STATUS")
  echo "  $(( $(date +%s) - START )) s: $LINE"
  python3 -c "import json,sys;t=json.loads(sys.argv[1])['encryption']['reencryption'];sys.exit(0 if len(t)==2 and all(x['finishedAt'] and x['targetKeyId']==sys.argv[2] for x in t) else 1)" "$STATUS" "${KEYS%%:*}" && break
  sleep 15
done
SECS=$(( $(date +%s) - START ))
ROWS=$(python3 -c "import json,sys;print(sum(x['done'] for x in json.loads(sys.argv[1])['encryption']['reencryption']))" "$STATUS")
echo "RESULT re-encryption: $ROWS rows sealed in ${SECS} s ($(( ROWS / (SECS > 0 ? SECS : 1) )) rows/s)"
kill $APP_PID; wait $APP_PID 2>/dev/null || true
trap - EXIT

echo "meeting list on the sealed copy, keys set:"
CALENDLY_ENCRYPTION_KEYS=$KEYS BENCH_DATA=$DATA bench/meetings-list-bench.sh
