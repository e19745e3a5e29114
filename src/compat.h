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
 * 16 gave float8in_internal() a last argument for soft errors (escontext);
 * NULL keeps them hard errors, as in 15. The caller includes utils/float.h.
 */
#if PG_VERSION_NUM >= 160000
#define portfolio_float8in(num, endptr, type_name, orig) \
	float8in_internal((num), (endptr), (type_name), (orig), NULL)
#else
#define portfolio_float8in(num, endptr, type_name, orig) \
	float8in_internal((num), (endptr), (type_name), (orig))
#endif

#endif							/* PORTFOLIO_COMPAT_H */
