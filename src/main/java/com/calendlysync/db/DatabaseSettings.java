package com.calendlysync.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Connection settings as read from application.properties (and so from the environment). */
public record DatabaseSettings(String url, String user, String password, int poolSize, Duration connectTimeout,
        Path dataDir) {

    public boolean isExternal() {
        return url != null && !url.isBlank();
    }

    /** Where the embedded PostgreSQL keeps its files, inside the data folder. */
    public Path embeddedData() {
        return dataDir.resolve("postgres");
    }

    /** Whether the embedded PostgreSQL has been initialised in the data folder (by an earlier start). */
    public boolean hasEmbeddedData() {
        return Files.isRegularFile(embeddedData().resolve("PG_VERSION"));
    }
}
