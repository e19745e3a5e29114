--
-- bi_cdnow: the examples of doc/bi-tools.md, run over the CDNOW master log
-- (so the outputs printed there are the ones tested here), and what a user
-- sees of customers()'s notices and errors: the message, detail, hint and
-- one CONTEXT line, customers()'s own.
--
-- Own schema, so that other tests and this one do not share cdnow_transactions.
CREATE SCHEMA bi_cdnow;
SET search_path = bi_cdnow, portfolio, public;
SET DateStyle = ISO;
\i data/cdnow/load_cdnow.sql

-- doc/bi-tools.md, customers(): the five customers of highest CLV.
SELECT customer, transactions, total_amount, monetary, segment, lifecycle, alert,
       round(p_alive::numeric, 3) AS p_alive, clv
  FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', '1998-06-30')
 ORDER BY clv DESC NULLS LAST, customer
 LIMIT 5;

-- doc/bi-tools.md: customers and value by alert, in business order.
SELECT alert, count(*) AS customers, sum(total_amount) AS revenue, sum(clv) AS clv
  FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', '1998-06-30')
 GROUP BY alert, alert_rank
 ORDER BY alert_rank;

-- doc/bi-tools.md, model_fits().
SELECT model, parameter, round(estimate::numeric, 4) AS estimate,
       round(std_error::numeric, 4) AS std_error, round(loglik::numeric, 1) AS loglik,
       customers, converged
  FROM model_fits('cdnow_transactions', 'customer_id', 'txn_date', 'amount', '1998-06-30')
 ORDER BY model, parameter;

-- Notices and errors as psql prints them by default.
\set VERBOSITY default
CREATE TABLE once (customer_id int, txn_date date, amount numeric);
INSERT INTO once VALUES (1, '2020-01-05', 10), (2, '2020-02-01', 20.5), (3, '2020-03-01', 7);
SELECT customer, frequency, segment, alert, p_alive, clv
  FROM customers('once', 'customer_id', 'txn_date', 'amount') ORDER BY customer;
SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', unit => 'fortnight');
SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'amount', bins => 0);
SELECT * FROM customers('cdnow_transactions', 'customer_id', 'Txn_Date', 'amount');
SELECT * FROM customers(NULL, 'customer_id', 'txn_date', 'amount');
SELECT * FROM customers('cdnow_transactions', 'customer_id', 'txn_date', 'customer_id', discount_rate => -1);

RESET search_path;
DROP SCHEMA bi_cdnow CASCADE;
