/* portfolio--0.11.0--0.12.0.sql.  One section per change, each
   self-contained, in the order below:
   1. customers() and model_fits() are PARALLEL UNSAFE (a fix);
   2. the follow-up agenda: a contact policy and followups() over the
      user's contact log. */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.12.0'" to load this file. \quit

-- ---------- 1. customers() and model_fits() are PARALLEL UNSAFE ----------

-- Their exception block is a subtransaction, which a query in parallel
-- mode cannot start: joined with a table under a parallel plan they failed
-- ("cannot start subtransactions during a parallel operation").
ALTER FUNCTION @extschema@.customers(regclass, name, name, name, date, text, integer, integer, double precision, double precision)
    PARALLEL UNSAFE;
ALTER FUNCTION @extschema@.model_fits(regclass, name, name, name, date, text) PARALLEL UNSAFE;

-- ---------- 2. the follow-up agenda ----------

-- The seeded rows of contact_policy are kept apart from the user's with
-- the trigger function of rfm_segments.
COMMENT ON FUNCTION portfolio_internal.rfm_segments_mark_edited() IS
'trigger of rfm_segments and contact_policy: rows inserted or updated by users are not defaults, so pg_dump keeps them';

-- ---------- the contact policy ----------

CREATE TABLE @extschema@.contact_policy (
    alert       text    NOT NULL CHECK (alert IN ('green', 'yellow', 'red')),
    segment     text,
    every_days  integer NOT NULL CHECK (every_days >= 1),
    answer_days integer NOT NULL DEFAULT 7 CHECK (answer_days >= 0),
    retry_days  integer NOT NULL DEFAULT 3 CHECK (retry_days >= 0),
    channel     text    NOT NULL,
    enabled     boolean NOT NULL DEFAULT true,
    is_default  boolean NOT NULL DEFAULT false,
    UNIQUE NULLS NOT DISTINCT (alert, segment)
);
COMMENT ON TABLE @extschema@.contact_policy IS
'how often to contact customers, per alert level and optionally per RFM segment (a segment row wins over the row for any segment), and by which channel; edit freely, retire default rows with enabled = false';
COMMENT ON COLUMN @extschema@.contact_policy.alert IS 'the alert level the row applies to: green, yellow or red';
COMMENT ON COLUMN @extschema@.contact_policy.segment IS 'the RFM segment the row applies to; NULL: any segment without a row of its own';
COMMENT ON COLUMN @extschema@.contact_policy.every_days IS 'days from the last contact or order (the later) to the next contact';
COMMENT ON COLUMN @extschema@.contact_policy.answer_days IS 'days to wait for an answer to a contact logged as awaiting before following it up';
COMMENT ON COLUMN @extschema@.contact_policy.retry_days IS 'days before trying again after a contact logged as no_answer';
COMMENT ON COLUMN @extschema@.contact_policy.channel IS 'the preferred channel: phone, email, visit, or any word of yours';
COMMENT ON COLUMN @extschema@.contact_policy.enabled IS 'false retires the row without deleting it';
COMMENT ON COLUMN @extschema@.contact_policy.is_default IS 'true for a seeded row the user has not edited; managed by the extension';

-- Red is constant follow-up (a call a week), yellow a reminder a month,
-- green a courtesy note a quarter, the alert levels' meanings; the two
-- segments worth more than their level get a closer channel.
INSERT INTO @extschema@.contact_policy
    (alert, segment, every_days, answer_days, retry_days, channel, enabled, is_default)
VALUES
    ('red',    NULL,               7,  3,  2, 'phone', true, true),
    ('yellow', NULL,              30,  7,  7, 'email', true, true),
    ('green',  NULL,              90, 14, 14, 'email', true, true),
    ('red',    'Can''t Lose Them', 3,  2,  1, 'visit', true, true),
    ('yellow', 'Champions',       14,  3,  3, 'phone', true, true);

-- As rfm_segments: pg_dump keeps the user's rows, the seeded ones come back
-- with the extension, and a restored row replaces the seeded one it edits.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.contact_policy', 'WHERE NOT is_default');

CREATE FUNCTION portfolio_internal.contact_policy_replace_default() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE @extschema@.contact_policy AS p
       SET every_days = NEW.every_days, answer_days = NEW.answer_days, retry_days = NEW.retry_days,
           channel = NEW.channel, enabled = NEW.enabled
     WHERE p.alert = NEW.alert AND p.segment IS NOT DISTINCT FROM NEW.segment AND p.is_default;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.contact_policy_replace_default() IS
'trigger: an inserted row with the key of a seeded default row of contact_policy updates that row instead';

CREATE TRIGGER contact_policy_replace_default BEFORE INSERT ON @extschema@.contact_policy
    FOR EACH ROW EXECUTE FUNCTION portfolio_internal.contact_policy_replace_default();
CREATE TRIGGER contact_policy_mark_edited BEFORE INSERT OR UPDATE ON @extschema@.contact_policy
    FOR EACH ROW EXECUTE FUNCTION portfolio_internal.rfm_segments_mark_edited();

-- Readable by all (followups reads it with the caller's privileges),
-- editable by the role that installed the extension, as rfm_segments.
GRANT SELECT ON @extschema@.contact_policy TO PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.contact_policy TO @extowner@;

-- ---------- the agenda ----------

CREATE TYPE @extschema@.followup AS (
    priority              bigint,
    customer              text,
    alert                 text,
    segment               text,
    lifecycle             text,
    channel               text,
    due_date              date,
    days_overdue          integer,
    awaiting_answer       boolean,
    last_order            date,
    last_contact          date,
    last_outcome          text,
    last_channel          text,
    contacts              bigint,
    days_between_contacts double precision,
    value_at_risk         numeric,
    value_basis           text
);
COMMENT ON TYPE @extschema@.followup IS
'one row of followups(): a customer to contact, with the rule that makes it due, its last order and contact, and its place in the agenda';

-- The column of a contact log that plays a role, checked: it exists, and
-- for the date of the contact it is a date, timestamp or timestamptz.
-- Returns the column's type.
CREATE FUNCTION portfolio_internal.followups_column(contacts regclass, col name, role text)
RETURNS regtype LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    typ regtype;
BEGIN
    SELECT a.atttypid::regtype INTO typ FROM pg_attribute a
     WHERE a.attrelid = contacts AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" (%) does not exist in %', col, role, contacts
            USING ERRCODE = 'undefined_column',
                  HINT = CASE WHEN role IN ('outcome_col', 'channel_col')
                              THEN format('Pass %s => NULL if the contact log has no such column.', role)
                              ELSE 'Column names are case-sensitive: pass the name as \d shows it, without quotes.' END;
    END IF;
    IF role = 'at_col' AND portfolio_internal.tracking_base_type(typ) NOT IN
           ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
        RAISE EXCEPTION 'column "%" (at_col) of % is of type %, not a date', col, contacts, typ
            USING ERRCODE = 'datatype_mismatch',
                  HINT = 'The time of a contact is a date, timestamp or timestamp with time zone column.';
    END IF;
    RETURN typ;
END
$$;
COMMENT ON FUNCTION portfolio_internal.followups_column(regclass, name, text) IS
'support function of followups: checks a column of the contact log and returns its type';

-- The agenda over "profiles", SQL whose rows are (c text, alert text,
-- segment text, lifecycle text, last_date date, total_amount numeric,
-- p_alive float8, clv numeric), one per customer with a purchase up to
-- as_of; the contact log is read with the given columns, its timestamptz
-- times as dates in time zone tz.  PARALLEL UNSAFE because the profiles of
-- the untracked form come from customers(), whose exception block is a
-- subtransaction, which parallel mode forbids; the tracked form's do not,
-- and that form is PARALLEL RESTRICTED.
CREATE FUNCTION portfolio_internal.followups_agenda(profiles text, contacts regclass, customer_col name,
                                                    at_col name, outcome_col name, channel_col name,
                                                    as_of date, within_days integer, tz text)
RETURNS SETOF @extschema@.followup
LANGUAGE plpgsql STABLE PARALLEL UNSAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    at_type  regtype;
    log_sql  text;
    bad      record;
BEGIN
    IF contacts IS NULL THEN
        RAISE EXCEPTION 'contacts must not be NULL'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the contact log, a table with the customer, the time of each contact and optionally its outcome and channel.';
    END IF;
    IF within_days IS NULL OR within_days < 0 THEN
        RAISE EXCEPTION 'within_days must be a number of days, at least 0'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = format('The value given was %s.', coalesce(within_days::text, 'NULL')),
                  HINT = '0 lists who is due by as_of; 7 adds who falls due in the week after.';
    END IF;
    IF customer_col IS NULL OR at_col IS NULL THEN
        RAISE EXCEPTION '% must not be NULL', CASE WHEN customer_col IS NULL THEN 'customer_col' ELSE 'at_col' END
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Name the contact log''s column of the customer and of the time of the contact.';
    END IF;
    PERFORM portfolio_internal.followups_column(contacts, customer_col, 'customer_col');
    at_type := portfolio_internal.tracking_base_type(portfolio_internal.followups_column(contacts, at_col, 'at_col'));
    IF outcome_col IS NOT NULL THEN
        PERFORM portfolio_internal.followups_column(contacts, outcome_col, 'outcome_col');
    END IF;
    IF channel_col IS NOT NULL THEN
        PERFORM portfolio_internal.followups_column(contacts, channel_col, 'channel_col');
    END IF;

    -- The contacts up to as_of: customer, day (in tz for timestamptz), the
    -- time itself (to order the contacts of one day), outcome (none
    -- recorded: answered, a contact made that awaits nothing), channel.
    log_sql := format('SELECT (t.%1$I)::pg_catalog.text AS c, %2$s AS d, t.%3$I AS at, '
                      '%4$s AS outcome, %5$s AS channel FROM %6$s t '
                      'WHERE t.%1$I IS NOT NULL AND t.%3$I IS NOT NULL',
                      customer_col,
                      CASE WHEN at_type = 'timestamptz'::regtype
                           THEN format('pg_catalog.timezone(%L, t.%I)::pg_catalog.date', tz, at_col)
                           ELSE format('(t.%I)::pg_catalog.date', at_col) END,
                      at_col,
                      CASE WHEN outcome_col IS NULL THEN '''answered''::pg_catalog.text'
                           ELSE format('COALESCE((t.%I)::pg_catalog.text, ''answered'')', outcome_col) END,
                      CASE WHEN channel_col IS NULL THEN 'NULL::pg_catalog.text'
                           ELSE format('(t.%I)::pg_catalog.text', channel_col) END,
                      contacts);
    log_sql := format('SELECT * FROM (%s) l WHERE l.d OPERATOR(pg_catalog.<=) $1', log_sql);

    EXECUTE format('SELECT c, outcome FROM (%s) l '
                   'WHERE outcome OPERATOR(pg_catalog.<>) ALL (''{answered,awaiting,no_answer}''::pg_catalog.text[]) '
                   'LIMIT 1', log_sql)
        INTO bad USING as_of;
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION 'unknown contact outcome % (customer %) in %', quote_literal(bad.outcome), bad.c, contacts
            USING ERRCODE = 'invalid_parameter_value',
                  HINT = 'An outcome is answered, awaiting (sent, waiting for the answer) or no_answer (tried, not reached); NULL counts as answered.';
    END IF;

    -- Each customer's policy: its segment's enabled row, else the enabled
    -- row for any segment (none: not on the agenda).  Its last contact
    -- (latest time; ties by outcome and channel), their number and mean
    -- spacing.  The due date: a contact after the last order that awaits
    -- an answer is followed up answer_days later, one that did not reach
    -- the customer retry_days later; otherwise the next contact is
    -- every_days after the later of the last contact and the last order
    -- (an order on or after the day of a contact answers it).
    RETURN QUERY EXECUTE format(
        'WITH p AS (%1$s), '
        'l AS MATERIALIZED (%2$s), '
        'pol AS MATERIALIZED (SELECT * FROM @extschema@.contact_policy WHERE enabled), '
        'stats AS (SELECT c, pg_catalog.count(*) AS n, pg_catalog.min(d) AS first_d '
        '          FROM l GROUP BY c), '
        'lastc AS (SELECT DISTINCT ON (c) c, d, outcome, channel FROM l '
        '          ORDER BY c, at DESC, outcome, channel), '
        'due AS (SELECT p.*, rule.every_days, rule.answer_days, rule.retry_days, rule.channel AS policy_channel, '
        '               lc.d AS contact_d, lc.outcome, lc.channel AS contact_channel, st.n, st.first_d, '
        '               (lc.d IS NOT NULL AND p.last_date OPERATOR(pg_catalog.<) lc.d) AS unanswered_contact '
        '        FROM p CROSS JOIN LATERAL (SELECT * FROM pol WHERE pol.alert OPERATOR(pg_catalog.=) p.alert '
        '                                     AND (pol.segment IS NULL OR pol.segment OPERATOR(pg_catalog.=) p.segment) '
        '                                   ORDER BY pol.segment IS NULL LIMIT 1) rule '
        '        LEFT JOIN lastc lc ON lc.c OPERATOR(pg_catalog.=) p.c '
        '        LEFT JOIN stats st ON st.c OPERATOR(pg_catalog.=) p.c), '
        'dated AS (SELECT due.*, CASE WHEN unanswered_contact AND outcome OPERATOR(pg_catalog.=) ''awaiting'' '
        '                             THEN contact_d OPERATOR(pg_catalog.+) answer_days '
        '                             WHEN unanswered_contact AND outcome OPERATOR(pg_catalog.=) ''no_answer'' '
        '                             THEN contact_d OPERATOR(pg_catalog.+) retry_days '
        '                             ELSE GREATEST(last_date, contact_d) OPERATOR(pg_catalog.+) every_days END AS due_date, '
        '                        CASE WHEN clv IS NOT NULL AND p_alive IS NOT NULL '
        '                             THEN pg_catalog.round(clv OPERATOR(pg_catalog.*) (1 OPERATOR(pg_catalog.-) p_alive)::pg_catalog.numeric, 2) '
        '                             ELSE total_amount END AS value, '
        '                        CASE WHEN clv IS NOT NULL AND p_alive IS NOT NULL '
        '                             THEN ''clv_at_risk'' ELSE ''revenue'' END AS basis '
        '           FROM due) '
        'SELECT pg_catalog.row_number() OVER (ORDER BY due_date OPERATOR(pg_catalog.<=) $1 DESC, '
        '           CASE alert WHEN ''red'' THEN 3 WHEN ''yellow'' THEN 2 ELSE 1 END DESC, '
        '           value DESC NULLS LAST, due_date, c), '
        '       c, alert, segment, lifecycle, policy_channel, due_date, $1 OPERATOR(pg_catalog.-) due_date, '
        '       unanswered_contact AND outcome OPERATOR(pg_catalog.=) ''awaiting'', last_date, contact_d, '
        '       outcome, contact_channel, '
        '       COALESCE(n, 0), '
        '       CASE WHEN n OPERATOR(pg_catalog.>) 1 THEN (contact_d OPERATOR(pg_catalog.-) first_d)::pg_catalog.float8 '
        '            OPERATOR(pg_catalog./) (n OPERATOR(pg_catalog.-) 1) END, '
        '       value, basis '
        'FROM dated WHERE due_date OPERATOR(pg_catalog.<=) ($1 OPERATOR(pg_catalog.+) $2) '
        'ORDER BY 1',
        profiles, log_sql)
        USING as_of, within_days;
END
$$;
COMMENT ON FUNCTION portfolio_internal.followups_agenda(text, regclass, name, name, name, name, date, integer, text) IS
'support function of followups: the agenda over per-customer profile rows and a contact log';

-- Over a tracked orders table: the customers, alerts, segments and values
-- as its summary table holds them (kept current by the triggers, refresh
-- and refresh_alerts).
CREATE FUNCTION @extschema@.followups(orders regclass, contacts regclass, as_of date DEFAULT NULL,
                                      within_days integer DEFAULT 0,
                                      at_col name DEFAULT 'contacted_at', outcome_col name DEFAULT 'outcome',
                                      channel_col name DEFAULT 'channel', contacts_customer_col name DEFAULT NULL)
RETURNS SETOF @extschema@.followup
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED ROWS 1000
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[];
    summary regclass;
    held    date;
BEGIN
    IF orders IS NULL THEN
        RAISE EXCEPTION 'orders must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    args := portfolio_internal.tracking_args(orders);
    IF args IS NULL THEN
        RAISE EXCEPTION 'table % is not tracked', orders
              USING ERRCODE = 'undefined_object',
                    HINT = 'Call portfolio.track_orders first, or name its columns: followups(orders, contacts, customer_col, date_col, amount_col).';
    END IF;
    summary := args[4]::regclass;
    IF NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = summary AND tgname = 'portfolio_bi_columns'
                      AND tgfoid = 'portfolio_internal.tracking_bi_row()'::regprocedure) THEN
        RAISE EXCEPTION 'summary table % of % has no segment, P(alive) or CLV columns', summary, orders
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    DETAIL = 'It was created by portfolio 0.8.0 or earlier.',
                    HINT = format('Call portfolio.upgrade_tracking(%L) first.', orders::text);
    END IF;
    as_of := coalesce(as_of, (now() AT TIME ZONE args[6])::date);
    EXECUTE format('SELECT max(as_of) FROM %s', summary) INTO held;
    IF held > as_of THEN
        RAISE EXCEPTION 'as_of % is before the date of the summary table of % (%)', as_of, orders, held
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = 'The tracked table holds each customer as of the day it was written; an earlier agenda needs the orders as they were.',
                    HINT = 'For a past date, name the orders'' columns: followups(orders, contacts, customer_col, date_col, amount_col, as_of => ...).';
    END IF;
    RETURN QUERY SELECT * FROM portfolio_internal.followups_agenda(
        format('SELECT (s.%I)::pg_catalog.text AS c, s.alert, s.segment, s.lifecycle, s.last_date, '
               's.total_amount, s.p_alive, s.clv FROM %s s', args[1], summary),
        contacts, coalesce(contacts_customer_col, args[1]::name), at_col, outcome_col, channel_col,
        as_of, within_days, args[6]);
END
$$;
COMMENT ON FUNCTION @extschema@.followups(regclass, regclass, date, integer, name, name, name, name) IS
'the follow-up agenda of a tracked orders table: every customer due for contact by as_of (plus within_days) under portfolio.contact_policy, given a contact log, with days overdue, the last contact and its outcome, whether an answer is awaited, and priority 1 for whom to contact first';

-- Over any orders table: the customers as customers() sees them as of the
-- date, with BG/NBD and Gamma-Gamma fitted in the same call.  as_of and
-- within_days come last: at the third to fifth places a date and an
-- integer would make a call of string literals ambiguous with the tracked
-- form.
CREATE FUNCTION @extschema@.followups(rel regclass, contacts regclass, customer_col name, date_col name,
                                      amount_col name,
                                      at_col name DEFAULT 'contacted_at', outcome_col name DEFAULT 'outcome',
                                      channel_col name DEFAULT 'channel', contacts_customer_col name DEFAULT NULL,
                                      as_of date DEFAULT NULL, within_days integer DEFAULT 0)
RETURNS SETOF @extschema@.followup
LANGUAGE plpgsql STABLE PARALLEL UNSAFE ROWS 1000
SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF rel IS NULL OR customer_col IS NULL OR date_col IS NULL OR amount_col IS NULL THEN
        RAISE EXCEPTION 'rel, customer_col, date_col and amount_col must not be NULL'
              USING ERRCODE = 'null_value_not_allowed',
                    HINT = 'Pass the orders table and the names of its customer, date and amount columns.';
    END IF;
    as_of := coalesce(as_of, current_date);
    RETURN QUERY SELECT * FROM portfolio_internal.followups_agenda(
        format('SELECT customer AS c, alert, segment, lifecycle, last_date, total_amount, p_alive, clv '
               'FROM @extschema@.customers(%L::pg_catalog.regclass, %L, %L, %L, $1)',
               rel, customer_col, date_col, amount_col),
        contacts, coalesce(contacts_customer_col, customer_col), at_col, outcome_col, channel_col,
        as_of, within_days, current_setting('TimeZone'));
END
$$;
COMMENT ON FUNCTION @extschema@.followups(regclass, regclass, name, name, name, name, name, name, name, date, integer) IS
'the follow-up agenda of an orders table: as the tracked form, with each customer''s alert, segment, P(alive) and CLV from customers() as of the date (default today)';
