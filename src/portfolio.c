/*
 * portfolio.c
 *		Module magic and the helpers shared by the glue files.
 */
#include "portfolio.h"

#include <math.h>

#include "funcapi.h"
#include "miscadmin.h"
#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "common/shortest_dec.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

PG_MODULE_MAGIC;

TupleDesc
portfolio_make_result_tupdesc(FunctionCallInfo fcinfo, MemoryContext mcxt)
{
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	TupleDesc	tupdesc;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "function returning a row called in a context that does not accept one");
	tupdesc = BlessTupleDesc(tupdesc);
	MemoryContextSwitchTo(old);
	return tupdesc;
}

TupleDesc
portfolio_result_tupdesc(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = portfolio_make_result_tupdesc(fcinfo, fcinfo->flinfo->fn_mcxt);
	return (TupleDesc) fcinfo->flinfo->fn_extra;
}

TupleDesc
portfolio_row_desc(HeapTupleHeader row, MemoryContext mcxt)
{
	TupleDesc	cached = lookup_rowtype_tupdesc(HeapTupleHeaderGetTypeId(row),
												HeapTupleHeaderGetTypMod(row));
	MemoryContext old = MemoryContextSwitchTo(mcxt);
	TupleDesc	copy = CreateTupleDescCopy(cached);

	MemoryContextSwitchTo(old);
	ReleaseTupleDesc(cached);
	return copy;
}

TupleDesc
portfolio_cached_row_desc(FunctionCallInfo fcinfo, HeapTupleHeader row)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = portfolio_row_desc(row, fcinfo->flinfo->fn_mcxt);
	return (TupleDesc) fcinfo->flinfo->fn_extra;
}

/*
 * Both compare the argument as stored (short header and all), so that a
 * match costs no detoasting copy.
 */
bool
portfolio_arg_matches(const PortfolioArgCopy *copy, FunctionCallInfo fcinfo, int argno)
{
	struct varlena *packed = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));

	return copy->bytes != NULL && copy->len == VARSIZE_ANY_EXHDR(packed) &&
		memcmp(copy->bytes, VARDATA_ANY(packed), copy->len) == 0;
}

void
portfolio_arg_remember(PortfolioArgCopy *copy, FunctionCallInfo fcinfo, int argno)
{
	struct varlena *packed = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));
	Size		len = VARSIZE_ANY_EXHDR(packed);
	char	   *bytes = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, Max(len, 1));

	memcpy(bytes, VARDATA_ANY(packed), len);
	if (copy->bytes != NULL)
		pfree(copy->bytes);
	copy->bytes = bytes;
	copy->len = len;
}

void
portfolio_check_finite(float8 value, const char *argname)
{
	if (isnan(value) || isinf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number", argname),
				 errdetail("The value given was %s.",
						   isnan(value) ? "NaN" : (value > 0 ? "Infinity" : "-Infinity")),
				 errhint("Filter out such rows or replace them before calling the function.")));
}

void
portfolio_check_not_null(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", argname)));
}

void
portfolio_check_finite_date(DateADT value, const char *argname)
{
	if (DATE_NOT_FINITE(value))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite date", argname),
				 errdetail("The value given was %s.",
						   DATE_IS_NOBEGIN(value) ? "-infinity" : "infinity")));
}

const float8 *
portfolio_feature_array(ArrayType *array, const char *argname, int *length)
{
	const float8 *values;
	int			n;

	if (ARR_ELEMTYPE(array) != FLOAT8OID)
		elog(ERROR, "%s is not a float8 array", argname);
	if (ARR_NDIM(array) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must be a one-dimensional array", argname),
				 errdetail(ARR_NDIM(array) == 0 ? "The array given is empty." :
						   "The array given has %d dimensions.", ARR_NDIM(array))));
	if (ARR_HASNULL(array) && array_contains_nulls(array))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not contain null elements", argname),
				 errhint("Replace missing values (with coalesce, for example) before calling the function.")));
	n = ARR_DIMS(array)[0];
	if (n < 1)					/* PostgreSQL makes empty arrays 0-D; be sure */
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must not be empty", argname)));
	values = (const float8 *) ARR_DATA_PTR(array);
	for (int i = 0; i < n; i++)
		if (isnan(values[i]) || isinf(values[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must contain only finite numbers", argname),
					 errdetail("Element %d is %s.", i + 1,
							   isnan(values[i]) ? "NaN" : (values[i] > 0 ? "Infinity" : "-Infinity")),
					 errhint("Filter out such rows or replace them before calling the function.")));
	*length = n;
	return values;
}

void
portfolio_check_same_length(int length, int expected, const char *argname, const char *expected_of)
{
	if (length != expected)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("%s must have as many elements as %s", argname, expected_of),
				 errdetail("One has %d elements and the other %d.", length, expected),
				 errhint("Every vector must have the same number of elements, in the same order.")));
}

ArrayType *
portfolio_array_to_update(FunctionCallInfo fcinfo, int argno)
{
	if (AggCheckCallContext(fcinfo, NULL))
		return PG_GETARG_ARRAYTYPE_P(argno);
	return PG_GETARG_ARRAYTYPE_P_COPY(argno);
}

void
portfolio_append_float8(StringInfo buf, float8 value)
{
	char		digits[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(value, digits);
	appendStringInfoString(buf, digits);
}

void
portfolio_poll_interrupts(void)
{
	CHECK_FOR_INTERRUPTS();
}

bool
portfolio_combine_with_null(FunctionCallInfo fcinfo, Datum *result)
{
	*result = (Datum) 0;
	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		fcinfo->isnull = true;
	else if (PG_ARGISNULL(1))
		*result = PG_GETARG_DATUM(0);
	else if (PG_ARGISNULL(0))
		*result = PG_GETARG_DATUM(1);
	else
		return false;
	return true;
}

void
portfolio_parameter_mismatch(const char *name, const char *first, const char *second,
							 const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s must be the same for every row of a group", name),
			 errdetail("Found both %s and %s.", first, second),
			 errhint("%s", hint)));
}

MemoryContext
portfolio_agg_context(FunctionCallInfo fcinfo, const char *funcname)
{
	MemoryContext aggcontext;

	if (!AggCheckCallContext(fcinfo, &aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s can only be called by an aggregate", funcname)));
	return aggcontext;
}

Oid
portfolio_enum_label_oid(Oid enumtype, const char *label)
{
	HeapTuple	tuple = SearchSysCache2(ENUMTYPOIDNAME, ObjectIdGetDatum(enumtype),
										CStringGetDatum(label));
	Oid			result;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "enum type %u has no label \"%s\"", enumtype, label);
	result = ((Form_pg_enum) GETSTRUCT(tuple))->oid;
	ReleaseSysCache(tuple);
	return result;
}

void
portfolio_enum_label_oids(Oid enumtype, const char *const *labels, int nlabels, Oid *oids)
{
	for (int i = 0; i < nlabels; i++)
		oids[i] = portfolio_enum_label_oid(enumtype, labels[i]);
}

const Oid *
portfolio_result_enum_oids(FunctionCallInfo fcinfo, const char *const *labels, int nlabels)
{
	Oid		   *oids = (Oid *) fcinfo->flinfo->fn_extra;

	if (oids == NULL)
	{
		oids = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, nlabels * sizeof(Oid));
		portfolio_enum_label_oids(get_func_rettype(fcinfo->flinfo->fn_oid), labels, nlabels, oids);
		fcinfo->flinfo->fn_extra = oids;
	}
	return oids;
}

/* The enum type of an enum value, from its pg_enum row. */
static Oid
enum_type_of(Oid value)
{
	HeapTuple	tuple = SearchSysCache1(ENUMOID, ObjectIdGetDatum(value));
	Oid			result;

	if (!HeapTupleIsValid(tuple))
		elog(ERROR, "invalid internal value for enum: %u", value);
	result = ((Form_pg_enum) GETSTRUCT(tuple))->enumtypid;
	ReleaseSysCache(tuple);
	return result;
}

int
portfolio_enum_value_index(FunctionCallInfo fcinfo, Oid value, const char *const *labels,
						   int nlabels)
{
	Oid		   *oids = (Oid *) fcinfo->flinfo->fn_extra;

	/* The argument's type is fixed per call site: the first value tells it. */
	if (oids == NULL)
	{
		oids = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, nlabels * sizeof(Oid));
		portfolio_enum_label_oids(enum_type_of(value), labels, nlabels, oids);
		fcinfo->flinfo->fn_extra = oids;
	}
	for (int i = 0; i < nlabels; i++)
		if (oids[i] == value)
			return i;
	return -1;
}

void
portfolio_read_buffer(StringInfo buf, char *data, int len)
{
	buf->data = data;
	buf->len = len;
	buf->maxlen = len;
	buf->cursor = 0;
}

PeriodUnit
portfolio_parse_unit(text *unit_text)
{
	PeriodUnit	unit;

	if (!period_unit_parse(VARDATA_ANY(unit_text), VARSIZE_ANY_EXHDR(unit_text), &unit))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown period unit \"%s\"", text_to_cstring(unit_text)),
				 errhint("Use one of: %s.", period_unit_list)));
	return unit;
}

char *
portfolio_date_text(DateADT day)
{
	int64		year;
	int			month;
	int			mday;

	period_civil_from_day(day, &year, &month, &mday);
	return psprintf("%04lld-%02d-%02d", (long long) year, month, mday);
}

DateADT
portfolio_period_start(int64 index, PeriodUnit unit)
{
	int64		day = period_start_day(index, unit);

	if (day < PG_INT32_MIN || day > PG_INT32_MAX || !IS_VALID_DATE((DateADT) day))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range"),
				 errdetail("The %s containing the date starts before the first date PostgreSQL can store.",
						   period_unit_name(unit))));
	return (DateADT) day;
}

Datum
portfolio_float8_matrix(const double *values, int rows, int cols)
{
	Datum	   *elems = palloc(sizeof(Datum) * rows * cols);
	int			shape[2] = {rows, cols};
	int			lbs[2] = {1, 1};

	for (int v = 0; v < rows * cols; v++)
		elems[v] = Float8GetDatum(values[v]);
	return PointerGetDatum(construct_md_array(elems, NULL, 2, shape, lbs, FLOAT8OID,
											  sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
