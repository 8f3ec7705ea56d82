package com.calendlysync.company;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import com.calendlysync.audit.ActingTransaction;
import com.calendlysync.audit.Actor;
import com.calendlysync.encryption.MatchingBasis;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bean {@code rematching}: when customers, employees or projects are added, imported, synced or
 * changed, the meetings they may now match are found (company_meetings_for_* in
 * R__company_matching.sql) and linked again by the rules (company_relink_meetings), a batch of
 * meetings per transaction so a large import never holds many rows locked at once. Links set
 * by a person are left as they are. Each transaction names the actor of the change that caused
 * it (the API token, the sync run), so the audit trail says who re-linked a meeting.
 */
public final class Rematching {

    private static final Logger LOG = LoggerFactory.getLogger(Rematching.class);
    private final DataSource dataSource;
    private final int batchSize;
    private final MatchingBasis basis;

    public Rematching(DataSource dataSource, int batchSize, MatchingBasis basis) {
        this.dataSource = dataSource;
        this.batchSize = batchSize;
        this.basis = basis;
    }

    /** Answers how many meetings changed. */
    public int afterCustomers(Collection<Long> customerIds, Actor actor) throws SQLException {
        long started = System.nanoTime();
        return relink(candidates("company_meetings_for_customers", customerIds), actor, started);
    }

    public int afterEmployees(Collection<Long> employeeIds, Actor actor) throws SQLException {
        long started = System.nanoTime();
        return relink(candidates("company_meetings_for_employees", employeeIds), actor, started);
    }

    public int afterProjects(Collection<Long> projectIds, Actor actor) throws SQLException {
        long started = System.nanoTime();
        return relink(candidates("company_meetings_for_projects", projectIds), actor, started);
    }

    /** Every Calendly meeting without a customer or a project (after the matching settings changed). */
    public int unlinkedMeetings(Actor actor) throws SQLException {
        long started = System.nanoTime();
        List<Long> ids = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT m.id FROM meetings m WHERE m.source = 'calendly' AND (m.customer_id IS NULL OR m.project_id IS NULL) ORDER BY m.id")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return relink(ids, actor, started);
    }

    private List<Long> candidates(String function, Collection<Long> ids) throws SQLException {
        List<Long> meetings = new ArrayList<>();
        if (ids.isEmpty()) {
            return meetings;
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT meeting_id FROM " + function + "(?) ORDER BY 1")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    meetings.add(rs.getLong(1));
                }
            }
        }
        return meetings;
    }

    /** Relinks these meetings, batch by batch; answers how many changed. The log line counts from started. */
    private int relink(List<Long> meetingIds, Actor actor, long started) throws SQLException {
        int changed = 0;
        if (meetingIds.isEmpty()) {
            return 0;
        }
        for (int from = 0; from < meetingIds.size(); from += batchSize) {
            List<Long> batch = meetingIds.subList(from, Math.min(meetingIds.size(), from + batchSize));
            changed += ActingTransaction.run(dataSource, actor, c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT company_relink_meetings(?, CAST(? AS jsonb))")) {
                    Array array = c.createArrayOf("bigint", batch.toArray());
                    ps.setArray(1, array);
                    // sealed meetings (encryption at rest): the rules get their email and answers for this call
                    ps.setString(2, basis.of(c, batch));
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        return rs.getInt(1);
                    }
                }
            });
        }
        LOG.info("Re-matched {} meetings, {} changed, in {} ms", meetingIds.size(), changed,
                (System.nanoTime() - started) / 1_000_000);
        return changed;
    }
}
