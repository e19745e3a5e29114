-- diagnostics.sql: how well a lifetime-value model fits an orders table,
-- as rows (the data behind the peers' evaluation plots), the sales
-- forecast, and the comparison of every applicable model.  Purchases are
-- counted by day, as Fader, Hardie & Lee count CDNOW's; the model's time
-- is measured in days or weeks of 7 days (never months, whose length
-- varies).  Every function here is a one-call function over an orders
-- table; a NULL model means "fit BG/NBD (and Gamma-Gamma) on the
-- calibration period".

-- ---------- support ----------

-- Days per unit of the model's time: 1 for 'day', 7 for 'week'.
CREATE FUNCTION portfolio_internal.model_time_scale(unit text) RETURNS double precision
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF unit IS NULL THEN
        RAISE EXCEPTION 'unit must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass ''day'' or ''week'', the unit of the model''s time.';
    END IF;
    CASE lower(unit)
        WHEN 'day' THEN RETURN 1;
        WHEN 'week' THEN RETURN 7;
        ELSE
            RAISE EXCEPTION 'unknown model time unit "%"', unit
                USING ERRCODE = 'invalid_parameter_value',
                      DETAIL = 'A model''s time is measured in days or in weeks of 7 days; months and quarters vary in length.',
                      HINT = 'Pass ''day'' or ''week''.';
    END CASE;
END
$$;
COMMENT ON FUNCTION portfolio_internal.model_time_scale(text) IS
'support function of the model diagnostics: days per unit of a model''s time (1 for day, 7 for week)';

-- The customer summaries of an orders table as of the date expression
-- as_of, purchases counted by day, recency and age in units of the
-- expression scale days: rows (c, frequency, recency, age, monetary,
-- first_date) of the customers with a purchase by then.  The expressions
-- are the caller's parameters ($1, ...); names are quoted identifiers,
-- never SQL; a NULL amount column counts every purchase as 0.
CREATE FUNCTION portfolio_internal.model_summaries_query(rel regclass, customer_col name, date_col name,
                                                         amount_col name, as_of text, scale text)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.format(
    'SELECT q.c, (q.s).frequency::pg_catalog.float8 AS frequency,'
    ' (q.s).recency / %6$s AS recency, (q.s).age / %6$s AS age,'
    ' (q.s).monetary::pg_catalog.float8 AS monetary, (q.s).first_date'
    ' FROM (SELECT %4$I AS c, @extschema@.summarize((%2$I)::pg_catalog.date, %3$s, %5$s, ''day'') AS s'
    ' FROM %1$s WHERE %4$I IS NOT NULL AND %2$I IS NOT NULL GROUP BY %4$I) AS q'
    ' WHERE (q.s).first_date IS NOT NULL',
    rel, date_col,
    CASE WHEN amount_col IS NULL THEN '0::pg_catalog.numeric'
         ELSE pg_catalog.format('(%I)::pg_catalog.numeric', amount_col) END,
    customer_col, as_of, scale);
COMMENT ON FUNCTION portfolio_internal.model_summaries_query(regclass, name, name, name, text, text) IS
'support function of the model diagnostics: the SQL of the customer summaries of an orders table as of a date, in a model time unit';

-- Checks the arguments the diagnostics share: the table and columns, the
-- dates in order.
CREATE FUNCTION portfolio_internal.model_check_args(rel regclass, customer_col name, date_col name,
                                                    calibration_end date, holdout_end date)
RETURNS void LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF rel IS NULL OR customer_col IS NULL OR date_col IS NULL OR calibration_end IS NULL THEN
        RAISE EXCEPTION 'the table, its customer and date columns and the calibration end must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the orders table, its customer and date columns, and the last day of the calibration period.';
    END IF;
    IF NOT isfinite(calibration_end) OR (holdout_end IS NOT NULL AND NOT isfinite(holdout_end)) THEN
        RAISE EXCEPTION 'the calibration and holdout ends must be finite dates'
            USING ERRCODE = 'datetime_field_overflow';
    END IF;
    IF holdout_end IS NOT NULL AND holdout_end <= calibration_end THEN
        RAISE EXCEPTION 'holdout_end must be after calibration_end'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('calibration_end is %s and holdout_end %s.', calibration_end, holdout_end),
                  HINT = 'The holdout period runs from the day after calibration_end to holdout_end.';
    END IF;
END
$$;
COMMENT ON FUNCTION portfolio_internal.model_check_args(regclass, name, name, date, date) IS
'support function of the model diagnostics: checks the table, columns and dates they share';

-- ---------- (a) the repeat-purchase histogram ----------

CREATE FUNCTION @extschema@.repeat_purchase_histogram(
    rel regclass, customer_col name, date_col name, calibration_end date,
    unit text DEFAULT 'week', max_frequency integer DEFAULT 7,
    m @extschema@.bgnbd DEFAULT NULL)
RETURNS TABLE (repeat_purchases integer, label text, actual bigint, expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    summaries text;
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, NULL);
    IF max_frequency IS NULL OR max_frequency < 1 THEN
        RAISE EXCEPTION 'max_frequency must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The value given was %s.', coalesce(max_frequency::text, 'NULL')),
                  HINT = 'The last row counts the customers with max_frequency repeat purchases or more.';
    END IF;
    summaries := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    IF m IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.bgnbd_fit(frequency, recency, age) AS f FROM ('
                || summaries || ') s) fit'
            INTO m USING calibration_end, scale;
    END IF;
    IF m IS NULL THEN
        RETURN;  -- no customer by calibration_end
    END IF;
    RETURN QUERY EXECUTE
        'WITH s AS (' || summaries || '), '
        'ages AS (SELECT age, pg_catalog.count(*) AS n FROM s GROUP BY age), '
        'buckets AS (SELECT k FROM pg_catalog.generate_series(0, $3) AS k), '
        'model AS (SELECT b.k, pg_catalog.sum(a.n * @extschema@.bgnbd_pmf($4, b.k, a.age)) AS e '
        '          FROM buckets b, ages a WHERE b.k < $3 GROUP BY b.k), '
        'seen AS (SELECT LEAST(frequency, $3)::integer AS k, pg_catalog.count(*) AS n FROM s GROUP BY 1) '
        'SELECT b.k, CASE WHEN b.k < $3 THEN b.k::text ELSE b.k || ''+'' END, '
        '       coalesce(seen.n, 0), '
        '       CASE WHEN b.k < $3 THEN coalesce(model.e, 0) '
        '            ELSE (SELECT pg_catalog.count(*) FROM s) - (SELECT coalesce(pg_catalog.sum(e), 0) FROM model) END '
        'FROM buckets b LEFT JOIN seen ON seen.k = b.k LEFT JOIN model ON model.k = b.k ORDER BY b.k'
        USING calibration_end, scale, max_frequency, m;
END
$$;
COMMENT ON FUNCTION @extschema@.repeat_purchase_histogram(regclass, name, name, date, text, integer, @extschema@.bgnbd) IS
'customers by repeat purchases (days) in the calibration period, 0 .. max_frequency or more, actual and as the model expects (the sum of each customer''s P(X(age) = n))';

-- ---------- (b) calibration against holdout ----------

CREATE FUNCTION @extschema@.holdout_purchases(
    rel regclass, customer_col name, date_col name, calibration_end date, holdout_end date,
    unit text DEFAULT 'week', max_frequency integer DEFAULT 7,
    m @extschema@.bgnbd DEFAULT NULL)
RETURNS TABLE (frequency integer, label text, customers bigint, actual double precision,
               expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    summaries text;
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, holdout_end);
    IF holdout_end IS NULL THEN
        RAISE EXCEPTION 'holdout_end must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the last day of the holdout period.';
    END IF;
    IF max_frequency IS NULL OR max_frequency < 1 THEN
        RAISE EXCEPTION 'max_frequency must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The value given was %s.', coalesce(max_frequency::text, 'NULL')),
                  HINT = 'The last row gathers the customers with max_frequency repeat purchases or more.';
    END IF;
    summaries := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    IF m IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.bgnbd_fit(frequency, recency, age) AS f FROM ('
                || summaries || ') s) fit'
            INTO m USING calibration_end, scale;
    END IF;
    IF m IS NULL THEN
        RETURN;
    END IF;
    RETURN QUERY EXECUTE
        'WITH cal AS (' || summaries || '), '
        'later AS (' || portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$5', '$2') || '), '
        'both_ AS (SELECT LEAST(cal.frequency, $3)::integer AS k, '
        '                 later.frequency - cal.frequency AS held, '
        '                 @extschema@.bgnbd_expected($4, ($5 - $1) / $2, cal.frequency, cal.recency, cal.age) AS e '
        '          FROM cal JOIN later ON later.c = cal.c) '
        'SELECT k, CASE WHEN k < $3 THEN k::text ELSE k || ''+'' END, pg_catalog.count(*), '
        '       pg_catalog.avg(held), pg_catalog.avg(e) '
        'FROM both_ GROUP BY k ORDER BY k'
        USING calibration_end, scale, max_frequency, m, holdout_end;
END
$$;
COMMENT ON FUNCTION @extschema@.holdout_purchases(regclass, name, name, date, date, text, integer, @extschema@.bgnbd) IS
'mean repeat purchases (days) in the holdout period of the customers of each calibration frequency, actual and as the model expects given each customer''s history';

-- ---------- (c) tracking ----------

CREATE FUNCTION @extschema@.purchase_tracking(
    rel regclass, customer_col name, date_col name, calibration_end date, holdout_end date,
    unit text DEFAULT 'week', m @extschema@.bgnbd DEFAULT NULL)
RETURNS TABLE (period integer, period_start date, period_end date, holdout boolean,
               actual bigint, expected double precision,
               cumulative_actual bigint, cumulative_expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    summaries text;
    days text;
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, holdout_end);
    IF holdout_end IS NULL THEN
        holdout_end := calibration_end;
    END IF;
    summaries := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    IF m IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.bgnbd_fit(frequency, recency, age) AS f FROM ('
                || summaries || ') s) fit'
            INTO m USING calibration_end, scale;
    END IF;
    IF m IS NULL THEN
        RETURN;
    END IF;
    -- one row per customer and purchase day up to holdout_end
    days := pg_catalog.format(
        'SELECT DISTINCT %1$I AS c, (%2$I)::pg_catalog.date AS d FROM %3$s '
        'WHERE %1$I IS NOT NULL AND %2$I IS NOT NULL AND (%2$I)::pg_catalog.date <= $2',
        customer_col, date_col, rel);
    -- Periods of scale days from the first purchase in the table.  A
    -- customer's repeat purchases are its purchase days after its first;
    -- the model expects E[X(age)] of them by a given age, so a period adds
    -- E[X(age at its end)] - E[X(age at its start)] for each customer who
    -- has made its first purchase by its end.
    RETURN QUERY EXECUTE
        'WITH d AS (' || days || '), '
        'firsts AS (SELECT c, pg_catalog.min(d) AS f FROM d GROUP BY c), '
        'start_ AS (SELECT pg_catalog.min(f) AS s FROM firsts), '
        'periods AS (SELECT k, s + ((k - 1) * $3)::integer AS p0, s + (k * $3)::integer AS p1 '
        '            FROM start_, pg_catalog.generate_series(1, '
        '                 pg_catalog.ceil((($2 - s) + 1) / $3)::integer) AS k), '
        'cohorts AS (SELECT f, pg_catalog.count(*) AS n FROM firsts GROUP BY f), '
        'seen AS (SELECT p.k, pg_catalog.count(*) AS n FROM d JOIN firsts USING (c) '
        '         JOIN periods p ON d.d >= p.p0 AND d.d < p.p1 WHERE d.d > firsts.f GROUP BY p.k), '
        'model AS (SELECT p.k, pg_catalog.sum(co.n * ('
        '              @extschema@.bgnbd_expected($1, (LEAST(p.p1, $2 + 1) - co.f) / $3)'
        '            - @extschema@.bgnbd_expected($1, GREATEST(p.p0 - co.f, 0) / $3))) AS e '
        '          FROM periods p JOIN cohorts co ON co.f < p.p1 GROUP BY p.k), '
        'rows_ AS (SELECT p.k, p.p0, LEAST(p.p1, $2 + 1) - 1 AS p_last, p.p0 > $4 AS held, '
        '                 coalesce(seen.n, 0) AS n, coalesce(model.e, 0) AS e '
        '          FROM periods p LEFT JOIN seen ON seen.k = p.k LEFT JOIN model ON model.k = p.k) '
        'SELECT k, p0, p_last, held, n, e, '
        '       (pg_catalog.sum(n) OVER (ORDER BY k))::bigint, pg_catalog.sum(e) OVER (ORDER BY k) '
        'FROM rows_ ORDER BY k'
        USING m, holdout_end, scale, calibration_end;
END
$$;
COMMENT ON FUNCTION @extschema@.purchase_tracking(regclass, name, name, date, date, text, @extschema@.bgnbd) IS
'repeat purchases (days) per period of the model''s time unit from the first purchase in the table to holdout_end, actual and as the model expects for customers who start on different dates, with running totals';

-- ---------- (d) the frequency x recency matrix ----------

CREATE FUNCTION @extschema@.bgnbd_matrix(m @extschema@.bgnbd, age double precision,
                                         max_frequency integer DEFAULT NULL,
                                         recency_steps integer DEFAULT 20,
                                         t double precision DEFAULT 1)
RETURNS TABLE (frequency integer, recency double precision, p_alive double precision,
               expected_purchases double precision)
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF m IS NULL OR age IS NULL OR recency_steps IS NULL OR t IS NULL THEN
        RAISE EXCEPTION 'the model, age, recency_steps and t must not be null'
            USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF NOT (age > 0 AND age < 'infinity') OR recency_steps < 1 OR recency_steps > 1000
       OR coalesce(max_frequency, 0) < 0 OR coalesce(max_frequency, 0) > 1000 THEN
        RAISE EXCEPTION 'the grid must have age > 0 and 1 to 1000 recency steps and frequencies'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('age is %s, recency_steps %s, max_frequency %s.', age, recency_steps,
                                             coalesce(max_frequency::text, 'NULL')),
                  HINT = 'age is the customers'' age in the model''s unit, e.g. the largest age of the data.';
    END IF;
    -- lifetimes' default: frequencies up to the model's 99.9% quantile of purchases by age
    IF max_frequency IS NULL THEN
        SELECT pg_catalog.min(n) INTO max_frequency
          FROM pg_catalog.generate_series(0, 1000) AS n
         WHERE (SELECT pg_catalog.sum(@extschema@.bgnbd_pmf(m, k, age))
                  FROM pg_catalog.generate_series(0, n) AS k) >= 0.999;
        max_frequency := coalesce(max_frequency, 1000);
    END IF;
    RETURN QUERY
    SELECT f, r, @extschema@.bgnbd_p_alive(m, f, r, age),
           @extschema@.bgnbd_expected(m, t, f, r, age)
      FROM pg_catalog.generate_series(0, max_frequency) AS f,
           LATERAL (SELECT CASE WHEN f = 0 THEN 0::double precision ELSE age * i / recency_steps END AS r
                      FROM pg_catalog.generate_series(CASE WHEN f = 0 THEN recency_steps ELSE 0 END,
                                                      recency_steps) AS i) AS g
     ORDER BY f, r;
END
$$;
COMMENT ON FUNCTION @extschema@.bgnbd_matrix(@extschema@.bgnbd, double precision, integer, integer, double precision) IS
'P(alive) and expected purchases in the next t over a grid of frequency (0 .. max_frequency) and recency (0 .. age in recency_steps steps) at one age';

-- ---------- the sales forecast ----------

CREATE FUNCTION @extschema@.forecast(
    rel regclass, customer_col name, date_col name, amount_col name, as_of date,
    periods integer DEFAULT 12, period_unit text DEFAULT 'month',
    new_customers double precision DEFAULT 0,
    first_purchase_amount double precision DEFAULT NULL,
    unit text DEFAULT 'week',
    bg @extschema@.bgnbd DEFAULT NULL, gg @extschema@.gamma_gamma DEFAULT NULL)
RETURNS TABLE (period integer, period_start date, period_end date,
               existing_transactions double precision, existing_revenue double precision,
               arrivals double precision, new_transactions double precision,
               new_revenue double precision,
               transactions double precision, revenue double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    summaries text;
    mean_spend double precision;
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, as_of, NULL);
    PERFORM @extschema@.period_start(as_of, period_unit);	-- 22023 for an unknown unit
    IF amount_col IS NULL THEN
        RAISE EXCEPTION 'amount_col must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'The revenue forecast needs the amount of each order.';
    END IF;
    IF periods IS NULL OR periods < 1 OR periods > 1000 THEN
        RAISE EXCEPTION 'periods must be between 1 and 1000'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The value given was %s.', coalesce(periods::text, 'NULL'));
    END IF;
    IF new_customers IS NULL OR NOT (new_customers >= 0 AND new_customers < 'infinity')
       OR (first_purchase_amount IS NOT NULL AND NOT (first_purchase_amount >= 0 AND first_purchase_amount < 'infinity')) THEN
        RAISE EXCEPTION 'new_customers and first_purchase_amount must be finite numbers, not negative'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('new_customers is %s and first_purchase_amount %s.', new_customers,
                                             coalesce(first_purchase_amount::text, 'NULL')),
                  HINT = 'new_customers is the expected number of first purchases per period, 0 for existing customers only.';
    END IF;
    summaries := portfolio_internal.model_summaries_query(rel, customer_col, date_col, amount_col, '$1', '$2');
    IF bg IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.bgnbd_fit(frequency, recency, age) AS f FROM ('
                || summaries || ') s) fit'
            INTO bg USING as_of, scale;
    END IF;
    IF gg IS NULL THEN
        EXECUTE 'SELECT (f).* FROM (SELECT @extschema@.gg_fit(frequency, monetary) AS f FROM ('
                || summaries || ') s WHERE monetary > 0 OR frequency = 0) fit'
            INTO gg USING as_of, scale;
    END IF;
    IF bg IS NULL OR gg IS NULL THEN
        RETURN;  -- no customers, or no repeat customers to learn spend from
    END IF;
    mean_spend := @extschema@.gg_expected_spend(gg, 0, 0);
    -- Calendar periods from the day after as_of: the first runs to the end
    -- of its calendar period, the others are whole.  Purchases on day d are
    -- at model time (d - as_of) / scale, so a period of days p0 .. p1 - 1
    -- holds E[Y((p1 - 1 - as_of) / scale)] - E[Y((p0 - 1 - as_of) / scale)]
    -- of a customer's purchases: the existing customers' purchases by the
    -- end of each period are summed once, and a period's are the difference
    -- of two such sums.  Arrivals come evenly over the days of a
    -- period (a partial first period gets its share), each with one first
    -- purchase on its day a and then E[X((d - a) / scale)] repeat purchases
    -- by day d.  Customers with repeat purchases of no value (monetary 0)
    -- are valued at the mean spend.
    RETURN QUERY EXECUTE
        'WITH step AS (SELECT CASE pg_catalog.lower($4) WHEN ''day'' THEN interval ''1 day'' '
        '                   WHEN ''week'' THEN interval ''7 days'' WHEN ''month'' THEN interval ''1 month'' '
        '                   ELSE interval ''3 months'' END AS s), '
        'edges AS (SELECT k, (@extschema@.period_start($1 + 1, $4) + (k - 1) * step.s)::pg_catalog.date AS e '
        '          FROM step, pg_catalog.generate_series(1, $3 + 1) AS k), '
        'periods AS (SELECT a.k, GREATEST(a.e, $1 + 1) AS p0, b.e AS p1, b.e - a.e AS whole '
        '            FROM edges a JOIN edges b ON b.k = a.k + 1), '
        'cust AS (' || summaries || '), '
        'spend AS MATERIALIZED (SELECT frequency, recency, age, '
        '                 CASE WHEN frequency = 0 OR monetary > 0 '
        '                      THEN @extschema@.gg_expected_spend($6, frequency, monetary) ELSE $7 END AS s '
        '          FROM cust), '
        'ends AS (SELECT k, p1 - 1 AS d FROM periods UNION ALL SELECT 0, $1), '
        'totals AS (SELECT k, pg_catalog.sum(y) AS y, pg_catalog.sum(s * y) AS r '
        '           FROM (SELECT e.k, c.s, @extschema@.bgnbd_expected($5, (e.d - $1) / $2, '
        '                        c.frequency, c.recency, c.age) AS y '
        '                   FROM ends e, spend c OFFSET 0) AS v GROUP BY k), '
        'existing AS (SELECT k, y - pg_catalog.lag(y) OVER (ORDER BY k) AS y, '
        '                    r - pg_catalog.lag(r) OVER (ORDER BY k) AS r FROM totals), '
        'arrivals AS (SELECT p.k, d::pg_catalog.date AS a, $8 / p.whole AS rate FROM periods p, '
        '             pg_catalog.generate_series(p.p0, p.p1 - 1, interval ''1 day'') AS d WHERE $8 > 0), '
        'pairs AS (SELECT q.k, r.rate, GREATEST(q.p0 - 1 - r.a, 0) AS t0, q.p1 - 1 - r.a AS t1 '
        '          FROM periods q JOIN arrivals r ON r.a <= q.p1 - 1), '
        'ages AS (SELECT t, @extschema@.bgnbd_expected($5, t / $2) AS e '
        '         FROM (SELECT t0 AS t FROM pairs UNION SELECT t1 FROM pairs) AS u), '
        'repeats AS (SELECT k, pg_catalog.sum(rate * (e1.e - e0.e)) AS y FROM pairs '
        '            JOIN ages e0 ON e0.t = t0 JOIN ages e1 ON e1.t = t1 GROUP BY k), '
        'firsts AS (SELECT k, pg_catalog.sum(rate) AS n FROM arrivals GROUP BY k) '
        'SELECT p.k, p.p0, p.p1 - 1, coalesce(x.y, 0), coalesce(x.r, 0), '
        '       coalesce(f.n, 0), coalesce(f.n, 0) + coalesce(rp.y, 0), '
        '       coalesce(f.n, 0) * $9 + coalesce(rp.y, 0) * $7, '
        '       coalesce(x.y, 0) + coalesce(f.n, 0) + coalesce(rp.y, 0), '
        '       coalesce(x.r, 0) + coalesce(f.n, 0) * $9 + coalesce(rp.y, 0) * $7 '
        'FROM periods p LEFT JOIN existing x ON x.k = p.k LEFT JOIN firsts f ON f.k = p.k '
        'LEFT JOIN repeats rp ON rp.k = p.k ORDER BY p.k'
        USING as_of, scale, periods, period_unit, bg, gg, mean_spend, new_customers,
              coalesce(first_purchase_amount, mean_spend);
END
$$;
COMMENT ON FUNCTION @extschema@.forecast(regclass, name, name, name, date, integer, text, double precision, double precision, text, @extschema@.bgnbd, @extschema@.gamma_gamma) IS
'the sales forecast per calendar period after as_of: the existing customers'' expected purchases and revenue (BG/NBD and Gamma-Gamma), and those of new customers arriving at a given rate per period';

-- ---------- choosing a model ----------

-- The discrete-time histories of an orders table for BG/BB: each customer's
-- purchase periods of scale days from its first purchase (period 0, not
-- counted), as of calibration_end ($1) and, for the holdout, holdout_end
-- ($3): rows (c, x, tx, n, held, h) with n the periods 1 .. n complete by
-- calibration_end, x those with a purchase, tx the last of them (0 without
-- any), h the periods after n complete by holdout_end and held those with a
-- purchase (NULLs without a holdout).  Only complete periods count, so a
-- customer's calibration history does not depend on the holdout end.
CREATE FUNCTION portfolio_internal.model_periods_query(rel regclass, customer_col name, date_col name)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.format(
    'WITH o AS (SELECT %2$I AS c, (%3$I)::pg_catalog.date AS d FROM %1$s'
    '           WHERE %2$I IS NOT NULL AND %3$I IS NOT NULL AND (%3$I)::pg_catalog.date <= coalesce($3, $1)), '
    'f AS (SELECT c, pg_catalog.min(d) AS first FROM o GROUP BY c HAVING pg_catalog.min(d) <= $1), '
    'k AS (SELECT DISTINCT o.c, pg_catalog.floor((o.d - f.first) / $2)::pg_catalog.int8 AS k, '
    '             GREATEST(pg_catalog.floor(($1 - f.first + 1) / $2) - 1, 0)::pg_catalog.int8 AS n, '
    '             (CASE WHEN $3 IS NOT NULL'
    '                   THEN GREATEST(pg_catalog.floor(($3 - f.first + 1) / $2) - 1, 0) END)::pg_catalog.int8 AS last '
    '      FROM o JOIN f ON f.c = o.c) '
    'SELECT c, (pg_catalog.count(*) FILTER (WHERE k BETWEEN 1 AND n))::pg_catalog.float8 AS x, '
    '       coalesce(pg_catalog.max(k) FILTER (WHERE k BETWEEN 1 AND n), 0)::pg_catalog.float8 AS tx, '
    '       pg_catalog.min(n)::pg_catalog.float8 AS n, '
    '       (CASE WHEN $3 IS NOT NULL THEN pg_catalog.count(*) FILTER (WHERE k > n AND k <= last) END)'
    '           ::pg_catalog.float8 AS held, '
    '       (pg_catalog.min(last) - pg_catalog.min(n))::pg_catalog.float8 AS h '
    'FROM k GROUP BY c',
    rel, customer_col, date_col);
COMMENT ON FUNCTION portfolio_internal.model_periods_query(regclass, name, name) IS
'support function of compare_models: the SQL of the discrete-time (BG/BB) histories of an orders table, purchase periods of a model time unit';

-- What a model's likelihood and holdout count in compare_models,
-- compare_frequencies and compare_holdout: repeat purchase days, or for
-- BG/BB purchase periods of the unit.
CREATE FUNCTION portfolio_internal.model_representation(model text, unit text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN CASE WHEN model = 'bgbb' THEN 'discrete: ' || lower(unit) || 's with a purchase'
            ELSE 'continuous: repeat purchase days in ' || lower(unit) || 's' END;
COMMENT ON FUNCTION portfolio_internal.model_representation(text, text) IS
'support function of compare_models, compare_frequencies and compare_holdout: what a model''s likelihood and holdout count';

-- The models the comparisons fit to the continuous-time summaries: each
-- has <model>_fit(frequency, recency, age), <model>_pmf and <model>_expected.
CREATE FUNCTION portfolio_internal.continuous_models() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN ARRAY['bgnbd', 'mbgnbd', 'pareto_nbd'];
COMMENT ON FUNCTION portfolio_internal.continuous_models() IS
'support function of compare_frequencies and compare_holdout: the continuous-time purchase models they fit';

CREATE FUNCTION @extschema@.compare_models(
    rel regclass, customer_col name, date_col name, calibration_end date,
    holdout_end date DEFAULT NULL, unit text DEFAULT 'week')
RETURNS TABLE (model text, representation text, parameters text, loglik double precision,
               n_parameters integer, customers bigint, aic double precision, bic double precision,
               converged boolean, holdout_actual double precision, holdout_expected double precision,
               holdout_error double precision, holdout_relative_error double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    name text;
    cal text;
    later text;
    -- After the histories (hist) with their holdout purchases and horizons
    -- (held, h_t; NULL without a holdout), %1$s fits the model and %2$s
    -- is its expectation: the model's row as compare_models returns it.
    -- AIC and BIC only where $5 (continuous time) says the likelihoods
    -- compare.
    tail text :=
        'fit AS (SELECT %1$s AS m, pg_catalog.count(*) AS fitted FROM hist HAVING pg_catalog.count(*) > 0), '
        'k AS (SELECT pg_catalog.count(*) AS k, pg_catalog.string_agg(p.parameter || '' = '' '
        '             || pg_catalog.round(p.estimate::pg_catalog.numeric, 4), '', '' ORDER BY p.i) AS text '
        '      FROM fit, @extschema@.model_parameters(fit.m) WITH ORDINALITY AS p(parameter, estimate, se, lo, hi, i)), '
        'hold AS (SELECT pg_catalog.sum(held) AS actual, pg_catalog.sum(%2$s) AS e FROM hist, fit) '
        'SELECT $4, portfolio_internal.model_representation($4, $6), k.text, (fit.m).loglik, k.k::integer, fit.fitted, '
        '       CASE WHEN $5 THEN 2 * k.k - 2 * (fit.m).loglik END, '
        '       CASE WHEN $5 THEN k.k * pg_catalog.ln(fit.fitted) - 2 * (fit.m).loglik END, '
        '       (fit.m).converged, hold.actual, hold.e, hold.e - hold.actual, '
        '       (hold.e - hold.actual) / NULLIF(hold.actual, 0) '
        'FROM fit, k, hold';
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, holdout_end);
    cal := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    -- the customers' repeat purchase days in the holdout ($3), if there is one
    later := CASE WHEN holdout_end IS NULL
                  THEN 'SELECT cal.*, NULL::pg_catalog.float8 AS held FROM (' || cal || ') cal'
                  ELSE 'SELECT cal.*, later.frequency - cal.frequency AS held FROM (' || cal || ') cal JOIN ('
                       || portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$3', '$2')
                       || ') later ON later.c = cal.c' END;
    FOREACH name IN ARRAY portfolio_internal.continuous_models() LOOP
        RETURN QUERY EXECUTE
            'WITH hist AS MATERIALIZED (' || later || '), '
            || pg_catalog.format(tail, '@extschema@.' || name || '_fit(frequency, recency, age)',
                                 '@extschema@.' || name || '_expected(fit.m, ($3 - $1) / $2, frequency, recency, age)')
            USING calibration_end, scale, holdout_end, name, true, unit;
    END LOOP;
    -- BG/BB over the purchase periods: its own likelihood, no AIC or BIC
    RETURN QUERY EXECUTE
        'WITH hist AS MATERIALIZED (' || portfolio_internal.model_periods_query(rel, customer_col, date_col) || '), '
        || pg_catalog.format(tail, '@extschema@.bgbb_fit(x, tx, n)', '@extschema@.bgbb_expected(fit.m, h, x, tx, n)')
        USING calibration_end, scale, holdout_end, 'bgbb', false, unit;
END
$$;
COMMENT ON FUNCTION @extschema@.compare_models(regclass, name, name, date, date, text) IS
'every applicable lifetime-value model fitted on the calibration period of an orders table, one row each: parameters, log-likelihood, AIC and BIC (continuous-time models only: they are fitted to the same data), and with a holdout end the actual and expected holdout transactions';

CREATE FUNCTION @extschema@.compare_frequencies(
    rel regclass, customer_col name, date_col name, calibration_end date,
    unit text DEFAULT 'week', max_frequency integer DEFAULT 7)
RETURNS TABLE (model text, representation text, repeat_purchases integer, label text, actual bigint,
               expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    name text;
    cal text;
    -- after the histories h, their model and the customers by age or n
    -- (ages): the frequencies seen and expected (sums of P(X = k)); %1$s is
    -- the pmf, %2$s the parameter that holds max_frequency
    tail text :=
        'buckets AS (SELECT k FROM pg_catalog.generate_series(0, %2$s) AS k), '
        'expected_ AS (SELECT b.k, pg_catalog.sum(a.n * %1$s) AS e '
        '              FROM buckets b, ages a, fit WHERE b.k < %2$s GROUP BY b.k), '
        'seen AS (SELECT LEAST(x, %2$s)::integer AS k, pg_catalog.count(*) AS n FROM h GROUP BY 1) '
        'SELECT $4, $5, b.k, CASE WHEN b.k < %2$s THEN b.k::text ELSE b.k || ''+'' END, coalesce(seen.n, 0), '
        '       CASE WHEN b.k < %2$s THEN coalesce(e.e, 0) '
        '            ELSE (SELECT pg_catalog.count(*) FROM h) - (SELECT coalesce(pg_catalog.sum(e), 0) FROM expected_) END '
        'FROM buckets b LEFT JOIN seen ON seen.k = b.k LEFT JOIN expected_ e ON e.k = b.k '
        'WHERE EXISTS (SELECT FROM fit) ORDER BY b.k';
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, NULL);
    IF max_frequency IS NULL OR max_frequency < 1 THEN
        RAISE EXCEPTION 'max_frequency must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The value given was %s.', coalesce(max_frequency::text, 'NULL')),
                  HINT = 'The last row of each model counts the customers with max_frequency repeat purchases or more.';
    END IF;
    cal := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    FOREACH name IN ARRAY portfolio_internal.continuous_models() LOOP
        RETURN QUERY EXECUTE
            'WITH h AS MATERIALIZED (SELECT frequency AS x, recency, age FROM (' || cal || ') s), '
            'fit AS (SELECT @extschema@.' || name || '_fit(x, recency, age) AS m FROM h HAVING pg_catalog.count(*) > 0), '
            'ages AS (SELECT age AS t, pg_catalog.count(*) AS n FROM h GROUP BY age), '
            || pg_catalog.format(tail, '@extschema@.' || name || '_pmf(fit.m, b.k, a.t)', '$3')
            USING calibration_end, scale, max_frequency, name, portfolio_internal.model_representation(name, unit);
    END LOOP;
    RETURN QUERY EXECUTE
        'WITH h AS MATERIALIZED (' || portfolio_internal.model_periods_query(rel, customer_col, date_col) || '), '
        'fit AS (SELECT @extschema@.bgbb_fit(x, tx, n) AS m FROM h HAVING pg_catalog.count(*) > 0), '
        'ages AS (SELECT n AS t, pg_catalog.count(*) AS n FROM h GROUP BY h.n), '
        || pg_catalog.format(tail, '@extschema@.bgbb_pmf(fit.m, b.k, a.t)', '$6')
        -- the periods' query reads $3 as the holdout end: none here
        USING calibration_end, scale, NULL::date, 'bgbb', portfolio_internal.model_representation('bgbb', unit),
              max_frequency;
END
$$;
COMMENT ON FUNCTION @extschema@.compare_frequencies(regclass, name, name, date, text, integer) IS
'for every model of compare_models, the customers by repeat purchases in the calibration period (0 .. max_frequency or more), actual and as the model expects';

CREATE FUNCTION @extschema@.compare_holdout(
    rel regclass, customer_col name, date_col name, calibration_end date, holdout_end date,
    unit text DEFAULT 'week', max_frequency integer DEFAULT 7)
RETURNS TABLE (model text, representation text, frequency integer, label text, customers bigint,
               actual double precision, expected double precision)
LANGUAGE plpgsql STABLE PARALLEL RESTRICTED SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    scale double precision := portfolio_internal.model_time_scale(unit);
    name text;
    cal text;
    -- after the customers' histories with their holdout purchases (pairs)
    -- and their model (fit): %1$s the expectation, %2$s the parameter that
    -- holds max_frequency
    tail text :=
        'SELECT $4, $5, LEAST(x, %2$s)::integer, '
        '       CASE WHEN LEAST(x, %2$s) < %2$s THEN LEAST(x, %2$s)::text ELSE %2$s || ''+'' END, '
        '       pg_catalog.count(*), pg_catalog.avg(held), pg_catalog.avg(%1$s) '
        'FROM pairs, fit GROUP BY 3, 4 ORDER BY 3';
BEGIN
    PERFORM portfolio_internal.model_check_args(rel, customer_col, date_col, calibration_end, holdout_end);
    IF holdout_end IS NULL THEN
        RAISE EXCEPTION 'holdout_end must not be null'
            USING ERRCODE = 'null_value_not_allowed',
                  HINT = 'Pass the last day of the holdout period.';
    END IF;
    IF max_frequency IS NULL OR max_frequency < 1 THEN
        RAISE EXCEPTION 'max_frequency must be at least 1'
            USING ERRCODE = 'invalid_parameter_value',
                  DETAIL = pg_catalog.format('The value given was %s.', coalesce(max_frequency::text, 'NULL')),
                  HINT = 'The last row of each model gathers the customers with max_frequency repeat purchases or more.';
    END IF;
    cal := portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$1', '$2');
    FOREACH name IN ARRAY portfolio_internal.continuous_models() LOOP
        RETURN QUERY EXECUTE
            'WITH pairs AS MATERIALIZED (SELECT cal.frequency AS x, cal.recency, cal.age, '
            '                            later.frequency - cal.frequency AS held FROM (' || cal || ') cal JOIN ('
            || portfolio_internal.model_summaries_query(rel, customer_col, date_col, NULL, '$6', '$2')
            || ') later ON later.c = cal.c), '
            'fit AS (SELECT @extschema@.' || name || '_fit(x, recency, age) AS m FROM pairs HAVING pg_catalog.count(*) > 0) '
            || pg_catalog.format(tail, '@extschema@.' || name || '_expected(fit.m, ($6 - $1) / $2, x, recency, age)', '$3')
            USING calibration_end, scale, max_frequency, name, portfolio_internal.model_representation(name, unit),
                  holdout_end;
    END LOOP;
    RETURN QUERY EXECUTE
        'WITH pairs AS MATERIALIZED (SELECT x, tx, n, held, h FROM ('
        || portfolio_internal.model_periods_query(rel, customer_col, date_col) || ') p), '
        'fit AS (SELECT @extschema@.bgbb_fit(x, tx, n) AS m FROM pairs HAVING pg_catalog.count(*) > 0) '
        || pg_catalog.format(tail, '@extschema@.bgbb_expected(fit.m, h, x, tx, n)', '$6')
        USING calibration_end, scale, holdout_end, 'bgbb', portfolio_internal.model_representation('bgbb', unit),
              max_frequency;
END
$$;
COMMENT ON FUNCTION @extschema@.compare_holdout(regclass, name, name, date, date, text, integer) IS
'for every model of compare_models, the mean holdout transactions of the customers of each calibration frequency (0 .. max_frequency or more), actual and as the model expects given each history';
