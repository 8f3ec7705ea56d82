#!/usr/bin/env bash
# Webhook load benchmark. Sends unique signed invitee.created deliveries (never a repeat) at
# concurrency C for SECONDS_LOAD seconds (wrk, after a warm-up) to a running calendly-sync, then prints deliveries/s, p50/p99 latency, errors, and the rows in the
# database against the 2xx answers (they must be equal: nothing accepted may be lost). In the
# same run it measures the raw PostgreSQL ceiling on the same server with pgbench (a single-row
# upsert of an equal-sized jsonb payload at the same concurrency) and prints our rate as a
# ratio of it, the ingest function alone, and the bare writes of one delivery in one statement.
# Targets: the function >= 0.85 of the bare writes, the app >= 0.7 of the function, p99 < 50 ms
# at C=32, nothing lost (2xx = rows). REPORTS_AB=1 adds the webhook's rate with the report
# triggers off and on (reports may not slow it by more than 10 %).
#
# By default it builds the jar and starts its own app on a fresh embedded PostgreSQL. To measure
# an app you started yourself, set BENCH_URL, BENCH_SECRET (its CALENDLY_WEBHOOK_SECRET) and
# BENCH_PG (a libpq connection string to its database, e.g. "host=db port=5432 user=app dbname=app").
set -euo pipefail
cd "$(dirname "$0")/.."

C=${C:-32}
SECONDS_LOAD=${SECONDS_LOAD:-20}
# the JIT needs about a minute of load on 2 cores before the figures settle
WARMUP_SECONDS=${WARMUP_SECONDS:-60}
POOL=${POOL:-120000}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-20}
SECRET=${BENCH_SECRET:-bench-signing-key}
URL=${BENCH_URL:-}
PG=${BENCH_PG:-}
SAMPLE=src/test/resources/calendly-samples/webhook-invitee-created.json

if ! command -v pgbench >/dev/null || ! command -v psql >/dev/null; then
  echo "installing the PostgreSQL client (psql, pgbench)..."
  apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null
fi

if [ -z "$URL" ]; then
  PORT=${BENCH_PORT:-18181}
  DATA=target/bench-data
  mvn -q -DskipTests package
  rm -rf "$DATA"
  HTTP_PORT=$PORT CALENDLY_DATA_DIR=$DATA CALENDLY_WEBHOOK_SECRET=$SECRET \
    java -jar target/calendly-sync.jar > target/bench-app.log 2>&1 &
  APP_PID=$!
  trap 'kill $APP_PID 2>/dev/null; wait $APP_PID 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -sf "http://localhost:$PORT/observe/health" >/dev/null 2>&1 && break
    kill -0 $APP_PID 2>/dev/null || { cat target/bench-app.log; exit 1; }
    sleep 0.5
  done
  PGPORT=$(grep -o 'embedded PostgreSQL on port [0-9]*' target/bench-app.log | awk '{print $NF}')
  PG="host=localhost port=$PGPORT user=postgres dbname=postgres"
  URL=http://localhost:$PORT
  echo "app: $URL (embedded PostgreSQL on port $PGPORT, log in target/bench-app.log)"
fi
[ -n "$PG" ] || { echo "set BENCH_PG to the app's database connection string"; exit 2; }

RUN=r$(date +%s)
DELIVERIES_FILE=target/bench-deliveries.tsv
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
echo "warm-up: ${WARMUP_SECONDS}s"
java bench/SignedDeliveries.java "$SECRET" "$SAMPLE" "$POOL" "${RUN}w" "$DELIVERIES_FILE"
wrk -t 2 -c "$C" -d "$((WARMUP_SECONDS + 5))s" -s bench/webhook.lua "$URL" -- "$DELIVERIES_FILE" 2 "$WARMUP_SECONDS" > /dev/null
echo "load: unique signed deliveries at concurrency $C for ${SECONDS_LOAD}s"
java bench/SignedDeliveries.java "$SECRET" "$SAMPLE" "$POOL" "$RUN" "$DELIVERIES_FILE"
LOAD=$(wrk -t 2 -c "$C" -d "$((SECONDS_LOAD + 12))s" --timeout 10s -s bench/webhook.lua "$URL" -- "$DELIVERIES_FILE" 2 "$SECONDS_LOAD" | grep '^deliveries_2xx=')
rm -f "$DELIVERIES_FILE"
echo "$LOAD"
RATE=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' <<<"$LOAD" | head -1)
OK=$(sed -n 's/^deliveries_2xx=\([0-9]*\).*/\1/p' <<<"$LOAD" | head -1)
P99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$LOAD" | head -1)
grep -q 'pool_exhausted=1' <<<"$LOAD" && echo "WARNING: the pool of $POOL deliveries ran out before ${SECONDS_LOAD}s: raise POOL (the rate above is too low)"
ROWS=$(psql "$PG" -tAc "SELECT count(*) FROM calendly_meetings WHERE calendly_invitee_uuid LIKE 'bench-invitee-$RUN-%'")
DELIVERIES=$(psql "$PG" -tAc "SELECT count(*) FROM webhook_deliveries d WHERE d.outcome = 'processed' AND d.invitee_uri LIKE '%bench-invitee-$RUN-%'")
if [ "$ROWS" = "$OK" ] && [ "$DELIVERIES" = "$OK" ]; then LOST="nothing lost"; else LOST="MISMATCH"; fi
echo "2xx answers=$OK meetings in database=$ROWS deliveries stored=$DELIVERIES ($LOST)"

echo "pgbench ceiling: single-row upsert of the same payload, $C clients, ${PGBENCH_SECONDS}s"
PAYLOAD=$(python3 -c "import json,sys;print(json.dumps(json.load(open(sys.argv[1]))['payload'],separators=(',',':')).replace(\"'\",\"''\"))" "$SAMPLE")
SCRIPT=$(mktemp)
{
  echo '\set id random(1, 2000000000)'
  echo "INSERT INTO bench_ceiling.upsert (invitee_uri, payload, updated_at) VALUES ('inv-' || :id, convert_from(decode('$(printf '%s' "$PAYLOAD" | base64 -w0)', 'base64'), 'UTF8')::jsonb, now()) ON CONFLICT (invitee_uri) DO UPDATE SET payload = EXCLUDED.payload, updated_at = now();"
} > "$SCRIPT"
psql "$PG" -q -c "DROP SCHEMA IF EXISTS bench_ceiling CASCADE; CREATE SCHEMA bench_ceiling; CREATE TABLE bench_ceiling.upsert (invitee_uri text PRIMARY KEY, payload jsonb NOT NULL, updated_at timestamptz NOT NULL);"
PGB=$(pgbench -n -c "$C" -j 2 -T "$PGBENCH_SECONDS" -f "$SCRIPT" "$PG" 2>&1)
psql "$PG" -q -c "DROP SCHEMA bench_ceiling CASCADE;"
rm -f "$SCRIPT"
TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$PGB" | head -1)
LAT=$(sed -n 's/^latency average = \(.*\)/\1/p' <<<"$PGB" | head -1)
echo "pgbench: tps=$TPS latency average=$LAT"

# What one delivery costs the database alone: the ingest function itself (delivery row, dedupe,
# meeting, Calendly row, hosts) called by pgbench, with the record the app's mapper makes.
RECORD=$(java -cp "target/classes:target/lib/*" bench/MappedRecord.java "$SAMPLE" | base64 -w0)
RAW=$(python3 -c "import json,sys;print(json.dumps(json.load(open(sys.argv[1])),separators=(',',':')),end='')" "$SAMPLE" | base64 -w0)
FN_SCRIPT=$(mktemp)
{
  echo '\set id random(1, 2000000000)'
  echo "SELECT * FROM calendly_ingest_delivery(decode('$RAW', 'base64'), 'invitee.created', 'pgbench-' || :id, jsonb_set(jsonb_set(convert_from(decode('$RECORD', 'base64'), 'UTF8')::jsonb, '{calendly,invitee_uri}', to_jsonb('pgbench-' || :id)), '{calendly,calendly_invitee_uuid}', to_jsonb('pgbench-' || :id)));"
} > "$FN_SCRIPT"
FNB=$(pgbench -n -c "$C" -j 2 -T "$PGBENCH_SECONDS" -f "$FN_SCRIPT" "$PG" 2>&1)
rm -f "$FN_SCRIPT"
psql "$PG" -q -c "DELETE FROM meetings WHERE id IN (SELECT meeting_id FROM calendly_meetings WHERE invitee_uri LIKE 'pgbench-%'); DELETE FROM webhook_deliveries WHERE dedupe_key LIKE 'pgbench-%';"
FN_TPS=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$FNB" | head -1)
echo "pgbench of calendly_ingest_delivery alone: tps=$FN_TPS"

# The closer limit: the same four rows a delivery needs (the delivery with its raw bytes, the
# meeting, the Calendly row with its jsonb, one host), written by one bare WITH ... INSERT
# statement into the same schema with all its indexes and triggers: no locks, no dedupe, no
# matching, no merge. The Calendly row is made once, in FROM: written as (jsonb_populate_record(...)).*
# PostgreSQL evaluated the function (and nextval) once per column, about 50 times, which made
# these bare writes look ten times slower than they are.
BARE_SCRIPT=$(mktemp)
{
  echo '\set id random(1, 2000000000)'
  echo "WITH r AS (SELECT convert_from(decode('$RECORD', 'base64'), 'UTF8')::jsonb AS rec),"
  echo " d AS (INSERT INTO webhook_deliveries (event_type, dedupe_key, outcome, raw_body, invitee_uri) VALUES ('invitee.created', 'bare-' || :id, 'processed', decode('$RAW', 'base64'), 'bare-' || :id) RETURNING id),"
  echo " m AS (INSERT INTO meetings (title, description, start_time, end_time, duration_minutes, location, status, source) SELECT rec->'meeting'->>'title', rec->'meeting'->>'description', (rec->'meeting'->>'start_time')::timestamptz, (rec->'meeting'->>'end_time')::timestamptz, (rec->'meeting'->>'duration_minutes')::int, rec->'meeting'->>'location', 'active', 'calendly' FROM r RETURNING id),"
  echo " c AS (INSERT INTO calendly_meetings SELECT p.* FROM r, m, LATERAL jsonb_populate_record(NULL::calendly_meetings, (r.rec->'calendly') || jsonb_build_object('id', nextval('calendly_meetings_id_seq'), 'meeting_id', m.id, 'invitee_uri', 'bare-' || :id, 'calendly_invitee_uuid', 'bare-' || :id, 'customer_match', 'unmatched', 'last_change', 'created', 'synced_at', now(), 'created_at', now(), 'updated_at', now(), 'no_show_observed_at', now(), 'lookup_keys', jsonb_build_array())) AS p RETURNING meeting_id)"
  echo "INSERT INTO meeting_hosts (meeting_id, position, user_uri, email, name) SELECT c.meeting_id, 0, h->>'user_uri', h->>'email', h->>'name' FROM c, r, jsonb_array_elements(r.rec->'calendly'->'hosts') AS h;"
} > "$BARE_SCRIPT"
bare_writes() {
  local out tps
  out=$(pgbench -n -c "$C" -j 2 -T "$PGBENCH_SECONDS" -f "$BARE_SCRIPT" "$PG" 2>&1)
  psql "$PG" -q -c "DELETE FROM meetings WHERE id IN (SELECT meeting_id FROM calendly_meetings WHERE invitee_uri LIKE 'bare-%'); DELETE FROM webhook_deliveries WHERE dedupe_key LIKE 'bare-%';"
  tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' <<<"$out" | head -1)
  [ -n "$tps" ] || { echo "the bare-writes pgbench failed:" >&2; echo "$out" | tail -5 >&2; tps=0; }
  echo "$tps"
}
BARE_TPS=$(bare_writes)
echo "pgbench of the bare writes of one delivery: tps=$BARE_TPS"
# BARE_BREAKDOWN=1: where a delivery's database time goes. The same bare writes with the
# product's own triggers of the four tables off (audit trail, report facts, company links, ordered
# lookups; foreign keys still checked): what its rules cost beyond the rows and their indexes.
if [ "${BARE_BREAKDOWN:-0}" = 1 ]; then
  TABLES="webhook_deliveries meetings calendly_meetings meeting_hosts"
  for t in $TABLES; do psql "$PG" -qc "ALTER TABLE $t DISABLE TRIGGER USER"; done
  ROWS_ONLY_TPS=$(bare_writes)
  for t in $TABLES; do psql "$PG" -qc "ALTER TABLE $t ENABLE TRIGGER USER"; done
  echo "pgbench of the bare writes with the four tables' own triggers off: tps=$ROWS_ONLY_TPS" \
       "(rows and indexes only: $(python3 -c "print(f'{$ROWS_ONLY_TPS / $TPS:.2f}')") of the single-row ceiling)"
fi
rm -f "$BARE_SCRIPT"
# REPORTS_AB=1: what the reports cost the webhook itself (issue target: under 10 %). More load
# through the app, alternately with the report triggers off and on (two rounds each), same app and
# database; prints each rate and the slowdown of the means.
if [ "${REPORTS_AB:-0}" = 1 ]; then
  REPORT_TRIGGERS="meetings:report_meetings_on_meeting_insert meetings:report_meetings_on_meeting_update
calendly_meetings:report_meetings_on_calendly_insert calendly_meetings:report_meetings_on_calendly_update"
  ab_load() {
    for t in $REPORT_TRIGGERS; do psql "$PG" -qc "ALTER TABLE ${t%%:*} $1 TRIGGER ${t##*:}"; done
    java bench/SignedDeliveries.java "$SECRET" "$SAMPLE" "$POOL" "${RUN}$2" "$DELIVERIES_FILE"
    wrk -t 2 -c "$C" -d "$((SECONDS_LOAD + 12))s" --timeout 10s -s bench/webhook.lua "$URL" -- "$DELIVERIES_FILE" 2 "$SECONDS_LOAD" \
      | sed -n 's/.* rate=\([0-9.]*\).*/\1/p' | head -1
  }
  trap 'for t in $REPORT_TRIGGERS; do psql "$PG" -qc "ALTER TABLE ${t%%:*} ENABLE TRIGGER ${t##*:}"; done' ERR
  AB_OFF=(); AB_ON=()
  for round in 1 2; do
    AB_OFF+=("$(ab_load DISABLE "off$round")")
    AB_ON+=("$(ab_load ENABLE "on$round")")
  done
  rm -f "$DELIVERIES_FILE"
  echo "webhook with the report triggers: ${AB_ON[*]}/s; without: ${AB_OFF[*]}/s" \
       "(slowdown $(python3 -c "import sys;on=sum(map(float,sys.argv[1].split()));off=sum(map(float,sys.argv[2].split()));print(f'{100*(off-on)/off:.1f}')" "${AB_ON[*]}" "${AB_OFF[*]}") %, target < 10 %)"
fi

python3 - "$RATE" "$TPS" "$P99" "$LOST" "$FN_TPS" "$BARE_TPS" <<'PY'
import sys
rate, tps, p99, lost, fn, bare = (float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4],
                                  float(sys.argv[5]), float(sys.argv[6]))
fn_of_bare = fn / bare if bare else 0
app_of_fn = rate / fn if fn else 0
ok = fn_of_bare >= 0.85 and app_of_fn >= 0.7 and p99 < 50 and lost == "nothing lost"
print(f"RESULT webhook={rate:.0f}/s p99={p99:.1f}ms {lost}; ingest function={fn:.0f}/s; bare writes={bare:.0f}/s; "
      f"single-row ceiling={tps:.0f}/s")
print(f"       function/bare writes={fn_of_bare:.2f} (target >= 0.85), app/function={app_of_fn:.2f} (target >= 0.7), "
      f"app/ceiling={rate / tps:.2f} (target >= 0.17), p99 < 50 ms at C=32: {'MET' if ok else 'NOT MET'}")
PY
