/*
 * abc_cuts_codec.h
 *		The layout of portfolio.abc_cuts and its text and binary codecs.
 *
 * Pure C: no PostgreSQL headers.  The glue (abc.c) owns the memory, sets
 * the varlena header and turns a problem into an ereport.
 *
 * Text (floats in the shortest form that reads back exactly):
 *
 *   a_share=0.8; b_share=0.95; a=120.5; b=40
 *
 * Binary (network byte order, doubles as IEEE 754 bits):
 *
 *   u8 version (1), f64 a_share, f64 b_share (0 < a_share <= b_share <= 1),
 *   f64 a (finite, >= 0), f64 b (finite, 0 <= b <= a)
 */
#ifndef PORTFOLIO_ABC_CUTS_CODEC_H
#define PORTFOLIO_ABC_CUTS_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "binary_codec.h"
#include "text_codec.h"

/* portfolio.abc_cuts: the shares it was learned with and the thresholds. */
typedef struct AbcCuts
{
	int32_t		vl_len_;		/* varlena header, set by the glue */
	int32_t		padding;		/* zero */
	double		a_share;
	double		b_share;
	double		a;				/* smallest value of class A */
	double		b;				/* smallest value of class A or B; b <= a */
} AbcCuts;

/* The whole text; cuts gets every field but vl_len_. */
extern bool abc_cuts_text_read(TextCursor *c, AbcCuts *cuts);
extern void abc_cuts_text_write(const AbcCuts *cuts, TextOut *out);

#define ABC_CUTS_BINARY_SIZE 33

extern void abc_cuts_binary_write(const AbcCuts *cuts, uint8_t *out);

/* The whole value; cuts gets every field but vl_len_. */
extern bool abc_cuts_binary_read(ByteReader *r, AbcCuts *cuts);

#endif							/* PORTFOLIO_ABC_CUTS_CODEC_H */
