/*
 * affinity_core.h
 *		Frequent itemsets and association rules of a set of baskets: Eclat
 *		(depth-first, on the sorted lists of the baskets that hold each
 *		itemset), and the rules X -> y with one item on the right.
 *
 * Pure C: no PostgreSQL headers.  Memory comes from the caller's allocator;
 * long loops call the caller's poll.
 *
 * Definitions, with N baskets and n(S) the baskets holding every item of S:
 *	 support	n(X u {y}) / N
 *	 confidence	n(X u {y}) / n(X)
 *	 lift		confidence / (n(y) / N)
 *	 leverage	support - (n(X) / N) (n(y) / N)
 *	 conviction	(1 - n(y) / N) / (1 - confidence), +Infinity when confidence is 1
 * An itemset is frequent when n(S) / N >= min_support; a rule is kept when
 * X u {y} is frequent, has at most max_items items, and its confidence is
 * >= min_confidence (both compared as doubles, as a SQL query would).
 */
#ifndef PORTFOLIO_AFFINITY_CORE_H
#define PORTFOLIO_AFFINITY_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "interrupt_poll.h"

/* The most frequent itemsets a mining may find (about 40 bytes each). */
#define AFFINITY_MAX_ITEMSETS 4000000

/* The baskets, each a list of item ids 0 .. items - 1, ascending. */
typedef struct AffinityBaskets
{
	int64_t		count;			/* baskets */
	int32_t		items;			/* distinct items */
	const int64_t *offsets;		/* count + 1: basket i is ids[offsets[i] .. offsets[i + 1]) */
	const int32_t *ids;
} AffinityBaskets;

/* The caller's memory: alloc never returns NULL (it fails by not returning). */
typedef struct AffinityMemory
{
	void	   *(*alloc) (void *context, size_t bytes);
	void		(*release) (void *context, void *block);
	void	   *context;
} AffinityMemory;

/*
 * A frequent itemset: a node of the tree whose root is the empty set and
 * whose children extend their parent by one item greater than its own, in
 * ascending order of item.
 */
typedef struct Itemset
{
	int64_t		parent;			/* -1 for the root */
	int64_t		first_child;	/* -1 without children */
	int64_t		count;			/* baskets that hold it */
	int32_t		item;			/* the item it adds to its parent; -1 for the root */
	int32_t		size;			/* its items */
	int32_t		children;
} Itemset;

typedef struct AffinityItemsets
{
	Itemset    *nodes;			/* nodes[0] is the root: count is every basket */
	int64_t		n;
	int64_t		capacity;
} AffinityItemsets;

typedef enum AffinityStatus
{
	AFFINITY_OK,
	AFFINITY_TOO_MANY_ITEMSETS	/* more than AFFINITY_MAX_ITEMSETS */
} AffinityStatus;

/* The least count n with n / baskets >= min_support (in (0, 1]); baskets >= 1. */
extern int64_t affinity_min_count(double min_support, int64_t baskets);

/*
 * Every itemset of 1 .. max_items items held by at least min_count baskets,
 * into sets (which affinity_itemsets_free releases, also after an error
 * status).
 */
extern AffinityStatus affinity_itemsets(const AffinityBaskets *in, int64_t min_count,
										int32_t max_items, const AffinityMemory *mem,
										InterruptPoll poll, AffinityItemsets *sets);
extern void affinity_itemsets_free(AffinityItemsets *sets, const AffinityMemory *mem);

/* The items of a node, ascending, into items (room for its size). */
extern void itemset_items(const AffinityItemsets *sets, int64_t node, int32_t *items);

/* The node of the n items given (ascending), or -1 when it is not frequent. */
extern int64_t itemset_find(const AffinityItemsets *sets, const int32_t *items, int32_t n);

typedef struct AffinityRule
{
	int64_t		itemset;		/* the node of X u {y} */
	int64_t		antecedent;		/* the node of X */
	int32_t		consequent;		/* y */
	int64_t		count;			/* n(X u {y}) */
	double		support;
	double		confidence;
	double		lift;
	double		leverage;
	double		conviction;
} AffinityRule;

/* The measures of a rule from its counts (see the definitions above). */
extern void affinity_rule_measures(int64_t baskets, int64_t count_xy, int64_t count_x,
								   int64_t count_y, AffinityRule *rule);

typedef void (*AffinityEmit) (void *context, const AffinityRule *rule);

/*
 * Every rule X -> y of the itemsets (X u {y} of two items or more) with
 * confidence >= min_confidence, itemset by itemset in tree order and y
 * ascending within one; items is scratch for the largest itemset's size.
 */
extern void affinity_rules(const AffinityItemsets *sets, double min_confidence, int32_t *items,
						   AffinityEmit emit, void *context, InterruptPoll poll);

#endif							/* PORTFOLIO_AFFINITY_CORE_H */
