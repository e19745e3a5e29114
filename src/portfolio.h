/*
 * portfolio.h
 *		Helpers shared by the PostgreSQL glue of the portfolio extension.
 */
#ifndef PORTFOLIO_H
#define PORTFOLIO_H

#include "postgres.h"

#include "compat.h"

#include "access/htup.h"
#include "access/tupdesc.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/date.h"

#include "period.h"

/* The result row type of the calling function, blessed, allocated in mcxt. */
extern TupleDesc portfolio_make_result_tupdesc(FunctionCallInfo fcinfo, MemoryContext mcxt);

/* The same, cached in fn_extra (for functions that cache nothing else). */
extern TupleDesc portfolio_result_tupdesc(FunctionCallInfo fcinfo);

/* The row descriptor of a composite value, copied into mcxt for caching. */
extern TupleDesc portfolio_row_desc(HeapTupleHeader row, MemoryContext mcxt);

/* The same, cached in fn_extra (for functions that cache nothing else). */
extern TupleDesc portfolio_cached_row_desc(FunctionCallInfo fcinfo, HeapTupleHeader row);

/*
 * A copy of a by-reference argument's bytes, kept in fn_extra by a function
 * that derives something costly from it (checked fields of a model or a
 * scaler): while the next call's argument has the same bytes, what was
 * derived from it still holds.
 */
typedef struct PortfolioArgCopy
{
	char	   *bytes;			/* NULL: nothing remembered yet */
	Size		len;
} PortfolioArgCopy;

/* Whether argument argno has the bytes remembered in copy. */
extern bool portfolio_arg_matches(const PortfolioArgCopy *copy, FunctionCallInfo fcinfo, int argno);

/* Remember argument argno's bytes in copy (in fn_mcxt), replacing what was there. */
extern void portfolio_arg_remember(PortfolioArgCopy *copy, FunctionCallInfo fcinfo, int argno);

/* A rows x cols float8[] (row-major values), as a datum. */
extern Datum portfolio_float8_matrix(const double *values, int rows, int cols);

/* Reject NaN and infinities in a float8 argument (22023), naming the argument. */
extern void portfolio_check_finite(float8 value, const char *argname);

/* Reject a NULL argument that has no meaning (22004), naming the argument. */
extern void portfolio_check_not_null(FunctionCallInfo fcinfo, int argno,
									 const char *argname);

/* Reject -infinity and infinity dates (22008), naming the argument. */
extern void portfolio_check_finite_date(DateADT value, const char *argname);

/*
 * The elements of a feature vector: a one-dimensional float8[] with at least
 * one element, no NULL (22004), NaN or infinity (22023); 2202E for another
 * shape.  Points into the array; *length gets the number of elements.
 */
extern const float8 *portfolio_feature_array(ArrayType *array, const char *argname,
											 int *length);

/* Reject a vector whose length differs from the expected one (2202E). */
extern void portfolio_check_same_length(int length, int expected, const char *argname,
										const char *expected_of);

/*
 * A float8[] aggregate state that may be changed: the argument itself inside
 * an aggregate (which owns it, as core's float8_accum does), else a copy, so
 * that a direct call leaves its input alone.
 */
extern ArrayType *portfolio_array_to_update(FunctionCallInfo fcinfo, int argno);

/* Append a float8 in the shortest text that reads back to the same double. */
extern void portfolio_append_float8(StringInfo buf, float8 value);

/* CHECK_FOR_INTERRUPTS, as the pure C cores' InterruptPoll (interrupt_poll.h). */
extern void portfolio_poll_interrupts(void);

/*
 * The start of a combine function over a concrete state type: when either
 * state is NULL the result is the other one (NULL when both are; the
 * aggregate machinery copies a returned state into its own context).  True,
 * with *result set, in those cases; false when both must be merged.
 */
extern bool portfolio_combine_with_null(FunctionCallInfo fcinfo, Datum *result);

/*
 * A parameter of an aggregate that differs between rows of one group (or
 * the parts of a parallel plan), 22023: its name, the two values as text,
 * and the hint.
 */
pg_noreturn extern void portfolio_parameter_mismatch(const char *name, const char *first,
													 const char *second, const char *hint);

/* The aggregate memory context, or an error if not called as an aggregate. */
extern MemoryContext portfolio_agg_context(FunctionCallInfo fcinfo,
										   const char *funcname);

/* The OID of one label of an enum type (elog: the label must exist). */
extern Oid	portfolio_enum_label_oid(Oid enumtype, const char *label);

/* The OIDs of labels[0..nlabels-1] of an enum type, into oids. */
extern void portfolio_enum_label_oids(Oid enumtype, const char *const *labels, int nlabels,
									  Oid *oids);

/*
 * The OIDs of labels[] in the calling function's result type, an enum,
 * cached in fn_extra (for functions that cache nothing else): index them
 * with the C enum that labels[] is in the order of.
 */
extern const Oid *portfolio_result_enum_oids(FunctionCallInfo fcinfo, const char *const *labels,
											 int nlabels);

/*
 * The position in labels[] of an enum value (an argument), through OIDs
 * cached in fn_extra (for functions that cache nothing else); -1 if it has
 * another label.
 */
extern int	portfolio_enum_value_index(FunctionCallInfo fcinfo, Oid value,
									   const char *const *labels, int nlabels);

/* A period unit name (22023 if unknown). */
extern PeriodUnit portfolio_parse_unit(text *unit_text);

/* The first day of a period as a date (22008 if outside the date range). */
extern DateADT portfolio_period_start(int64 index, PeriodUnit unit);

/* A date as ISO text (YYYY-MM-DD) whatever DateStyle is, in the current context. */
extern char *portfolio_date_text(DateADT day);

/* Point a StringInfo at existing bytes, for reading only (PostgreSQL 15 lacks initReadOnlyStringInfo). */
extern void portfolio_read_buffer(StringInfo buf, char *data, int len);

#endif							/* PORTFOLIO_H */
