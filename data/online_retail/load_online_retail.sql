\set online_retail_saved_echo :ECHO \set online_retail_saved_quiet :QUIET \set ECHO none \set QUIET on
-- Load the UCI Online Retail invoice lines into online_retail (current
-- schema).  Source, licence (CC BY 4.0) and quirks: data/online_retail/README.md.
--
-- Usage, from the repository root (the path is relative to it):
--   psql -f data/online_retail/load_online_retail.sql     or, inside psql
--   or a test, \i data/online_retail/load_online_retail.sql
-- Prints nothing (the first line turns off echo and command tags, the last
-- restores them).  Re-running it replaces the table.  gzip runs on the
-- client side.  Expected result: 541,909 rows, 25,900 invoices, 4,372
-- customers; the file's dates are month/day/year.

SELECT pg_catalog.current_setting('client_min_messages') AS online_retail_saved_cmm,
       pg_catalog.current_setting('datestyle') AS online_retail_saved_datestyle \gset
SET client_min_messages = warning;
SET datestyle = 'ISO, MDY';

DROP TABLE IF EXISTS online_retail;
CREATE TABLE online_retail (
    invoice_no   text      NOT NULL,
    stock_code   text      NOT NULL,
    description  text,
    quantity     integer   NOT NULL,
    invoice_date timestamp NOT NULL,
    unit_price   numeric   NOT NULL,
    customer_id  integer,
    country      text      NOT NULL
);
\copy online_retail FROM PROGRAM 'gzip -dc data/online_retail/online_retail.csv.gz' WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')
ANALYZE online_retail;

SET client_min_messages = :'online_retail_saved_cmm';
SET datestyle = :'online_retail_saved_datestyle';
\unset online_retail_saved_cmm \unset online_retail_saved_datestyle
\set ECHO :online_retail_saved_echo \set QUIET :online_retail_saved_quiet \unset online_retail_saved_echo \unset online_retail_saved_quiet
