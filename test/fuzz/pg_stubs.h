/*
 * pg_stubs.h
 *		What the fuzz harnesses of the PostgreSQL glue use from pg_stubs.c.
 *
 * pg_stubs.c stands in for the few backend symbols that summarize_serialize
 * and summarize_deserialize reach (the only glue a harness still links: the
 * base types' codecs are pure C, fuzzed without it): palloc and friends on
 * malloc, ereport (an ERROR longjmps back to fuzz_pg_call), StringInfo,
 * pqformat and a small exact numeric.  A stub that the harnesses should
 * never reach calls abort().
 */
#ifndef PORTFOLIO_FUZZ_PG_STUBS_H
#define PORTFOLIO_FUZZ_PG_STUBS_H

#include "postgres.h"

#include "compat.h"
#include "fmgr.h"

/*
 * Call fn with the given arguments through a fake FunctionCallInfo.  Returns
 * true and sets *result when it returns, false when it raised an ERROR; an
 * ERROR with SQLSTATE XX000 (elog, "cannot happen") aborts: user input must
 * never reach one.
 */
extern bool fuzz_pg_call(PGFunction fn, int nargs, const Datum *args, Datum *result);

/* The SQLSTATE and message of the last ERROR fuzz_pg_call caught. */
extern int	fuzz_pg_last_sqlstate;
extern char fuzz_pg_last_message[1024];

/* Free everything palloc'd since the last reset (call once per input). */
extern void fuzz_pg_reset(void);

/* Abort with a message when cond is false. */
#define FUZZ_CHECK(cond, ...) \
	do { if (!(cond)) { fprintf(stderr, "invariant failed: %s: ", #cond); \
		fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } } while (0)

#endif
