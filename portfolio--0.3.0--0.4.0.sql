/* portfolio--0.3.0--0.4.0.sql: strategy, value and concentration */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.4.0'" to load this file. \quit

