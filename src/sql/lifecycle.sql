-- lifecycle.sql: lifecycle stage and traffic-light alert of a customer.

-- Both read a customer's summary against its own purchase cadence:
--   cadence = max(mean_gap, min_cadence) with frequency >= 1 and a mean gap,
--             else expected_gap;  overdue = days_since_last / cadence.
-- The labels sort in the order listed (ORDER BY and comparisons use it).
CREATE TYPE @extschema@.lifecycle AS ENUM ('new', 'active', 'at_risk', 'lapsed', 'lost', 'reactivated');
COMMENT ON TYPE @extschema@.lifecycle IS
'lifecycle stage of a customer: new, active, at_risk, lapsed, lost or reactivated';

CREATE TYPE @extschema@.alert AS ENUM ('green', 'yellow', 'red');
COMMENT ON TYPE @extschema@.alert IS
'traffic-light follow-up level: green (waiting on the customer), yellow (remind), red (constant follow-up)';

CREATE FUNCTION @extschema@.lifecycle_stage(
    s @extschema@.summary,
    expected_gap double precision DEFAULT 90,
    at_risk double precision DEFAULT 1.5,
    lapsed double precision DEFAULT 2.5,
    lost double precision DEFAULT 4,
    min_cadence double precision DEFAULT 7)
RETURNS @extschema@.lifecycle AS 'MODULE_PATHNAME', 'lifecycle_stage'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.lifecycle_stage(@extschema@.summary, double precision, double precision, double precision, double precision, double precision) IS
'lifecycle stage of a customer summary from how overdue it is relative to its own purchase cadence';

-- Not STRICT: a NULL p_alive means "no model"; a NULL s gives NULL; a NULL
-- threshold is an error.
CREATE FUNCTION @extschema@.alert_level(
    s @extschema@.summary,
    p_alive double precision DEFAULT NULL,
    due double precision DEFAULT 1,
    at_risk double precision DEFAULT 1.5,
    p_alive_yellow double precision DEFAULT 0.5,
    p_alive_red double precision DEFAULT 0.2,
    expected_gap double precision DEFAULT 90,
    min_cadence double precision DEFAULT 7)
RETURNS @extschema@.alert AS 'MODULE_PATHNAME', 'alert_level'
LANGUAGE C IMMUTABLE CALLED ON NULL INPUT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.alert_level(@extschema@.summary, double precision, double precision, double precision, double precision, double precision, double precision, double precision) IS
'traffic-light alert of a customer summary from how overdue it is relative to its cadence and, given a model, its P(alive)';
