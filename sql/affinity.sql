-- Product affinity: the affinity aggregate, the baskets it collects, rules()
-- and association_rules() on small hand-made baskets whose rules can be
-- counted by hand, and MADlib's published example.  Bad input is asserted in
-- test/affinity_hostile.sql; Groceries in sql/affinity_groceries.sql.
CREATE SCHEMA affinity;
SET search_path = affinity, public;
SET extra_float_digits = 0;

-- MADlib's assoc_rules example: 7 baskets, beer in all of them.
CREATE TABLE madlib (tid int, item text);
INSERT INTO madlib VALUES
    (1, 'beer'), (1, 'diapers'), (1, 'chips'), (2, 'beer'), (2, 'diapers'), (3, 'beer'), (3, 'diapers'),
    (4, 'beer'), (4, 'chips'), (5, 'beer'), (6, 'beer'), (6, 'diapers'), (6, 'chips'), (7, 'beer'), (7, 'diapers');
-- MADlib prints {chips} -> {diapers}: support 0.2857, confidence 0.6667,
-- lift 0.9333, conviction 0.8571; {chips} -> {beer} confidence 1, where
-- MADlib's conviction 0 is wrong: it is +Infinity.
SELECT antecedent, consequent, round(support::numeric, 4) AS support, round(confidence::numeric, 4) AS confidence,
       round(lift::numeric, 4) AS lift, round(leverage::numeric, 4) AS leverage,
       CASE WHEN conviction = 'Infinity' THEN 'Infinity' ELSE round(conviction::numeric, 4)::text END AS conviction,
       baskets
  FROM portfolio.association_rules('madlib', 'tid', 'item', 0.25, 0.5)
 ORDER BY antecedent, consequent;

-- The same through the aggregate: one row per basket, then rules().
SELECT portfolio.affinity(items) FROM (SELECT array_agg(item) AS items FROM madlib GROUP BY tid) b;
SELECT count(*) FROM portfolio.rules((SELECT portfolio.affinity(items)
                                        FROM (SELECT array_agg(item) AS items FROM madlib GROUP BY tid) b),
                                     0.25, 0.5);
-- max_items bounds X u {y}: two items leave the rules of pairs.
SELECT antecedent, consequent, baskets
  FROM portfolio.association_rules('madlib', 'tid', 'item', 0.25, 0.5, 2) ORDER BY antecedent, consequent;

-- What a basket is: repeated items count once, NULL items are dropped, a
-- basket without items (NULL, empty, only NULLs) is no basket; a single-item
-- basket counts in the total (it lowers every support) but makes no rule.
SELECT portfolio.affinity(items)
  FROM (VALUES (ARRAY['b', 'a', 'b', NULL]), (NULL), ('{}'), (ARRAY[NULL]::text[]), (ARRAY['c'])) v(items);
SELECT antecedent, consequent, support, confidence, baskets
  FROM portfolio.rules('"a","b"; "a","b"; "c"', 0.5, 0.5) ORDER BY antecedent;
-- Items are compared byte by byte, whatever the collation: 'B' < 'a' < 'b'.
SELECT portfolio.affinity(ARRAY['b', 'a', 'B', 'é', 'e']);
-- Any text is an item; the text form quotes every item.
SELECT '"","back\\slash","say \"hi\""; "x;y,z"'::portfolio.baskets;
SELECT portfolio.affinity(ARRAY['say "hi"', 'back\slash', '', 'x;y,z']);
-- The order of the rows does not matter: the final value is sorted.
SELECT portfolio.affinity(items ORDER BY items DESC)::text = portfolio.affinity(items ORDER BY items)::text AS same
  FROM (SELECT array_agg(item) AS items FROM madlib GROUP BY tid) b;
-- No baskets: NULL, and no rules.
SELECT portfolio.affinity(items) IS NULL AS none FROM (SELECT NULL::text[] AS items) b;
SELECT count(*) FROM portfolio.rules(NULL, 0.1, 0.1);
SELECT count(*) FROM portfolio.rules('', 0.1, 0.1);

-- association_rules: any basket and item types (invoices as text, products
-- as numbers); NULL baskets and items are left out.
CREATE TABLE invoice_lines (invoice text, product int);
INSERT INTO invoice_lines VALUES
    ('536365', 85123), ('536365', 71053), ('536366', 85123), ('536366', 71053), ('C536379', 85123),
    (NULL, 71053), (NULL, 22752), ('536367', NULL), ('536367', 22752);
SELECT antecedent, consequent, support, confidence, lift, conviction, baskets
  FROM portfolio.association_rules('invoice_lines', 'invoice', 'product', 0.1, 0.1) ORDER BY antecedent, consequent;
-- Names that need quoting, and a table in another schema.
CREATE TABLE "Odd Lines" ("Basket No" int, "Item;Name" text);
INSERT INTO "Odd Lines" VALUES (1, 'x'), (1, 'y'), (2, 'x'), (2, 'y');
SELECT antecedent, consequent, confidence FROM portfolio.association_rules('affinity."Odd Lines"', 'Basket No', 'Item;Name', 1, 1)
 ORDER BY antecedent;
-- A threshold out of range is reported before the table is read.
\set VERBOSITY default
SELECT * FROM portfolio.association_rules('madlib', 'tid', 'item', 0, 0.5);
SELECT * FROM portfolio.association_rules('madlib', 'tid', 'Item', 0.5, 0.5);
\set VERBOSITY terse

DROP SCHEMA affinity CASCADE;
