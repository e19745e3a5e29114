/* portfolio--0.1.0--0.2.0.sql: retention, cohorts, satisfaction, lifecycle, alerts, tracking */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.2.0'" to load this file. \quit
