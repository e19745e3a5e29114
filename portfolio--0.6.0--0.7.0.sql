/* portfolio--0.6.0--0.7.0.sql: binary send and receive for the base types */

\echo Use "ALTER EXTENSION portfolio UPDATE TO '0.7.0'" to load this file. \quit
