/*
 * interrupt_poll.h
 *		The callback through which the pure C cores let the PostgreSQL glue
 *		check for query cancellation during long computations.
 */
#ifndef PORTFOLIO_INTERRUPT_POLL_H
#define PORTFOLIO_INTERRUPT_POLL_H

/* Called now and then by long computations: the glue checks for interrupts. */
typedef void (*InterruptPoll) (void);

#endif							/* PORTFOLIO_INTERRUPT_POLL_H */
