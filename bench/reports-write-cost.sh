#!/usr/bin/env bash
# What the reports' triggers cost each webhook, measured in the database where they run: pgbench
# applies new invitees through calendly_apply_invitee (the webhook's write path: one transaction
# each, records made from a stored booking, start times spread over a year) with the report
# triggers on, then off, then on and off again, and prints the transactions per second of each.
# Needs a running app's database with meetings in it, e.g. the one reports-bench.sh seeds:
#   BENCH_PG="host=localhost port=41234 user=postgres dbname=postgres" bench/reports-write-cost.sh
set -euo pipefail
PG=${BENCH_PG:?set BENCH_PG to a libpq connection string of the app database}
C=${C:-8}
SECONDS_EACH=${SECONDS_EACH:-20}
TRIGGERS="meetings:report_meetings_on_meeting_insert meetings:report_meetings_on_meeting_update
calendly_meetings:report_meetings_on_calendly_insert calendly_meetings:report_meetings_on_calendly_update"

psql "$PG" -q <<'SQL'
DROP TABLE IF EXISTS bench_write_template;
CREATE TABLE bench_write_template AS
SELECT jsonb_build_object(
         'calendly', to_jsonb(c) - 'id' - 'meeting_id',
         'meeting', jsonb_build_object('title', m.title, 'start_time', m.start_time, 'end_time', m.end_time,
                                       'duration_minutes', m.duration_minutes, 'location', m.location),
         'change', 'invitee.created', 'observed_at', now()) AS record
  FROM calendly_meetings c JOIN meetings m ON m.id = c.meeting_id
 WHERE c.invitee_status = 'active'
 ORDER BY c.id LIMIT 1;
SQL
SCRIPT=$(mktemp)
cat > "$SCRIPT" <<'SQL'
\set id random(1, 2000000000)
\set shift random(0, 31535999)
SELECT change FROM calendly_apply_invitee(
  jsonb_set(jsonb_set(jsonb_set(jsonb_set((SELECT record FROM bench_write_template),
    '{calendly,invitee_uri}', to_jsonb('https://bench.example/invitees/' || :id || '-' || txid_current())),
    '{calendly,calendly_invitee_uuid}', to_jsonb('w-' || :id || '-' || txid_current())),
    '{calendly,scheduled_at}', to_jsonb(timestamptz '2026-01-01' + :shift * interval '1 second')),
    '{meeting,start_time}', to_jsonb(timestamptz '2026-01-01' + :shift * interval '1 second')));
SQL
triggers() {
  for t in $TRIGGERS; do psql "$PG" -qc "ALTER TABLE ${t%%:*} $1 TRIGGER ${t##*:}"; done
}
run() {
  triggers "$1"
  # with the triggers on, the notes they leave are worked out every second meanwhile, as the app's
  # route report-drain does, so their cost is counted too
  if [ "$1" = ENABLE ]; then
    (while :; do psql "$PG" -qAtc "SELECT report_drain()" >/dev/null 2>&1; sleep 1; done) &
    DRAINER=$!
  fi
  pgbench -n -c "$C" -j 2 -T "$SECONDS_EACH" -f "$SCRIPT" "$PG" 2>/dev/null | sed -n 's/^tps = \([0-9.]*\).*/\1/p' | head -1
  if [ "$1" = ENABLE ]; then
    kill "$DRAINER"; wait "$DRAINER" 2>/dev/null || true
  fi
}
trap 'triggers ENABLE; rm -f "$SCRIPT"' EXIT
declare -a ON OFF
for round in 1 2; do
  ON+=("$(run ENABLE)")
  OFF+=("$(run DISABLE)")
done
echo "applies per second with the report triggers: ${ON[*]}; without: ${OFF[*]} (load: $(cut -d' ' -f1-3 /proc/loadavg))"
python3 -c "import sys;on=sum(map(float,sys.argv[1].split()))/2;off=sum(map(float,sys.argv[2].split()))/2;print(f'report triggers cost {100*(off-on)/off:.1f} % of the database write throughput')" "${ON[*]}" "${OFF[*]}"
psql "$PG" -qc "DROP TABLE bench_write_template"
