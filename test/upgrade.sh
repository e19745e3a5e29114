#!/usr/bin/env bash
# The two ways of reaching the current version give the same extension:
# a fresh CREATE EXTENSION runs the install script assembled from src/sql/,
# the other walks 0.1.0's script and every hand-written upgrade script. Their
# members (definitions, comments, privileges, initial privileges, the
# configuration tables and their dump conditions) and pg_dump --schema-only
# --binary-upgrade must be the same, so an upgrade script that misses a step
# fails here. A summary stored under 0.1.0 is still read by the current
# functions, an orders table tracked under 0.8.0 stays tracked, and the
# library exports every C function any script names.
# Runs inside a cluster (scripts/test.sh): PGHOST/PGPORT/PGUSER are set.
set -euo pipefail

# This server's programs: a bare psql or pg_dump is Debian's pg_wrapper's
# choice (the newest packaged version), not necessarily the server under test.
bin=${PG_BINDIR:-$("${PG_CONFIG:-pg_config}" --bindir)}

fresh=portfolio_upgrade_fresh
walked=portfolio_upgrade_walked
tracked=portfolio_upgrade_tracked
work=$(mktemp -d)
trap 'rm -rf "$work"; for db in "$fresh" "$walked" "$tracked"; do "$bin/dropdb" --if-exists "$db"; done' EXIT

export PGOPTIONS="-c client_min_messages=warning"
q() { "$bin/psql" -X -q -v ON_ERROR_STOP=1 -At "$@"; }

current=$(sed -n "s/^default_version = '\(.*\)'/\1/p" portfolio.control)
for db in "$fresh" "$walked"; do
    "$bin/dropdb" --if-exists "$db"
    "$bin/createdb" "$db"
done

q -d "$fresh" -c 'CREATE EXTENSION portfolio'
q -d "$walked" <<'SQL'
CREATE EXTENSION portfolio VERSION '0.1.0';
CREATE TABLE kept AS
SELECT c, portfolio.summarize(d, a, '2020-06-30', 'month') AS s
  FROM (VALUES (1, DATE '2020-01-05', 10.00), (1, '2020-03-01', 5.50), (2, '2020-06-01', 7.25)) v(c, d, a)
 GROUP BY c;
SQL
q -d "$walked" -c 'ALTER EXTENSION portfolio UPDATE'

status=0
version=$(q -d "$walked" -c "SELECT extversion FROM pg_extension WHERE extname = 'portfolio'")
if [ "$version" != "$current" ]; then
    echo "not ok: the update reached $version, not $current"
    status=1
fi

# The extension's member objects with their definitions, comments and
# privileges, and the extension's own row: its configuration tables and
# their dump conditions (pg_dump leaves extension members out, so the
# catalog is read directly).
catalog() {
    q -d "$1" <<'SQL'
WITH ext AS (SELECT oid, extconfig, extcondition FROM pg_extension WHERE extname = 'portfolio'),
members AS (
    SELECT classid, objid FROM pg_depend
     WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
       AND refobjid = (SELECT oid FROM ext))
SELECT pg_describe_object(m.classid, m.objid, 0) || E'\n  ' ||
       coalesce(obj_description(m.objid, m.classid::regclass::name), '(no comment)') || E'\n  ' ||
       coalesce(CASE m.classid
           WHEN 'pg_proc'::regclass THEN
               (SELECT concat_ws(' ', CASE WHEN p.prokind = 'a'
                            THEN (SELECT concat_ws(' ', a.aggkind, a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                                   a.aggserialfn, a.aggdeserialfn, a.aggfinalmodify,
                                                   a.aggtranstype::regtype, a.aggtransspace, a.agginitval,
                                                   a.aggsortop::regoper, a.aggmtransfn, a.aggminvtransfn)
                                    FROM pg_aggregate a WHERE a.aggfnoid = p.oid)
                            ELSE pg_get_functiondef(p.oid) END,
                            p.proacl::text, p.procost, p.prorows)
                  FROM pg_proc p WHERE p.oid = m.objid)
           WHEN 'pg_type'::regclass THEN
               (SELECT concat_ws(' ', t.typtype, t.typinput, t.typoutput, t.typreceive, t.typsend,
                                 t.typalign, t.typstorage, t.typlen, t.typacl::text,
                                 (SELECT string_agg(enumlabel, ',' ORDER BY enumsortorder) FROM pg_enum WHERE enumtypid = t.oid),
                                 (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ',' ORDER BY attnum)
                                    FROM pg_attribute WHERE attrelid = t.typrelid AND attnum > 0))
                  FROM pg_type t WHERE t.oid = m.objid)
           WHEN 'pg_class'::regclass THEN
               (SELECT concat_ws(E'\n  ', c.relkind::text || ' ' || coalesce(c.relacl::text, ''),
                   (SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod)
                                      || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
                                      || CASE WHEN attnotnull THEN ' not null' ELSE '' END
                                      || coalesce(' -- ' || col_description(m.objid, attnum), ''),
                                      E'\n  ' ORDER BY attnum)
                      FROM pg_attribute LEFT JOIN pg_attrdef d ON d.adrelid = attrelid AND d.adnum = attnum
                     WHERE attrelid = m.objid AND attnum > 0 AND NOT attisdropped),
                   (SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), E'\n  ' ORDER BY conname)
                      FROM pg_constraint WHERE conrelid = m.objid),
                   (SELECT string_agg(pg_get_triggerdef(oid), E'\n  ' ORDER BY tgname)
                      FROM pg_trigger WHERE tgrelid = m.objid),
                   (SELECT string_agg(pg_get_indexdef(indexrelid), E'\n  ' ORDER BY indexrelid::regclass::text)
                      FROM pg_index WHERE indrelid = m.objid))
                  FROM pg_class c WHERE c.oid = m.objid)
           END, '') || E'\n  ' ||
       coalesce((SELECT 'initial privileges ' || i.privtype::text || ' ' || i.initprivs::text
                   FROM pg_init_privs i
                  WHERE i.classoid = m.classid AND i.objoid = m.objid AND i.objsubid = 0), '')
  FROM members m
UNION ALL
SELECT 'configuration table ' || c::regclass || ' dumped ' || coalesce(w, '(all rows)')
  FROM ext, unnest(extconfig, extcondition) AS u(c, w)
 ORDER BY 1;
SQL
}
for db in "$fresh" "$walked"; do
    catalog "$db" > "$work/$db.txt"
done
if ! diff -u "$work/$fresh.txt" "$work/$walked.txt"; then
    echo "not ok: the updated schema differs from a fresh install"
    status=1
fi

# A summary stored under 0.1.0 feeds the new functions.
got=$(q -d "$walked" -c "SELECT string_agg(c || ':' || portfolio.lifecycle_stage(s) || ':' || portfolio.alert_level(s), ' ' ORDER BY c) FROM kept")
if [ "$got" != "1:at_risk:red 2:new:green" ]; then
    echo "not ok: summaries stored under 0.1.0 gave '$got'"
    status=1
fi

# The same through pg_dump: in binary-upgrade mode it prints the extension's
# members (with their privileges, the segment table's constraints, triggers
# and initial privileges) instead of just CREATE EXTENSION.  What differs
# between any two databases is left out: the OIDs it pins, transaction ids,
# and the random key of psql's \restrict lines.
q -d "$walked" -c 'DROP TABLE kept'
for db in "$fresh" "$walked"; do
    "$bin/pg_dump" --schema-only --binary-upgrade "$db" |
        grep -vE 'binary_upgrade_set_next_|^\\(un)?restrict ' |
        sed -E "s/'[0-9]+'/'N'/g; s/'\{[0-9,]+\}'/'{N}'/g" > "$work/$db.dump"
done
if ! grep -q 'ALTER EXTENSION portfolio ADD' "$work/$fresh.dump"; then
    echo "not ok: pg_dump --binary-upgrade printed no extension members"
    status=1
elif ! diff -u "$work/$fresh.dump" "$work/$walked.dump"; then
    echo "not ok: pg_dump --binary-upgrade of the updated database differs from a fresh install"
    status=1
fi

# An orders table tracked under 0.8.0 stays tracked through the update that
# moved the trigger function to portfolio_internal (its triggers call it by
# OID): new orders reach the summary table, pg_dump names the function's new
# schema, and untrack_orders still finds the triggers.
"$bin/dropdb" --if-exists "$tracked"
"$bin/createdb" "$tracked"
q -d "$tracked" >/dev/null <<'SQL'
CREATE EXTENSION portfolio VERSION '0.8.0';
CREATE TABLE orders (customer int, ordered_at date, total numeric);
INSERT INTO orders VALUES (1, '2020-01-05', 10), (1, '2020-02-01', 5);
SELECT portfolio.track_orders('orders', 'customer', 'ordered_at', 'total', NULL, 'day', 'UTC');
ALTER EXTENSION portfolio UPDATE;
INSERT INTO orders VALUES (1, '2020-03-01', 7), (2, '2020-03-02', 1);
SQL
got=$(q -d "$tracked" -c "SELECT string_agg(customer || ':' || transactions, ' ' ORDER BY customer) FROM orders_portfolio")
if [ "$got" != "1:3 2:1" ]; then
    echo "not ok: an orders table tracked under 0.8.0 gave '$got' after the update"
    status=1
fi
if ! "$bin/pg_dump" --schema-only -t orders "$tracked" | grep -q 'EXECUTE FUNCTION portfolio_internal.track_orders_trigger('; then
    echo "not ok: pg_dump of a table tracked under 0.8.0 does not name portfolio_internal.track_orders_trigger"
    status=1
fi
q -d "$tracked" -c "SELECT portfolio.untrack_orders('orders')" >/dev/null
left=$(q -d "$tracked" -c "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'orders'::regclass")
if [ "$left" != 0 ]; then
    echo "not ok: untrack_orders left $left triggers on a table tracked under 0.8.0"
    status=1
fi

# Every C function that any install or upgrade script names, old or new, is
# still in the library: a database that has not run ALTER EXTENSION UPDATE
# yet calls the old names (scripts/c-functions.sh, which the package test
# runs on the packaged library too).
library="$("${PG_CONFIG:-pg_config}" --pkglibdir)/portfolio.so"
if ! nfunctions=$(scripts/c-functions.sh --check "$library" portfolio--*.sql); then
    echo "not ok: the library lacks C functions the scripts name (above)"
    status=1
fi

[ $status -eq 0 ] && echo "ok: 0.1.0 updated to $current equals a fresh install (catalog and pg_dump --binary-upgrade), and the library has all $nfunctions C functions the scripts name"
exit $status
