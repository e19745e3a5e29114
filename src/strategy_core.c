/*
 * strategy_core.c
 *		The key-account strategy and profitability quadrant of a pair of
 *		values, and the strategy names.  See strategy_core.h.
 */
#include "strategy_core.h"

#include <stdbool.h>
#include <string.h>

const char *const kam_strategy_labels[KAM_STRATEGIES] = {
	"invest_expand", "invest_selective", "maintain", "milk"
};

const char *const profit_quadrant_labels[PROFIT_QUADRANTS] = {
	"carriage_trade", "passive", "bargain_basement", "aggressive"
};

const char *const strategy_languages[STRATEGY_LANGUAGES] = {"en", "es"};
const char *const strategy_language_list = "'en' (English) or 'es' (Spanish)";

/* This file is UTF-8, and so are the names (the glue converts them). */
static const char *const kam_strategy_names[STRATEGY_LANGUAGES][KAM_STRATEGIES] = {
	{"Invest for growth", "Invest selectively", "Maintain", "Manage for cash"},
	{"Inversión expansiva", "Inversión selectiva", "Mantener", "Ordeñar"}
};

/* The quadrant index of a 2 x 2 matrix: rows high/low x, columns high/low y. */
static int
quadrant(double x, double y, double x_cut, double y_cut)
{
	bool		x_high = x >= x_cut;
	bool		y_high = y >= y_cut;

	return x_high ? (y_high ? 0 : 1) : (y_high ? 2 : 3);
}

KamStrategy
kam_strategy_of(double attractiveness, double strength, double attractiveness_cut,
				double strength_cut)
{
	static const KamStrategy by_quadrant[4] = {
		KAM_INVEST_EXPAND, KAM_INVEST_SELECTIVE, KAM_MAINTAIN, KAM_MILK
	};

	return by_quadrant[quadrant(attractiveness, strength, attractiveness_cut, strength_cut)];
}

ProfitQuadrant
profit_quadrant_of(double net_price, double cost_to_serve, double price_cut, double cost_cut)
{
	/* low price with high cost is aggressive, low with low bargain basement */
	static const ProfitQuadrant by_quadrant[4] = {
		PROFIT_CARRIAGE_TRADE, PROFIT_PASSIVE, PROFIT_AGGRESSIVE, PROFIT_BARGAIN_BASEMENT
	};

	return by_quadrant[quadrant(net_price, cost_to_serve, price_cut, cost_cut)];
}

const char *
kam_strategy_name(KamStrategy strategy, StrategyLanguage language)
{
	return kam_strategy_names[language][strategy];
}

int
strategy_language_of(const char *code)
{
	for (int i = 0; i < STRATEGY_LANGUAGES; i++)
		if (strcmp(code, strategy_languages[i]) == 0)
			return i;
	return -1;
}
