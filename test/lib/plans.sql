-- Plan helpers shared by the pgTAP files (\ir lib/plans.sql), created in
-- pg_temp so that they vanish with the session:
--   plan_of(query)        the text of EXPLAIN (COSTS OFF) query
--   plan_has(query, node) whether the JSON plan of query names node
CREATE FUNCTION pg_temp.plan_of(query text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END $$;
CREATE FUNCTION pg_temp.plan_has(query text, node text) RETURNS bool LANGUAGE plpgsql AS $$
DECLARE
    plan text;
BEGIN
    EXECUTE 'EXPLAIN (COSTS OFF, FORMAT JSON) ' || query INTO plan;
    RETURN position(node IN plan) > 0;
END $$;
