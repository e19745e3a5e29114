-- Parameter recovery: a million customers simulated from each of three known
-- BG/NBD models, observed for 52 periods, are fitted back; every parameter
-- lands within 5% of the truth.  The three models differ in purchase rate
-- and dropout: CDNOW-like (a < 1), frequent buyers who rarely leave, and
-- slow buyers who leave fast.  Then the same for three sBG models of
-- contractual churn (Fader & Hardie's two cohorts, and a slow, even churn),
-- three BG/BB models over 52 opportunities (the donations fit, rare loyal
-- and keen fickle buyers), and three MBG/NBD and three Pareto/NBD models,
-- each parameter within 4 of the fit's own standard errors of the truth
-- (its observed information), or within 5% where that is wider.  The
-- Pareto/NBD fits see recency to the day (t_x rounded to a seventh of a
-- week, as a summary in days gives it): continuous times make a million
-- distinct histories, which its numerical gradient takes minutes over,
-- against seconds for the few thousand of daily ones.
BEGIN;
CREATE EXTENSION IF NOT EXISTS pgtap;
CREATE EXTENSION IF NOT EXISTS portfolio;
SELECT plan(59);

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

-- ---------- sBG ----------
\set QUIET on
CREATE TEMP TABLE sbg_truth (name text, m portfolio.sbg);
INSERT INTO sbg_truth VALUES
    ('regular', portfolio.sbg(0.704, 1.182)),
    ('high end', portfolio.sbg(0.668, 3.806)),
    ('slow, even', portfolio.sbg(3.0, 12.0));
CREATE TEMP TABLE sbg_fits AS
SELECT name, m AS truth,
       (SELECT portfolio.sbg_fit(t, churned) FROM portfolio.sbg_simulate(m, 1000000, 52, 20261207)) AS fit
  FROM sbg_truth;
\set QUIET off

SELECT ok((SELECT bool_and((fit).customers = 1000000 AND (fit).converged AND (fit).vcov IS NOT NULL) FROM sbg_fits),
          'every sBG fit saw 1,000,000 customers, converged and has a covariance');
SELECT ok(abs(p.estimate - true_value) < greatest(4 * p.std_error, 0.05 * true_value),
          format('sBG %s: %s = %s (standard error %s), truth %s', name, p.parameter,
                 round(p.estimate::numeric, 4), round(p.std_error::numeric, 4), true_value))
  FROM sbg_fits, portfolio.model_parameters(fit) p
       JOIN LATERAL (VALUES ('alpha', (truth).alpha), ('beta', (truth).beta)) t(parameter, true_value)
         ON t.parameter = p.parameter
 ORDER BY name, p.parameter;

-- ---------- BG/BB ----------
\set QUIET on
CREATE TEMP TABLE bgbb_truth (name text, m portfolio.bgbb);
INSERT INTO bgbb_truth VALUES
    ('bgbb donations', portfolio.bgbb(1.204, 0.750, 0.657, 2.783)),
    ('bgbb rare, loyal', portfolio.bgbb(0.4, 3.0, 0.3, 6.0)),
    ('bgbb keen, fickle', portfolio.bgbb(3.0, 1.0, 2.0, 3.0));
CREATE TEMP TABLE bgbb_fits AS
SELECT name, m AS truth,
       (SELECT portfolio.bgbb_fit(frequency, recency, n) FROM portfolio.bgbb_simulate(m, 1000000, 52, 20261207)) AS fit
  FROM bgbb_truth;
\set QUIET off

SELECT ok((SELECT bool_and((fit).customers = 1000000 AND (fit).converged AND (fit).vcov IS NOT NULL) FROM bgbb_fits),
          'every BG/BB fit saw 1,000,000 customers over 52 opportunities, converged and has a covariance');
SELECT ok(abs(p.estimate - true_value) < greatest(4 * p.std_error, 0.05 * true_value),
          format('%s: %s = %s (standard error %s), truth %s', name, p.parameter,
                 round(p.estimate::numeric, 4), round(p.std_error::numeric, 4), true_value))
  FROM bgbb_fits, portfolio.model_parameters(fit) p
       JOIN LATERAL (VALUES ('alpha', (truth).alpha), ('beta', (truth).beta),
                            ('gamma', (truth).gamma), ('delta', (truth).delta)) t(parameter, true_value)
         ON t.parameter = p.parameter
 ORDER BY name, p.parameter;

-- ---------- MBG/NBD ----------
\set QUIET on
CREATE TEMP TABLE mbg_truth (name text, m portfolio.mbgnbd);
INSERT INTO mbg_truth VALUES
    ('mbgnbd cdnow-like', portfolio.mbgnbd(0.525, 6.18, 0.89, 1.61)),
    ('mbgnbd frequent, loyal', portfolio.mbgnbd(2.0, 5.0, 1.5, 8.0)),
    ('mbgnbd slow, fickle', portfolio.mbgnbd(0.6, 12.0, 3.0, 2.0));
CREATE TEMP TABLE mbg_fits AS
SELECT name, m AS truth,
       (SELECT portfolio.mbgnbd_fit(x, tx, 52)
          FROM (SELECT count(*) - 1 AS x, max(t) AS tx
                  FROM portfolio.mbgnbd_simulate(m, 1000000, 52, 20261207) GROUP BY customer) c) AS fit
  FROM mbg_truth;
\set QUIET off

SELECT ok((SELECT bool_and((fit).customers = 1000000 AND (fit).converged AND (fit).vcov IS NOT NULL) FROM mbg_fits),
          'every MBG/NBD fit saw 1,000,000 customers, converged and has standard errors');
SELECT ok(abs(p.fitted - p.true_value) <= greatest(4 * e.std_error, 0.05 * p.true_value),
          format('%s: %s = %s, truth %s, standard error %s', name, p.parameter, round(p.fitted::numeric, 4),
                 p.true_value, round(e.std_error::numeric, 4)))
  FROM mbg_fits, LATERAL (VALUES (1, 'r', (fit).r, (truth).r), (2, 'alpha', (fit).alpha, (truth).alpha),
                                 (3, 'a', (fit).a, (truth).a), (4, 'b', (fit).b, (truth).b))
                           p(k, parameter, fitted, true_value),
       LATERAL portfolio.model_parameters(fit) e
 WHERE e.parameter = p.parameter
 ORDER BY name, k;

-- ---------- Pareto/NBD ----------
\set QUIET on
CREATE TEMP TABLE pn_truth (name text, m portfolio.pareto_nbd);
INSERT INTO pn_truth VALUES
    ('pareto_nbd cdnow-like', portfolio.pareto_nbd(0.55, 10.58, 0.61, 11.67)),
    ('pareto_nbd frequent, loyal', portfolio.pareto_nbd(2.0, 5.0, 1.0, 40.0)),
    ('pareto_nbd slow, fickle', portfolio.pareto_nbd(0.6, 12.0, 3.0, 6.0));
CREATE TEMP TABLE pn_fits AS
SELECT name, m AS truth,
       (SELECT portfolio.pareto_nbd_fit(x, round(tx * 7) / 7, 52)
          FROM (SELECT count(*) - 1 AS x, max(t) AS tx
                  FROM portfolio.pareto_nbd_simulate(m, 1000000, 52, 20261207) GROUP BY customer) c) AS fit
  FROM pn_truth;
\set QUIET off

SELECT ok((SELECT bool_and((fit).customers = 1000000 AND (fit).converged AND (fit).vcov IS NOT NULL) FROM pn_fits),
          'every Pareto/NBD fit saw 1,000,000 customers, converged and has standard errors');
SELECT ok(abs(p.fitted - p.true_value) <= greatest(4 * e.std_error, 0.05 * p.true_value),
          format('%s: %s = %s, truth %s, standard error %s', name, p.parameter, round(p.fitted::numeric, 4),
                 p.true_value, round(e.std_error::numeric, 4)))
  FROM pn_fits, LATERAL (VALUES (1, 'r', (fit).r, (truth).r), (2, 'alpha', (fit).alpha, (truth).alpha),
                                (3, 's', (fit).s, (truth).s), (4, 'beta', (fit).beta, (truth).beta))
                          p(k, parameter, fitted, true_value),
       LATERAL portfolio.model_parameters(fit) e
 WHERE e.parameter = p.parameter
 ORDER BY name, k;

SELECT * FROM finish();
ROLLBACK;
