-- rfm.sql: RFM cut points (rfm_cuts), scores and cells (rfm_score) and the
-- named segments they are matched against (rfm_segments).

CREATE TYPE @extschema@.rfm_cuts;
CREATE FUNCTION portfolio_internal.rfm_cuts_in(cstring) RETURNS @extschema@.rfm_cuts
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_out(@extschema@.rfm_cuts) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_send(@extschema@.rfm_cuts) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_recv(internal) RETURNS @extschema@.rfm_cuts
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.rfm_cuts (
    INPUT = portfolio_internal.rfm_cuts_in,
    OUTPUT = portfolio_internal.rfm_cuts_out,
    RECEIVE = portfolio_internal.rfm_cuts_recv,
    SEND = portfolio_internal.rfm_cuts_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.rfm_cuts IS
'RFM cut points learned by rfm_cuts: bins and bins - 1 cuts for each of r, f and m, e.g. ''bins=5; r=10,30,90,200; f=1,1,2,4; m=20,40,80,150''';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_in(cstring) IS 'input function of rfm_cuts';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_out(@extschema@.rfm_cuts) IS 'output function of rfm_cuts';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_send(@extschema@.rfm_cuts) IS 'binary output function of rfm_cuts';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_recv(internal) IS 'binary input function of rfm_cuts';

CREATE TYPE @extschema@.rfm_cuts_state;
CREATE FUNCTION portfolio_internal.rfm_cuts_state_in(cstring) RETURNS @extschema@.rfm_cuts_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_state_out(@extschema@.rfm_cuts_state) RETURNS cstring
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_state_send(@extschema@.rfm_cuts_state) RETURNS bytea
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_state_recv(internal) RETURNS @extschema@.rfm_cuts_state
    AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;
CREATE TYPE @extschema@.rfm_cuts_state (
    INPUT = portfolio_internal.rfm_cuts_state_in,
    OUTPUT = portfolio_internal.rfm_cuts_state_out,
    RECEIVE = portfolio_internal.rfm_cuts_state_recv,
    SEND = portfolio_internal.rfm_cuts_state_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.rfm_cuts_state IS
'partial state of the rfm_cuts aggregate: bins and one (days_since_last, frequency, monetary) triple per customer';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_state_in(cstring) IS 'input function of rfm_cuts_state';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_state_out(@extschema@.rfm_cuts_state) IS 'output function of rfm_cuts_state';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_state_send(@extschema@.rfm_cuts_state) IS 'binary output function of rfm_cuts_state';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_state_recv(internal) IS 'binary input function of rfm_cuts_state';

CREATE TYPE @extschema@.rfm AS (
    r       integer,
    f       integer,
    m       integer,
    cell    text,
    segment text
);
COMMENT ON TYPE @extschema@.rfm IS
'one customer''s RFM scores (1 = worst .. bins = best), their cell such as ''545'', and its named segment';

CREATE FUNCTION portfolio_internal.rfm_cuts_accum(@extschema@.rfm_cuts_state, double precision, double precision, double precision, integer)
RETURNS @extschema@.rfm_cuts_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_accum_summary(@extschema@.rfm_cuts_state, @extschema@.summary, integer)
RETURNS @extschema@.rfm_cuts_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_combine(@extschema@.rfm_cuts_state, @extschema@.rfm_cuts_state)
RETURNS @extschema@.rfm_cuts_state AS 'MODULE_PATHNAME' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_final(@extschema@.rfm_cuts_state)
RETURNS @extschema@.rfm_cuts AS 'MODULE_PATHNAME' LANGUAGE C STRICT IMMUTABLE PARALLEL SAFE;

-- Aggregates cannot have defaults: the five-bin overloads have their own transition functions.
CREATE FUNCTION portfolio_internal.rfm_cuts_accum_5(@extschema@.rfm_cuts_state, double precision, double precision, double precision)
RETURNS @extschema@.rfm_cuts_state AS 'MODULE_PATHNAME', 'rfm_cuts_accum_5' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION portfolio_internal.rfm_cuts_accum_summary_5(@extschema@.rfm_cuts_state, @extschema@.summary)
RETURNS @extschema@.rfm_cuts_state AS 'MODULE_PATHNAME', 'rfm_cuts_accum_summary_5' LANGUAGE C CALLED ON NULL INPUT IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION portfolio_internal.rfm_cuts_accum(@extschema@.rfm_cuts_state, double precision, double precision, double precision, integer) IS 'transition function of rfm_cuts(float8, float8, float8, int)';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_accum_summary(@extschema@.rfm_cuts_state, @extschema@.summary, integer) IS 'transition function of rfm_cuts(summary, int)';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_accum_5(@extschema@.rfm_cuts_state, double precision, double precision, double precision) IS 'transition function of rfm_cuts(float8, float8, float8)';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_accum_summary_5(@extschema@.rfm_cuts_state, @extschema@.summary) IS 'transition function of rfm_cuts(summary)';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_combine(@extschema@.rfm_cuts_state, @extschema@.rfm_cuts_state) IS 'combine function of rfm_cuts';
COMMENT ON FUNCTION portfolio_internal.rfm_cuts_final(@extschema@.rfm_cuts_state) IS 'final function of rfm_cuts';

CREATE AGGREGATE @extschema@.rfm_cuts(days_since_last double precision, frequency double precision, monetary double precision, bins integer) (
    SFUNC = portfolio_internal.rfm_cuts_accum,
    STYPE = @extschema@.rfm_cuts_state,
    FINALFUNC = portfolio_internal.rfm_cuts_final,
    COMBINEFUNC = portfolio_internal.rfm_cuts_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.rfm_cuts(days_since_last double precision, frequency double precision, monetary double precision) (
    SFUNC = portfolio_internal.rfm_cuts_accum_5,
    STYPE = @extschema@.rfm_cuts_state,
    FINALFUNC = portfolio_internal.rfm_cuts_final,
    COMBINEFUNC = portfolio_internal.rfm_cuts_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.rfm_cuts(s @extschema@.summary, bins integer) (
    SFUNC = portfolio_internal.rfm_cuts_accum_summary,
    STYPE = @extschema@.rfm_cuts_state,
    FINALFUNC = portfolio_internal.rfm_cuts_final,
    COMBINEFUNC = portfolio_internal.rfm_cuts_combine,
    PARALLEL = SAFE
);
CREATE AGGREGATE @extschema@.rfm_cuts(s @extschema@.summary) (
    SFUNC = portfolio_internal.rfm_cuts_accum_summary_5,
    STYPE = @extschema@.rfm_cuts_state,
    FINALFUNC = portfolio_internal.rfm_cuts_final,
    COMBINEFUNC = portfolio_internal.rfm_cuts_combine,
    PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.rfm_cuts(double precision, double precision, double precision, integer) IS
'learn RFM cut points (percentile_disc(k / bins)) of days since last purchase, frequency and monetary value over customers';
COMMENT ON AGGREGATE @extschema@.rfm_cuts(double precision, double precision, double precision) IS
'learn five-bin RFM cut points of days since last purchase, frequency and monetary value over customers';
COMMENT ON AGGREGATE @extschema@.rfm_cuts(@extschema@.summary, integer) IS
'learn RFM cut points from customer summaries (days_since_last, transactions, total_amount)';
COMMENT ON AGGREGATE @extschema@.rfm_cuts(@extschema@.summary) IS
'learn five-bin RFM cut points from customer summaries (days_since_last, transactions, total_amount)';

CREATE FUNCTION @extschema@.rfm_score(cuts @extschema@.rfm_cuts, days_since_last double precision, frequency double precision, monetary double precision)
RETURNS @extschema@.rfm AS 'MODULE_PATHNAME', 'rfm_score' LANGUAGE C STRICT STABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.rfm_score(cuts @extschema@.rfm_cuts, s @extschema@.summary)
RETURNS @extschema@.rfm AS 'MODULE_PATHNAME', 'rfm_score_summary' LANGUAGE C STRICT STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_score(@extschema@.rfm_cuts, double precision, double precision, double precision) IS
'RFM scores, cell and segment of one customer given learned cut points';
COMMENT ON FUNCTION @extschema@.rfm_score(@extschema@.rfm_cuts, @extschema@.summary) IS
'RFM scores, cell and segment of one customer summary (days_since_last, transactions, total_amount)';

-- ---------- segment configuration ----------

CREATE TABLE @extschema@.rfm_segments (
    name       text    NOT NULL,
    priority   integer NOT NULL,
    bins       integer NOT NULL DEFAULT 5 CHECK (bins BETWEEN 2 AND 9),
    r_min      integer NOT NULL,
    r_max      integer NOT NULL,
    f_min      integer NOT NULL,
    f_max      integer NOT NULL,
    m_min      integer NOT NULL,
    m_max      integer NOT NULL,
    enabled    boolean NOT NULL DEFAULT true,
    is_default boolean NOT NULL DEFAULT false,
    PRIMARY KEY (bins, name),
    CHECK (r_min BETWEEN 1 AND bins AND r_max BETWEEN r_min AND bins),
    CHECK (f_min BETWEEN 1 AND bins AND f_max BETWEEN f_min AND bins),
    CHECK (m_min BETWEEN 1 AND bins AND m_max BETWEEN m_min AND bins)
);
COMMENT ON TABLE @extschema@.rfm_segments IS
'named RFM segments: the enabled row for the bins with the smallest priority whose r, f and m ranges contain the scores names the customer; edit freely, retire default rows with enabled = false';
COMMENT ON COLUMN @extschema@.rfm_segments.name IS 'segment name returned by rfm_score';
COMMENT ON COLUMN @extschema@.rfm_segments.priority IS 'smaller wins when several segments match (ties: byte order of name)';
COMMENT ON COLUMN @extschema@.rfm_segments.bins IS 'number of bins of the scores this row applies to';
COMMENT ON COLUMN @extschema@.rfm_segments.enabled IS 'false retires the row without deleting it';
COMMENT ON COLUMN @extschema@.rfm_segments.is_default IS 'true for a seeded row the user has not edited; managed by the extension';

-- The standard ten segments, ordered so that every one of them is reachable.
INSERT INTO @extschema@.rfm_segments
    (name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max, enabled, is_default)
VALUES
    ('Champions',           1, 5, 4, 5, 4, 5, 4, 5, true, true),
    ('Can''t Lose Them',    2, 5, 1, 1, 4, 5, 4, 5, true, true),
    ('New Customers',       3, 5, 4, 5, 1, 1, 1, 1, true, true),
    ('Promising',           4, 5, 3, 4, 1, 1, 1, 1, true, true),
    ('Loyal Customers',     5, 5, 2, 5, 3, 5, 3, 5, true, true),
    ('Potential Loyalist',  6, 5, 3, 5, 1, 3, 1, 3, true, true),
    ('Need Attention',      7, 5, 2, 3, 2, 3, 2, 3, true, true),
    ('About To Sleep',      8, 5, 2, 3, 1, 2, 1, 2, true, true),
    ('At Risk',             9, 5, 1, 2, 2, 5, 2, 5, true, true),
    ('Lost',               10, 5, 1, 2, 1, 2, 1, 2, true, true);

-- pg_dump keeps the user's rows; the seeded ones come back with the extension.
SELECT pg_catalog.pg_extension_config_dump('@extschema@.rfm_segments', 'WHERE NOT is_default');

-- An edited row is the user's: it is no longer a default and will be dumped.
CREATE FUNCTION portfolio_internal.rfm_segments_mark_edited() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    NEW.is_default := false;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.rfm_segments_mark_edited() IS
'trigger of rfm_segments and contact_policy: rows inserted or updated by users are not defaults, so pg_dump keeps them';

-- A user row that has the key of a seeded row replaces it instead of
-- failing on the primary key.  That is what happens on restore: CREATE
-- EXTENSION seeds the defaults, then the dump brings back the edited ones.
CREATE FUNCTION portfolio_internal.rfm_segments_replace_default() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    UPDATE @extschema@.rfm_segments AS s
       SET priority = NEW.priority, r_min = NEW.r_min, r_max = NEW.r_max,
           f_min = NEW.f_min, f_max = NEW.f_max, m_min = NEW.m_min, m_max = NEW.m_max,
           enabled = NEW.enabled
     WHERE s.bins = NEW.bins AND s.name = NEW.name AND s.is_default;
    IF FOUND THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END;
$$;
COMMENT ON FUNCTION portfolio_internal.rfm_segments_replace_default() IS
'trigger: an inserted row with the key of a seeded default row updates that row instead';

CREATE TRIGGER rfm_segments_replace_default BEFORE INSERT ON @extschema@.rfm_segments
    FOR EACH ROW EXECUTE FUNCTION portfolio_internal.rfm_segments_replace_default();
CREATE TRIGGER rfm_segments_mark_edited BEFORE INSERT OR UPDATE ON @extschema@.rfm_segments
    FOR EACH ROW EXECUTE FUNCTION portfolio_internal.rfm_segments_mark_edited();

-- The extension is trusted (portfolio.control): a database owner without
-- superuser can install it.  The script then runs as the bootstrap
-- superuser, who owns the objects it creates; the role that installs or
-- updates the extension (@extowner@) gets to edit the segment table, and
-- every role may read it, since rfm_score reads it with the caller's
-- privileges (segment definitions are not secret; USAGE on the schema
-- still decides who can call anything).
GRANT SELECT ON @extschema@.rfm_segments TO PUBLIC;
GRANT SELECT, INSERT, UPDATE, DELETE ON @extschema@.rfm_segments TO @extowner@;
