#!/usr/bin/env bash
# Installing portfolio next to other people's objects and roles:
#  1. a hostile search_path: functions, aggregates, operators and types that
#     shadow pg_catalog's (and ours) are planted in public before CREATE
#     EXTENSION, each raising "hijacked" when called; with search_path =
#     public, pg_catalog, portfolio every SQL and PL/pgSQL function of ours
#     (the one-call retention functions, tracking and its triggers, the
#     segment table's triggers, rfm_score's read of it) still gives the
#     results it gives under the default search_path, and no member of the
#     extension depends on anything in public;
#  2. trusted install: a database owner without superuser installs it, owns
#     the extension and can edit rfm_segments and contact_policy; a role
#     without CREATE on the database cannot install it;
#  3. tracking grants nothing: the summary table track_orders creates has
#     no privileges beyond its owner's; a role with the privileges that
#     doc/tracking.md (Privileges) lists can write orders, and one without
#     them on the summary table (or without USAGE on the schema) gets 42501,
#     not the owner's rights.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
set -euo pipefail

# This server's programs: a bare psql or pg_dump is Debian's pg_wrapper's
# choice (the newest packaged version), not necessarily the server under test.
bin=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}

db=portfolio_install_security
work=$(mktemp -d)
roles="portfolio_sec_owner portfolio_sec_app portfolio_sec_nosummary portfolio_sec_noschema portfolio_sec_stranger"
drop_all() {
    "$bin/dropdb" --if-exists "$db" 2>/dev/null || true
    for r in $roles; do "$bin/psql" -X -q -c "DROP ROLE IF EXISTS $r" 2>/dev/null || true; done
}
trap 'drop_all; rm -rf "$work"' EXIT

export PGOPTIONS="-c client_min_messages=warning"
q() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -At -d "$db" "$@"; }
fail() { echo "not ok: $*" >&2; exit 1; }
# expect_error SQLSTATE SQL...: the statement fails with that SQLSTATE.
expect_error() {
    local state=$1 out
    shift
    if out=$("$bin/psql" -X -q -At -d "$db" -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -c "$*" 2>&1); then
        fail "expected $state, but it succeeded: $*"
    fi
    grep -q "ERROR:  $state:" <<<"$out" || fail "expected $state from: $*; got: $out"
}

drop_all
"$bin/createdb" "$db"

# ---- 1. a hostile search_path -----------------------------------------------

# Every planted function raises; operators and aggregates are built on them.
q <<'SQL'
CREATE FUNCTION public.hijacked() RETURNS void LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'hijacked: a planted object in public was called'; END $$;
DO $plant$
DECLARE
    t text;
    op text;
    f text;
    types text[] := ARRAY['text', 'name', 'date', 'integer', 'bigint', 'numeric', 'double precision',
                          'oid', 'regclass', 'boolean', 'bytea', 'text[]', 'anyelement'];
BEGIN
    FOREACH t IN ARRAY types LOOP
        EXECUTE format('CREATE FUNCTION public.hijack_op(%1$s, %1$s) RETURNS boolean LANGUAGE plpgsql AS
                        $$ BEGIN PERFORM public.hijacked(); RETURN NULL; END $$', t);
        FOREACH op IN ARRAY ARRAY['=', '<>', '<', '>', '<=', '>=', '~', '!~', '||', '+', '-', '*', '/', '@>', '&&'] LOOP
            EXECUTE format('CREATE OPERATOR public.%s (LEFTARG = %s, RIGHTARG = %s, FUNCTION = public.hijack_op)',
                           op, t, t);
        END LOOP;
        -- Aggregates of the same names as pg_catalog's, over each type.
        EXECUTE format('CREATE FUNCTION public.hijack_sfunc(%1$s, %1$s) RETURNS %1$s LANGUAGE plpgsql AS
                        $$ BEGIN PERFORM public.hijacked(); RETURN NULL; END $$', t);
        FOREACH f IN ARRAY ARRAY['max', 'min', 'sum', 'count', 'avg', 'array_agg', 'string_agg'] LOOP
            IF t <> 'anyelement' THEN
                EXECUTE format('CREATE AGGREGATE public.%s(%s) (SFUNC = public.hijack_sfunc, STYPE = %s)', f, t, t);
            END IF;
        END LOOP;
    END LOOP;
    -- Functions that SQL built by our functions might call unqualified.
    FOREACH f IN ARRAY ARRAY['format(text)', 'format(text, text)', 'format(text, text, text)',
                             'quote_ident(text)', 'quote_literal(text)', 'position(bytea, bytea)',
                             'substring(bytea, integer)', 'substring(bytea, integer, integer)',
                             'convert_from(bytea, name)', 'getdatabaseencoding()', 'now()',
                             'lower(text)', 'upper(text)', 'length(text)', 'array_length(anyarray, integer)',
                             'current_date()', 'coalesce(text, text)', 'date(timestamp with time zone)',
                             'date(timestamp without time zone)', 'numeric(integer)', 'numeric(double precision)',
                             'period_start(date, text)', 'lifecycle_stage(anyelement)', 'alert_level(anyelement)',
                             'to_regclass(text)', 'pg_advisory_xact_lock(bigint)'] LOOP
        EXECUTE format('CREATE FUNCTION public.%s RETURNS text LANGUAGE plpgsql AS
                        $$ BEGIN PERFORM public.hijacked(); RETURN NULL; END $$', f);
    END LOOP;
    -- Types named like the built-in types our SQL casts to.
    EXECUTE 'CREATE TYPE public.date AS (hijacked int)';
    EXECUTE 'CREATE TYPE public.numeric AS (hijacked int)';
    EXECUTE 'CREATE TYPE public."timestamp" AS (hijacked int)';
    -- A table named like ours, in case something looks it up unqualified.
    EXECUTE 'CREATE TABLE public.rfm_segments (name text)';
END
$plant$;
SET search_path = public, pg_catalog;
CREATE EXTENSION portfolio;
SQL

deps=$(q <<'SQL'
SELECT pg_describe_object(d.classid, d.objid, 0) || ' -> ' || pg_describe_object(d.refclassid, d.refobjid, 0)
  FROM pg_depend d
  JOIN pg_depend m ON m.classid = d.classid AND m.objid = d.objid AND m.deptype = 'e'
                  AND m.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'portfolio')
 WHERE d.refclassid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass, 'pg_class'::regclass)
   AND CASE d.refclassid
           WHEN 'pg_proc'::regclass THEN (SELECT pronamespace FROM pg_proc WHERE oid = d.refobjid)
           WHEN 'pg_type'::regclass THEN (SELECT typnamespace FROM pg_type WHERE oid = d.refobjid)
           WHEN 'pg_operator'::regclass THEN (SELECT oprnamespace FROM pg_operator WHERE oid = d.refobjid)
           ELSE (SELECT relnamespace FROM pg_class WHERE oid = d.refobjid)
       END = 'public'::regnamespace;
SQL
)
[ -z "$deps" ] || fail "members of the extension depend on objects in public: $deps"

# The same workload under the default search_path and the hostile one. Its
# own SQL calls nothing a plant shadows (no operators, no casts to shadowed
# types), so that only our functions could reach them.
workload() {  # SEARCH_PATH SUFFIX
    q <<SQL
SET search_path = $1;
SET TimeZone = 'UTC';
CREATE TABLE orders_$2 (id integer, customer_id integer, ordered_at pg_catalog.date, total pg_catalog.numeric);
INSERT INTO orders_$2 VALUES
    (1, 1, '2020-01-05', 10.00), (2, 1, '2020-02-10', 5.50), (3, 2, '2020-01-20', 7.25),
    (4, 2, '2020-04-01', 3.00), (5, 3, '2020-03-15', 12.00), (6, 1, '2020-05-02', 1.00);
SELECT * FROM portfolio.cohort_retention('orders_$2', 'customer_id', 'ordered_at', 'total', 'month', '2020-06-30');
SELECT * FROM portfolio.retention_by_period('orders_$2', 'customer_id', 'ordered_at', 'total', 'month', '2020-06-30');
SELECT * FROM portfolio.cohort_retention('orders_$2', 'customer_id', 'ordered_at', 'total');
SELECT portfolio_internal.activity_query('orders_$2', 'customer_id', 'ordered_at', 'total') IS NOT NULL;
SELECT portfolio.track_orders('orders_$2', 'customer_id', 'ordered_at', 'total', NULL, 'month', 'UTC') IS NOT NULL;
INSERT INTO orders_$2 VALUES (7, 3, '2020-06-01', 4.00), (8, 4, '2020-06-15', 9.99);
UPDATE orders_$2 SET total = 20.00, customer_id = 4 WHERE id OPERATOR(pg_catalog.=) 1;
DELETE FROM orders_$2 WHERE id OPERATOR(pg_catalog.=) 3;
SELECT customer_id, first_date, last_date, transactions, frequency, total_amount
  FROM orders_$2_portfolio ORDER BY customer_id;
SELECT portfolio.refresh_alerts('orders_$2', '2020-12-31');
SELECT customer_id, lifecycle, alert FROM orders_$2_portfolio ORDER BY customer_id;
SELECT portfolio.untrack_orders('orders_$2');
SELECT c, portfolio.rfm_score(cuts, s)
  FROM (SELECT customer_id AS c, portfolio.summarize(ordered_at, total, '2020-12-31') AS s
          FROM orders_$2 GROUP BY customer_id) q,
       (SELECT portfolio.rfm_cuts(s) AS cuts
          FROM (SELECT portfolio.summarize(ordered_at, total, '2020-12-31') AS s
                  FROM orders_$2 GROUP BY customer_id) q2) k
 ORDER BY c;
SQL
}
workload 'public' safe > "$work/safe.out" 2>&1 || fail "the workload failed under the default search_path: $(cat "$work/safe.out")"
workload 'public, pg_catalog, portfolio' hostile > "$work/hostile.out" 2>&1 ||
    fail "the workload failed under search_path = public, pg_catalog, portfolio: $(cat "$work/hostile.out")"
grep -q . "$work/safe.out" || fail "the workload printed nothing"
diff -u "$work/safe.out" "$work/hostile.out" || fail "results differ under a hostile search_path"

# The segment and policy tables' triggers, under the hostile path too.
q <<'SQL' || fail "editing rfm_segments or contact_policy under a hostile search_path failed"
SET search_path = public, pg_catalog, portfolio;
UPDATE portfolio.rfm_segments SET enabled = false WHERE name OPERATOR(pg_catalog.=) 'Lost';
INSERT INTO portfolio.rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max)
VALUES ('Whales', 0, 5, 1, 5, 1, 5, 5, 5);
INSERT INTO portfolio.contact_policy (alert, segment, every_days, channel) VALUES ('red', NULL, 4, 'sms');
SQL
echo "ok - planted objects in public: nothing of ours reaches them ($(wc -l < "$work/safe.out") result lines compared)"

# ---- 2. trusted install ---------------------------------------------------------

q <<'SQL'
CREATE ROLE portfolio_sec_owner LOGIN;
CREATE ROLE portfolio_sec_stranger LOGIN;
CREATE SCHEMA trusted_test AUTHORIZATION portfolio_sec_owner;
SQL
q -c 'DROP EXTENSION portfolio CASCADE; DROP SCHEMA IF EXISTS portfolio'
q -c "ALTER DATABASE $db OWNER TO portfolio_sec_owner"
expect_error 42501 'SET ROLE portfolio_sec_stranger; CREATE EXTENSION portfolio'
q <<'SQL' || fail "the database owner could not install the trusted extension"
SET ROLE portfolio_sec_owner;
CREATE EXTENSION portfolio;
UPDATE portfolio.rfm_segments SET enabled = false WHERE name OPERATOR(pg_catalog.=) 'Lost';
INSERT INTO portfolio.rfm_segments (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max)
VALUES ('Whales', 0, 5, 1, 5, 1, 5, 5, 5);
UPDATE portfolio.contact_policy SET every_days = 5 WHERE alert OPERATOR(pg_catalog.=) 'red' AND segment IS NULL;
INSERT INTO portfolio.contact_policy (alert, segment, every_days, channel) VALUES ('red', 'Whales', 1, 'visit');
SQL
owner=$(q -c "SELECT extowner::regrole FROM pg_extension WHERE extname = 'portfolio'")
[ "$owner" = portfolio_sec_owner ] || fail "the extension is owned by $owner, not the installing database owner"
superowned=$(q -c "SELECT bool_and(r.rolsuper) FROM pg_proc p JOIN pg_roles r ON r.oid = p.proowner
                    WHERE p.pronamespace IN ('portfolio'::regnamespace, 'portfolio_internal'::regnamespace)")
[ "$superowned" = t ] || fail "functions installed by a non-superuser are not owned by the bootstrap superuser"
# The installer cannot plant functions among the plumbing either.
internal=$(q -c "SELECT r.rolsuper FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
                  WHERE n.nspname = 'portfolio_internal'")
[ "$internal" = t ] || fail "schema portfolio_internal is not owned by the bootstrap superuser"
expect_error 42501 "SET ROLE portfolio_sec_owner; CREATE FUNCTION portfolio_internal.planted() RETURNS int LANGUAGE sql AS 'SELECT 1'"
expect_error 42501 "SET ROLE portfolio_sec_stranger; UPDATE portfolio.rfm_segments SET enabled = true"
expect_error 42501 "SET ROLE portfolio_sec_stranger; UPDATE portfolio.contact_policy SET enabled = true"
echo "ok - a database owner installs the trusted extension and edits rfm_segments and contact_policy; others cannot"

# ---- 3. tracking grants nothing ------------------------------------------------

q >/dev/null <<'SQL'
CREATE ROLE portfolio_sec_app LOGIN;
CREATE ROLE portfolio_sec_nosummary LOGIN;
CREATE ROLE portfolio_sec_noschema LOGIN;
SET ROLE portfolio_sec_owner;
CREATE TABLE trusted_test.orders (id serial, customer_id integer, ordered_at date, total numeric);
SELECT portfolio.track_orders('trusted_test.orders', 'customer_id', 'ordered_at', 'total') IS NOT NULL;
GRANT USAGE ON SCHEMA trusted_test TO portfolio_sec_app, portfolio_sec_nosummary, portfolio_sec_noschema;
GRANT USAGE ON SCHEMA portfolio TO portfolio_sec_app, portfolio_sec_nosummary;
GRANT SELECT, INSERT, UPDATE, DELETE ON trusted_test.orders
    TO portfolio_sec_app, portfolio_sec_nosummary, portfolio_sec_noschema;
GRANT USAGE ON SEQUENCE trusted_test.orders_id_seq
    TO portfolio_sec_app, portfolio_sec_nosummary, portfolio_sec_noschema;
GRANT SELECT, INSERT, UPDATE, DELETE ON trusted_test.orders_portfolio TO portfolio_sec_app, portfolio_sec_noschema;
SQL
acl=$(q -c "SELECT coalesce(relacl::text, 'none') FROM pg_class WHERE oid = 'trusted_test.orders_portfolio'::regclass")
grants=$(q -c "SELECT count(*) FROM aclexplode((SELECT relacl FROM pg_class WHERE oid = 'trusted_test.orders_portfolio'::regclass))
               WHERE grantee <> 'portfolio_sec_owner'::regrole AND grantee NOT IN ('portfolio_sec_app'::regrole, 'portfolio_sec_noschema'::regrole)")
[ "$grants" = 0 ] || fail "track_orders granted privileges on the summary table: $acl"
q -c "SET ROLE portfolio_sec_app; INSERT INTO trusted_test.orders (customer_id, ordered_at, total) VALUES (1, '2020-01-01', 5)" ||
    fail "a role with the documented privileges could not insert an order"
n=$(q -c "SELECT transactions FROM trusted_test.orders_portfolio WHERE customer_id OPERATOR(pg_catalog.=) 1")
[ "$n" = 1 ] || fail "the summary row was not written ($n)"
expect_error 42501 "SET ROLE portfolio_sec_nosummary; INSERT INTO trusted_test.orders (customer_id, ordered_at, total) VALUES (2, '2020-01-01', 5)"
expect_error 42501 "SET ROLE portfolio_sec_noschema; INSERT INTO trusted_test.orders (customer_id, ordered_at, total) VALUES (3, '2020-01-01', 5)"
echo "ok - track_orders grants nothing; its triggers run with the writer's privileges"
