\set groceries_saved_echo :ECHO \set groceries_saved_quiet :QUIET \set ECHO none \set QUIET on
-- Load the Groceries baskets into groceries (current schema): one row per
-- (basket_id, item), baskets numbered 1..9835 in file order.
--
-- Usage, from the repository root (the \copy path is relative to it):
--   psql -f data/groceries/load_groceries.sql     or, inside psql or a test,
--   \i data/groceries/load_groceries.sql
-- Prints nothing (the first line turns off echo and command tags, the last
-- restores them).  Re-running it replaces the table.
--
-- Each line is one basket, its items separated by commas (never quoted).
-- Delimiter and quote are bytes that never occur, so a line lands whole in
-- one column and is split here.  Expected result: 43,367 rows, 9,835
-- baskets, 169 distinct items.  Two item names end in a blank, as in arules
-- ('cream cheese ', 'roll products '): they are kept.

SELECT pg_catalog.current_setting('client_min_messages') AS groceries_saved_cmm \gset
SET client_min_messages = warning;

DROP TABLE IF EXISTS groceries;
DROP TABLE IF EXISTS pg_temp.groceries_lines;
CREATE TEMP TABLE groceries_lines (basket_id int GENERATED ALWAYS AS IDENTITY, line text NOT NULL);

\copy pg_temp.groceries_lines (line) FROM 'data/groceries/groceries.csv' WITH (FORMAT csv, DELIMITER E'\x01', QUOTE E'\x02', ENCODING 'UTF8')

CREATE TABLE groceries (basket_id int NOT NULL, item text NOT NULL, PRIMARY KEY (basket_id, item));
INSERT INTO groceries (basket_id, item)
SELECT basket_id, item FROM pg_temp.groceries_lines, pg_catalog.unnest(pg_catalog.string_to_array(line, ',')) AS item;
DROP TABLE pg_temp.groceries_lines;
ANALYZE groceries;

SET client_min_messages = :'groceries_saved_cmm';
\unset groceries_saved_cmm
\set ECHO :groceries_saved_echo \set QUIET :groceries_saved_quiet \unset groceries_saved_echo \unset groceries_saved_quiet
