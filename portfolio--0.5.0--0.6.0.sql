/* portfolio--0.5.0--0.6.0.sql: a pinned search_path everywhere, trusted install */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.6.0'" to load this file. \quit

-- Every SQL and PL/pgSQL function of the extension runs with its own
-- search_path, never the caller's.  These six ran with the caller's: a role
-- that puts a schema it controls before pg_catalog (SET search_path =
-- public, pg_catalog) could have made their operators, casts and the SQL
-- they build resolve to its own objects.  test/install_security.sh plants
-- such objects and checks that nothing of ours reaches them.
ALTER FUNCTION @extschema@.activity_as_of(regclass, name, name, name, text, date)
    SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.cohort_retention(regclass, name, name, name, text, date)
    SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.retention_by_period(regclass, name, name, name, text, date)
    SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.tracking_fields()
    SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION @extschema@.tracking_eq_sql(text[])
    SET search_path = pg_catalog, pg_temp;

-- The query text activity_query returns is run later, possibly by a user
-- under any search_path: its casts name pg_catalog's types.
CREATE OR REPLACE FUNCTION @extschema@.activity_query(rel regclass, customer_col name, date_col name,
                                                      amount_col name)
RETURNS text LANGUAGE sql STABLE PARALLEL SAFE SET search_path = pg_catalog, pg_temp
RETURN pg_catalog.format(
    'SELECT @extschema@.activity((%2$I)::pg_catalog.date, (%3$I)::pg_catalog.numeric, $1, $2) AS a'
    ' FROM %1$s WHERE %4$I IS NOT NULL GROUP BY %4$I',
    rel, date_col, amount_col, customer_col);

-- The extension is trusted (portfolio.control): a database owner without
-- superuser can install it.  The script then runs as the bootstrap
-- superuser, who owns the objects it creates; the role that installs or
-- updates the extension (@extowner@) gets to edit the segment table, and
-- every role may read it, since rfm_score reads it with the caller's
-- privileges (segment definitions are not secret; USAGE on the schema
-- still decides who can call anything).
GRANT SELECT ON @extschema@.rfm_segments TO PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.rfm_segments TO @extowner@;
