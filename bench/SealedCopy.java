import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;

import com.calendlysync.encryption.DeliveryBodies;
import com.calendlysync.encryption.Encryption;
import com.calendlysync.encryption.EncryptionKeys;
import com.calendlysync.encryption.Reencryption;
import com.calendlysync.encryption.SealedValues;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Bench seeding for encryption at rest (bench/encryption-bench.sh): grows a clear bench database
 * (never one already sealed: a sealed value is bound to its own row) to COUNT meetings by copying its Calendly meetings (new ids and invitee URIs; triggers off, so
 * the copies have no report facts or audit entries: a database for the meeting list bench only),
 * then seals every row with the app's own re-encryption job (Reencryption) run on sessions
 * without triggers, and prints its rate; then fills the ordered lookups (calendly_lookups) those
 * triggers would have kept. Afterwards the app started with the same keys finds
 * nothing left to move.
 * Run: java -cp "target/classes:target/lib/*" bench/SealedCopy.java JDBC_URL COUNT KEYS
 * (KEYS "none": grow only, for the same meetings in clear.)
 */
public class SealedCopy {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int count = Integer.parseInt(args[1]);
        if (args[2].equals("none")) {
            // KEYS "none": only grows the clear database (the same meetings in clear, to compare with)
            try (Connection owner = DriverManager.getConnection(url, "postgres", "")) {
                for (int pass = 0; pass < 4; pass++) {
                    grow(owner, count);
                }
            }
            return;
        }
        Encryption encryption = new Encryption(EncryptionKeys.parse(args[2]));
        Map<String, String> session;
        try (Connection owner = DriverManager.getConnection(url, "postgres", "")) {
            // each pass copies at most every Calendly meeting once
            for (int pass = 0; pass < 4; pass++) {
                grow(owner, count);
            }
            session = encryption.prepare(owner);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername("postgres");
        config.setPassword("");
        config.setMaximumPoolSize(4);
        config.addDataSourceProperty("options", "-c session_replication_role=replica -c "
                + Encryption.SESSION_SETTING + "=" + session.get(Encryption.SESSION_SETTING));
        try (HikariDataSource sessions = new HikariDataSource(config)) {
            long started = System.nanoTime();
            Map<String, Object> moved = new Reencryption(sessions, encryption, new DeliveryBodies(encryption),
                    new SealedValues(encryption), 2000).run();
            double seconds = (System.nanoTime() - started) / 1e9;
            long rows = moved.values().stream().mapToLong(v -> v instanceof Number n ? n.longValue() : 0).sum();
            System.out.printf("RESULT re-encryption job without triggers: %,d rows sealed in %.0f s (%,.0f rows/s) %s%n",
                    rows, seconds, rows / Math.max(seconds, 0.001), moved);
        }
        // the triggers that keep calendly_lookups (V72) in step were off: filled here as R__calendly_lookups.sql does
        try (Connection owner = DriverManager.getConnection(url, "postgres", ""); Statement s = owner.createStatement()) {
            s.execute("""
                INSERT INTO calendly_lookups (meeting_id, lookup, start_key)
                SELECT DISTINCT c.meeting_id, k.lookup, coalesce(m.start_time, '-infinity'::timestamptz)
                  FROM calendly_meetings c JOIN meetings m ON m.id = c.meeting_id
                 CROSS JOIN LATERAL unnest(calendly_list_keys(c)) AS k(lookup)
                ON CONFLICT (meeting_id, lookup) DO NOTHING""");
            // the job rewrote every row: what autovacuum does after it in production (visibility map, statistics),
            // done here before the list is timed (otherwise index-only scans fetch every row from the heap)
            s.execute("VACUUM (ANALYZE) calendly_meetings, meetings, calendly_lookups");
        }
    }

    /** Copies Calendly meetings (with their hosts) until there are count meetings. */
    static void grow(Connection c, int count) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.execute("""
                DO $$
                DECLARE
                    n bigint;
                    m_cols text;
                    m_vals text;
                    c_cols text;
                    c_vals text;
                BEGIN
                    SELECT %d - count(*) INTO n FROM meetings;
                    -- a sealed row's values are bound to its own URI: a copy of one would not open
                    IF n <= 0 OR EXISTS (SELECT 1 FROM calendly_meetings WHERE sealed_by IS NOT NULL) THEN
                        RETURN;
                    END IF;
                    DROP TABLE IF EXISTS copy_map;
                    CREATE TEMP TABLE copy_map AS
                    SELECT s.id AS old_id, nextval(pg_get_serial_sequence('meetings', 'id')) AS new_id, s.k
                      FROM (SELECT c.meeting_id AS id, row_number() OVER (ORDER BY c.id) AS k
                              FROM calendly_meetings c ORDER BY c.id LIMIT n) AS s;
                    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum),
                           string_agg('m.' || quote_ident(attname), ', ' ORDER BY attnum)
                      INTO m_cols, m_vals
                      FROM pg_attribute WHERE attrelid = 'meetings'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'id';
                    EXECUTE format('INSERT INTO meetings (id, %%s) SELECT x.new_id, %%s FROM copy_map x JOIN meetings m ON m.id = x.old_id',
                                   m_cols, m_vals);
                    SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum),
                           string_agg(CASE attname WHEN 'meeting_id' THEN 'x.new_id'
                                                   WHEN 'invitee_uri' THEN 'c.invitee_uri || ''/copy'' || x.new_id'
                                                   WHEN 'calendly_invitee_uuid' THEN 'c.calendly_invitee_uuid || ''-copy'' || x.new_id'
                                                   ELSE 'c.' || quote_ident(attname) END, ', ' ORDER BY attnum)
                      INTO c_cols, c_vals
                      FROM pg_attribute WHERE attrelid = 'calendly_meetings'::regclass AND attnum > 0 AND NOT attisdropped AND attname <> 'id';
                    EXECUTE format('INSERT INTO calendly_meetings (%%s) SELECT %%s FROM copy_map x JOIN calendly_meetings c ON c.meeting_id = x.old_id',
                                   c_cols, c_vals);
                    INSERT INTO meeting_hosts (meeting_id, position, user_uri, email, name, employee_id)
                    SELECT x.new_id, h.position, h.user_uri, h.email, h.name, h.employee_id
                      FROM copy_map x JOIN meeting_hosts h ON h.meeting_id = x.old_id;
                END
                $$
                """.formatted(count));
            s.execute("SET session_replication_role = DEFAULT");
            s.execute("ANALYZE meetings");
            s.execute("ANALYZE calendly_meetings");
            s.execute("ANALYZE meeting_hosts");
        }
        try (Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT count(*) FROM meetings")) {
            rs.next();
            System.out.println("meetings now: " + rs.getLong(1) + " (copies made with triggers off)");
        }
    }
}
