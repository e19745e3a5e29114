/*
 * compat.h
 *		Everything that differs between the PostgreSQL major versions
 *		portfolio builds against (15, 16, 17, 18), behind PG_VERSION_NUM
 *		guards in this one place; the rest of the code is written against
 *		the newest API. Include it after postgres.h.
 */
#ifndef PORTFOLIO_COMPAT_H
#define PORTFOLIO_COMPAT_H

#include "postgres.h"

/*
 * 18 replaced pg_attribute_noreturn(), written after a declaration, by
 * pg_noreturn (C11 _Noreturn), written before it. Before 18 the attribute
 * (GCC's __attribute__((noreturn)), MSVC's __declspec(noreturn)) may stand
 * at the start of a declaration too, so every declaration is written as
 * "pg_noreturn extern void f(...)".
 */
#if PG_VERSION_NUM < 180000 && !defined(pg_noreturn)
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * 16 moved the varlena macros (VARSIZE, SET_VARSIZE, VARDATA...) out of
 * postgres.h into varatt.h.
 */
#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#endif

#endif							/* PORTFOLIO_COMPAT_H */
