-- The retailer part of the portfolio report printed by `make demo` and
-- checked by test/demo.sh, both through scripts/report.sh, which loads
-- data/online_retail/load_online_retail.sql first.  The same rules as
-- scripts/report.sql: every number from the extension's functions over
-- online_retail, no line wider than 100 characters, no pager.  The walk
-- through the same data, step by step, is doc/retail.md.

\set as_of 2011-12-09
\pset pager off
\pset footer off
\pset null '-'

-- One order per invoice of a customer, cancellations (C...) as returns;
-- the baskets: purchase invoices with their products (five-digit stock
-- codes: no postage, fees, discounts or vouchers).
CREATE TEMP TABLE report_retail_orders AS
SELECT customer_id, invoice_no, min(invoice_date)::date AS ordered_on,
       sum(quantity * unit_price) AS amount
FROM online_retail WHERE customer_id IS NOT NULL
GROUP BY customer_id, invoice_no;
CREATE TEMP TABLE report_retail_lines AS
SELECT DISTINCT invoice_no, stock_code, customer_id FROM online_retail
WHERE invoice_no !~ '^[CA]' AND stock_code ~ '^[0-9]{5}';
CREATE TEMP TABLE report_retail_products AS
SELECT DISTINCT ON (stock_code) stock_code, btrim(description) AS name
FROM online_retail WHERE description IS NOT NULL
GROUP BY stock_code, description ORDER BY stock_code, count(*) DESC, description;
CREATE TEMP TABLE report_retail_contacts (customer_id int, contacted_at date, outcome text,
                                          channel text);

\echo
\echo
\echo 'A retailer: Online Retail (UCI), a UK gift-ware seller, as of' :as_of
\echo 'Invoice lines of 2010-12-01 .. 2011-12-09 (Chen, Sain & Guo 2012). An order is an invoice of'
\echo 'a customer; a cancellation (C... invoice) is a return: it lowers the total of a period with'
\echo 'purchases. Lines without a customer are nobody''s orders. Money in pounds sterling.'

\echo
\echo '11. Overview'
\pset expanded on
\pset tuples_only on
SELECT pg_catalog.to_char(count(s), 'FM999,999') AS "customers",
       pg_catalog.to_char(count(*) - count(s), 'FM999,999') || ' (only cancellations: no summary)'
           AS "without purchases",
       pg_catalog.to_char(sum((s).transactions), 'FM999,999') AS "orders",
       pg_catalog.to_char(sum((s).total_amount), 'FM9,999,999.00') AS "net revenue",
       pg_catalog.to_char(100 * portfolio.repeat_purchase_rate(s), 'FM990.0')
           || '% (customers with a repeat purchase)' AS "repeat purchase rate"
FROM (SELECT portfolio.summarize(ordered_on, amount, :'as_of'::date) AS s
      FROM report_retail_orders GROUP BY customer_id) AS q;
\pset tuples_only off
\pset expanded off

\echo
\echo '12. What sells together'
\echo 'Association rules over the purchase invoices'' products, support >= 0.02 (in 2% of the'
\echo 'baskets), confidence >= 0.5: the five with the highest lift (how many times more often the'
\echo 'second product is in a basket with the first ones than in any basket).'
SELECT (SELECT string_agg(p.name, E'\n' ORDER BY p.name)
          FROM unnest(r.antecedent) a JOIN report_retail_products p ON p.stock_code = a) AS bought,
       c.name AS "also buy", round(r.confidence::numeric, 2) AS confidence,
       round(r.lift::numeric, 1) AS lift
FROM portfolio.association_rules('report_retail_lines', 'invoice_no', 'stock_code', 0.02, 0.5) r
JOIN report_retail_products c ON c.stock_code = r.consequent
ORDER BY r.lift DESC, 1, 2
LIMIT 5;

\echo
\echo '13. Whom to call first'
\echo 'The follow-up agenda (portfolio.followups, policy portfolio.contact_policy) before any contact'
\echo 'is logged: red customers first, then by value at risk (CLV x (1 - P(alive)), else revenue).'
\echo 'late: days since the contact fell due under the policy.'
SELECT priority AS "#", customer, alert, segment, channel, days_overdue AS late,
       pg_catalog.to_char(value_at_risk, 'FM999,990.00') AS "value at risk", value_basis AS basis
FROM portfolio.followups('report_retail_orders', 'report_retail_contacts', 'customer_id',
                         'ordered_on', 'amount', as_of => :'as_of')
WHERE priority <= 5;

DROP TABLE report_retail_orders, report_retail_lines, report_retail_products,
           report_retail_contacts;
