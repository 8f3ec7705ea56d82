-- An employee's own reports (employee tokens, the employeeId filter) start from the meetings that
-- person hosts instead of reading every meeting of the range: a year of one host out of 200 is
-- under 2,000 rows. GIN keeps new entries in a pending list, so a webhook pays one cheap insert.
CREATE INDEX report_meetings_hosts ON report_meetings USING gin (host_ids);
