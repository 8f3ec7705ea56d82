package com.calendlysync.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A long read query kept as a file under src/main/resources/sql/, read once when its bean is made. */
public final class SqlFile {

    private SqlFile() {
    }

    public static String read(String name) {
        try (InputStream in = SqlFile.class.getResourceAsStream("/sql/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sql/" + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
