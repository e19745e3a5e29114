/*
 * affinity_core.c
 *		Eclat and the rules of its itemsets.  See affinity_core.h.
 */
#include "affinity_core.h"

#include <math.h>
#include <string.h>

/* Intersections (or rules, or baskets counted) between two polls. */
#define POLL_EVERY 1024

/*
 * The pairs of frequent items are counted in one pass over the baskets, in
 * a triangular matrix of 4-byte counts, when there are at most this many
 * frequent items (32 MB); beyond, every pair is intersected.
 */
#define PAIR_MATRIX_MAX_ITEMS 4096

/* An itemset being extended: its last item and the baskets that hold it. */
typedef struct Candidate
{
	int32_t		item;
	int64_t		count;
	int32_t    *baskets;		/* count basket numbers, ascending */
} Candidate;

typedef struct Miner
{
	const AffinityMemory *mem;
	InterruptPoll poll;
	int64_t		min_count;
	int32_t		max_items;
	int64_t		work;
	AffinityItemsets *sets;
	int32_t    *pairs;			/* n(a, b) of the frequent single items, or NULL */
	int32_t		singles;		/* their number */
} Miner;

int64_t
affinity_min_count(double min_support, int64_t baskets)
{
	double		n = (double) baskets;
	int64_t		count = (int64_t) ceil(min_support * n);

	if (count < 1)
		count = 1;
	while (count > 1 && (double) (count - 1) / n >= min_support)
		count--;
	while ((double) count / n < min_support)
		count++;
	return count;
}

static void
poll_now_and_then(Miner *m)
{
	if (++m->work % POLL_EVERY == 0 && m->poll != NULL)
		m->poll();
}

/* Room for extra more nodes. */
static AffinityStatus
reserve_nodes(Miner *m, int64_t extra)
{
	AffinityItemsets *s = m->sets;
	Itemset    *bigger;
	int64_t		capacity;

	if (s->n + extra > AFFINITY_MAX_ITEMSETS + 1)
		return AFFINITY_TOO_MANY_ITEMSETS;
	if (s->n + extra <= s->capacity)
		return AFFINITY_OK;
	capacity = s->capacity * 2 > s->n + extra ? s->capacity * 2 : s->n + extra + 64;
	bigger = m->mem->alloc(m->mem->context, (size_t) capacity * sizeof(Itemset));
	if (s->n > 0)
		memcpy(bigger, s->nodes, (size_t) s->n * sizeof(Itemset));
	if (s->nodes != NULL)
		m->mem->release(m->mem->context, s->nodes);
	s->nodes = bigger;
	s->capacity = capacity;
	return AFFINITY_OK;
}

/* The baskets in both ascending lists, into out; their number. */
static int64_t
intersect(const Candidate *a, const Candidate *b, int32_t *out)
{
	int64_t		i = 0;
	int64_t		j = 0;
	int64_t		n = 0;

	while (i < a->count && j < b->count)
	{
		if (a->baskets[i] < b->baskets[j])
			i++;
		else if (a->baskets[i] > b->baskets[j])
			j++;
		else
		{
			out[n++] = a->baskets[i];
			i++;
			j++;
		}
	}
	return n;
}

static void
free_candidates(Miner *m, Candidate *c, int32_t n)
{
	for (int32_t i = 0; i < n; i++)
		if (c[i].baskets != NULL)
			m->mem->release(m->mem->context, c[i].baskets);
	m->mem->release(m->mem->context, c);
}

/* Where n(a, b) of the a-th and b-th frequent items (a < b) is in the matrix. */
static int64_t
pair_index(int32_t singles, int32_t a, int32_t b)
{
	return (int64_t) a * singles - (int64_t) a * (a + 1) / 2 + (b - a - 1);
}

/*
 * The frequent extensions of c[k] by the items of c[k + 1 ..]: their number.
 * Their baskets are listed only when they will be extended in turn
 * (with_baskets); among the single items, the pair matrix skips the pairs
 * that are not frequent without intersecting them.
 */
static int32_t
extensions(Miner *m, const Candidate *c, int32_t n, int32_t k, bool singles, bool with_baskets,
		   Candidate *out)
{
	int32_t		found = 0;

	for (int32_t j = k + 1; j < n; j++)
	{
		int64_t		most = c[k].count < c[j].count ? c[k].count : c[j].count;
		int32_t    *baskets = NULL;
		int64_t		count;

		if (singles && m->pairs != NULL && m->pairs[pair_index(m->singles, k, j)] < m->min_count)
			continue;
		if (singles && m->pairs != NULL && !with_baskets)
			count = m->pairs[pair_index(m->singles, k, j)];
		else
		{
			baskets = m->mem->alloc(m->mem->context, (size_t) most * sizeof(int32_t));
			count = intersect(&c[k], &c[j], baskets);
			poll_now_and_then(m);
		}
		if (count < m->min_count)
		{
			m->mem->release(m->mem->context, baskets);
			continue;
		}
		out[found].item = c[j].item;
		out[found].count = count;
		out[found].baskets = baskets;
		found++;
	}
	return found;
}

/* Add the n frequent candidates as children of node, then grow each. */
static AffinityStatus
grow(Miner *m, int64_t node, const Candidate *c, int32_t n)
{
	int64_t		first = m->sets->n;
	int32_t		size = m->sets->nodes[node].size + 1;

	if (reserve_nodes(m, n) != AFFINITY_OK)
		return AFFINITY_TOO_MANY_ITEMSETS;
	for (int32_t k = 0; k < n; k++)
		m->sets->nodes[first + k] = (Itemset) {
			.parent = node, .first_child = -1, .count = c[k].count,
			.item = c[k].item, .size = size, .children = 0
		};
	m->sets->n += n;
	m->sets->nodes[node].first_child = first;
	m->sets->nodes[node].children = n;
	if (size >= m->max_items)
		return AFFINITY_OK;
	for (int32_t k = 0; k + 1 < n; k++)
	{
		Candidate  *ext = m->mem->alloc(m->mem->context, (size_t) (n - k - 1) * sizeof(Candidate));
		int32_t		found = extensions(m, c, n, k, node == 0, size + 1 < m->max_items, ext);
		AffinityStatus status = found > 0 ? grow(m, first + k, ext, found) : AFFINITY_OK;

		free_candidates(m, ext, found);
		if (status != AFFINITY_OK)
			return status;
	}
	return AFFINITY_OK;
}

/* The frequent single items, with the baskets that hold each: their number. */
static int32_t
frequent_items(Miner *m, const AffinityBaskets *in, Candidate **out)
{
	int64_t    *counts = m->mem->alloc(m->mem->context, ((size_t) in->items + 1) * sizeof(int64_t));
	int32_t    *slot = m->mem->alloc(m->mem->context, ((size_t) in->items + 1) * sizeof(int32_t));
	Candidate  *c;
	int32_t		n = 0;

	memset(counts, 0, ((size_t) in->items + 1) * sizeof(int64_t));
	for (int64_t i = 0; i < in->offsets[in->count]; i++)
		counts[in->ids[i]]++;
	for (int32_t item = 0; item < in->items; item++)
		n += counts[item] >= m->min_count;
	c = m->mem->alloc(m->mem->context, ((size_t) n + 1) * sizeof(Candidate));
	n = 0;
	for (int32_t item = 0; item < in->items; item++)
	{
		slot[item] = counts[item] >= m->min_count ? n : -1;
		if (slot[item] < 0)
			continue;
		c[n].item = item;
		c[n].count = 0;
		c[n].baskets = m->mem->alloc(m->mem->context, (size_t) counts[item] * sizeof(int32_t));
		n++;
	}
	for (int64_t b = 0; b < in->count; b++)
		for (int64_t i = in->offsets[b]; i < in->offsets[b + 1]; i++)
			if (slot[in->ids[i]] >= 0)
			{
				Candidate  *one = &c[slot[in->ids[i]]];

				one->baskets[one->count++] = (int32_t) b;
			}
	m->mem->release(m->mem->context, counts);
	m->mem->release(m->mem->context, slot);
	*out = c;
	return n;
}

/*
 * n(a, b) of every pair of the n frequent single items c, counted basket by
 * basket (NULL when there are too many of them, or at most one).
 */
static int32_t *
count_pairs(Miner *m, const AffinityBaskets *in, const Candidate *c, int32_t n)
{
	int64_t		cells = (int64_t) n * (n - 1) / 2;
	int32_t    *pairs;
	int32_t    *slot;
	int32_t    *present;

	if (n < 2 || n > PAIR_MATRIX_MAX_ITEMS || m->max_items < 2)
		return NULL;
	pairs = m->mem->alloc(m->mem->context, (size_t) cells * sizeof(int32_t));
	slot = m->mem->alloc(m->mem->context, ((size_t) in->items + 1) * sizeof(int32_t));
	present = m->mem->alloc(m->mem->context, (size_t) n * sizeof(int32_t));
	memset(pairs, 0, (size_t) cells * sizeof(int32_t));
	for (int32_t item = 0; item < in->items; item++)
		slot[item] = -1;
	for (int32_t k = 0; k < n; k++)
		slot[c[k].item] = k;
	for (int64_t b = 0; b < in->count; b++)
	{
		int32_t		f = 0;

		for (int64_t i = in->offsets[b]; i < in->offsets[b + 1]; i++)
			if (slot[in->ids[i]] >= 0)
				present[f++] = slot[in->ids[i]];	/* ascending, as the ids */
		for (int32_t x = 0; x < f; x++)
			for (int32_t y = x + 1; y < f; y++)
				pairs[pair_index(n, present[x], present[y])]++;
		poll_now_and_then(m);
	}
	m->mem->release(m->mem->context, slot);
	m->mem->release(m->mem->context, present);
	return pairs;
}

AffinityStatus
affinity_itemsets(const AffinityBaskets *in, int64_t min_count, int32_t max_items,
				  const AffinityMemory *mem, InterruptPoll poll, AffinityItemsets *sets)
{
	Miner		m = {mem, poll, min_count, max_items, 0, sets, NULL, 0};
	Candidate  *singles;
	int32_t		n;
	AffinityStatus status;

	memset(sets, 0, sizeof(*sets));
	if (reserve_nodes(&m, 1) != AFFINITY_OK)
		return AFFINITY_TOO_MANY_ITEMSETS;
	sets->nodes[0] = (Itemset) {
		.parent = -1, .first_child = -1, .count = in->count, .item = -1, .size = 0, .children = 0
	};
	sets->n = 1;
	if (max_items < 1 || in->count < 1)
		return AFFINITY_OK;
	n = frequent_items(&m, in, &singles);
	m.pairs = count_pairs(&m, in, singles, n);
	m.singles = n;
	status = n > 0 ? grow(&m, 0, singles, n) : AFFINITY_OK;
	free_candidates(&m, singles, n);
	if (m.pairs != NULL)
		mem->release(mem->context, m.pairs);
	return status;
}

void
affinity_itemsets_free(AffinityItemsets *sets, const AffinityMemory *mem)
{
	if (sets->nodes != NULL)
		mem->release(mem->context, sets->nodes);
	memset(sets, 0, sizeof(*sets));
}

void
itemset_items(const AffinityItemsets *sets, int64_t node, int32_t *items)
{
	for (int32_t k = sets->nodes[node].size - 1; k >= 0; k--)
	{
		items[k] = sets->nodes[node].item;
		node = sets->nodes[node].parent;
	}
}

/* The child of node that adds item, or -1. */
static int64_t
child_with(const AffinityItemsets *sets, int64_t node, int32_t item)
{
	int64_t		lo = sets->nodes[node].first_child;
	int64_t		hi = lo + sets->nodes[node].children;

	while (lo < hi)
	{
		int64_t		mid = lo + (hi - lo) / 2;

		if (sets->nodes[mid].item < item)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < sets->nodes[node].first_child + sets->nodes[node].children &&
		sets->nodes[lo].item == item)
		return lo;
	return -1;
}

int64_t
itemset_find(const AffinityItemsets *sets, const int32_t *items, int32_t n)
{
	int64_t		node = 0;

	for (int32_t k = 0; k < n && node >= 0; k++)
		node = child_with(sets, node, items[k]);
	return node;
}

void
affinity_rule_measures(int64_t baskets, int64_t count_xy, int64_t count_x, int64_t count_y,
					   AffinityRule *rule)
{
	double		n = (double) baskets;
	double		support_y = (double) count_y / n;

	rule->count = count_xy;
	rule->support = (double) count_xy / n;
	rule->confidence = (double) count_xy / (double) count_x;
	rule->lift = rule->confidence / support_y;
	rule->leverage = rule->support - ((double) count_x / n) * support_y;
	rule->conviction = count_xy == count_x ? INFINITY :
		(1.0 - support_y) / (1.0 - rule->confidence);
}

/* The rules of one itemset of two items or more, whose items are in items. */
static void
itemset_rules(const AffinityItemsets *sets, int64_t node, double min_confidence,
			  int32_t *items, AffinityEmit emit, void *context)
{
	int32_t		size = sets->nodes[node].size;

	itemset_items(sets, node, items);
	for (int32_t k = 0; k < size; k++)
	{
		int32_t		y = items[k];
		int64_t		x;
		AffinityRule rule;

		/* X: the items but y, y moved to the end of the list */
		memmove(&items[k], &items[k + 1], (size_t) (size - k - 1) * sizeof(int32_t));
		x = itemset_find(sets, items, size - 1);
		memmove(&items[k + 1], &items[k], (size_t) (size - k - 1) * sizeof(int32_t));
		items[k] = y;
		if ((double) sets->nodes[node].count / (double) sets->nodes[x].count < min_confidence)
			continue;
		rule.itemset = node;
		rule.antecedent = x;
		rule.consequent = y;
		affinity_rule_measures(sets->nodes[0].count, sets->nodes[node].count,
							   sets->nodes[x].count,
							   sets->nodes[itemset_find(sets, &y, 1)].count, &rule);
		emit(context, &rule);
	}
}

void
affinity_rules(const AffinityItemsets *sets, double min_confidence, int32_t *items,
			   AffinityEmit emit, void *context, InterruptPoll poll)
{
	for (int64_t node = 1; node < sets->n; node++)
	{
		if (poll != NULL && node % POLL_EVERY == 0)
			poll();
		if (sets->nodes[node].size >= 2)
			itemset_rules(sets, node, min_confidence, items, emit, context);
	}
}
