-- tracking.sql: a per-customer summary table kept current by triggers
-- (track_orders, untrack_orders, refresh_alerts and their support
-- functions).
--
-- portfolio.track_orders attaches four statement-level triggers to a user's
-- orders table.  Their arguments hold the whole configuration (so that
-- pg_dump restores it with the triggers), in this order:
--   0 customer column      1 date column        2 amount column
--   3 summary table (schema-qualified, quoted)  4 unit
--   5 time zone            6 date column kind: date, timestamp or timestamptz
--   7, 8 schema and name of the customer type's equality operator (the one
--        of the summary table's primary key, so that a citext customer is
--        compared as the key compares it, whatever the search_path)
-- Every name is spliced into SQL with format('%I') or as a regclass, never
-- as text.

-- The summary fields as columns of the summary table, in the order of the
-- portfolio.summary type (sql/tracking.sql checks that they agree).
CREATE FUNCTION portfolio_internal.tracking_fields() RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$ SELECT 'first_date, last_date, transactions, periods, frequency, recency, age, days_since_last, '
          'total_amount, avg_amount, monetary, mean_gap, gap_stddev, max_gap, last_gap, unit' $$;
COMMENT ON FUNCTION portfolio_internal.tracking_fields() IS
'support function of track_orders: the summary fields as a column list';

-- The arguments of the tracking triggers of a table (1-based), or NULL when
-- it is not tracked.  tgargs is the arguments, each ended by a zero byte.
CREATE FUNCTION portfolio_internal.tracking_args(orders regclass) RETURNS text[]
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    raw  bytea;
    args text[] := '{}';
    i    int;
BEGIN
    SELECT t.tgargs INTO raw
      FROM pg_trigger t
     WHERE t.tgrelid = orders
       AND t.tgfoid = 'portfolio_internal.track_orders_trigger()'::regprocedure
     ORDER BY t.tgname LIMIT 1;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    LOOP
        i := position('\x00'::bytea IN raw);
        EXIT WHEN i = 0;
        args := args || convert_from(substring(raw FROM 1 FOR i - 1), getdatabaseencoding());
        raw := substring(raw FROM i + 1);
    END LOOP;
    RETURN args;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_args(regclass) IS
'support function of track_orders: the configuration of a tracked orders table (its trigger arguments), NULL when not tracked';

-- SQL that summarizes the orders of the customers that "filter" (a
-- condition on o) selects: rows (c, summary fields..., lifecycle, alert) of
-- customers with at least one purchase as of $1, in unit $2.
CREATE FUNCTION portfolio_internal.tracking_summaries_sql(orders regclass, args text[], filter text)
RETURNS text LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    date_expr text;
BEGIN
    date_expr := CASE args[7]
        WHEN 'timestamptz' THEN format('(o.%I AT TIME ZONE %L)::pg_catalog.date', args[2], args[6])
        ELSE format('o.%I::pg_catalog.date', args[2]) END;
    RETURN format(
        'SELECT q.c, (q.s).*, @extschema@.lifecycle_stage(q.s) AS lifecycle, '
        '@extschema@.alert_level(q.s) AS alert '
        'FROM (SELECT o.%1$I AS c, @extschema@.summarize(%2$s, o.%3$I::pg_catalog.numeric, $1, $2) AS s '
        'FROM %4$s AS o WHERE %5$s GROUP BY 1) AS q '
        'WHERE (q.s).first_date IS NOT NULL',
        args[1], date_expr, args[3], orders, filter);
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_summaries_sql(regclass, text[], text) IS
'support function of track_orders: the query that summarizes the orders of some customers';

-- The customer type's equality operator as SQL: OPERATOR(schema.op).  The
-- name is checked to be made of operator characters only.
CREATE FUNCTION portfolio_internal.tracking_eq_sql(args text[]) RETURNS text
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    IF args[9] !~ '^[-+*/<>=~!@#%^&|`?]+$' THEN
        RAISE EXCEPTION 'invalid tracking trigger argument'
              USING ERRCODE = 'invalid_parameter_value',
                    DETAIL = format('"%s" is not an operator name.', args[9]),
                    HINT = 'Call portfolio.untrack_orders and portfolio.track_orders again.';
    END IF;
    RETURN format('OPERATOR(%I.%s)', args[8], args[9]);
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_eq_sql(text[]) IS
'support function of track_orders: the equality operator of the customer column, as SQL';

-- Tracking recomputes a customer from all of its orders as the role that
-- writes them (nothing is SECURITY DEFINER).  Row-level security that
-- restricts that role would make it see part of a customer's orders, and
-- the summary would silently lose the rest, or part of the summary table,
-- whose other rows it would not update: so a statement under it fails.
-- The roles that row-level security does not restrict (superusers, BYPASSRLS
-- roles, the table's owner unless FORCE ROW LEVEL SECURITY) see everything.
CREATE FUNCTION portfolio_internal.tracking_sees_all(VARIADIC rels regclass[]) RETURNS void
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    rel regclass;
BEGIN
    FOREACH rel IN ARRAY rels LOOP
        IF row_security_active(rel) THEN
            RAISE EXCEPTION 'row-level security hides rows of % from role %', rel, current_user
                  USING ERRCODE = 'insufficient_privilege',
                        DETAIL = 'A tracked summary is recomputed from every order of a customer, as the role that '
                                 'writes; the rows that role cannot see would be lost.',
                        HINT = 'Write as a role that row-level security does not restrict (the table owner without '
                               'FORCE ROW LEVEL SECURITY, or a role with BYPASSRLS), or call portfolio.untrack_orders.';
        END IF;
    END LOOP;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_sees_all(regclass[]) IS
'support function of tracking: an error (42501) when row-level security restricts the current role on one of the tables';

-- The trigger.  Each firing recomputes every customer that the statement
-- touched, in three steps:
--  1. touched: the customers of the new rows (INSERT), the old rows
--     (DELETE), or, for UPDATE, of the rows whose (customer, date, amount)
--     changed, from both sides (a row moved from A to B touches both;
--     updating other columns touches nobody);
--  2. lock them, in customer order (so that two bulk statements cannot
--     deadlock): in REPEATABLE READ and SERIALIZABLE first the rows the
--     transaction's snapshot sees (see below); then one INSERT ... ON
--     CONFLICT DO UPDATE ... WHERE false adds a placeholder row for a new
--     customer and locks an existing row, waiting for a concurrent
--     transaction that holds it;
--  3. recompute them from the orders in a later statement, whose snapshot
--     (READ COMMITTED) sees everything the transactions we waited for
--     committed: update the rows of customers with purchases, delete the
--     others (placeholders included).  The UPDATE also names t, whose size
--     the planner knows from the transition table, so that a single-row
--     statement looks its row up by key even before the tables are analyzed.
CREATE FUNCTION portfolio_internal.track_orders_trigger() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[] := TG_ARGV[0:TG_NARGS - 1];   -- a slice is 1-based
    summary text;
    cust    text;
    eq      text;
    touched text;
    n       bigint;
    as_of   date;
BEGIN
    summary := args[4]::regclass::text;
    IF TG_OP = 'TRUNCATE' THEN
        -- TRUNCATE empties the orders whatever row-level security says.
        PERFORM portfolio_internal.tracking_sees_all(summary::regclass);
        EXECUTE format('DELETE FROM %s', summary);
        RETURN NULL;
    END IF;
    PERFORM portfolio_internal.tracking_sees_all(TG_RELID::regclass, summary::regclass);
    cust := quote_ident(args[1]);
    eq := portfolio_internal.tracking_eq_sql(args);
    touched := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT o.%s AS c FROM portfolio_new_rows AS o', cust)
        WHEN 'DELETE' THEN format('SELECT o.%s AS c FROM portfolio_old_rows AS o', cust)
        ELSE format('SELECT c FROM (SELECT o.%1$s AS c, o.%2$I AS d, o.%3$I AS a FROM portfolio_old_rows AS o '
                    'EXCEPT ALL SELECT o.%1$s, o.%2$I, o.%3$I FROM portfolio_new_rows AS o) AS old_side '
                    'UNION ALL '
                    'SELECT c FROM (SELECT o.%1$s AS c, o.%2$I AS d, o.%3$I AS a FROM portfolio_new_rows AS o '
                    'EXCEPT ALL SELECT o.%1$s, o.%2$I, o.%3$I FROM portfolio_old_rows AS o) AS new_side',
                    cust, args[2], args[3]) END;

    -- In REPEATABLE READ and SERIALIZABLE the recomputation reads the
    -- transaction's snapshot, so a customer whose row another transaction
    -- changed or deleted since must fail the statement (40001).  Locking the
    -- rows this snapshot sees does that, and it must come before the
    -- placeholders: once one is inserted for a key whose row another
    -- transaction deleted since, the snapshot sees two rows of that key, and
    -- the recomputation's join, which knows the key is unique, may stop at
    -- the placeholder, never meet the deleted row, and commit a summary from
    -- the old snapshot (test/tracking_concurrency.sh saw it when the
    -- placeholder landed before the old row in the index).
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        EXECUTE format('SELECT FROM %1$s AS x WHERE x.%2$s %3$s ANY (SELECT c FROM (%4$s) AS t) '
                       'ORDER BY x.%2$s FOR UPDATE OF x', summary, cust, eq, touched);
    END IF;
    EXECUTE format(
        'WITH t AS (SELECT DISTINCT c FROM (%1$s) AS t WHERE c IS NOT NULL), '
        'locked AS (INSERT INTO %2$s AS x (%3$s) SELECT c FROM t ORDER BY c '
        'ON CONFLICT (%3$s) DO UPDATE SET %3$s = EXCLUDED.%3$s WHERE false) '
        'SELECT count(*) FROM t',
        touched, summary, cust) INTO n;
    IF n = 0 THEN
        RETURN NULL;
    END IF;

    as_of := (now() AT TIME ZONE args[6])::date;
    EXECUTE format(
        'WITH t AS (SELECT DISTINCT c FROM (%1$s) AS t WHERE c IS NOT NULL), '
        'f AS (%2$s), '
        'gone AS (DELETE FROM %3$s AS x WHERE x.%4$s %5$s ANY (SELECT c FROM t) '
        'AND NOT EXISTS (SELECT FROM f WHERE f.c %5$s x.%4$s)) '
        'UPDATE %3$s AS x SET (as_of, %6$s, lifecycle, alert, updated_at) '
        '= ROW($1, f.%7$s, f.lifecycle, f.alert, pg_catalog.now()) '
        'FROM f WHERE x.%4$s %5$s f.c AND x.%4$s %5$s ANY (SELECT c FROM t)',
        touched,
        portfolio_internal.tracking_summaries_sql(TG_RELID::regclass, args,
                                                  format('o.%s %s ANY (SELECT c FROM t)', cust, eq)),
        summary, cust, eq, portfolio_internal.tracking_fields(),
        replace(portfolio_internal.tracking_fields(), ', ', ', f.'))
    USING as_of, args[5];
    RETURN NULL;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.track_orders_trigger() IS
'trigger of track_orders: recomputes the summary rows of the customers a statement touched; its arguments are the configuration';

-- The base type of a type (through domains).
CREATE FUNCTION portfolio_internal.tracking_base_type(t regtype) RETURNS regtype
LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    WITH RECURSIVE d(oid, base) AS (
        SELECT oid, typbasetype FROM pg_type WHERE oid = t
        UNION ALL
        SELECT p.oid, p.typbasetype FROM pg_type p JOIN d ON p.oid = d.base
    )
    SELECT oid::regtype FROM d WHERE base = 0;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_base_type(regtype) IS
'support function of track_orders: the base type of a domain, or the type itself';

-- A column of a table that exists, or error 42703.
CREATE FUNCTION portfolio_internal.tracking_column(rel regclass, col name, role text)
RETURNS pg_catalog.pg_attribute LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    a pg_attribute;
BEGIN
    SELECT * INTO a FROM pg_attribute
     WHERE attrelid = rel AND attname = col AND attnum > 0 AND NOT attisdropped;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'column "%" of relation % does not exist', col, rel
              USING ERRCODE = 'undefined_column',
                    DETAIL = format('The %s column must be a column of the orders table.', role);
    END IF;
    RETURN a;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_column(regclass, name, text) IS
'support function of track_orders: a column of the orders table, or an error';

-- Validates the orders table and the columns; returns the kind of the date
-- column (date, timestamp or timestamptz).
CREATE FUNCTION portfolio_internal.tracking_check(orders regclass, customer_col name, date_col name, amount_col name)
RETURNS text LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    kind      "char";
    date_type regtype;
    amt_type  regtype;
BEGIN
    SELECT relkind INTO kind FROM pg_class WHERE oid = orders;
    IF kind NOT IN ('r', 'p') THEN
        RAISE EXCEPTION '% is not a table', orders
              USING ERRCODE = 'wrong_object_type',
                    DETAIL = 'Only ordinary and partitioned tables can be tracked.';
    END IF;
    IF (SELECT relrowsecurity FROM pg_class WHERE oid = orders) THEN
        RAISE EXCEPTION 'table % has row-level security', orders
              USING ERRCODE = 'feature_not_supported',
                    DETAIL = 'A tracked summary is recomputed from every order of a customer, as the role that writes; '
                             'a writer that row-level security restricts would see only some of them.',
                    HINT = 'Summarize in queries instead (portfolio.summarize and portfolio.customers see what the '
                           'caller may see), or disable row-level security on the table first.';
    END IF;
    IF portfolio_internal.tracking_args(orders) IS NOT NULL THEN
        RAISE EXCEPTION 'table % is already tracked', orders
              USING ERRCODE = 'duplicate_object',
                    HINT = 'Call portfolio.untrack_orders first to track it again.';
    END IF;
    PERFORM portfolio_internal.tracking_column(orders, customer_col, 'customer');
    IF customer_col = ANY (string_to_array(portfolio_internal.tracking_fields(), ', ')
                           || '{as_of,lifecycle,alert,updated_at}'::text[]) THEN
        RAISE EXCEPTION 'customer column "%" has the name of a column of the summary table', customer_col
              USING ERRCODE = 'duplicate_column',
                    DETAIL = 'The summary table has the customer column besides as_of, the summary fields, lifecycle, alert and updated_at.',
                    HINT = 'Rename the customer column of the orders table.';
    END IF;
    date_type := portfolio_internal.tracking_base_type((portfolio_internal.tracking_column(orders, date_col, 'date')).atttypid);
    amt_type := portfolio_internal.tracking_base_type((portfolio_internal.tracking_column(orders, amount_col, 'amount')).atttypid);
    IF date_type NOT IN ('date'::regtype, 'timestamp'::regtype, 'timestamptz'::regtype) THEN
        RAISE EXCEPTION 'date column "%" is of type %', date_col, date_type
              USING ERRCODE = 'datatype_mismatch',
                    DETAIL = 'The date column must be of type date, timestamp or timestamp with time zone.';
    END IF;
    IF amt_type <> 'numeric'::regtype AND NOT EXISTS (
           SELECT FROM pg_cast c JOIN pg_type t ON t.oid = c.castsource
            WHERE c.castsource = amt_type AND c.casttarget = 'numeric'::regtype AND t.typcategory = 'N') THEN
        RAISE EXCEPTION 'amount column "%" is of type %', amount_col, amt_type
              USING ERRCODE = 'datatype_mismatch',
                    DETAIL = 'The amount column must be of a numeric type that can be cast to numeric.';
    END IF;
    RETURN CASE date_type WHEN 'date'::regtype THEN 'date'
                          WHEN 'timestamp'::regtype THEN 'timestamp' ELSE 'timestamptz' END;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_check(regclass, name, name, name) IS
'support function of track_orders: validates the orders table and its columns, returns the kind of the date column';

-- Creates the summary table; returns it.
CREATE FUNCTION portfolio_internal.tracking_create_table(orders regclass, customer_col name, summary_table name)
RETURNS regclass LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    nsp    name;
    cust   pg_attribute;
    fields text;
    result regclass;
BEGIN
    SELECT n.nspname INTO nsp FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = orders;
    cust := portfolio_internal.tracking_column(orders, customer_col, 'customer');
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
    PERFORM portfolio_internal.tracking_bi_layout(result);
    RETURN result;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_create_table(regclass, name, name) IS
'support function of track_orders: creates the summary table';

-- The equality operator of a table's primary key (first column): schema
-- and name.
CREATE FUNCTION portfolio_internal.tracking_key_eq(rel regclass) RETURNS text[]
LANGUAGE sql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT ARRAY[n.nspname::text, o.oprname::text]
      FROM pg_index i
      JOIN pg_opclass oc ON oc.oid = i.indclass[0]
      JOIN pg_amop ao ON ao.amopfamily = oc.opcfamily AND ao.amopstrategy = 3
                     AND ao.amoplefttype = oc.opcintype AND ao.amoprighttype = oc.opcintype
      JOIN pg_operator o ON o.oid = ao.amopopr
      JOIN pg_namespace n ON n.oid = o.oprnamespace
     WHERE i.indrelid = rel AND i.indisprimary;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_key_eq(regclass) IS
'support function of track_orders: schema and name of the equality operator of a table''s primary key';

-- Creates an index on orders (customer) unless a valid, non-partial index
-- leads with that column, with the collation of the column and an operator
-- family that has the key's equality operator (so that it serves the
-- lookups of the trigger).
CREATE FUNCTION portfolio_internal.tracking_index(orders regclass, customer_col name, eq text[])
RETURNS void LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    cust pg_attribute := portfolio_internal.tracking_column(orders, customer_col, 'customer');
BEGIN
    IF NOT EXISTS (
        SELECT FROM pg_index i
          JOIN pg_opclass oc ON oc.oid = i.indclass[0]
          JOIN pg_amop ao ON ao.amopfamily = oc.opcfamily AND ao.amopstrategy = 3
          JOIN pg_operator o ON o.oid = ao.amopopr
          JOIN pg_namespace n ON n.oid = o.oprnamespace
         WHERE i.indrelid = orders AND i.indkey[0] = cust.attnum AND i.indpred IS NULL
           AND i.indisvalid AND i.indcollation[0] = cust.attcollation
           AND n.nspname = eq[1] AND o.oprname = eq[2]) THEN
        EXECUTE format('CREATE INDEX ON %s (%I)', orders, customer_col);
    END IF;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_index(regclass, name, text[]) IS
'support function of track_orders: indexes the customer column of the orders unless an index can serve';

-- <orders>_portfolio, the orders name shortened so that the suffix fits in
-- a name (63 bytes).
CREATE FUNCTION portfolio_internal.tracking_default_name(orders regclass) RETURNS name
LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    base text := (SELECT relname FROM pg_class WHERE oid = orders);
BEGIN
    WHILE octet_length(base) > 63 - octet_length('_portfolio') LOOP
        base := left(base, -1);
    END LOOP;
    RETURN base || '_portfolio';
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_default_name(regclass) IS
'support function of track_orders: the default name of the summary table';

CREATE FUNCTION @extschema@.track_orders(orders regclass, customer_col name, date_col name, amount_col name,
                                         summary_table name DEFAULT NULL, unit text DEFAULT 'day',
                                         time_zone text DEFAULT NULL)
RETURNS regclass LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    u       text := lower(unit);
    tz      text := coalesce(time_zone, current_setting('TimeZone'));
    kind    text;
    summary regclass;
    eq      text[];
    args    text;
    ev      text;
BEGIN
    IF orders IS NULL OR customer_col IS NULL OR date_col IS NULL OR amount_col IS NULL OR unit IS NULL THEN
        RAISE EXCEPTION 'orders, customer_col, date_col, amount_col and unit must not be NULL'
              USING ERRCODE = 'null_value_not_allowed';
    END IF;
    IF u NOT IN ('day', 'week', 'month', 'quarter') THEN
        RAISE EXCEPTION 'unknown unit "%"', unit
              USING ERRCODE = 'invalid_parameter_value',
                    HINT = 'The unit is day, week, month or quarter.';
    END IF;
    PERFORM now() AT TIME ZONE tz;          -- an unknown time zone is an error (22023)
    -- No order may change between the initial fill and the triggers.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', orders);
    kind := portfolio_internal.tracking_check(orders, customer_col, date_col, amount_col);
    summary := portfolio_internal.tracking_create_table(orders, customer_col,
                                                        coalesce(summary_table, portfolio_internal.tracking_default_name(orders)));
    eq := portfolio_internal.tracking_key_eq(summary);
    PERFORM portfolio_internal.tracking_index(orders, customer_col, eq);

    args := format('%L, %L, %L, %L, %L, %L, %L, %L, %L', customer_col, date_col, amount_col,
                   summary::text, u, tz, kind, eq[1], eq[2]);
    FOREACH ev IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER %s ON %s REFERENCING %s FOR EACH STATEMENT '
                       'EXECUTE FUNCTION portfolio_internal.track_orders_trigger(%s)',
                       'portfolio_track_' || ev, upper(ev), orders,
                       CASE ev WHEN 'insert' THEN 'NEW TABLE AS portfolio_new_rows'
                               WHEN 'delete' THEN 'OLD TABLE AS portfolio_old_rows'
                               ELSE 'OLD TABLE AS portfolio_old_rows NEW TABLE AS portfolio_new_rows' END,
                       args);
    END LOOP;
    EXECUTE format('CREATE TRIGGER portfolio_track_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT '
                   'EXECUTE FUNCTION portfolio_internal.track_orders_trigger(%s)', orders, args);

    PERFORM @extschema@.refresh_alerts(orders);
    RETURN summary;
END;
$$;
COMMENT ON FUNCTION @extschema@.track_orders(regclass, name, name, name, name, text, text) IS
'creates a per-customer summary table of an orders table, fills it, and attaches triggers that keep it current';

CREATE FUNCTION @extschema@.untrack_orders(orders regclass) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    trig name;
    n    int := 0;
BEGIN
    FOR trig IN SELECT tgname FROM pg_trigger
                 WHERE tgrelid = orders AND tgfoid = 'portfolio_internal.track_orders_trigger()'::regprocedure
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

-- Rebuilds the whole summary table as of a date under a lock that makes
-- the triggers wait; returns how many customers changed lifecycle or alert
-- (a customer who gains or loses its row counts).
CREATE FUNCTION @extschema@.refresh_alerts(orders regclass, as_of date DEFAULT NULL) RETURNS bigint
LANGUAGE plpgsql VOLATILE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[];
    summary regclass;
    cust    text;
    eq      text;
    fields  text := portfolio_internal.tracking_fields();
    n       bigint;
BEGIN
    IF orders IS NULL THEN
        RAISE EXCEPTION 'orders must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    args := portfolio_internal.tracking_args(orders);
    IF args IS NULL THEN
        RAISE EXCEPTION 'table % is not tracked', orders
              USING ERRCODE = 'undefined_object',
                    HINT = 'Call portfolio.track_orders first.';
    END IF;
    summary := args[4]::regclass;
    PERFORM portfolio_internal.tracking_sees_all(orders, summary);
    cust := quote_ident(args[1]);
    eq := portfolio_internal.tracking_eq_sql(args);
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
        portfolio_internal.tracking_summaries_sql(orders, args, format('o.%s IS NOT NULL', cust)),
        summary, cust, eq, fields, replace(fields, ', ', ', f.'))
    INTO n
    USING coalesce(as_of, (now() AT TIME ZONE args[6])::date), args[5];
    RETURN n;
END;
$$;
COMMENT ON FUNCTION @extschema@.refresh_alerts(regclass, date) IS
'recomputes every customer of a tracked orders table as of a date (default: today in the tracking time zone); returns how many changed lifecycle or alert';

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
CREATE FUNCTION portfolio_internal.tracking_models_guard() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    -- the tables the row named before (OLD) and will name (NEW)
    old_rels regclass[] := CASE WHEN TG_OP <> 'INSERT' THEN ARRAY[OLD.orders, OLD.summary] ELSE '{}' END;
    new_rels regclass[] := CASE WHEN TG_OP <> 'DELETE' THEN ARRAY[NEW.orders, NEW.summary] ELSE '{}' END;
    rel regclass;
    owner oid;
BEGIN
    FOREACH rel IN ARRAY old_rels || new_rels LOOP
        owner := (SELECT relowner FROM pg_class WHERE oid = rel);
        -- A table dropped since is no one's: its row may be deleted.  But a
        -- row may only name tables that exist, or a table created later
        -- with the same OID would get its models.
        IF owner IS NULL AND rel = ANY (new_rels) THEN
            RAISE EXCEPTION 'relation with OID % does not exist', rel::oid
                  USING ERRCODE = 'undefined_table',
                        DETAIL = 'A row of portfolio.tracking_models names a tracked orders table and its summary table.';
        END IF;
        IF owner IS NOT NULL AND NOT pg_has_role(current_user, owner, 'USAGE') THEN
            RAISE EXCEPTION 'must be owner of table %', rel
                  USING ERRCODE = 'insufficient_privilege',
                        DETAIL = 'Only the owner of a tracked orders table and its summary table may change their row of portfolio.tracking_models.';
        END IF;
    END LOOP;
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_models_guard() IS
'trigger: only the owner of an orders table and its summary table changes their row of tracking_models';
CREATE TRIGGER tracking_models_guard BEFORE INSERT OR UPDATE OR DELETE ON @extschema@.tracking_models
    FOR EACH ROW EXECUTE FUNCTION portfolio_internal.tracking_models_guard();

-- The columns of the BI layout that the summary table gains, besides the
-- key, as_of, the summary fields, lifecycle, alert and updated_at.
CREATE FUNCTION portfolio_internal.tracking_bi_columns() RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS
$$ SELECT '{lifecycle_rank,alert_rank,r,f,m,cell,segment,p_alive,expected_purchases,clv}'::text[] $$;
COMMENT ON FUNCTION portfolio_internal.tracking_bi_columns() IS
'support function of track_orders: the columns of the summary table after the summary fields, lifecycle, alert and updated_at';

-- "CASE col WHEN 'label1' THEN 1 ... END" over the labels of an enum, in
-- their declared order.
CREATE FUNCTION portfolio_internal.tracking_rank_sql(col text, labels anyarray) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT format('CASE %I %s END', col, string_agg(format('WHEN %L THEN %s', l, i), ' ' ORDER BY i))
      FROM unnest(labels::text[]) WITH ORDINALITY AS u(l, i);
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_rank_sql(text, anyarray) IS
'support function of track_orders: the rank of an enum label held as text, as SQL';

-- Gives a summary table the BI layout (idempotent): lifecycle and alert
-- become text, checked against the enums' labels, with generated ranks;
-- avg_amount and monetary numeric(18,2); the RFM and model columns; and the
-- row trigger that fills them.
CREATE FUNCTION portfolio_internal.tracking_bi_layout(summary regclass) RETURNS void
LANGUAGE plpgsql VOLATILE STRICT SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    key   name := (SELECT attname FROM pg_attribute WHERE attrelid = summary AND attnum = 1);
    steps text[] := '{}';
    col   text;
BEGIN
    IF key = ANY (portfolio_internal.tracking_bi_columns()) THEN
        RAISE EXCEPTION 'customer column "%" has the name of a column of the summary table', key
              USING ERRCODE = 'duplicate_column',
                    DETAIL = format('The summary table has the columns %s.', array_to_string(portfolio_internal.tracking_bi_columns(), ', ')),
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
    FOREACH col IN ARRAY portfolio_internal.tracking_bi_columns() LOOP
        IF NOT EXISTS (SELECT FROM pg_attribute WHERE attrelid = summary AND attname = col AND NOT attisdropped) THEN
            steps := steps || format('ADD COLUMN %I %s', col, CASE col
                WHEN 'lifecycle_rank' THEN format('integer GENERATED ALWAYS AS (%s) STORED',
                    portfolio_internal.tracking_rank_sql('lifecycle', enum_range(NULL::@extschema@.lifecycle)))
                WHEN 'alert_rank' THEN format('integer GENERATED ALWAYS AS (%s) STORED',
                    portfolio_internal.tracking_rank_sql('alert', enum_range(NULL::@extschema@.alert)))
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
                   'EXECUTE FUNCTION portfolio_internal.tracking_bi_row()', summary);
    EXECUTE format($c$COMMENT ON COLUMN %1$s.lifecycle_rank IS 'order of lifecycle: new = 1 .. reactivated = 6';
                      COMMENT ON COLUMN %1$s.alert_rank IS 'order of alert: green = 1, yellow = 2, red = 3';
                      COMMENT ON COLUMN %1$s.segment IS 'RFM segment (portfolio.rfm_segments) from the cuts of the last portfolio.refresh';
                      COMMENT ON COLUMN %1$s.p_alive IS 'BG/NBD P(alive) from the fit of the last portfolio.refresh';
                      COMMENT ON COLUMN %1$s.expected_purchases IS 'BG/NBD expected purchases over the CLV horizon (portfolio.tracking_models)';
                      COMMENT ON COLUMN %1$s.clv IS 'discounted CLV over the horizon of portfolio.tracking_models, from the fits of the last portfolio.refresh'$c$,
                   summary);
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_bi_layout(regclass) IS
'support function of track_orders and upgrade_tracking: gives a summary table its BI columns and their trigger (idempotent)';

-- The row trigger of a summary table: the RFM and model columns of the row
-- from its summary fields and the cuts and fits stored for the table (NULL
-- where there are none yet, or for a placeholder row).  CLV reads the
-- stored monetary, rounded to cents.
CREATE FUNCTION portfolio_internal.tracking_bi_row() RETURNS trigger
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
        horizon := m.periods * portfolio_internal.tracking_period_length(m.period_length, NEW.unit);
        NEW.p_alive := @extschema@.bgnbd_p_alive(m.bg, NEW.frequency, NEW.recency, NEW.age);
        NEW.expected_purchases := @extschema@.bgnbd_expected(m.bg, horizon, NEW.frequency, NEW.recency, NEW.age);
        IF m.gg IS NOT NULL AND (NEW.frequency = 0 OR NEW.monetary > 0) THEN
            NEW.clv := @extschema@.clv(m.bg, m.gg, NEW.frequency, NEW.recency, NEW.age, NEW.monetary,
                                       m.periods, portfolio_internal.tracking_period_length(m.period_length, NEW.unit),
                                       m.discount_rate);
        END IF;
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_bi_row() IS
'trigger of a summary table: its RFM, P(alive), expected purchases and CLV columns from the cuts and fits in tracking_models';

-- One CLV period in a unit: the stored length, or one month.
CREATE FUNCTION portfolio_internal.tracking_period_length(period_length double precision, unit text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
    SELECT coalesce(period_length, CASE unit WHEN 'day' THEN 30.4375 WHEN 'week' THEN 30.4375 / 7
                                             WHEN 'month' THEN 1 ELSE 1.0 / 3 END);
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_period_length(double precision, text) IS
'support function of refresh: one CLV period in the tracking unit (NULL: one month of 30.4375 days)';

-- The summary table of a tracked orders table the caller owns, or an
-- error: NULL, not tracked, not the owner, or (when bi) not migrated.
CREATE FUNCTION portfolio_internal.tracking_bi_target(orders regclass, bi boolean) RETURNS regclass
LANGUAGE plpgsql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    args    text[];
    summary regclass;
BEGIN
    IF orders IS NULL THEN
        RAISE EXCEPTION 'orders must not be NULL' USING ERRCODE = 'null_value_not_allowed';
    END IF;
    args := portfolio_internal.tracking_args(orders);
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
                             AND tgfoid = 'portfolio_internal.tracking_bi_row()'::regprocedure) THEN
        RAISE EXCEPTION 'summary table % of % has no BI columns', summary, orders
              USING ERRCODE = 'object_not_in_prerequisite_state',
                    DETAIL = 'It was created by portfolio 0.8.0 or earlier.',
                    HINT = format('Call portfolio.upgrade_tracking(%L) first.', orders::text);
    END IF;
    RETURN summary;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.tracking_bi_target(regclass, boolean) IS
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
    target    regclass := portfolio_internal.tracking_bi_target(orders, true);
    args      text[] := portfolio_internal.tracking_args(orders);
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
    PERFORM portfolio_internal.tracking_sees_all(orders, target);
    -- Writers of orders wait from here to the end, as in refresh_alerts.
    EXECUTE format('LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE', target);
    EXECUTE format(
        'SELECT @extschema@.rfm_cuts(f.s, $3), ARRAY[@extschema@.bgnbd_fit(f.s)], '
        'ARRAY[@extschema@.gg_fit((f.s).frequency, (f.s).monetary) FILTER (WHERE (f.s).monetary > 0)], '
        'pg_catalog.count(*) FILTER (WHERE (f.s).frequency > 0), '
        'pg_catalog.count(*) FILTER (WHERE (f.s).frequency > 0 AND (f.s).monetary > 0) '
        'FROM (SELECT ROW(f.%s)::@extschema@.summary AS s FROM (%s) AS f) AS f',
        replace(portfolio_internal.tracking_fields(), ', ', ', f.'),
        portfolio_internal.tracking_summaries_sql(orders, args, format('o.%I IS NOT NULL', args[1])))
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
    summary regclass := portfolio_internal.tracking_bi_target(orders, false);
BEGIN
    PERFORM portfolio_internal.tracking_bi_layout(summary);
    RETURN summary;
END;
$$;
COMMENT ON FUNCTION @extschema@.upgrade_tracking(regclass) IS
'gives the summary table of a tracked orders table created by portfolio 0.8.0 or earlier the BI columns (lifecycle and alert as text with ranks, amounts in cents, RFM, P(alive), expected purchases, CLV) and their trigger; idempotent; call portfolio.refresh next to fill them';
