-- Encryption at rest, the database's side (V70__encryption_at_rest.sql has the tables). The app
-- seals personal values itself (com.calendlysync.encryption); here are the keyed lookups (blind
-- indexes) that still find a sealed invitee. Each is HMAC-SHA256(index key, kind || ':' || value)
-- of a normalised value, with the index key the pool's sessions carry as calendly.index_key
-- (Encryption.java computes the same). Without that setting (encryption off) there are none,
-- and the rules read the clear columns.

-- The keyed lookup of a normalised value; null when encryption is off or the value is empty.
CREATE OR REPLACE FUNCTION calendly_index(p_kind text, p_value text) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN nullif(p_value, '') IS NULL OR coalesce(current_setting('calendly.index_key', true), '') = '' THEN NULL
                ELSE hmac(convert_to(p_kind || ':' || p_value, 'UTF8'), decode(current_setting('calendly.index_key'), 'hex'), 'sha256')
           END
$$;

-- The words of a name as lookups find them: lower case, split at anything but letters, digits,
-- apostrophes and hyphens ("Mary-Jane O'Neil" has the words mary-jane and o'neil).
CREATE OR REPLACE FUNCTION calendly_name_words(p_name text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(lower(coalesce(p_name, '')), '[^[:alnum:]''-]+') AS w WHERE w <> ''
$$;

-- What a sealed invitee can be found by, from its clear values (the record's part clear): its
-- email (element 1, also the person's key in reports), its email's domain, the customer
-- reference and the project code it names (R__company_matching.sql), then the words of its names.
-- (plpgsql: it reads the matching rules, which are created after this file.)
DROP FUNCTION IF EXISTS calendly_lookup_keys(calendly_meetings);
CREATE OR REPLACE FUNCTION calendly_lookup_keys(p_clear calendly_meetings) RETURNS bytea[]
LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_email text := lower(btrim(p_clear.invitee_email));
    s       matching_settings;
BEGIN
    IF coalesce(current_setting('calendly.index_key', true), '') = '' THEN
        RETURN '{}';
    END IF;
    SELECT * INTO s FROM matching_settings;
    RETURN ARRAY[calendly_index('email', v_email),
                 calendly_index('domain', nullif(split_part(v_email, '@', 2), '')),
                 -- the reference and the code only when the settings name where a booking carries them
                 CASE WHEN s.customer_reference_question IS NOT NULL OR s.customer_reference_utm IS NOT NULL THEN
                     calendly_index('ref', lower(company_customer_reference(p_clear.questions_and_answers, company_tracking(p_clear)))) END,
                 CASE WHEN s.project_code_question IS NOT NULL OR s.project_code_utm IS NOT NULL THEN
                     calendly_index('code', lower(coalesce(company_booking_answer(p_clear.questions_and_answers, s.project_code_question),
                                                           nullif(btrim(company_tracking(p_clear) ->> s.project_code_utm), '')))) END]
           || coalesce((SELECT array_agg(calendly_index('name', w))
                          FROM calendly_name_words(concat_ws(' ', p_clear.invitee_name, p_clear.invitee_first_name,
                                                             p_clear.invitee_last_name)) AS w), '{}');
END
$$;

-- The invitee's email lookup: what finds a person in sealed rows (erasure, subject export, reports).
CREATE OR REPLACE FUNCTION calendly_email_lookup(p_email text) RETURNS bytea
LANGUAGE sql STABLE AS $$
    SELECT calendly_index('email', lower(btrim(p_email)))
$$;

-- the meeting list's text filter makes its lookups in the app (SealedValues.textLookups)
DROP FUNCTION IF EXISTS calendly_text_lookups(text);

-- Who a meeting's invitee is, for the reports (conversion): a number from their email, the same
-- for a sealed row (from its keyed lookup: lookup_keys[1]) and for a customer's email, as long
-- as the session carries the lookup key (encryption on); from the email itself when off.
CREATE OR REPLACE FUNCTION report_person_key(p_email text) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT CASE WHEN btrim(coalesce(p_email, '')) = '' THEN NULL
                WHEN coalesce(current_setting('calendly.index_key', true), '') = '' THEN hashtextextended(lower(btrim(p_email)), 0)
                ELSE hashtextextended(encode(calendly_email_lookup(p_email), 'hex'), 0) END
$$;
