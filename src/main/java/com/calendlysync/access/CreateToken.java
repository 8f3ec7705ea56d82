package com.calendlysync.access;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.AppProperties;
import com.calendlysync.db.Database;
import com.calendlysync.db.DatabaseSettings;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Makes an API token from the command line, against the database the app is configured for
 * (application.properties and the same environment variables), e.g. the first admin token:
 *
 * <pre>java -cp target/calendly-sync.jar:target/lib/* com.calendlysync.access.CreateToken --role admin --label ops</pre>
 *
 * Options: --role admin|manager|employee|auditor (required), --employee-id N (employee tokens),
 * --label text, --expires-at 2027-01-31T00:00:00Z. The token is printed once on stdout. With
 * the embedded database (no DATABASE_URL) the app must be stopped first: one data folder, one server.
 */
public final class CreateToken {

    private CreateToken() {
    }

    public static void main(String[] args) throws Exception {
        Role role = null;
        Long employeeId = null;
        String label = "created with CreateToken";
        OffsetDateTime expiresAt = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--role" -> role = Role.find(require(value, "--role"));
                case "--employee-id" -> employeeId = Long.parseLong(require(value, "--employee-id"));
                case "--label" -> label = require(value, "--label");
                case "--expires-at" -> expiresAt = OffsetDateTime.parse(require(value, "--expires-at"));
                default -> usage("unknown option " + args[i]);
            }
            i++;
        }
        if (role == null) {
            usage("--role must be one of " + Role.names());
        }
        if ((role == Role.EMPLOYEE) != (employeeId != null)) {
            usage("--employee-id is required for, and only for, --role employee");
        }
        try {
            System.out.println(create(role, employeeId, label, expiresAt));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /** Stores a new token in the configured database and answers it (the only time it exists in clear). */
    public static String create(Role role, Long employeeId, String label, OffsetDateTime expiresAt) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            AppProperties props = new AppProperties(context);
            // the same keys CalendlySyncConfiguration reads, so the command and the app agree on the database
            Database database = new Database(new DatabaseSettings(
                    props.text("database.url"),
                    props.text("database.user"),
                    props.text("database.password"),
                    2,
                    Duration.ofMillis(props.number("database.connect-timeout-ms")),
                    Path.of(props.required("calendly.data-dir"))));
            try {
                DataSource dataSource = database.open();
                ApiTokens tokens = new ApiTokens(dataSource);
                if (employeeId != null && !tokens.employeeExists(employeeId)) {
                    throw new IllegalArgumentException("There is no employee " + employeeId + " in " + database.describe());
                }
                Map<String, Object> created = tokens.create(role, employeeId, label, expiresAt, "command", null);
                new AccessAudit(dataSource).tokenChange("token_created", null, "COMMAND", "CreateToken",
                        "token " + created.get("id") + " role " + role.id() + " (command line)");
                System.err.println("Created " + role.id() + " token " + created.get("id") + " in " + database.describe()
                        + ". It is shown once; store it now:");
                return (String) created.get("token");
            } finally {
                database.stop();
            }
        }
    }

    private static String require(String value, String option) {
        if (value == null) {
            usage(option + " needs a value");
        }
        return value;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: CreateToken --role admin|manager|employee|auditor [--employee-id N] [--label text] "
                + "[--expires-at 2027-01-31T00:00:00Z]");
        System.exit(64);
    }
}
