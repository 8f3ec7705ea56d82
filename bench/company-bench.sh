#!/usr/bin/env bash
# Company records benchmark: a CSV import of CUSTOMERS customers (default 100,000) into an app
# holding MEETINGS Calendly meetings nobody is linked to yet (default 100,000), each customer
# the booker of one meeting, so the import re-matches every meeting. Prints the import's time
# (parse, check, COPY, upserts), the re-matching's time (from the app's log line), the linked
# meetings, and a second import of the same file (every row unchanged).
#   CUSTOMERS=100000 MEETINGS=100000 bench/company-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."

CUSTOMERS=${CUSTOMERS:-100000}
MEETINGS=${MEETINGS:-100000}
PORT=${BENCH_PORT:-18471}
DATA=target/bench-company
ADMIN=bench-admin-token-$(date +%s)-abcdefghijklmnop
LOG=target/bench-company-app.log
CSV=target/bench-customers.csv

[ -f target/calendly-sync.jar ] || mvn -q -DskipTests package
CP="target/classes:target/lib/*"
rm -rf "$DATA"

CALENDLY_ADMIN_TOKEN=$ADMIN HTTP_PORT=$PORT CALENDLY_DATA_DIR=$DATA java -jar target/calendly-sync.jar > "$LOG" 2>&1 &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do
  curl -sf -H "Authorization: Bearer $ADMIN" "http://localhost:$PORT/api/v1/me" >/dev/null 2>&1 && break
  kill -0 $APP_PID 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.5
done
PGPORT=$(grep -o 'embedded PostgreSQL on port [0-9]*' "$LOG" | head -1 | awk '{print $NF}')
echo "app on port $PORT, embedded PostgreSQL on port $PGPORT (log: $LOG); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

java -cp "$CP" bench/CompanyBench.java seed "jdbc:postgresql://localhost:$PGPORT/postgres" "$MEETINGS"
java -cp "$CP" bench/CompanyBench.java csv "$CSV" "$CUSTOMERS"

run_import() {
  local start end
  start=$(date +%s.%N)
  REPORT=$(curl -sf -X POST -H "Authorization: Bearer $ADMIN" -H 'Content-Type: text/csv' --data-binary "@$CSV" \
    "http://localhost:$PORT/api/v1/customers/import")
  end=$(date +%s.%N)
  WALL=$(echo "$end - $start" | bc)
}
field() { echo "$REPORT" | sed "s/.*\"$1\":\([0-9]*\).*/\1/"; }

run_import
REMATCH_MS=$(grep -o 'Re-matched [0-9]* meetings, [0-9]* changed, in [0-9]* ms' "$LOG" | tail -1 | awk '{print $(NF-1)}')
TOTAL_MS=$(field milliseconds)
echo "CSV import of $(field rows) customers: $(field created) created, $(field rejected) rejected, $(field relinkedMeetings) meetings linked"
printf "  import (parse, check, COPY, upsert): %.1f s\n" "$(echo "($TOTAL_MS - ${REMATCH_MS:-0}) / 1000" | bc -l)"
printf "  re-matching %s meetings:        %.1f s\n" "$(field relinkedMeetings)" "$(echo "${REMATCH_MS:-0} / 1000" | bc -l)"
printf "  whole request, as the client saw it: %.1f s\n" "$WALL"
LINKED=$(curl -sf -H "Authorization: Bearer $ADMIN" "http://localhost:$PORT/api/v1/meetings?matched=true&limit=1&total=true" | sed 's/.*"total":\([0-9]*\).*/\1/')
echo "  meetings with a customer now: $LINKED of $MEETINGS"

run_import
printf "same file again: %s unchanged, %s updated, in %.1f s\n" "$(field unchanged)" "$(field updated)" "$WALL"
