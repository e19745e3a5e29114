/*
 * test_affinity_core.c
 *		Eclat and the rules: the least support count, MADlib's published
 *		example, every itemset and rule of random baskets against a brute
 *		force over all subsets of the items, max_items, the limit on
 *		itemsets, the interrupt poll, and the pairs of more frequent items
 *		than the pair matrix takes.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#include "affinity_core.h"
#include "random_core.h"

static void *
unit_alloc(void *context, size_t bytes)
{
	void	   *p = malloc(bytes > 0 ? bytes : 1);

	(void) context;
	if (p == NULL)
		abort();
	return p;
}

static void
unit_release(void *context, void *block)
{
	(void) context;
	free(block);
}

static const AffinityMemory memory = {unit_alloc, unit_release, NULL};

/* Baskets as bit masks of up to 31 items, into the core's layout. */
typedef struct MaskBaskets
{
	int64_t		offsets[1025];
	int32_t		ids[1024 * 31];
	AffinityBaskets in;
} MaskBaskets;

static void
from_masks(MaskBaskets *m, const uint32_t *masks, int64_t n, int32_t items)
{
	int64_t		k = 0;

	for (int64_t b = 0; b < n; b++)
	{
		m->offsets[b] = k;
		for (int32_t i = 0; i < items; i++)
			if (masks[b] & (1u << i))
				m->ids[k++] = i;
	}
	m->offsets[n] = k;
	m->in = (AffinityBaskets) {n, items, m->offsets, m->ids};
}

static void
test_min_count(void)
{
	CHECK(affinity_min_count(0.006, 9835) == 60, "0.006 of 9835 baskets: 60 (59 is 0.005999)");
	CHECK(affinity_min_count(0.25, 7) == 2, "0.25 of 7 baskets: 2");
	CHECK(affinity_min_count(1, 7) == 7, "all of 7 baskets: 7");
	CHECK(affinity_min_count(2.0 / 3, 3) == 2, "2/3 of 3 baskets: 2 (the double 2/3 is reached)");
	CHECK(affinity_min_count(1e-300, 5) == 1, "a tiny share: at least 1");
	CHECK(affinity_min_count(0.1, 10) == 1 && affinity_min_count(0.3, 10) == 3,
		  "0.1 and 0.3 of 10: 1 and 3, as the doubles 1/10 and 3/10 compare");
}

/* MADlib's example, collected by the emit callback. */
typedef struct Collected
{
	AffinityRule rules[64];
	int			n;
} Collected;

static void
collect(void *context, const AffinityRule *rule)
{
	Collected  *c = context;

	if (c->n < 64)
		c->rules[c->n] = *rule;
	c->n++;
}

/* The rule of antecedent mask x and consequent y, or NULL. */
static const AffinityRule *
find_rule(const Collected *c, const AffinityItemsets *sets, uint32_t x, int32_t y)
{
	int32_t		items[32];

	for (int i = 0; i < c->n && i < 64; i++)
	{
		uint32_t	mask = 0;

		itemset_items(sets, c->rules[i].antecedent, items);
		for (int32_t k = 0; k < sets->nodes[c->rules[i].antecedent].size; k++)
			mask |= 1u << items[k];
		if (mask == x && c->rules[i].consequent == y)
			return &c->rules[i];
	}
	return NULL;
}

static void
test_madlib(void)
{
	AffinityStatus status;
	/* beer 0, chips 1, diapers 2 */
	static const uint32_t masks[] = {7, 5, 5, 3, 1, 7, 5};
	static MaskBaskets m;
	AffinityItemsets sets;
	Collected	c = {.n = 0};
	int32_t		scratch[3];
	const AffinityRule *r;

	from_masks(&m, masks, 7, 3);
	status = affinity_itemsets(&m.in, affinity_min_count(0.25, 7), INT32_MAX, &memory, NULL, &sets);
	CHECK(status == AFFINITY_OK,
		  "MADlib's baskets mine");
	affinity_rules(&sets, 0.5, scratch, collect, &c, NULL);
	CHECK(c.n == 6, "MADlib's example: 6 rules at support 0.25, confidence 0.5 (%d)", c.n);
	r = find_rule(&c, &sets, 2, 2);
	CHECK(r != NULL && r->count == 2, "{chips} -> {diapers} in 2 baskets");
	if (r != NULL)
	{
		CHECK_CLOSE(r->support, 2.0 / 7, 1e-15, "support 2/7 = 0.2857");
		CHECK_CLOSE(r->confidence, 2.0 / 3, 1e-15, "confidence 2/3 = 0.6667");
		CHECK_CLOSE(r->lift, (2.0 / 3) / (5.0 / 7), 1e-15, "lift 14/15 = 0.9333");
		CHECK_CLOSE(r->leverage, 2.0 / 7 - (3.0 / 7) * (5.0 / 7), 1e-15, "leverage -1/49");
		CHECK_CLOSE(r->conviction, (1 - 5.0 / 7) / (1 - 2.0 / 3), 1e-15, "conviction 6/7 = 0.8571");
	}
	r = find_rule(&c, &sets, 2, 0);
	CHECK(r != NULL && r->confidence == 1 && isinf(r->conviction) && r->conviction > 0,
		  "{chips} -> {beer}: confidence 1, conviction +Infinity");
	affinity_itemsets_free(&sets, &memory);
}

/* ---------- against a brute force ---------- */

#define BRUTE_ITEMS 12
#define BRUTE_BASKETS 300

/* The baskets holding every item of a mask. */
static int64_t
brute_count(const uint32_t *masks, int64_t n, uint32_t set)
{
	int64_t		count = 0;

	for (int64_t b = 0; b < n; b++)
		count += (masks[b] & set) == set;
	return count;
}

/* The rules the brute force finds, checked one by one against the core's. */
typedef struct BruteCheck
{
	const uint32_t *masks;
	const AffinityItemsets *sets;
	int64_t		rules;
	int64_t		wrong;
} BruteCheck;

static void
check_against_brute(void *context, const AffinityRule *rule)
{
	BruteCheck *c = context;
	int32_t		items[32];
	uint32_t	x = 0;
	AffinityRule expected;

	itemset_items(c->sets, rule->antecedent, items);
	for (int32_t k = 0; k < c->sets->nodes[rule->antecedent].size; k++)
		x |= 1u << items[k];
	affinity_rule_measures(BRUTE_BASKETS, brute_count(c->masks, BRUTE_BASKETS, x | (1u << rule->consequent)),
						   brute_count(c->masks, BRUTE_BASKETS, x),
						   brute_count(c->masks, BRUTE_BASKETS, 1u << rule->consequent), &expected);
	c->rules++;
	if ((x & (1u << rule->consequent)) != 0 || expected.count != rule->count ||
		expected.confidence != rule->confidence || expected.lift != rule->lift ||
		expected.leverage != rule->leverage || expected.conviction != rule->conviction)
		c->wrong++;
}

static int
popcount(uint32_t x)
{
	int			n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

/* Frequent itemsets and rules of the brute force, for min_count, max_items, min_confidence. */
static void
brute_totals(const uint32_t *masks, int64_t min_count, int max_items, double min_confidence,
			 int64_t *itemsets, int64_t *rules)
{
	*itemsets = 0;
	*rules = 0;
	for (uint32_t set = 1; set < (1u << BRUTE_ITEMS); set++)
	{
		int64_t		count = brute_count(masks, BRUTE_BASKETS, set);

		if (popcount(set) > max_items || count < min_count)
			continue;
		(*itemsets)++;
		for (int y = 0; y < BRUTE_ITEMS && popcount(set) >= 2; y++)
			if ((set & (1u << y)) &&
				(double) count / (double) brute_count(masks, BRUTE_BASKETS, set & ~(1u << y)) >= min_confidence)
				(*rules)++;
	}
}

static void
test_brute_force(void)
{
	static uint32_t masks[BRUTE_BASKETS];
	static MaskBaskets m;
	Rng			rng;
	static const struct
	{
		double		support;
		int			max_items;
		double		confidence;
	}			settings[] = {{0.02, 12, 0.3}, {0.05, 3, 0.1}, {0.003, 12, 0.9}, {0.2, 2, 0.5}, {1.0 / 300, 12, 1}};

	rng_seed(&rng, 20261207);
	for (int b = 0; b < BRUTE_BASKETS; b++)
		for (int i = 0; i < BRUTE_ITEMS; i++)
			/* item i in a basket with probability 0.6 / (1 + i / 3), some baskets empty */
			if (rng_uniform(&rng) < 0.6 / (1 + i / 3.0))
				masks[b] |= 1u << i;
	from_masks(&m, masks, BRUTE_BASKETS, BRUTE_ITEMS);
	for (size_t s = 0; s < sizeof(settings) / sizeof(settings[0]); s++)
	{
		int64_t		min_count = affinity_min_count(settings[s].support, BRUTE_BASKETS);
		AffinityItemsets sets;
		int64_t		itemsets,
					rules,
					wrong_counts = 0;
		int32_t		scratch[BRUTE_ITEMS];
		BruteCheck	c = {masks, &sets, 0, 0};

		brute_totals(masks, min_count, settings[s].max_items, settings[s].confidence, &itemsets, &rules);
		affinity_itemsets(&m.in, min_count, settings[s].max_items, &memory, NULL, &sets);
		for (int64_t node = 1; node < sets.n; node++)
		{
			int32_t		items[BRUTE_ITEMS];
			uint32_t	set = 0;

			itemset_items(&sets, node, items);
			for (int32_t k = 0; k < sets.nodes[node].size; k++)
				set |= 1u << items[k];
			wrong_counts += sets.nodes[node].count != brute_count(masks, BRUTE_BASKETS, set) ||
				itemset_find(&sets, items, sets.nodes[node].size) != node;
		}
		CHECK(sets.n - 1 == itemsets && wrong_counts == 0,
			  "support %g, max_items %d: the %lld frequent itemsets of the brute force (%lld found, %lld miscounted)",
			  settings[s].support, settings[s].max_items, (long long) itemsets, (long long) (sets.n - 1),
			  (long long) wrong_counts);
		affinity_rules(&sets, settings[s].confidence, scratch, check_against_brute, &c, NULL);
		CHECK(c.rules == rules && c.wrong == 0,
			  "confidence %g: the %lld rules of the brute force, measures equal (%lld found, %lld wrong)",
			  settings[s].confidence, (long long) rules, (long long) c.rules, (long long) c.wrong);
		affinity_itemsets_free(&sets, &memory);
	}
}

/* ---------- limits ---------- */

static int	polls;

static void
count_poll(void)
{
	polls++;
}

static void
test_limits(void)
{
	AffinityStatus status;
	static MaskBaskets m;
	uint32_t	all = (1u << 23) - 1;
	AffinityItemsets sets;
	int32_t		missing[] = {0, 1};

	from_masks(&m, &all, 1, 23);
	polls = 0;
	status = affinity_itemsets(&m.in, 1, INT32_MAX, &memory, count_poll, &sets);
	CHECK(status == AFFINITY_TOO_MANY_ITEMSETS,
		  "one basket of 23 items at min_count 1: 2^23 itemsets, over the limit of %d", AFFINITY_MAX_ITEMSETS);
	CHECK(polls > 1000, "the mining polls for interrupts as it goes (%d polls)", polls);
	affinity_itemsets_free(&sets, &memory);
	status = affinity_itemsets(&m.in, 1, 3, &memory, NULL, &sets);
	CHECK(status == AFFINITY_OK &&
		  sets.n == 1 + 23 + 253 + 1771, "the same with max_items 3: 23 + 253 + 1771 itemsets");
	affinity_itemsets_free(&sets, &memory);
	status = affinity_itemsets(&m.in, 1, 1, &memory, NULL, &sets);
	CHECK(status == AFFINITY_OK && sets.n == 24 &&
		  itemset_find(&sets, missing, 2) == -1, "max_items 1: the single items only");
	affinity_itemsets_free(&sets, &memory);
	status = affinity_itemsets(&m.in, 2, INT32_MAX, &memory, NULL, &sets);
	CHECK(status == AFFINITY_OK && sets.n == 1,
		  "min_count above every count: the empty itemset alone");
	affinity_itemsets_free(&sets, &memory);
	m.in.count = 0;
	status = affinity_itemsets(&m.in, 1, INT32_MAX, &memory, NULL, &sets);
	CHECK(status == AFFINITY_OK && sets.n == 1 &&
		  sets.nodes[0].count == 0, "no baskets: the empty itemset, in no basket");
	affinity_itemsets_free(&sets, &memory);
}

/*
 * More frequent items than the pair matrix takes (4096): every pair is
 * intersected.  4200 items, each in 2 of 300 baskets (i % 300 and
 * (i / 14) % 300, the same basket for some); the frequent pairs (min_count
 * 1) against a count of the pairs basket by basket.
 */
static void
test_without_pair_matrix(void)
{
	AffinityStatus status;
	enum
	{
		ITEMS = 4200, BASKETS = 300
	};
	static int64_t offsets[BASKETS + 1];
	static int32_t ids[2 * ITEMS];
	static int32_t fill[BASKETS];
	int64_t		pairs = 0;
	int64_t		wrong = 0;
	AffinityItemsets sets;
	AffinityBaskets in;

	for (int i = 0; i < ITEMS; i++)
	{
		fill[i % BASKETS]++;
		if ((i / 14) % BASKETS != i % BASKETS)
			fill[(i / 14) % BASKETS]++;
	}
	for (int b = 0; b < BASKETS; b++)
		offsets[b + 1] = offsets[b] + fill[b], fill[b] = 0;
	for (int i = 0; i < ITEMS; i++)		/* ascending ids within each basket */
	{
		int			a = i % BASKETS;
		int			b = (i / 14) % BASKETS;

		ids[offsets[a] + fill[a]++] = i;
		if (b != a)
			ids[offsets[b] + fill[b]++] = i;
	}
	for (int b = 0; b < BASKETS; b++)
		pairs += (offsets[b + 1] - offsets[b]) * (offsets[b + 1] - offsets[b] - 1) / 2;
	in = (AffinityBaskets) {BASKETS, ITEMS, offsets, ids};
	status = affinity_itemsets(&in, 1, 2, &memory, NULL, &sets);
	CHECK(status == AFFINITY_OK, "4200 frequent items mine");
	for (int64_t node = 1; node < sets.n; node++)
		if (sets.nodes[node].size == 2)
		{
			int32_t		items[2];
			int64_t		count = 0;

			itemset_items(&sets, node, items);
			/* the baskets both are in */
			for (int x = 0; x < 2; x++)
			{
				int			bx = x == 0 ? items[0] % BASKETS : (items[0] / 14) % BASKETS;

				if (x == 1 && bx == items[0] % BASKETS)
					break;		/* one basket only */
				count += bx == items[1] % BASKETS || bx == (items[1] / 14) % BASKETS;
			}
			wrong += count != sets.nodes[node].count;
			pairs -= count;
		}
	CHECK(sets.n - 1 - ITEMS > 0 && wrong == 0 && pairs == 0,
		  "every pair found by intersection, with its count (%lld pairs, %lld miscounted, %lld missing)",
		  (long long) (sets.n - 1 - ITEMS), (long long) wrong, (long long) pairs);
	affinity_itemsets_free(&sets, &memory);
}

void
test_affinity_core(void)
{
	test_min_count();
	test_madlib();
	test_brute_force();
	test_limits();
	test_without_pair_matrix();
}
