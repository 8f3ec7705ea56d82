package com.calendlysync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting of application.properties can be found and set where operators look: the
 * README's configuration table, and docker-compose.yml's app environment (with the same
 * default, since an empty value would not fall back to it). The image and the README's run
 * command bound memory with the same flags, and the image does not run as root.
 */
class ConfigurationSurfaceTest {

    private static final Pattern SETTING = Pattern.compile("\\{\\{env:([A-Z0-9_]+):([^}]*)}}");
    /** Set by docker-compose.yml itself (the database service, the container's port) or by the image. */
    private static final Set<String> FIXED_BY_COMPOSE = Set.of("DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD",
            "HTTP_PORT", "CALENDLY_DATA_DIR", "CALENDLY_ROUTES_DIR");

    @Test
    void everySettingIsInTheReadmeTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        String table = readme.substring(readme.indexOf("## Configuration"), readme.indexOf("## Endpoints"));
        for (String name : settings().keySet()) {
            assertTrue(table.contains("`" + name + "`"), name + " is missing from the README's configuration table");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void everySettingCanBeSetThroughDockerCompose() throws IOException {
        Map<String, Object> compose = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> app = (Map<String, Object>) services.get("app");
        Map<String, Object> environment = (Map<String, Object>) app.get("environment");
        for (Map.Entry<String, String> setting : settings().entrySet()) {
            if (FIXED_BY_COMPOSE.contains(setting.getKey())) {
                continue;
            }
            assertEquals("${" + setting.getKey() + ":-" + setting.getValue() + "}", String.valueOf(environment.get(setting.getKey())),
                    setting.getKey() + " must reach the app from .env, with application.properties' default");
        }
        String password = "${POSTGRES_PASSWORD:?";
        assertTrue(String.valueOf(environment.get("DATABASE_PASSWORD")).startsWith(password), "no silent default password");
        Map<String, Object> postgres = (Map<String, Object>) services.get("postgres");
        assertTrue(String.valueOf(((Map<String, Object>) postgres.get("environment")).get("POSTGRES_PASSWORD")).startsWith(password));
        for (String service : List.of("app", "postgres")) {
            assertEquals("unless-stopped", ((Map<String, Object>) services.get(service)).get("restart"), service);
        }
    }

    @Test
    void theImageRunsAsAUserWithTheReadmesMemoryFlags() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
        assertTrue(user.find(), "the image must say which user runs the app");
        assertFalse(Set.of("root", "0").contains(user.group(1)), "the app must not run as root");

        Matcher image = Pattern.compile("JDK_JAVA_OPTIONS=\"([^\"]+)\"").matcher(dockerfile);
        assertTrue(image.find());
        Matcher readme = Pattern.compile("MALLOC_ARENA_MAX=2 java (.+) -jar target/calendly-sync.jar")
                .matcher(Files.readString(Path.of("README.md")));
        assertTrue(readme.find(), "the README's run command bounds memory");
        assertEquals(image.group(1), readme.group(1), "the image and the README's run command use the same flags");
        assertTrue(image.group(1).contains("-Xmx"), image.group(1));
        assertTrue(dockerfile.contains("MALLOC_ARENA_MAX=2"));
    }

    /** Environment variable -> default, as application.properties names them. */
    private static Map<String, String> settings() throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        Matcher m = SETTING.matcher(Files.readString(Path.of("application.properties")));
        while (m.find()) {
            settings.put(m.group(1), m.group(2));
        }
        assertTrue(settings.size() > 30, "found " + settings.keySet());
        return settings;
    }
}
