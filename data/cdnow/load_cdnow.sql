\set cdnow_saved_echo :ECHO \set cdnow_saved_quiet :QUIET \set ECHO none \set QUIET on
-- Load the CDNOW transaction log into cdnow_transactions (current schema).
--
-- Usage, from the repository root (the \copy path is relative to it):
--   psql -f data/cdnow/load_cdnow.sql          or, inside psql or a test,
--   \i data/cdnow/load_cdnow.sql
-- Prints nothing: the first line above turns off echo and command tags (so the
-- output of a pg_regress test is the same whatever this file contains), and
-- the last line restores them.  Re-running it replaces the table.
--
-- CDNOW_master.txt has a header line, CRLF line ends and columns aligned with
-- runs of spaces.  COPY's text format strips the CRs; the delimiter \x01 never
-- occurs, so each line lands whole in one column and is split here.  A line
-- that does not parse makes a cast fail, so a damaged file cannot load quietly.
-- Expected result: 69,659 rows, 23,570 customers, 80 rows with amount 0.00.

SELECT pg_catalog.current_setting('client_min_messages') AS cdnow_saved_cmm \gset
SET client_min_messages = warning;

DROP TABLE IF EXISTS cdnow_transactions;
DROP TABLE IF EXISTS pg_temp.cdnow_lines;
CREATE TEMP TABLE cdnow_lines (line text);

\copy pg_temp.cdnow_lines FROM 'data/cdnow/CDNOW_master.txt' WITH (FORMAT text, DELIMITER E'\x01')

CREATE TABLE cdnow_transactions (
    customer_id int           NOT NULL,
    txn_date    date          NOT NULL,
    cds         int           NOT NULL,
    amount      numeric(10,2) NOT NULL
);

INSERT INTO cdnow_transactions (customer_id, txn_date, cds, amount)
SELECT f[1]::int, pg_catalog.to_date(f[2], 'YYYYMMDD'), f[3]::int, f[4]::numeric(10,2)
FROM (SELECT pg_catalog.regexp_split_to_array(pg_catalog.btrim(line), '\s+') AS f
      FROM pg_temp.cdnow_lines
      WHERE line !~ '^\s*customer_id' AND line ~ '\S') AS split;

DROP TABLE pg_temp.cdnow_lines;
ANALYZE cdnow_transactions;

SET client_min_messages = :'cdnow_saved_cmm';
\unset cdnow_saved_cmm
\set ECHO :cdnow_saved_echo \set QUIET :cdnow_saved_quiet \unset cdnow_saved_echo \unset cdnow_saved_quiet
