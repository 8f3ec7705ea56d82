package com.calendlysync.db;

import java.nio.file.Path;
import java.time.Duration;

/** Connection settings as read from application.properties (and so from the environment). */
public record DatabaseSettings(String url, String user, String password, int poolSize, Duration connectTimeout,
        Path dataDir) {

    public boolean isExternal() {
        return url != null && !url.isBlank();
    }
}
