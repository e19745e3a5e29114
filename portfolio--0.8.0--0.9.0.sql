/* portfolio--0.8.0--0.9.0.sql */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.9.0'" to load this file. \quit

-- ---------- BI: the tracked table ----------

-- The summary table is the BI table: lifecycle and alert are text with
-- their business order as ranks, so that a driver that binds strings
-- (pgJDBC's setString sends varchar) can filter them; the amounts a user
-- reads are rounded to cents (total_amount stays exact); and the
-- population-relative columns (RFM scores and segment, P(alive), expected
-- purchases, CLV) come from the RFM cuts and models that portfolio.refresh
-- learned last, stored here, one row per tracked orders table.
CREATE TABLE @extschema@.tracking_models (
    orders        regclass PRIMARY KEY,
    summary       regclass NOT NULL UNIQUE,
    cuts          @extschema@.rfm_cuts,
    bg            @extschema@.bgnbd,
    gg            @extschema@.gamma_gamma,
    bins          integer NOT NULL DEFAULT 5 CHECK (bins BETWEEN 2 AND 9),
    periods       integer NOT NULL DEFAULT 12 CHECK (periods >= 0),
    period_length double precision CHECK (period_length > 0 AND period_length < 'Infinity'),
    discount_rate double precision NOT NULL DEFAULT 0.01 CHECK (discount_rate > -1 AND discount_rate < 'Infinity'),
    learned_at    timestamptz,
    as_of         date
);
COMMENT ON TABLE @extschema@.tracking_models IS
'the RFM cuts and BG/NBD and Gamma-Gamma fits that portfolio.refresh learned for each tracked orders table, with the settings it learns and scores with (bins, and the CLV horizon: periods of period_length, discounted at discount_rate per period); the owner of an orders table may edit its row';
COMMENT ON COLUMN @extschema@.tracking_models.orders IS 'the tracked orders table';
COMMENT ON COLUMN @extschema@.tracking_models.summary IS 'its summary table';
COMMENT ON COLUMN @extschema@.tracking_models.cuts IS 'RFM cut points learned over the customers; NULL before the first refresh';
COMMENT ON COLUMN @extschema@.tracking_models.bg IS 'BG/NBD fit; NULL when it could not be fitted';
COMMENT ON COLUMN @extschema@.tracking_models.gg IS 'Gamma-Gamma fit; NULL when it could not be fitted';
COMMENT ON COLUMN @extschema@.tracking_models.bins IS 'number of RFM bins refresh learns (default 5)';
COMMENT ON COLUMN @extschema@.tracking_models.periods IS 'CLV horizon in periods (default 12)';
COMMENT ON COLUMN @extschema@.tracking_models.period_length IS 'one CLV period in the tracking unit; NULL: one month (30.4375 days)';
COMMENT ON COLUMN @extschema@.tracking_models.discount_rate IS 'CLV discount rate per period (default 0.01)';
COMMENT ON COLUMN @extschema@.tracking_models.learned_at IS 'when refresh learned the row';
COMMENT ON COLUMN @extschema@.tracking_models.as_of IS 'the date the models were learned as of';
SELECT pg_catalog.pg_extension_config_dump('@extschema@.tracking_models', '');
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.tracking_models TO PUBLIC;

-- Only the owner of an orders table (or a member of its role) writes its
-- row, and only for a summary table it owns too (no one may attach their
-- cuts and fits to another owner's summary table).
CREATE FUNCTION @extschema@.tracking_models_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rel regclass;
BEGIN
    FOREACH rel IN ARRAY CASE TG_OP WHEN 'INSERT' THEN ARRAY[NEW.orders, NEW.summary]
                                    WHEN 'DELETE' THEN ARRAY[OLD.orders, OLD.summary]
                                    ELSE ARRAY[OLD.orders, OLD.summary, NEW.orders, NEW.summary] END LOOP
        -- a table dropped since (NULL owner) is no one's
        IF NOT coalesce(pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = rel), 'USAGE'), true) THEN
            RAISE EXCEPTION 'must be owner of table %', rel
                  USING ERRCODE = 'insufficient_privilege',
                        DETAIL = 'Only the owner of a tracked orders table and its summary table may change their row of portfolio.tracking_models.';
        END IF;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
COMMENT ON FUNCTION @extschema@.tracking_models_guard() IS
'trigger: only the owner of an orders table and its summary table changes their row of tracking_models';
CREATE TRIGGER tracking_models_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.tracking_models
    FOR EACH ROW EXECUTE FUNCTION @extschema@.tracking_models_guard();

-- The columns of the BI layout that the summary table gains, besides the
-- key, as_of, the summary fields, lifecycle, alert and updated_at.
CREATE FUNCTION @extschema@.tracking_bi_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$ SELECT '{lifecycle_rank,alert_rank,r,f,m,cell,segment,p_alive,expected_purchases,clv}'::text[] $$;
COMMENT ON FUNCTION @extschema@.tracking_bi_columns() IS
'support function of track_orders: the columns of the summary table after the summary fields, lifecycle, alert and updated_at';

-- "CASE col WHEN 'label1' THEN 1 ... END" over the labels of an enum, in
-- their declared order.
CREATE FUNCTION @extschema@.tracking_rank_sql(col text, labels anyarray) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT format('CASE %I %s END', col, string_agg(format('WHEN %L THEN %s', l, i), ' ' ORDER BY i))
      FROM unnest(labels::text[]) WITH ORDINALITY AS u(l, i);
$$;
COMMENT ON FUNCTION @extschema@.tracking_rank_sql(text, anyarray) IS
'support function of track_orders: the rank of an enum label held as text, as SQL';

-- Gives a summary table the BI layout (idempotent): lifecycle and alert
-- become text, checked against the enums' labels, with generated ranks;
-- avg_amount and monetary numeric(18,2); the RFM and model columns; and the
-- row trigger that fills them.
CREATE FUNCTION @extschema@.tracking_bi_layout(summary regclass) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    key   name := (SELECT attname FROM pg_attribute WHERE attrelid = summary AND attnum = 1);
    steps text[] := '{}';
    col   text;
BEGIN
    IF key = ANY (@extschema@.tracking_bi_columns()) THEN
        RAISE EXCEPTION 'customer column "%" has the name of a column of the summary table', key
              USING ERRCODE = 'duplicate_column',
                    DETAIL = format('The summary table has the columns %s.', array_to_string(@extschema@.tracking_bi_columns(), ', ')),
                    HINT = 'Rename the customer column of the orders table.';
    END IF;
    FOREACH col IN ARRAY ARRAY['lifecycle', 'alert'] LOOP
        IF (SELECT atttypid FROM pg_attribute WHERE attrelid = summary AND attname = col AND NOT attisdropped)
           <> 'text'::regtype THEN
            steps := steps || format('ALTER COLUMN %1$I TYPE text USING %1$I::text', col);
        END IF;
        IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = summary AND conname = 'portfolio_' || col || '_label') THEN
            steps := steps || format('ADD CONSTRAINT %I CHECK (%I IN (%s))', 'portfolio_' || col || '_label', col,
                                     (SELECT string_agg(quote_literal(l), ', ') FROM unnest(CASE col
                                         WHEN 'lifecycle' THEN enum_range(NULL::@extschema@.lifecycle)::text[]
                                         ELSE enum_range(NULL::@extschema@.alert)::text[] END) AS l));
        END IF;
    END LOOP;
    FOREACH col IN ARRAY ARRAY['avg_amount', 'monetary'] LOOP
        IF (SELECT format_type(atttypid, atttypmod) FROM pg_attribute
             WHERE attrelid = summary AND attname = col AND NOT attisdropped) <> 'numeric(18,2)' THEN
            steps := steps || format('ALTER COLUMN %I TYPE numeric(18,2)', col);
        END IF;
    END LOOP;
    FOREACH col IN ARRAY @extschema@.tracking_bi_columns() LOOP
        IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = summary AND attname = col AND NOT attisdropped) THEN
            steps := steps || format('ADD COLUMN %I %s', col, CASE col
                WHEN 'lifecycle_rank' THEN format('integer GENERATED ALWAYS AS (%s) STORED',
                    @extschema@.tracking_rank_sql('lifecycle', enum_range(NULL::@extschema@.lifecycle)))
                WHEN 'alert_rank' THEN format('integer GENERATED ALWAYS AS (%s) STORED',
                    @extschema@.tracking_rank_sql('alert', enum_range(NULL::@extschema@.alert)))
                WHEN 'cell' THEN 'text' WHEN 'segment' THEN 'text'
                WHEN 'p_alive' THEN 'double precision' WHEN 'expected_purchases' THEN 'double precision'
                WHEN 'clv' THEN 'numeric(18,2)' ELSE 'integer' END);
        END IF;
    END LOOP;
    IF steps <> '{}' THEN
        EXECUTE format('ALTER TABLE %s %s', summary, array_to_string(steps, ', '));
    END IF;
    IF EXISTS (SELECT FROM pg_trigger WHERE tgrelid = summary AND tgname = 'portfolio_bi_columns') THEN
        EXECUTE format('DROP TRIGGER portfolio_bi_columns ON %s', summary);
    END IF;
    EXECUTE format('CREATE TRIGGER portfolio_bi_columns BEFORE INSERT OR UPDATE ON %s FOR EACH ROW '
                   'EXECUTE FUNCTION @extschema@.tracking_bi_row()', summary);
    EXECUTE format($c$COMMENT ON COLUMN %1$s.lifecycle_rank IS 'order of lifecycle: new = 1 .. reactivated = 6';
                      COMMENT ON COLUMN %1$s.alert_rank IS 'order of alert: green = 1, yellow = 2, red = 3';
                      COMMENT ON COLUMN %1$s.segment IS 'RFM segment (portfolio.rfm_segments) from the cuts of the last portfolio.refresh';
                      COMMENT ON COLUMN %1$s.p_alive IS 'BG/NBD P(alive) from the fit of the last portfolio.refresh';
                      COMMENT ON COLUMN %1$s.expected_purchases IS 'BG/NBD expected purchases over the CLV horizon (portfolio.tracking_models)';
                      COMMENT ON COLUMN %1$s.clv IS 'discounted CLV over the horizon of portfolio.tracking_models, from the fits of the last portfolio.refresh'$c$,
                   summary);
END;
$$;
COMMENT ON FUNCTION @extschema@.tracking_bi_layout(regclass) IS
'support function of track_orders and upgrade_tracking: gives a summary table its BI columns and their trigger (idempotent)';

-- The row trigger of a summary table: the RFM and model columns of the row
-- from its summary fields and the cuts and fits stored for the table (NULL
-- where there are none yet, or for a placeholder row).  CLV reads the
-- stored monetary, rounded to cents.
CREATE FUNCTION @extschema@.tracking_bi_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    m       @extschema@.tracking_models;
    s       @extschema@.summary;
    sc      @extschema@.rfm;
    horizon double precision;
BEGIN
    NEW.r := NULL; NEW.f := NULL; NEW.m := NULL; NEW.cell := NULL; NEW.segment := NULL;
    NEW.p_alive := NULL; NEW.expected_purchases := NULL; NEW.clv := NULL;
    IF NEW.first_date IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT * INTO m FROM @extschema@.tracking_models AS t WHERE t.summary = TG_RELID;
    IF NOT FOUND THEN
        RETURN NEW;
    END IF;
    s := ROW(NEW.first_date, NEW.last_date, NEW.transactions, NEW.periods, NEW.frequency, NEW.recency,
             NEW.age, NEW.days_since_last, NEW.total_amount, NEW.avg_amount, NEW.monetary, NEW.mean_gap,
             NEW.gap_stddev, NEW.max_gap, NEW.last_gap, NEW.unit);
    IF m.cuts IS NOT NULL THEN
        sc := @extschema@.rfm_score(m.cuts, s);
        NEW.r := sc.r; NEW.f := sc.f; NEW.m := sc.m; NEW.cell := sc.cell; NEW.segment := sc.segment;
    END IF;
    IF m.bg IS NOT NULL THEN
        horizon := m.periods * @extschema@.tracking_period_length(m.period_length, NEW.unit);
        NEW.p_alive := @extschema@.bgnbd_p_alive(m.bg, NEW.frequency, NEW.recency, NEW.age);
        NEW.expected_purchases := @extschema@.bgnbd_expected(m.bg, horizon, NEW.frequency, NEW.recency, NEW.age);
        IF m.gg IS NOT NULL AND (NEW.frequency = 0 OR NEW.monetary > 0) THEN
            NEW.clv := @extschema@.clv(m.bg, m.gg, NEW.frequency, NEW.recency, NEW.age, NEW.monetary,
                                       m.periods, @extschema@.tracking_period_length(m.period_length, NEW.unit),
                                       m.discount_rate);
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION @extschema@.tracking_bi_row() IS
'trigger of a summary table: its RFM, P(alive), expected purchases and CLV columns from the cuts and fits in tracking_models';

-- One CLV period in a unit: the stored length, or one month.
CREATE FUNCTION @extschema@.tracking_period_length(period_length double precision, unit text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(period_length, CASE unit WHEN 'day' THEN 30.4375 WHEN 'week' THEN 30.4375 / 7
                                             WHEN 'month' THEN 1 ELSE 1.0 / 3 END);
$$;
COMMENT ON FUNCTION @extschema@.tracking_period_length(double precision, text) IS
'support function of refresh: one CLV period in the tracking unit (NULL: one month of 30.4375 days)';

-- The summary table of a tracked orders table the caller owns, or an
-- error: NULL, not tracked, not the owner, or (when bi) not migrated.
CREATE FUNCTION @extschema@.tracking_bi_target(orders regclass, bi boolean) RETURNS regclass
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[];
    summary regclass;
BEGIN
    IF orders IS NULL THEN
        RAISE EXCEPTION 'orders must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    args := @extschema@.tracking_args(orders);
    IF args IS NULL THEN
        RAISE EXCEPTION 'table % is not tracked', orders
              USING ERRCODE = 'undefined_object',
                    HINT = 'Call portfolio.track_orders first.';
    END IF;
    IF NOT pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = orders), 'USAGE') THEN
        RAISE EXCEPTION 'must be owner of table %', orders
              USING ERRCODE = 'insufficient_privilege',
                    DETAIL = 'Only the owner of a tracked orders table may refresh or migrate its summary table.';
    END IF;
    summary := args[4]::regclass;
    IF bi AND NOT EXISTS (SELECT FROM pg_trigger WHERE tgrelid = summary AND tgname = 'portfolio_bi_columns'
                             AND tgfoid = '@extschema@.tracking_bi_row()'::regprocedure) THEN
        RAISE EXCEPTION 'summary table % of % has no BI columns', summary, orders
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    DETAIL = 'It was created by portfolio 0.8.0 or earlier.',
                    HINT = format('Call portfolio.upgrade_tracking(%L) first.', orders::text);
    END IF;
    RETURN summary;
END;
$$;
COMMENT ON FUNCTION @extschema@.tracking_bi_target(regclass, boolean) IS
'support function of refresh and upgrade_tracking: the summary table of a tracked orders table the caller owns, or an error';

-- The nightly job: learns the RFM cuts and the BG/NBD and Gamma-Gamma fits
-- over every customer's summary as of a date, stores them, and rewrites
-- the summary table in one UPDATE (refresh_alerts), whose row trigger
-- scores every row with them.  A model that cannot be fitted is stored as
-- NULL, and its columns are NULL, with a NOTICE.  Returns the number of
-- rows written.
CREATE FUNCTION @extschema@.refresh(orders regclass, as_of date DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    target    regclass := @extschema@.tracking_bi_target(orders, true);
    args      text[] := @extschema@.tracking_args(orders);
    day       date := coalesce(as_of, (now() AT TIME ZONE args[6])::date);
    bins      integer := coalesce((SELECT t.bins FROM @extschema@.tracking_models AS t WHERE t.orders = refresh.orders), 5);
    cuts      @extschema@.rfm_cuts;
    bgs       @extschema@.bgnbd[];   -- a composite cannot be one of several INTO targets
    ggs       @extschema@.gamma_gamma[];
    bg        @extschema@.bgnbd;
    gg        @extschema@.gamma_gamma;
    repeaters bigint;
    spenders  bigint;
    n         bigint;
BEGIN
    -- Writers of orders wait from here to the end, as in refresh_alerts.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', target);
    EXECUTE format(
        'SELECT @extschema@.rfm_cuts(f.s, $3), ARRAY[@extschema@.bgnbd_fit(f.s)], '
        'ARRAY[@extschema@.gg_fit((f.s).frequency, (f.s).monetary) FILTER (WHERE (f.s).monetary > 0)], '
        'pg_catalog.count(*) FILTER (WHERE (f.s).frequency > 0), '
        'pg_catalog.count(*) FILTER (WHERE (f.s).frequency > 0 AND (f.s).monetary > 0) '
        'FROM (SELECT ROW(f.%s)::@extschema@.summary AS s FROM (%s) AS f) AS f',
        replace(@extschema@.tracking_fields(), ', ', ', f.'),
        @extschema@.tracking_summaries_sql(orders, args, format('o.%I IS NOT NULL', args[1])))
    INTO cuts, bgs, ggs, repeaters, spenders
    USING day, args[5], bins;
    bg := bgs[1];
    gg := ggs[1];
    IF coalesce(repeaters, 0) = 0 THEN
        RAISE NOTICE 'BG/NBD cannot be fitted: no customer of % has a repeat purchase as of %', orders, day
            USING DETAIL = 'p_alive, expected_purchases and clv are NULL.';
        bg := NULL;
    ELSIF NOT bg.converged THEN
        RAISE NOTICE 'the BG/NBD fit of % did not converge (% customers, % with repeat purchases)',
                     orders, bg.customers, repeaters
            USING DETAIL = 'p_alive, expected_purchases and clv are NULL.';
        bg := NULL;
    END IF;
    IF bg IS NULL THEN
        gg := NULL;    -- CLV needs both; said above
    ELSIF spenders = 0 THEN
        RAISE NOTICE 'Gamma-Gamma cannot be fitted: no repeat buyer of % has a positive spend', orders
            USING DETAIL = 'clv is NULL.';
        gg := NULL;
    ELSIF NOT gg.converged OR NOT gg.q > 1 THEN
        RAISE NOTICE 'the Gamma-Gamma fit of % did not converge or has no finite mean spend (q = %)', orders, gg.q
            USING DETAIL = 'clv is NULL.';
        gg := NULL;
    END IF;
    DELETE FROM @extschema@.tracking_models AS t WHERE t.summary = target AND t.orders <> refresh.orders;
    INSERT INTO @extschema@.tracking_models AS t (orders, summary, cuts, bg, gg, learned_at, as_of)
    VALUES (refresh.orders, target, cuts, bg, gg, pg_catalog.now(), day)
    ON CONFLICT ON CONSTRAINT tracking_models_pkey DO UPDATE
       SET summary = EXCLUDED.summary, cuts = EXCLUDED.cuts, bg = EXCLUDED.bg, gg = EXCLUDED.gg,
           learned_at = EXCLUDED.learned_at, as_of = EXCLUDED.as_of;
    PERFORM @extschema@.refresh_alerts(orders, day);
    EXECUTE format('SELECT pg_catalog.count(*) FROM %s', target) INTO n;
    RETURN n;
END;
$$;
COMMENT ON FUNCTION @extschema@.refresh(regclass, date) IS
'the nightly job of a tracked orders table: learns the RFM cuts and the BG/NBD and Gamma-Gamma fits as of a date (default: today in the tracking time zone), then rewrites every row of the summary table with them and with lifecycle and alert as of that date; returns the number of rows written';

-- Converts a summary table created by portfolio 0.8.0 or earlier to the BI
-- layout (idempotent); its RFM and model columns stay NULL until the next
-- refresh.
CREATE FUNCTION @extschema@.upgrade_tracking(orders regclass) RETURNS regclass
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    summary regclass := @extschema@.tracking_bi_target(orders, false);
BEGIN
    PERFORM @extschema@.tracking_bi_layout(summary);
    RETURN summary;
END;
$$;
COMMENT ON FUNCTION @extschema@.upgrade_tracking(regclass) IS
'gives the summary table of a tracked orders table created by portfolio 0.8.0 or earlier the BI columns (lifecycle and alert as text with ranks, amounts in cents, RFM, P(alive), expected purchases, CLV) and their trigger; idempotent; call portfolio.refresh next to fill them';

-- The functions of 0.8.0 that the BI layout changes: track_orders gives a new
-- summary table the BI layout, untrack_orders forgets the table's models, and
-- refresh_alerts compares lifecycle and alert as text, which reads both layouts.
CREATE OR REPLACE FUNCTION @extschema@.tracking_create_table(orders regclass, customer_col name, summary_table name)
RETURNS regclass LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    nsp    name;
    cust   pg_attribute;
    fields text;
    result regclass;
BEGIN
    SELECT n.nspname INTO nsp FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = orders;
    cust := @extschema@.tracking_column(orders, customer_col, 'customer');
    SELECT string_agg(format('%I %s', attname, format_type(atttypid, atttypmod)), ', ' ORDER BY attnum)
      INTO fields
      FROM pg_attribute WHERE attrelid = '@extschema@.summary'::regclass AND attnum > 0 AND NOT attisdropped;
    EXECUTE format('CREATE TABLE %I.%I (%I %s%s PRIMARY KEY, as_of date, %s, '
                   'lifecycle @extschema@.lifecycle, alert @extschema@.alert, updated_at timestamptz)',
                   nsp, summary_table, customer_col, format_type(cust.atttypid, cust.atttypmod),
                   CASE WHEN cust.attcollation <> 0 THEN ' COLLATE ' || cust.attcollation::regcollation::text ELSE '' END,
                   fields);
    result := format('%I.%I', nsp, summary_table)::regclass;
    EXECUTE format('COMMENT ON TABLE %s IS %L', result,
                   format('customer summaries of %s, kept current by portfolio.track_orders', orders));
    PERFORM @extschema@.tracking_bi_layout(result);
    RETURN result;
END;
$$;
COMMENT ON FUNCTION @extschema@.tracking_create_table(regclass, name, name) IS
'support function of track_orders: creates the summary table';

CREATE OR REPLACE FUNCTION @extschema@.untrack_orders(orders regclass) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    trig name;
    n    int := 0;
BEGIN
    FOR trig IN SELECT tgname FROM pg_trigger
                 WHERE tgrelid = orders AND tgfoid = '@extschema@.track_orders_trigger()'::regprocedure
                 ORDER BY tgname LOOP
        EXECUTE format('DROP TRIGGER %I ON %s', trig, orders);
        n := n + 1;
    END LOOP;
    IF n = 0 THEN
        RAISE EXCEPTION 'table % is not tracked', orders
              USING ERRCODE = 'undefined_object',
                    DETAIL = 'It has no trigger of portfolio.track_orders.';
    END IF;
    DELETE FROM @extschema@.tracking_models AS t WHERE t.orders = untrack_orders.orders;
END;
$$;
COMMENT ON FUNCTION @extschema@.untrack_orders(regclass) IS
'drops the triggers of track_orders from an orders table; the summary table and the index stay';

CREATE OR REPLACE FUNCTION @extschema@.refresh_alerts(orders regclass, as_of date DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[];
    summary regclass;
    cust    text;
    eq      text;
    fields  text := @extschema@.tracking_fields();
    n       bigint;
BEGIN
    IF orders IS NULL THEN
        RAISE EXCEPTION 'orders must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    args := @extschema@.tracking_args(orders);
    IF args IS NULL THEN
        RAISE EXCEPTION 'table % is not tracked', orders
              USING ERRCODE = 'undefined_object',
                    HINT = 'Call portfolio.track_orders first.';
    END IF;
    summary := args[4]::regclass;
    cust := quote_ident(args[1]);
    eq := @extschema@.tracking_eq_sql(args);
    -- Writers of orders wait (their triggers write the summary table), so
    -- that no recomputation they commit is overwritten with older values.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', summary);
    EXECUTE format(
        'WITH f AS (%1$s), '
        'changed AS (SELECT count(*) AS n FROM f FULL JOIN %2$s AS x ON x.%3$s %4$s f.c '
        'WHERE f.c IS NULL OR x.%3$s IS NULL '
        'OR (f.lifecycle::text, f.alert::text) IS DISTINCT FROM (x.lifecycle::text, x.alert::text)), '
        'gone AS (DELETE FROM %2$s AS x WHERE NOT EXISTS (SELECT FROM f WHERE f.c %4$s x.%3$s)), '
        'kept AS (UPDATE %2$s AS x SET (as_of, %5$s, lifecycle, alert, updated_at) '
        '= ROW($1, f.%6$s, f.lifecycle, f.alert, pg_catalog.now()) FROM f WHERE x.%3$s %4$s f.c), '
        'came AS (INSERT INTO %2$s (%3$s, as_of, %5$s, lifecycle, alert, updated_at) '
        'SELECT f.c, $1, f.%6$s, f.lifecycle, f.alert, pg_catalog.now() FROM f '
        'WHERE NOT EXISTS (SELECT FROM %2$s AS x WHERE x.%3$s %4$s f.c)) '
        'SELECT n FROM changed',
        @extschema@.tracking_summaries_sql(orders, args, format('o.%s IS NOT NULL', cust)),
        summary, cust, eq, fields, replace(fields, ', ', ', f.'))
    INTO n
    USING coalesce(as_of, (now() AT TIME ZONE args[6])::date), args[5];
    RETURN n;
END;
$$;
COMMENT ON FUNCTION @extschema@.refresh_alerts(regclass, date) IS
'recomputes every customer of a tracked orders table as of a date (default: today in the tracking time zone); returns how many changed lifecycle or alert';
