/*
 * abc_cuts_codec.c
 *		The text and binary codecs of portfolio.abc_cuts.  See
 *		abc_cuts_codec.h.
 */
#include "abc_cuts_codec.h"

#include <string.h>

#include "concentration_core.h"

/* ---------- text ---------- */

/* The fields in their order: name, and name with "=" (error words must last). */
static const char *const fields[][2] = {
	{"a_share", "a_share="}, {"b_share", "b_share="}, {"a", "a="}, {"b", "b="}
};

/* "; name=" (no ";" first) and a finite number; *start gets where it begins. */
static bool
read_field(TextCursor *c, int field, double *value, const char **start)
{
	if ((field > 0 && !text_expect(c, ";")) || !text_expect(c, fields[field][1]))
		return false;
	text_skip_spaces(c);
	*start = c->p;
	c->error.word = fields[field][0];
	return text_double(c, TEXT_NUMBER_FOR, value);
}

bool
abc_cuts_text_read(TextCursor *c, AbcCuts *cuts)
{
	const char *start;

	memset(&cuts->padding, 0, sizeof(AbcCuts) - offsetof(AbcCuts, padding));
	if (!read_field(c, 0, &cuts->a_share, &start) || !read_field(c, 1, &cuts->b_share, &start))
		return false;
	if (!concentration_abc_shares_valid(cuts->a_share, cuts->b_share))
		return text_fail_at(c, start, TEXT_SHARES);
	if (!read_field(c, 2, &cuts->a, &start))
		return false;
	if (cuts->a < 0)
		return text_fail_at(c, start, TEXT_THRESHOLD_A);
	if (!read_field(c, 3, &cuts->b, &start))
		return false;
	if (cuts->b < 0 || cuts->b > cuts->a)
		return text_fail_at(c, start, TEXT_THRESHOLD_B);
	return text_at_end(c) || text_fail(c, TEXT_END);
}

static void
write_field(TextOut *out, const char *name, double value)
{
	if (out->len > 0)
		text_out_string(out, "; ");
	text_out_string(out, name);
	text_out_char(out, '=');
	text_out_double(out, value);
}

void
abc_cuts_text_write(const AbcCuts *cuts, TextOut *out)
{
	write_field(out, "a_share", cuts->a_share);
	write_field(out, "b_share", cuts->b_share);
	write_field(out, "a", cuts->a);
	write_field(out, "b", cuts->b);
}

/* ---------- binary ---------- */

void
abc_cuts_binary_write(const AbcCuts *cuts, uint8_t *out)
{
	ByteWriter	w = {out};

	bytes_put_u8(&w, BINARY_FORMAT_VERSION);
	bytes_put_f64(&w, cuts->a_share);
	bytes_put_f64(&w, cuts->b_share);
	bytes_put_f64(&w, cuts->a);
	bytes_put_f64(&w, cuts->b);
}

bool
abc_cuts_binary_read(ByteReader *r, AbcCuts *cuts)
{
	memset(&cuts->padding, 0, sizeof(AbcCuts) - offsetof(AbcCuts, padding));
	if (!bytes_version(r) || !bytes_finite(r, &cuts->a_share) || !bytes_finite(r, &cuts->b_share))
		return false;
	if (!concentration_abc_shares_valid(cuts->a_share, cuts->b_share))
		return bytes_fail(r, r->pos - 16, BINARY_SHARES);
	if (!bytes_finite(r, &cuts->a))
		return false;
	if (cuts->a < 0)
		return bytes_fail(r, r->pos - 8, BINARY_THRESHOLD_A);
	if (!bytes_finite(r, &cuts->b))
		return false;
	if (cuts->b < 0 || cuts->b > cuts->a)
		return bytes_fail(r, r->pos - 8, BINARY_THRESHOLD_B);
	return bytes_end(r);
}
