-- summarize reproduces the published CDNOW calibration summary (Hardie's
-- x, t_x, T and zbar of the 2,357-customer sample as of 1997-09-30) from the
-- raw transaction log: unit 'day', recency and age divided by 7.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(7);

\set QUIET on
CREATE TEMP TABLE sample_lines (line text);
\copy sample_lines FROM 'data/cdnow/CDNOW_sample.txt' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE sample_tx AS
SELECT f[2]::int AS id, to_date(f[3], 'YYYYMMDD') AS txn_date, f[5]::numeric(10, 2) AS amount
  FROM (SELECT regexp_split_to_array(btrim(line), '\s+') AS f FROM sample_lines WHERE line ~ '\S') s;

CREATE TEMP TABLE published_lines (line text);
\copy published_lines FROM 'data/cdnow/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT text, DELIMITER E'\x01')
CREATE TEMP TABLE published AS
SELECT f[1]::int AS id, f[2]::int AS x, f[3]::numeric AS t_x, f[4]::numeric AS t, f[5]::numeric AS zbar
  FROM (SELECT string_to_array(btrim(line, E' \r'), ',') AS f FROM published_lines
         WHERE line ~ '^[0-9]') s;

CREATE TEMP TABLE ours AS
SELECT id, portfolio.summarize(txn_date, amount, '1997-09-30') AS s
  FROM sample_tx GROUP BY id;
\set QUIET off

SELECT is((SELECT count(*) FROM sample_tx), 6919::bigint, 'the sample log has 6,919 transactions');
SELECT is((SELECT count(*) FROM published), 2357::bigint, 'the published summary has 2,357 customers');
SELECT is((SELECT count(*) FROM ours o JOIN published p USING (id)), 2357::bigint,
          'every published customer has a summary');
SELECT is((SELECT count(*) FROM ours o JOIN published p USING (id) WHERE (o.s).frequency <> p.x),
          0::bigint, 'frequency equals x for every customer');
SELECT is((SELECT count(*) FROM ours o JOIN published p USING (id)
            WHERE round(((o.s).recency / 7)::numeric, 2) <> p.t_x
               OR round(((o.s).age / 7)::numeric, 2) <> p.t),
          0::bigint, 'recency / 7 and age / 7 equal t_x and T (two decimals) for every customer');
SELECT is((SELECT count(*) FROM ours o JOIN published p USING (id)
            WHERE abs((o.s).monetary - p.zbar) > 0.01),
          0::bigint, 'monetary equals zbar within 0.01 for every customer');
SELECT is((SELECT count(*) FROM ours WHERE (s).frequency > 0), 946::bigint,
          '946 customers made repeat purchases in calibration');

SELECT * FROM finish();
ROLLBACK;
