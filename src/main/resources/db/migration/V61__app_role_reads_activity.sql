-- The health check looks for the app's own connections stuck in an open transaction
-- (pg_stat_activity). Working as calendly_app it must see the state of the sessions the pool
-- opened as the login user, which takes pg_read_all_stats. A user that may not grant it keeps
-- the check blind to those sessions (a notice says so).
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'calendly_app') THEN
        GRANT pg_read_all_stats TO calendly_app;
    END IF;
EXCEPTION WHEN insufficient_privilege THEN
    RAISE NOTICE 'calendly_app could not be given pg_read_all_stats: the health check cannot see stuck transactions';
END
$$;
