/*
 * rfm_segments.c
 *		Load the user-editable segment table once per call site.
 *
 * rfm_score reads the table through SPI the first time it runs in a query
 * and keeps the rows for the rest of it (rfm_score is STABLE, so a query
 * sees one version of the table).  The query names the table by its schema,
 * which is the schema of the calling function, and uses no operators, so
 * nothing on the user's search_path can change what it reads.
 */
#include "postgres.h"

#include "executor/spi.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "rfm_segments.h"

enum
{
	SEG_NAME = 1, SEG_PRIORITY, SEG_BINS,
	SEG_R_MIN, SEG_R_MAX, SEG_F_MIN, SEG_F_MAX, SEG_M_MIN, SEG_M_MAX,
	SEG_ENABLED
};

static int32
int_column(HeapTuple row, TupleDesc desc, int attno, int32 if_null)
{
	bool		isnull;
	Datum		value = SPI_getbinval(row, desc, attno, &isnull);

	return isnull ? if_null : DatumGetInt32(value);
}

static void
segment_from_row(HeapTuple row, TupleDesc desc, MemoryContext mcxt, RfmSegment *seg)
{
	bool		isnull;
	Datum		enabled = SPI_getbinval(row, desc, SEG_ENABLED, &isnull);
	char	   *name = SPI_getvalue(row, desc, SEG_NAME);

	seg->name = MemoryContextStrdup(mcxt, name ? name : "");
	seg->priority = int_column(row, desc, SEG_PRIORITY, PG_INT32_MAX);
	seg->bins = int_column(row, desc, SEG_BINS, 0);
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		seg->low[d] = int_column(row, desc, SEG_R_MIN + 2 * d, 1);
		seg->high[d] = int_column(row, desc, SEG_R_MAX + 2 * d, RFM_MAX_BINS);
	}
	seg->enabled = !isnull && DatumGetBool(enabled);
}

RfmSegmentTable *
rfm_segments_load(Oid caller_oid, MemoryContext mcxt)
{
	char	   *schema = get_namespace_name(get_func_namespace(caller_oid));
	char	   *query;
	RfmSegmentTable *table = MemoryContextAllocZero(mcxt, sizeof(RfmSegmentTable));

	query = psprintf("SELECT name, priority, bins, r_min, r_max, f_min, f_max, m_min, m_max, enabled"
					 " FROM %s.rfm_segments", quote_identifier(schema));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "rfm_score: SPI_connect failed");
	if (SPI_execute(query, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "rfm_score: reading %s.rfm_segments failed", schema);

	table->count = (int) SPI_processed;
	table->segments = MemoryContextAllocZero(mcxt, sizeof(RfmSegment) * Max(table->count, 1));
	for (int i = 0; i < table->count; i++)
		segment_from_row(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, mcxt,
						 &table->segments[i]);
	SPI_finish();

	rfm_segments_sort(table->segments, table->count);
	return table;
}

const char *
rfm_segments_lookup(const RfmSegmentTable *table, int bins, const int *scores)
{
	return rfm_segment_match(table->segments, table->count, bins, scores);
}
