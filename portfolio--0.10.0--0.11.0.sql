/* portfolio--0.10.0--0.11.0.sql.  One section per change, each
   self-contained, in the order below. */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.11.0'" to load this file. \quit
