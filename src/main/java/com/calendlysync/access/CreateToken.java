package com.calendlysync.access;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;

import javax.sql.DataSource;

import com.calendlysync.settings.AppProperties;
import com.calendlysync.settings.StartRefusal;
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
 * It never creates a database: a token in a new, empty one would not reach the app.
 */
public final class CreateToken {

    private CreateToken() {
    }

    public static void main(String[] args) throws Exception {
        // the token is the only thing on stdout, so it can be captured (TOKEN=$(...)); whatever
        // Camel, the database and the audit log say goes to stderr
        PrintStream answer = System.out;
        System.setOut(System.err);
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
            answer.println(create(role, employeeId, label, expiresAt));
        } catch (IllegalArgumentException | IllegalStateException | StartRefusal e) {
            // what to fix, in one line: a wrong option, no database here, the app still holds the data folder
            System.err.println(e.getMessage());
            System.exit(2);
        }
    }

    /**
     * This command as an operator types it for the installation it runs from: the jar and its
     * lib folder relative to the current folder (target/ after a build, /app in the image).
     */
    public static String commandLine() {
        String classpath = "target/calendly-sync.jar:target/lib/*";
        try {
            Path jar = Path.of(CreateToken.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(jar) && jar.getFileName().toString().endsWith(".jar")) {
                Path here = Path.of("").toAbsolutePath();
                Path shown = jar.startsWith(here) ? here.relativize(jar) : jar;
                classpath = shown + ":" + shown.resolveSibling("lib") + "/*";
            }
        } catch (URISyntaxException | RuntimeException e) {
            // not run from a jar (tests, an IDE): the README's form after a build
        }
        return "java -cp \"" + classpath + "\" " + CreateToken.class.getName() + " --role admin";
    }

    /** Stores a new token in the configured database and answers it (the only time it exists in clear). */
    public static String create(Role role, Long employeeId, String label, OffsetDateTime expiresAt) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("classpath:application.properties");
            AppProperties props = new AppProperties(context);
            // the same keys CalendlySyncConfiguration reads, so the command and the app agree on the database
            DatabaseSettings settings = new DatabaseSettings(
                    props.text("database.url"),
                    props.text("database.user"),
                    props.text("database.password"),
                    2,
                    Duration.ofMillis(props.number("database.connect-timeout-ms")),
                    Path.of(props.required("calendly.data-dir")));
            requireExistingDatabase(settings);
            Database database = new Database(settings);
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

    /**
     * Run from another folder, the default ./data is a different, empty folder: starting the
     * embedded database there would make a new database nobody uses, and the token would not work.
     */
    private static void requireExistingDatabase(DatabaseSettings settings) {
        if (settings.isExternal() || settings.hasEmbeddedData()) {
            return;
        }
        Path dataDir = settings.dataDir().toAbsolutePath().normalize();
        throw new IllegalArgumentException("There is no calendly-sync database in " + dataDir
                + ": no DATABASE_URL is set, so CreateToken looked for the embedded database in the data folder "
                + "(CALENDLY_DATA_DIR, default ./data, relative to the folder this ran in: "
                + Path.of("").toAbsolutePath() + "). Nothing was created. Run CreateToken in the folder the app "
                + "runs in, or set CALENDLY_DATA_DIR to the app's data folder (its start-up log says 'data in ...'), "
                + "or set DATABASE_URL, DATABASE_USER and DATABASE_PASSWORD as the app has them.");
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
