/*
 * mbgnbd_core.h
 *		MBG/NBD model (Batislam, Denizel & Filiztekin 2007): predictions.
 *
 * The model is BG/NBD's (bgnbd_core.h) but for one drop-out chance more:
 * a customer may also drop out right after the first purchase, at t = 0,
 * so one without repeat purchases is no longer certainly alive.  Pure C;
 * the callers have checked the arguments as for BG/NBD (parameters finite
 * and > 0, a valid history, t >= 0 finite, n >= 0).  The fit is in
 * bgnbd_fit_core.h (mbgnbd_fit), which shares BG/NBD's likelihood code.
 */
#ifndef PORTFOLIO_MBGNBD_CORE_H
#define PORTFOLIO_MBGNBD_CORE_H

#include "bgnbd_core.h"
#include "purchase_model_core.h"

/*
 * An MBG/NBD model: its parameters (r, alpha, a, b), and the survivor, the
 * BG/NBD model of a customer who did not drop out at t = 0, whose p has
 * the prior Beta(a, b + 1).  Given alive at T, an MBG/NBD customer with
 * history (x, t_x, T) has the posterior of the survivor's: p ~ Beta(a, b
 * + x + 1), lambda ~ Gamma(r + x, alpha + T); every prediction is its own
 * P(alive) times a mean over that posterior, computed by bgnbd_core.c.
 *
 * Without the first drop-out chance (first_drop false) the same functions
 * give the BG/NBD model's predictions (the survivor is then the model
 * itself), so that the SQL glue serves both models with one code.
 */
typedef struct MbgnbdModel
{
	BgnbdParams params;
	BgnbdParams survivor;
	bool		first_drop;
} MbgnbdModel;

/* The MBG/NBD model of these (valid) parameters, or with first_drop false BG/NBD's. */
extern void mbgnbd_model_init(MbgnbdModel *mm, const BgnbdParams *m, bool first_drop);

/*
 * P(alive at T | x, t_x, T) = 1 / (1 + a / (b + x) ((alpha + T) / (alpha
 * + t_x))^(r + x)), for every x (t_x = 0 when x = 0); within [0, 1]; and
 * its logarithm.
 */
extern double mbgnbd_p_alive(const MbgnbdModel *mm, double x, double tx, double T);
extern double mbgnbd_log_p_alive(const MbgnbdModel *mm, double x, double tx, double T);

/* E[X(t)]: expected repeat purchases of a new customer in (0, t]. */
extern double mbgnbd_expected_new(const MbgnbdModel *mm, double t);

/* E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] given the history. */
extern double mbgnbd_expected_conditional(const MbgnbdModel *mm, double t, double x,
										  double tx, double T);

/* P(alive at T + t | x, t_x, T), counting the drop-outs of purchases in between. */
extern double mbgnbd_p_alive_future(const MbgnbdModel *mm, double t, double x, double tx,
									double T);

/*
 * DERT: int_0^inf e^(-delta t) dE[Y(t) | x, t_x, T], delta > 0 per unit of
 * time: P(alive) times the survivor's DERT mean.
 */
extern double mbgnbd_dert(const MbgnbdModel *mm, double x, double tx, double T, double delta);

/*
 * P(X(t) = n) for a new customer: a / (a + b) [n = 0] (dropped out at t =
 * 0) + b / (a + b) times the survivor's BG/NBD pmf.
 */
extern double mbgnbd_pmf(const MbgnbdModel *mm, int n, double t);

/* MBG/NBD as a purchase model, for CLV; mm must outlive it. */
extern PurchaseModel mbgnbd_purchase_model(const MbgnbdModel *mm);

#endif							/* PORTFOLIO_MBGNBD_CORE_H */
