-- Conversion from counts. A booking is a prospect when its invitee was not a customer when they
-- booked; it converted when they became one within the report's days (1-730) after booking. Each
-- report_meetings row now keeps when its invitee's email became an active customer's
-- (customer_since), and report_day_counts gains a dimension c: per UTC day, the prospects by how
-- many whole days after booking they became customers (key; null: not within 730 days). The
-- conversion report then adds up a few rows a day instead of joining every booking of the range to
-- every customer (R__reports_facts.sql, sql/reports/conversion-days.sql).
-- A sealed row (encryption at rest) has no email the database can read: customer_since stays null,
-- sealed says so, and conversion matches its keyed email to the customers' when a report asks
-- (with the index key only the app's sessions hold), as before.
ALTER TABLE report_meetings ADD COLUMN customer_since timestamptz;
ALTER TABLE report_meetings ADD COLUMN sealed boolean NOT NULL DEFAULT false;

ALTER TABLE report_day_counts DROP CONSTRAINT report_day_counts_dimension_check;
ALTER TABLE report_day_counts ADD CONSTRAINT report_day_counts_dimension_check CHECK (dimension IN ('e', 't', 'c'));
