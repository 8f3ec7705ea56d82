package com.calendlysync.meetings;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import com.calendlysync.encryption.SealedValues;

/**
 * How the meeting list's text filter finds sealed meetings (encryption at rest): by the keyed
 * lookups of the exact email or whole name words (MeetingQuery reads them from calendly_lookups,
 * V72, in the list's order); and whether rows still in clear need their text searched too (the
 * partial index of V71 answers that at once).
 */
final class SealedTextSearch implements MeetingQuery.TextLookups {

    private final SealedValues sealed;
    private final DataSource dataSource;

    SealedTextSearch(SealedValues sealed, DataSource dataSource) {
        this.sealed = sealed;
        this.dataSource = dataSource;
    }

    @Override
    public byte[][] of(String text) {
        return sealed.textLookups(text);
    }

    @Override
    public boolean clearRowsRemain() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM calendly_meetings WHERE sealed_by IS NULL)")) {
            rs.next();
            return rs.getBoolean(1);
        } catch (SQLException e) {
            return true;
        }
    }
}
