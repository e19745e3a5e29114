/*
 * affinity.c
 *		rules(baskets, min_support, min_confidence, max_items): the
 *		association rules of the baskets the affinity aggregate collected,
 *		mined by affinity_core.c.
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/memutils.h"

#include "affinity.h"
#include "affinity_core.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(baskets_rules);

/* The columns of rules(), in order. */
typedef enum RuleColumn
{
	RULE_ANTECEDENT, RULE_CONSEQUENT, RULE_SUPPORT, RULE_CONFIDENCE, RULE_LIFT,
	RULE_LEVERAGE, RULE_CONVICTION, RULE_BASKETS, RULE_COLUMNS
} RuleColumn;

/* The baskets as item ids, and the item of each id. */
typedef struct Dictionary
{
	BasketItem *items;			/* ascending: the id of an item is its index */
	int32		count;
	AffinityBaskets baskets;
} Dictionary;

/* ---------- arguments ---------- */

/* A threshold in (0, 1] (22023), naming it. */
static float8
threshold_arg(FunctionCallInfo fcinfo, int argno, const char *argname)
{
	float8		value;

	portfolio_check_not_null(fcinfo, argno, argname);
	value = PG_GETARG_FLOAT8(argno);
	if (!(value > 0.0 && value <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be greater than 0 and at most 1", argname),
				 errdetail("The value given was %s.", float8out_internal(value)),
				 errhint("%s is a share of the baskets: 0.01 keeps what at least 1%% of them hold.",
						 argname)));
	return value;
}

/* max_items: NULL for no limit, else at least 2 (22023). */
static int32
max_items_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		value;

	if (PG_ARGISNULL(argno))
		return PG_INT32_MAX;
	value = PG_GETARG_INT32(argno);
	if (value < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("max_items must be at least 2"),
				 errdetail("The value given was %d.", value),
				 errhint("A rule X -> y has at least two items; NULL sets no limit.")));
	return value;
}

/* ---------- the dictionary ---------- */

/* Every item occurrence of the baskets, in basket order: their number. */
static int64
item_occurrences(const Baskets *b, BasketItem **items, int64 **offsets)
{
	BasketsWalk w = {0, 0};
	int64		n = 0;
	int32		size;

	*items = palloc_extended(sizeof(BasketItem) * Max(b->used / 4, 1), MCXT_ALLOC_HUGE);
	*offsets = palloc_extended(sizeof(int64) * (b->count + 1), MCXT_ALLOC_HUGE);
	for (int64 i = 0; (size = baskets_next(b, &w)) > 0; i++)
	{
		(*offsets)[i] = n;
		for (int32 k = 0; k < size; k++)
			(*items)[n++] = baskets_item(b, &w);
	}
	(*offsets)[b->count] = n;
	return n;
}

/* The id of an item of the dictionary. */
static int32
item_id(const Dictionary *d, const BasketItem *item)
{
	int32		lo = 0;
	int32		hi = d->count - 1;

	while (lo < hi)
	{
		int32		mid = lo + (hi - lo) / 2;

		if (item_compare(&d->items[mid], item) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The distinct items, ascending, and each basket as ids (ascending too). */
static void
build_dictionary(const Baskets *b, Dictionary *d)
{
	BasketItem *occurrences;
	int64	   *offsets;
	int64		n = item_occurrences(b, &occurrences, &offsets);
	int32	   *ids = palloc_extended(sizeof(int32) * Max(n, 1), MCXT_ALLOC_HUGE);
	int64		distinct = 0;

	d->items = palloc_extended(sizeof(BasketItem) * Max(n, 1), MCXT_ALLOC_HUGE);
	memcpy(d->items, occurrences, sizeof(BasketItem) * n);
	qsort(d->items, n, sizeof(BasketItem), item_compare_qsort);
	for (int64 i = 0; i < n; i++)
		if (distinct == 0 || item_compare(&d->items[distinct - 1], &d->items[i]) != 0)
			d->items[distinct++] = d->items[i];
	d->count = (int32) distinct;	/* at most n <= BASKETS_MAX_DATA / 4 */
	for (int64 i = 0; i < n; i++)
	{
		ids[i] = item_id(d, &occurrences[i]);
		if ((i & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	pfree(occurrences);
	d->baskets.count = b->count;
	d->baskets.items = d->count;
	d->baskets.offsets = offsets;
	d->baskets.ids = ids;
}

/* ---------- mining ---------- */

static void *
context_alloc(void *context, size_t bytes)
{
	return MemoryContextAllocHuge((MemoryContext) context, Max(bytes, 1));
}

static void
context_release(void *context, void *block)
{
	(void) context;				/* pfree finds the context itself */
	pfree(block);
}

static void
report_too_many_itemsets(double min_support, int32 max_items)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("rules cannot mine more than %d frequent itemsets", AFFINITY_MAX_ITEMSETS),
			 errdetail("min_support %s%s finds more than that.", float8out_internal(min_support),
					   max_items == PG_INT32_MAX ? " without max_items" :
					   psprintf(" with max_items %d", max_items)),
			 errhint("Raise min_support, or lower max_items.")));
}

/* Where the rules go: the result's rows, and the items' texts. */
typedef struct RuleSink
{
	ReturnSetInfo *rsinfo;
	const Dictionary *dictionary;
	const AffinityItemsets *sets;
	int32	   *items;
} RuleSink;

static Datum
item_text(const Dictionary *d, int32 id)
{
	return PointerGetDatum(cstring_to_text_with_len((const char *) d->items[id].bytes,
													d->items[id].len));
}

static void
emit_rule(void *context, const AffinityRule *rule)
{
	RuleSink   *sink = (RuleSink *) context;
	int32		size = sink->sets->nodes[rule->antecedent].size;
	Datum	   *antecedent = palloc(sizeof(Datum) * size);
	Datum		values[RULE_COLUMNS];
	bool		nulls[RULE_COLUMNS] = {0};

	itemset_items(sink->sets, rule->antecedent, sink->items);
	for (int32 k = 0; k < size; k++)
		antecedent[k] = item_text(sink->dictionary, sink->items[k]);
	values[RULE_ANTECEDENT] = PointerGetDatum(construct_array_builtin(antecedent, size, TEXTOID));
	values[RULE_CONSEQUENT] = item_text(sink->dictionary, rule->consequent);
	values[RULE_SUPPORT] = Float8GetDatum(rule->support);
	values[RULE_CONFIDENCE] = Float8GetDatum(rule->confidence);
	values[RULE_LIFT] = Float8GetDatum(rule->lift);
	values[RULE_LEVERAGE] = Float8GetDatum(rule->leverage);
	values[RULE_CONVICTION] = Float8GetDatum(rule->conviction);
	values[RULE_BASKETS] = Int64GetDatum(rule->count);
	tuplestore_putvalues(sink->rsinfo->setResult, sink->rsinfo->setDesc, values, nulls);
	for (int32 k = 0; k < size; k++)
		pfree(DatumGetPointer(antecedent[k]));
	pfree(antecedent);
	pfree(DatumGetPointer(values[RULE_ANTECEDENT]));
	pfree(DatumGetPointer(values[RULE_CONSEQUENT]));
}

/*
 * rules(baskets, min_support, min_confidence, max_items): the thresholds
 * are checked even without baskets; NULL baskets give no rows.
 */
Datum
baskets_rules(PG_FUNCTION_ARGS)
{
	float8		min_support = threshold_arg(fcinfo, 1, "min_support");
	float8		min_confidence = threshold_arg(fcinfo, 2, "min_confidence");
	int32		max_items = max_items_arg(fcinfo, 3);
	MemoryContext work;
	MemoryContext old;
	Baskets    *b;
	Dictionary	dictionary;
	AffinityItemsets sets;
	AffinityMemory memory;
	RuleSink	sink;
	int32		largest;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0))
		return (Datum) 0;
	b = DatumGetBaskets(PG_GETARG_DATUM(0));
	if (b->count == 0)
		return (Datum) 0;
	work = AllocSetContextCreate(CurrentMemoryContext, "portfolio rules", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(work);
	build_dictionary(b, &dictionary);
	memory = (AffinityMemory) {context_alloc, context_release, work};
	if (affinity_itemsets(&dictionary.baskets, affinity_min_count(min_support, b->count),
						  max_items, &memory, portfolio_poll_interrupts, &sets) != AFFINITY_OK)
		report_too_many_itemsets(min_support, max_items);
	/* two lists of up to the largest itemset's items: the rule's, the row's */
	largest = Min(max_items, Max(dictionary.count, 1));
	sink = (RuleSink) {
		(ReturnSetInfo *) fcinfo->resultinfo, &dictionary, &sets, palloc(sizeof(int32) * largest)
	};
	affinity_rules(&sets, min_confidence, palloc(sizeof(int32) * largest), emit_rule, &sink,
				   portfolio_poll_interrupts);
	MemoryContextSwitchTo(old);
	MemoryContextDelete(work);
	return (Datum) 0;
}
