-- The audit trail (table audit_log, V60): who changed what, written by triggers on every
-- path (webhook, replay, import, reconciliation, two-way cancel, the API, retention, erasure, and
-- any later code), chained by a sealer shortly after commit, verified by recomputing the chain.
--
-- The actor is a transaction-local setting, calendly.actor (JSON), that the app sets in the
-- same transaction as its writes (audit.Actor / audit.ActingTransaction); a write without one
-- (psql, a test) is recorded as {"kind": "database", "user": <session user>}.

-- The key of every keyed hash; generated on first use when CALENDLY_PRIVACY_KEY was not given.
CREATE OR REPLACE FUNCTION privacy_key() RETURNS bytea
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_key bytea;
BEGIN
    SELECT k.key INTO v_key FROM privacy_keys k WHERE k.name = 'hmac';
    IF v_key IS NULL THEN
        INSERT INTO privacy_keys (name, key, source) VALUES ('hmac', gen_random_bytes(32), 'generated')
        ON CONFLICT (name) DO NOTHING;
        SELECT k.key INTO v_key FROM privacy_keys k WHERE k.name = 'hmac';
    END IF;
    RETURN v_key;
END
$$;
REVOKE EXECUTE ON FUNCTION privacy_key() FROM PUBLIC;

-- The small SQL functions below are STABLE, as the built-ins they call (format, to_jsonb,
-- concat_ws, convert_to) are: PostgreSQL never inlines an IMMUTABLE function that calls a STABLE
-- one, and a function that is not inlined is planned again for every statement that calls it
-- (each audit trigger firing): that cost a webhook about a millisecond.

-- The keyed commitment to one value (its JSON text): the first 128 bits of HMAC-SHA256, hex.
CREATE OR REPLACE FUNCTION audit_commitment(p_key bytea, p_value jsonb) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN NULL
                ELSE left(encode(hmac(convert_to(p_value::text, 'UTF8'), p_key, 'sha256'), 'hex'), 32) END
$$;

-- Commitments of every value in an entry's changes: {"field": [c(before), c(after)]}.
CREATE OR REPLACE FUNCTION audit_commitments(p_key bytea, p_changes jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
    SELECT coalesce(jsonb_object_agg(c.key, jsonb_build_array(audit_commitment(p_key, c.value -> 0),
                                                              audit_commitment(p_key, c.value -> 1))), '{}')
      FROM jsonb_each(p_changes) AS c
$$;

-- The hash of one entry: what it covers is the entry without its values (only their commitments).
CREATE OR REPLACE FUNCTION audit_entry_hash(p_prev bytea, p_id bigint, p_seq bigint, p_at timestamptz,
                                            p_actor jsonb, p_action text, p_entity text, p_entity_id text,
                                            p_commitments jsonb) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT sha256(coalesce(p_prev, '\x'::bytea) || convert_to(concat_ws(chr(31), p_id, p_seq,
               (extract(epoch FROM p_at) * 1000000)::bigint, p_actor::text, p_action, p_entity,
               coalesce(p_entity_id, ''), p_commitments::text), 'UTF8'))
$$;

-- Who is acting in this transaction.
CREATE OR REPLACE FUNCTION audit_actor() RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT coalesce(nullif(current_setting('calendly.actor', true), '')::jsonb,
                    jsonb_build_object('kind', 'database', 'user', session_user::text))
$$;

-- A large value (the Calendly payload copy, a token hash) is summarised by its size, never copied
-- into the trail (the size is read from the stored value, without writing it out as text).
CREATE OR REPLACE FUNCTION audit_summary(p_value jsonb) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_value IS NULL OR jsonb_typeof(p_value) = 'null' THEN NULL
                ELSE to_jsonb(format('changed, %s bytes', pg_column_size(p_value))) END
$$;

-- The key of a row image: its key column(s) (at most three), joined with '/'. No subquery, so
-- that it is inlined into the trigger's statement.
DROP FUNCTION IF EXISTS audit_key(jsonb, text);
CREATE OR REPLACE FUNCTION audit_key(p_row jsonb, p_keys text[]) RETURNS text
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN cardinality(p_keys) = 1 THEN p_row ->> p_keys[1]
                ELSE concat_ws('/', p_row ->> p_keys[1], p_row ->> p_keys[2], p_row ->> p_keys[3]) END
$$;

-- The summarised column (too big or too secret to copy; at most one per table) when it differs
-- between two row images, as {"column": [summary before, summary after]}, else {}.
CREATE OR REPLACE FUNCTION audit_summaries(p_old jsonb, p_new jsonb, p_column text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN p_column = '' OR (p_old -> p_column) IS NOT DISTINCT FROM (p_new -> p_column) THEN '{}'::jsonb
                ELSE jsonb_build_object(p_column, jsonb_build_array(audit_summary(p_old -> p_column),
                                                                    audit_summary(p_new -> p_column))) END
$$;

-- Statement triggers, one entry per changed row, in one INSERT per statement (no per-row
-- function calls: the audited writes of a webhook cost one statement each). An insert or a
-- delete records the row as one value "row" (nulls left out); an update only the fields that
-- differ. Arguments: the key column(s), columns to ignore (bookkeeping), a column to summarise.
-- Each row image is made once (OFFSET 0 keeps the planner from copying to_jsonb(row) into every
-- expression that reads it: a Calendly row with its payload copy was turned into JSON 3-4 times).
CREATE OR REPLACE FUNCTION audit_rows_inserted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_keys text[] := string_to_array(TG_ARGV[0], ',');
    v_drop text[] := string_to_array(TG_ARGV[1] || ',' || TG_ARGV[2], ',');
BEGIN
    INSERT INTO audit_log (actor, action, entity, entity_id, changes)
    SELECT audit_actor(), 'insert', TG_TABLE_NAME, audit_key(r.j, v_keys),
           jsonb_build_object('row', jsonb_build_array(NULL::jsonb, jsonb_strip_nulls(r.j - v_drop)))
           || audit_summaries(NULL, r.j, TG_ARGV[2])
      FROM (SELECT to_jsonb(n) AS j FROM audit_new_rows AS n OFFSET 0) AS r;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION audit_rows_deleted() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_keys text[] := string_to_array(TG_ARGV[0], ',');
    v_drop text[] := string_to_array(TG_ARGV[1] || ',' || TG_ARGV[2], ',');
BEGIN
    INSERT INTO audit_log (actor, action, entity, entity_id, changes)
    SELECT audit_actor(), 'delete', TG_TABLE_NAME, audit_key(r.j, v_keys),
           jsonb_build_object('row', jsonb_build_array(jsonb_strip_nulls(r.j - v_drop), NULL::jsonb))
           || audit_summaries(r.j, NULL, TG_ARGV[2])
      FROM (SELECT to_jsonb(o) AS j FROM audit_old_rows AS o OFFSET 0) AS r;
    RETURN NULL;
END
$$;

CREATE OR REPLACE FUNCTION audit_rows_updated() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_keys text[] := string_to_array(TG_ARGV[0], ',');
    v_drop text[] := string_to_array(TG_ARGV[1] || ',' || TG_ARGV[2], ',');
BEGIN
    INSERT INTO audit_log (actor, action, entity, entity_id, changes)
    SELECT audit_actor(), 'update', TG_TABLE_NAME, n.k, c.changes
      FROM (SELECT audit_key(x.j, v_keys) AS k, x.j FROM (SELECT to_jsonb(o) AS j FROM audit_old_rows AS o OFFSET 0) AS x) AS o
      JOIN (SELECT audit_key(x.j, v_keys) AS k, x.j FROM (SELECT to_jsonb(n) AS j FROM audit_new_rows AS n OFFSET 0) AS x) AS n
        ON n.k = o.k
     CROSS JOIN LATERAL (
           SELECT nullif(coalesce((SELECT jsonb_object_agg(e.key, jsonb_build_array(o.j -> e.key, e.value))
                                     FROM jsonb_each(n.j - v_drop) AS e
                                    WHERE e.value IS DISTINCT FROM coalesce(o.j -> e.key, 'null')), '{}')
                          || audit_summaries(o.j, n.j, TG_ARGV[2]), '{}') AS changes) AS c
     WHERE c.changes IS NOT NULL;
    RETURN NULL;
END
$$;

-- An entry that is not a row change: an erasure, a retention run, a bulk read of personal data.
CREATE OR REPLACE FUNCTION audit_note(p_action text, p_entity text, p_entity_id text, p_details jsonb)
RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
    INSERT INTO audit_log (actor, action, entity, entity_id, changes)
    SELECT audit_actor(), p_action, p_entity, p_entity_id,
           coalesce(jsonb_object_agg(d.key, jsonb_build_array(NULL::jsonb, d.value)), '{}')
      FROM jsonb_each(coalesce(p_details, '{}')) AS d
    RETURNING id
$$;

-- Which row changes are recorded (and which columns are bookkeeping, or too big to copy).
DO $$
DECLARE
    t record;
BEGIN
    FOR t IN SELECT * FROM (VALUES
            ('meetings', 'id', 'created_at,updated_at', ''),
            ('calendly_meetings', 'id', 'created_at,updated_at,synced_at,no_show_observed_at,lookup_keys', 'calendly_data'),
            ('meeting_hosts', 'meeting_id,position', '', ''),
            ('customers', 'id', 'created_at,updated_at', ''),
            ('employees', 'id', 'created_at,updated_at', ''),
            ('projects', 'id', 'created_at,updated_at', ''),
            ('api_tokens', 'id', '', 'token_hash'),
            ('calendly_webhook_subscriptions', 'uri', '', ''),
            ('privacy_subjects', 'subject_hash', 'created_at,updated_at', ''),
            ('privacy_settings', 'name', '', '')) AS v(tbl, keys, ignored, summed)
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS audit_rows_inserted ON %I', t.tbl);
        EXECUTE format('CREATE TRIGGER audit_rows_inserted AFTER INSERT ON %I REFERENCING NEW TABLE AS audit_new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_rows_inserted(%L, %L, %L)', t.tbl, t.keys, t.ignored, t.summed);
        EXECUTE format('DROP TRIGGER IF EXISTS audit_rows_updated ON %I', t.tbl);
        EXECUTE format('CREATE TRIGGER audit_rows_updated AFTER UPDATE ON %I '
                       'REFERENCING OLD TABLE AS audit_old_rows NEW TABLE AS audit_new_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_rows_updated(%L, %L, %L)', t.tbl, t.keys, t.ignored, t.summed);
        EXECUTE format('DROP TRIGGER IF EXISTS audit_rows_deleted ON %I', t.tbl);
        EXECUTE format('CREATE TRIGGER audit_rows_deleted AFTER DELETE ON %I REFERENCING OLD TABLE AS audit_old_rows '
                       'FOR EACH STATEMENT EXECUTE FUNCTION audit_rows_deleted(%L, %L, %L)', t.tbl, t.keys, t.ignored, t.summed);
    END LOOP;
END
$$;

-- audit_log refuses every change but two: sealing (the chain columns filled once, the entry
-- itself untouched) and redaction (values in changes set to null once sealed, nothing else).
CREATE OR REPLACE FUNCTION audit_is_redaction(p_old jsonb, p_new jsonb) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
    SELECT (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(p_old) AS k)
               IS NOT DISTINCT FROM (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(p_new) AS k)
       AND NOT EXISTS (SELECT 1 FROM jsonb_each(p_new) AS n, generate_series(0, 1) AS i
                        WHERE (n.value -> i) IS DISTINCT FROM (p_old -> n.key -> i)
                          AND jsonb_typeof(n.value -> i) <> 'null')
$$;

CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (NEW.id, NEW.at, NEW.actor, NEW.action, NEW.entity, NEW.entity_id)
           IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor, OLD.action, OLD.entity, OLD.entity_id) THEN
        IF OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.changes IS NOT DISTINCT FROM OLD.changes THEN
            RETURN NEW;
        END IF;
        IF OLD.hash IS NOT NULL
           AND (NEW.seq, NEW.commitments, NEW.prev_hash, NEW.hash, NEW.sealed_at)
               IS NOT DISTINCT FROM (OLD.seq, OLD.commitments, OLD.prev_hash, OLD.hash, OLD.sealed_at)
           AND audit_is_redaction(OLD.changes, NEW.changes) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();
DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();

-- The sealer: chains committed, unsealed entries in id order after the last sealed one. One
-- sealer at a time in the whole cluster (advisory lock); p_wait: wait for it instead of skipping.
-- The commitments are computed for the whole batch at once; only the hashes need the loop.
CREATE OR REPLACE FUNCTION audit_seal(p_limit integer DEFAULT 5000, p_wait boolean DEFAULT false)
RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_key    bytea := privacy_key();
    v_prev   bytea;
    v_seq    bigint;
    v_ids    bigint[];
    v_comms  jsonb[];
    v_hashes bytea[];
    v_prevs  bytea[];
    v_seqs   bigint[];
    r        record;
    i        integer := 0;
BEGIN
    IF p_wait THEN
        PERFORM pg_advisory_xact_lock(hashtextextended('calendly-sync audit seal', 0));
    ELSIF NOT pg_try_advisory_xact_lock(hashtextextended('calendly-sync audit seal', 0)) THEN
        RETURN 0;
    END IF;
    SELECT a.seq, a.hash INTO v_seq, v_prev FROM audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1;
    v_seq := coalesce(v_seq, 0);
    FOR r IN SELECT a.id, a.at, a.actor, a.action, a.entity, a.entity_id, audit_commitments(v_key, a.changes) AS comm
               FROM audit_log a WHERE a.hash IS NULL ORDER BY a.id LIMIT p_limit LOOP
        i := i + 1;
        v_seq := v_seq + 1;
        v_ids[i] := r.id;
        v_seqs[i] := v_seq;
        v_comms[i] := r.comm;
        v_prevs[i] := v_prev;
        v_prev := audit_entry_hash(v_prev, r.id, v_seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.comm);
        v_hashes[i] := v_prev;
    END LOOP;
    IF i = 0 THEN
        RETURN 0;
    END IF;
    UPDATE audit_log a
       SET seq = u.seq, commitments = u.comm, prev_hash = u.prev, hash = u.hash, sealed_at = clock_timestamp()
      FROM unnest(v_ids, v_seqs, v_comms, v_prevs, v_hashes) AS u(id, seq, comm, prev, hash)
     WHERE a.id = u.id;
    RETURN i;
END
$$;

-- Recomputes the whole chain: every sealed entry in seq order must follow the one before it
-- (no gap), carry the hash of the one before, hash to its own hash, and every value still in it
-- must match its commitment (an erased value is null and keeps its commitment).
CREATE OR REPLACE FUNCTION audit_verify()
RETURNS TABLE (valid boolean, entries bigint, unsealed bigint, first_invalid_id bigint, problem text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    v_key bytea := privacy_key();
BEGIN
    RETURN QUERY
    WITH chain AS (
        SELECT a.*, lag(a.seq) OVER w AS before_seq, lag(a.hash) OVER w AS before_hash
          FROM audit_log a
         WHERE a.seq IS NOT NULL
        WINDOW w AS (ORDER BY a.seq)
    ), checked AS (
        SELECT c.seq, c.id, CASE
            WHEN c.seq <> coalesce(c.before_seq, 0) + 1
                THEN format('entries %s to %s of the chain are missing', coalesce(c.before_seq, 0) + 1, c.seq - 1)
            WHEN c.prev_hash IS DISTINCT FROM c.before_hash
                THEN 'it does not follow the entry before it'
            WHEN c.hash IS DISTINCT FROM audit_entry_hash(c.before_hash, c.id, c.seq, c.at, c.actor, c.action,
                                                          c.entity, c.entity_id, c.commitments)
                THEN 'its content does not match its hash'
            WHEN (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(c.changes) AS k)
                 IS DISTINCT FROM (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(c.commitments) AS k)
              OR EXISTS (SELECT 1 FROM jsonb_each(c.changes) AS v, generate_series(0, 1) AS i
                          WHERE jsonb_typeof(v.value -> i) IS DISTINCT FROM 'null'
                            AND audit_commitment(v_key, v.value -> i) IS DISTINCT FROM c.commitments -> v.key ->> i)
                THEN 'a value does not match its commitment'
            END AS problem
          FROM chain c
    )
    SELECT (SELECT count(*) = 0 FROM checked k WHERE k.problem IS NOT NULL),
           (SELECT count(*) FROM checked),
           (SELECT count(*) FROM audit_log a WHERE a.hash IS NULL),
           f.id, f.problem
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (SELECT k.id, k.problem FROM checked k WHERE k.problem IS NOT NULL ORDER BY k.seq LIMIT 1) AS f
        ON true;
END
$$;

-- The end of the chain, for the daily copy in the log.
CREATE OR REPLACE FUNCTION audit_head(OUT seq bigint, OUT id bigint, OUT hash text, OUT at timestamptz)
LANGUAGE sql STABLE AS $$
    SELECT a.seq, a.id, encode(a.hash, 'hex'), a.at FROM audit_log a WHERE a.seq IS NOT NULL ORDER BY a.seq DESC LIMIT 1
$$;
