/*
 * strategy_core.h
 *		Two-by-two portfolio matrices: the key-account strategy (Millman and
 *		Wilson's KAM portfolio: account attractiveness x our relative
 *		strength) and the customer profitability matrix (Shapiro, Rangan,
 *		Moriarty and Ross 1987: net price x cost to serve), and the names of
 *		the strategies in English and Spanish.
 *
 * Pure C: no PostgreSQL headers.  A value is high when it is >= its cut, so
 * a value equal to its cut is high; infinities compare as numbers (Infinity
 * is high against any finite cut, -Infinity low; Infinity is high against
 * an Infinity cut).  The callers reject NaN, which is neither high nor low.
 */
#ifndef PORTFOLIO_STRATEGY_CORE_H
#define PORTFOLIO_STRATEGY_CORE_H

/* In the order of the labels of portfolio.kam_strategy. */
typedef enum KamStrategy
{
	KAM_INVEST_EXPAND,			/* high attractiveness, high strength */
	KAM_INVEST_SELECTIVE,		/* high attractiveness, low strength */
	KAM_MAINTAIN,				/* low attractiveness, high strength */
	KAM_MILK,					/* low attractiveness, low strength */
	KAM_STRATEGIES
} KamStrategy;

/* In the order of the labels of portfolio.profit_quadrant. */
typedef enum ProfitQuadrant
{
	PROFIT_CARRIAGE_TRADE,		/* high price, high cost to serve */
	PROFIT_PASSIVE,				/* high price, low cost */
	PROFIT_BARGAIN_BASEMENT,	/* low price, low cost */
	PROFIT_AGGRESSIVE,			/* low price, high cost */
	PROFIT_QUADRANTS
} ProfitQuadrant;

/* The languages of kam_strategy_name, in the order of strategy_languages. */
typedef enum StrategyLanguage
{
	STRATEGY_ENGLISH,
	STRATEGY_SPANISH,
	STRATEGY_LANGUAGES
} StrategyLanguage;

extern const char *const kam_strategy_labels[KAM_STRATEGIES];
extern const char *const profit_quadrant_labels[PROFIT_QUADRANTS];

/* The language codes, 'en' and 'es', and a list of them for messages. */
extern const char *const strategy_languages[STRATEGY_LANGUAGES];
extern const char *const strategy_language_list;

extern KamStrategy kam_strategy_of(double attractiveness, double strength,
								   double attractiveness_cut, double strength_cut);

extern ProfitQuadrant profit_quadrant_of(double net_price, double cost_to_serve,
										 double price_cut, double cost_cut);

/* The name of a strategy in a language, in UTF-8. */
extern const char *kam_strategy_name(KamStrategy strategy, StrategyLanguage language);

/* The language of a code ('en', 'es'); -1 if unknown. */
extern int	strategy_language_of(const char *code);

#endif							/* PORTFOLIO_STRATEGY_CORE_H */
