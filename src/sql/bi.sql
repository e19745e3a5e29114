-- bi.sql: one call over an orders table for BI tools and notebooks: every
-- customer's summary, RFM, lifecycle, alert and lifetime value as plain
-- typed columns (customers), and the model fits as rows (model_fits; a
-- stored model's rows are model_parameters').

-- The row of customers(): the fields of summary with the same names and
-- types, then RFM, lifecycle, alert and the model predictions.  A type
-- rather than RETURNS TABLE because two of summary's fields, periods and
-- unit, are also argument names of customers(), which PL/pgSQL forbids.
CREATE TYPE @extschema@.customer_profile AS (
    customer           text,
    first_date         date,
    last_date          date,
    transactions       bigint,
    periods            integer,
    frequency          integer,
    recency            double precision,
    age                double precision,
    days_since_last    integer,
    total_amount       numeric,
    avg_amount         numeric,
    monetary           numeric,
    mean_gap           double precision,
    gap_stddev         double precision,
    max_gap            integer,
    last_gap           integer,
    unit               text,
    r                  integer,
    f                  integer,
    m                  integer,
    cell               text,
    segment            text,
    lifecycle          text,
    lifecycle_rank     integer,
    alert              text,
    alert_rank         integer,
    p_alive            double precision,
    expected_purchases double precision,
    clv                numeric
);
COMMENT ON TYPE @extschema@.customer_profile IS
'one row of customers(): a customer''s summary fields, RFM scores and segment, lifecycle and alert as text with their ranks, P(alive), expected purchases and CLV';

-- Checks the arguments shared by customers() and model_fits() and returns
-- the as-of date: as_of itself, or the last transaction date when it is
-- NULL (NULL for a table without transactions).  The callers run it inside
-- their own exception block and re-raise, so the user sees the error as
-- raised by the function they called.
CREATE FUNCTION portfolio_internal.bi_table_as_of(rel regclass, customer_col name, date_col name,
                                           amount_col name, as_of date, unit text)
RETURNS date LANGUAGE plpgsql STABLE PARALLEL RESTRICTED
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    arg text;
    col name;
    typ oid;
    last_date date;
BEGIN
    IF rel IS NULL THEN
        RAISE EXCEPTION 'rel must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the orders table, e.g. ''orders''::regclass or just ''orders''.';
    END IF;
    FOREACH arg IN ARRAY ARRAY['customer_col', 'date_col', 'amount_col'] LOOP
        col := CASE arg WHEN 'customer_col' THEN customer_col WHEN 'date_col' THEN date_col
                        ELSE amount_col END;
        IF col IS NULL THEN
            RAISE EXCEPTION '% must not be null', arg
                USING ERRCODE = 'null_value_not_allowed',
                      HINT = format('Pass the name of the column of %s that holds the %s.', rel,
                                    CASE arg WHEN 'customer_col' THEN 'customer'
                                             WHEN 'date_col' THEN 'transaction date' ELSE 'amount' END);
        END IF;
        SELECT t.oid INTO typ
          FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
         WHERE a.attrelid = rel AND a.attname = col AND a.attnum > 0 AND NOT a.attisdropped;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'column "%" (%) does not exist in %', col, arg, rel
                USING ERRCODE = 'undefined_column',
                      HINT = 'Column names are case-sensitive: pass the name as \d shows it, without quotes.';
        END IF;
        -- a domain counts as its base type
        typ := coalesce(nullif((SELECT typbasetype FROM pg_type WHERE oid = typ), 0), typ);
        IF arg = 'date_col' AND typ NOT IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
            RAISE EXCEPTION 'column "%" (date_col) of % is of type %, not a date', col, rel, typ::regtype
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Pass a column of type date, timestamp or timestamp with time zone.';
        END IF;
        IF arg = 'amount_col' AND (SELECT typcategory FROM pg_type WHERE oid = typ) <> 'N' THEN
            RAISE EXCEPTION 'column "%" (amount_col) of % is of type %, not a number', col, rel, typ::regtype
                USING ERRCODE = 'datatype_mismatch',
                      HINT = 'Pass a column of a numeric type (numeric, integer, double precision...).';
        END IF;
    END LOOP;
    IF unit IS NULL THEN
        RAISE EXCEPTION 'unit must not be null'
            USING ERRCODE = 'null_value_not_allowed', HINT = 'Use one of: day, week, month, quarter.';
    END IF;
    PERFORM @extschema@.period_start(DATE '2000-01-01', unit);  -- 22023 for an unknown unit
    IF as_of IS NOT NULL THEN
        RETURN as_of;
    END IF;
    EXECUTE format('SELECT pg_catalog.max((%I)::pg_catalog.date) FROM %s WHERE %I IS NOT NULL',
                   date_col, rel, customer_col)
        INTO last_date;
    RETURN last_date;
END
$$;
COMMENT ON FUNCTION portfolio_internal.bi_table_as_of(regclass, name, name, name, date, text) IS
'checks the table, column and unit arguments of customers() and model_fits(); a NULL as_of becomes the last transaction date';

-- The query of one summary per customer of a table, with $1 = as_of and
-- $2 = unit, and its customer as text.  Names are quoted identifiers, never
-- SQL; casts name pg_catalog's types.
CREATE FUNCTION portfolio_internal.bi_summary_query(rel regclass, customer_col name, date_col name,
                                             amount_col name)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.format(
    'SELECT (%4$I)::pg_catalog.text AS c,'
    ' @extschema@.summarize((%2$I)::pg_catalog.date, (%3$I)::pg_catalog.numeric, $1, $2) AS s'
    ' FROM %1$s WHERE %4$I IS NOT NULL GROUP BY %4$I',
    rel, date_col, amount_col, customer_col);
COMMENT ON FUNCTION portfolio_internal.bi_summary_query(regclass, name, name, name) IS
'the SQL of one summary per customer of a table ($1 = as_of, $2 = unit), customer as text, used by customers() and model_fits()';

-- One customer per row, everything from one scan of the table: the
-- summaries are gathered into two arrays by the query that also learns the
-- RFM cuts and fits both models; the rows are then computed from the arrays
-- with the C functions.  A model that cannot be fitted leaves its columns
-- NULL and says why in a NOTICE.  Every error is re-raised by this function
-- itself, so the user sees one CONTEXT line, this function's, and never the
-- statements inside it.  That exception block is a subtransaction, which a
-- query in parallel mode cannot start: PARALLEL UNSAFE (so is model_fits).
CREATE FUNCTION @extschema@.customers(rel regclass, customer_col name, date_col name, amount_col name,
                                      as_of date DEFAULT NULL, unit text DEFAULT 'day',
                                      bins integer DEFAULT 5, periods integer DEFAULT 12,
                                      period_length double precision DEFAULT NULL,
                                      discount_rate double precision DEFAULT 0.01)
RETURNS SETOF @extschema@.customer_profile
LANGUAGE plpgsql STABLE PARALLEL UNSAFE ROWS 10000
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    custs text[];
    sums @extschema@.summary[];
    cuts @extschema@.rfm_cuts;
    bg @extschema@.bgnbd;
    gg @extschema@.gamma_gamma;
    bgs @extschema@.bgnbd[];   -- a composite cannot be one of several INTO targets
    ggs @extschema@.gamma_gamma[];
    repeaters bigint;
    spenders bigint;
    have_bg boolean;
    have_gg boolean;
    horizon double precision;
    stages @extschema@.lifecycle[] := enum_range(NULL::@extschema@.lifecycle);
    alerts @extschema@.alert[] := enum_range(NULL::@extschema@.alert);
    e_state text;
    e_message text;
    e_detail text;
    e_hint text;
BEGIN
    BEGIN
        IF bins IS NULL OR bins NOT BETWEEN 2 AND 9 THEN
            RAISE EXCEPTION 'bins must be between 2 and 9'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The value given was %s.', coalesce(bins::text, 'NULL')),
                      HINT = 'Pass the number of RFM score buckets, 5 for the standard segments.';
        END IF;
        IF periods IS NULL OR periods < 0 THEN
            RAISE EXCEPTION 'periods must be a number of periods, at least 0'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The value given was %s.', coalesce(periods::text, 'NULL')),
                      HINT = 'periods is the CLV horizon in periods of period_length, e.g. 12 months.';
        END IF;
        period_length := coalesce(period_length,
                                  CASE lower(unit) WHEN 'day' THEN 30.4375 WHEN 'week' THEN 30.4375 / 7
                                            WHEN 'month' THEN 1 ELSE 1.0 / 3 END);
        IF NOT (period_length > 0) OR period_length IN ('Infinity', 'NaN') THEN  -- NaN > 0 in SQL
            RAISE EXCEPTION 'period_length must be a finite number greater than zero'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The value given was %s.', period_length),
                      HINT = format('period_length is one CLV period in %ss; NULL means one month (30.4375 days).', unit);
        END IF;
        horizon := periods * period_length;
        IF discount_rate IS NULL OR NOT (discount_rate > -1) OR discount_rate IN ('Infinity', 'NaN') THEN
            RAISE EXCEPTION 'discount_rate must be a finite number greater than -1'
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = format('The value given was %s.', coalesce(discount_rate::text, 'NULL')),
                      HINT = 'discount_rate is the rate per period of period_length, e.g. 0.01 for 1% a month.';
        END IF;
        -- the table last: a NULL as_of costs a query
        as_of := portfolio_internal.bi_table_as_of(rel, customer_col, date_col, amount_col, as_of, unit);
        IF as_of IS NULL THEN
            RETURN;  -- no transactions
        END IF;

        EXECUTE 'SELECT pg_catalog.array_agg(c), pg_catalog.array_agg(s),'
                '       @extschema@.rfm_cuts(s, $3), ARRAY[@extschema@.bgnbd_fit(s)],'
                '       ARRAY[@extschema@.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0)],'
                '       pg_catalog.count(*) FILTER (WHERE (s).frequency > 0),'
                '       pg_catalog.count(*) FILTER (WHERE (s).frequency > 0 AND (s).monetary > 0)'
                '  FROM (' || portfolio_internal.bi_summary_query(rel, customer_col, date_col, amount_col)
                || ') x WHERE (s).first_date IS NOT NULL'
            INTO custs, sums, cuts, bgs, ggs, repeaters, spenders USING as_of, unit, bins;
        IF custs IS NULL THEN
            RETURN;  -- no transactions up to as_of
        END IF;
        bg := bgs[1];
        gg := ggs[1];

        have_bg := repeaters > 0 AND bg.converged;
        IF repeaters = 0 THEN
            RAISE NOTICE 'BG/NBD cannot be fitted: no customer has a repeat purchase as of %', as_of
                USING DETAIL = 'p_alive, expected_purchases and clv are NULL.';
        ELSIF NOT bg.converged THEN
            RAISE NOTICE 'the BG/NBD fit did not converge (% customers, % with repeat purchases)',
                         bg.customers, repeaters
                USING DETAIL = 'p_alive, expected_purchases and clv are NULL.',
                      HINT = 'BG/NBD needs more customers, with repeat purchases among them; the other columns are filled.';
        END IF;
        have_gg := have_bg AND spenders > 0 AND gg.converged AND gg.q > 1;
        IF NOT have_bg THEN
            NULL;  -- clv needs both models; said above
        ELSIF spenders = 0 THEN
            RAISE NOTICE 'Gamma-Gamma cannot be fitted: no repeat buyer has a positive spend'
                USING DETAIL = 'clv is NULL.';
        ELSIF NOT gg.converged THEN
            RAISE NOTICE 'the Gamma-Gamma fit did not converge (% repeat buyers with positive spend)', spenders
                USING DETAIL = 'clv is NULL.';
        ELSIF NOT have_gg THEN
            RAISE NOTICE 'the Gamma-Gamma fit has no finite mean spend (q = % <= 1)', gg.q
                USING DETAIL = 'clv is NULL.';
        END IF;

        RETURN QUERY
        SELECT u.c, (u.s).first_date, (u.s).last_date, (u.s).transactions, (u.s).periods,
               (u.s).frequency, (u.s).recency, (u.s).age, (u.s).days_since_last, (u.s).total_amount,
               round((u.s).avg_amount, 2), round((u.s).monetary, 2),
               round((u.s).mean_gap::numeric, 2)::double precision,
               round((u.s).gap_stddev::numeric, 2)::double precision,
               (u.s).max_gap, (u.s).last_gap, (u.s).unit,
               sc.r, sc.f, sc.m, sc.cell, sc.segment,
               l.stage::text, array_position(stages, l.stage), l.alert::text, array_position(alerts, l.alert),
               p.p_alive, p.expected, round(p.clv::numeric, 2)
          FROM (SELECT unnest(custs) AS c, unnest(sums) AS s) AS u  -- in step; s stays one composite
         CROSS JOIN LATERAL @extschema@.rfm_score(cuts, u.s) AS sc
         CROSS JOIN LATERAL (
               SELECT CASE WHEN have_bg THEN @extschema@.bgnbd_p_alive(bg, (u.s).frequency, (u.s).recency, (u.s).age) END
                          AS p_alive,
                      CASE WHEN have_bg THEN @extschema@.bgnbd_expected(bg, horizon, (u.s).frequency, (u.s).recency, (u.s).age) END
                          AS expected,
                      CASE WHEN have_gg AND ((u.s).frequency = 0 OR (u.s).monetary > 0)
                           THEN @extschema@.clv(bg, gg, (u.s).frequency, (u.s).recency, (u.s).age,
                                                (u.s).monetary::double precision, periods, period_length,
                                                discount_rate) END AS clv) AS p
         CROSS JOIN LATERAL (
               SELECT @extschema@.lifecycle_stage(u.s) AS stage,
                      @extschema@.alert_level(u.s, p.p_alive) AS alert) AS l;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_message = MESSAGE_TEXT,
                                e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
        IF e_detail = '' AND e_hint = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message;
        ELSIF e_hint = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, DETAIL = e_detail;
        ELSIF e_detail = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, HINT = e_hint;
        ELSE
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, DETAIL = e_detail, HINT = e_hint;
        END IF;
    END;
END
$$;
COMMENT ON FUNCTION @extschema@.customers(regclass, name, name, name, date, text, integer, integer, double precision, double precision) IS
'one row per customer of an orders table as plain columns: its summary, RFM scores and segment, lifecycle and alert (text, with ranks), and from BG/NBD and Gamma-Gamma fitted in the same call P(alive), expected purchases and CLV over periods * period_length';

-- ---------- the model fits as rows ----------

-- BG/NBD over every customer's summary and Gamma-Gamma over the repeat
-- buyers with a positive spend (as customers() fits them), from one scan of
-- the table: per model and parameter, model_parameters' row (estimate,
-- standard error, 95% interval) with the fit's log-likelihood, customers
-- and convergence repeated on each.  A model that cannot be fitted has no
-- rows; one that did not converge has its rows, with converged false.
CREATE FUNCTION @extschema@.model_fits(rel regclass, customer_col name, date_col name, amount_col name,
                                       as_of date DEFAULT NULL, unit text DEFAULT 'week')
RETURNS TABLE (model text, parameter text, estimate double precision, std_error double precision,
               ci_lower double precision, ci_upper double precision,
               loglik double precision, customers bigint, converged boolean)
LANGUAGE plpgsql STABLE PARALLEL UNSAFE ROWS 7
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    bgs @extschema@.bgnbd[];   -- a composite cannot be one of several INTO targets
    ggs @extschema@.gamma_gamma[];
    e_state text;
    e_message text;
    e_detail text;
    e_hint text;
BEGIN
    BEGIN
        as_of := portfolio_internal.bi_table_as_of(rel, customer_col, date_col, amount_col, as_of, unit);
        IF as_of IS NULL THEN
            RETURN;  -- no transactions
        END IF;
        EXECUTE 'SELECT ARRAY[@extschema@.bgnbd_fit(s) FILTER (WHERE (s).first_date IS NOT NULL)],'
                '       ARRAY[@extschema@.gg_fit((s).frequency, (s).monetary) FILTER (WHERE (s).monetary > 0)]'
                '  FROM (' || portfolio_internal.bi_summary_query(rel, customer_col, date_col, amount_col) || ') x'
            INTO bgs, ggs USING as_of, unit;
        -- model_parameters gives a stored model the same rows, without the fit's columns
        RETURN QUERY
        SELECT 'bgnbd', b.*, (bgs[1]).loglik, (bgs[1]).customers, (bgs[1]).converged
          FROM @extschema@.model_parameters(bgs[1]) AS b
        UNION ALL
        SELECT 'gamma_gamma', g.*, (ggs[1]).loglik, (ggs[1]).customers, (ggs[1]).converged
          FROM @extschema@.model_parameters(ggs[1]) AS g;
    EXCEPTION WHEN OTHERS THEN
        GET STACKED DIAGNOSTICS e_state = RETURNED_SQLSTATE, e_message = MESSAGE_TEXT,
                                e_detail = PG_EXCEPTION_DETAIL, e_hint = PG_EXCEPTION_HINT;
        IF e_detail = '' AND e_hint = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message;
        ELSIF e_hint = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, DETAIL = e_detail;
        ELSIF e_detail = '' THEN
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, HINT = e_hint;
        ELSE
            RAISE EXCEPTION USING ERRCODE = e_state, MESSAGE = e_message, DETAIL = e_detail, HINT = e_hint;
        END IF;
    END;
END
$$;
COMMENT ON FUNCTION @extschema@.model_fits(regclass, name, name, name, date, text) IS
'BG/NBD and Gamma-Gamma fitted on a table''s customers, one row per model and parameter: estimate, standard error, 95% confidence interval, log-likelihood, customers, convergence';
