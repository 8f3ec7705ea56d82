package com.calendlysync.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.calendlysync.support.TestDatabase;

/**
 * Where a piece of personal data still is: every text, JSON, array and bytea column of every
 * table in the schema, searched case-insensitively (bytes as escaped text). What pg_dump of the
 * test database would contain, without needing a pg_dump as new as the server.
 */
public final class PersonalDataHoldings {

    private PersonalDataHoldings() {
    }

    /** "table.column" for every column holding the text somewhere. */
    public static List<String> whereIs(String text) {
        List<String> found = new ArrayList<>();
        String needle = text.toLowerCase(Locale.ROOT);
        for (Map<String, Object> column : TestDatabase.query("SELECT table_name, column_name, data_type FROM information_schema.columns "
                + "WHERE table_schema = 'public' AND table_name <> 'flyway_schema_history' "
                + "AND data_type IN ('text', 'character varying', 'character', 'jsonb', 'json', 'bytea', 'ARRAY')")) {
            String table = "\"" + column.get("table_name") + "\"";
            String name = "\"" + column.get("column_name") + "\"";
            String value = "bytea".equals(column.get("data_type")) ? "encode(" + name + ", 'escape')" : name + "::text";
            if (TestDatabase.count("SELECT count(*) FROM " + table + " WHERE strpos(lower(" + value + "), ?) > 0", needle) > 0) {
                found.add(column.get("table_name") + "." + column.get("column_name"));
            }
        }
        return found;
    }
}
