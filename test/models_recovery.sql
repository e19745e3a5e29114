-- Parameter recovery: a million customers simulated from each of three known
-- BG/NBD models, observed for 52 periods, are fitted back; every parameter
-- lands within 5% of the truth.  The three models differ in purchase rate
-- and dropout: CDNOW-like (a < 1), frequent buyers who rarely leave, and
-- slow buyers who leave fast.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(13);

\set QUIET on
CREATE TEMP TABLE truth (name text, m portfolio.bgnbd);
INSERT INTO truth VALUES
    ('cdnow-like', portfolio.bgnbd(0.25, 4.4, 0.8, 2.4)),
    ('frequent, loyal', portfolio.bgnbd(2.0, 5.0, 1.5, 8.0)),
    ('slow, fickle', portfolio.bgnbd(0.6, 12.0, 3.0, 2.0));
CREATE TEMP TABLE fits AS
SELECT name, m AS truth,
       (SELECT portfolio.bgnbd_fit(x, tx, 52)
          FROM (SELECT count(*) - 1 AS x, max(t) AS tx
                  FROM portfolio.bgnbd_simulate(m, 1000000, 52, 20261123) GROUP BY customer) c) AS fit
  FROM truth;
\set QUIET off

SELECT ok((SELECT bool_and((fit).customers = 1000000 AND (fit).converged) FROM fits),
          'every fit saw 1,000,000 customers and converged');
SELECT ok(abs(fitted / true_value - 1) < 0.05,
          format('%s: %s = %s, truth %s', name, parameter, round(fitted::numeric, 4), true_value))
  FROM fits, LATERAL (VALUES (1, 'r', (fit).r, (truth).r), (2, 'alpha', (fit).alpha, (truth).alpha),
                             (3, 'a', (fit).a, (truth).a), (4, 'b', (fit).b, (truth).b))
                       p(k, parameter, fitted, true_value)
 ORDER BY name, k;

SELECT * FROM finish();
ROLLBACK;
