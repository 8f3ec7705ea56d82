import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Company records benchmark (run by bench/company-bench.sh).
 *
 *   seed JDBC_URL MEETINGS   Calendly meetings nobody is linked to yet, written straight into the
 *                            tables in one statement each (this measures matching, not ingest):
 *                            meeting i is booked by person{i}@client{i % 5000}.example, hosted by
 *                            host{i % 50}@corp.example
 *   csv FILE CUSTOMERS       a customers CSV whose customer i has person{i}'s email, so importing it
 *                            links meeting i
 */
public class CompanyBench {

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "seed" -> seed(args[1], Integer.parseInt(args[2]));
            case "csv" -> csv(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    static void seed(String jdbcUrl, int meetings) throws Exception {
        long started = System.nanoTime();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("INSERT INTO meetings (id, title, start_time, end_time, duration_minutes, status, source) "
                    + "SELECT i, 'Intro call', timestamptz '2026-01-01 09:00Z' + i * interval '20 minutes', "
                    + "timestamptz '2026-01-01 09:30Z' + i * interval '20 minutes', 30, 'active', 'calendly' "
                    + "FROM generate_series(1, " + meetings + ") AS i");
            s.execute("SELECT setval(pg_get_serial_sequence('meetings', 'id'), " + meetings + ")");
            s.execute("INSERT INTO calendly_meetings (meeting_id, invitee_uri, calendly_invitee_uuid, calendly_event_uuid, "
                    + "calendly_event_url, invitee_name, invitee_email, event_name, invitee_status, customer_match, calendly_data, "
                    + "last_change, hosts, questions_and_answers) "
                    + "SELECT i, 'https://api.calendly.com/scheduled_events/e' || i || '/invitees/i' || i, 'i' || i, 'e' || i, "
                    + "'https://api.calendly.com/scheduled_events/e' || i, 'Person ' || i, "
                    + "'person' || i || '@client' || (i % 5000) || '.example', 'Intro call', 'active', 'unmatched', '{}', 'created', "
                    + "jsonb_build_array(jsonb_build_object('position', 0, 'user_uri', 'https://api.calendly.com/users/h' || (i % 50), "
                    + "'email', 'host' || (i % 50) || '@corp.example', 'name', 'Host ' || (i % 50), 'employee_id', null)), '[]' "
                    + "FROM generate_series(1, " + meetings + ") AS i");
            s.execute("INSERT INTO meeting_hosts (meeting_id, position, user_uri, email, name) "
                    + "SELECT i, 0, 'https://api.calendly.com/users/h' || (i % 50), 'host' || (i % 50) || '@corp.example', "
                    + "'Host ' || (i % 50) FROM generate_series(1, " + meetings + ") AS i");
            s.execute("UPDATE meetings SET customer_unmatched_reason = 'no_customer_with_email'");
            s.execute("ANALYZE");
        }
        System.out.printf("seeded %,d unlinked Calendly meetings in %.1f s%n", meetings, (System.nanoTime() - started) / 1e9);
    }

    static void csv(Path file, int customers) throws Exception {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("name,email,company_domain,customer_number\n");
            for (int i = 1; i <= customers; i++) {
                out.write("Client " + i + " Ltd,person" + i + "@client" + (i % 5000) + ".example,client" + i + ".example,C-" + i + "\n");
            }
        }
        System.out.printf("wrote %,d customers to %s (%,d bytes)%n", customers, file, Files.size(file));
    }
}
