/*
 * concentration_state_codec.c
 *		The text and binary codecs of portfolio.concentration_state.  See
 *		concentration_state_codec.h.
 */
#include "concentration_state_codec.h"

#include <math.h>
#include <string.h>

#include "concentration_core.h"

/* ---------- layout and parameters ---------- */

size_t
concentration_state_bytes(int64_t capacity)
{
	return CONCENTRATION_STATE_HEADER + (size_t) capacity * sizeof(double);
}

static bool
is_points(double value)
{
	return value == floor(value) && value >= 1 && value <= CONCENTRATION_MAX_POINTS;
}

static bool
is_fraction(double value)
{
	return value >= 0 && value <= 1;
}

int
concentration_param_kind(const ConcentrationState *state)
{
	if (state->kind != CONCENTRATION_UNTAGGED)
		return state->kind;
	return state->nargs == 1 && state->args[0] >= 2 && state->args[0] == floor(state->args[0])
		? CONCENTRATION_POINTS : CONCENTRATION_FRACTION;
}

ConcentrationArgsProblem
concentration_args_check(int32_t nargs, int kind, const double *args)
{
	if (nargs < 0 || nargs > CONCENTRATION_MAX_ARGS)
		return ARGS_COUNT;
	if (nargs == 2 && !concentration_abc_shares_valid(args[0], args[1]))
		return ARGS_SHARES;
	if (nargs != 1)
		return ARGS_OK;
	if (kind == CONCENTRATION_POINTS)
		return is_points(args[0]) ? ARGS_OK : ARGS_POINTS;
	if (kind == CONCENTRATION_FRACTION)
		return is_fraction(args[0]) ? ARGS_OK : ARGS_FRACTION;
	return is_fraction(args[0]) || is_points(args[0]) ? ARGS_OK : ARGS_FRACTION_OR_POINTS;
}

/* ---------- text ---------- */

/* Whether a list item follows: false at the end of the list (";" or the end). */
static TextStep
list_continues(TextCursor *c, bool first)
{
	text_skip_spaces(c);
	if (*c->p == '\0' || *c->p == ';')
		return TEXT_STEP_END;
	if (!first && !text_expect(c, ","))
		return TEXT_STEP_ERROR;
	return TEXT_STEP_ITEM;
}

/* lorenz's "points=N". */
static bool
read_points(ConcentrationReader *r)
{
	const char *start;

	text_skip_spaces(&r->c);
	start = r->c.p;
	if (!text_double(&r->c, TEXT_POINTS, &r->args[0]))
		return false;
	r->nargs = 1;
	r->kind = CONCENTRATION_POINTS;
	if (!is_points(r->args[0]))
	{
		r->c.error.number = CONCENTRATION_MAX_POINTS;
		return text_fail_at(&r->c, start, TEXT_POINTS_RANGE);
	}
	return true;
}

/* The parameters after "args=": up to two, which must make sense together. */
static bool
read_args(ConcentrationReader *r)
{
	const char *start;
	TextStep	step;

	text_skip_spaces(&r->c);
	start = r->c.p;
	while ((step = list_continues(&r->c, r->nargs == 0)) == TEXT_STEP_ITEM)
	{
		if (r->nargs == CONCENTRATION_MAX_ARGS)
			return text_fail(&r->c, TEXT_PARAMETER_COUNT);
		if (!text_double(&r->c, TEXT_PARAMETER, &r->args[r->nargs++]))
			return false;
	}
	if (step == TEXT_STEP_ERROR)
		return false;
	switch (concentration_args_check(r->nargs, CONCENTRATION_UNTAGGED, r->args))
	{
		case ARGS_OK:
			break;
		case ARGS_SHARES:
			return text_fail_at(&r->c, start, TEXT_SHARES);
		default:
			r->c.error.number = CONCENTRATION_MAX_POINTS;
			return text_fail_at(&r->c, start, TEXT_PARAMETERS);
	}
	r->kind = CONCENTRATION_UNTAGGED;
	if (r->nargs == 1)
	{
		ConcentrationState probe = {.nargs = 1, .args = {r->args[0], 0}};

		r->kind = (int16_t) concentration_param_kind(&probe);
	}
	return true;
}

bool
concentration_state_text_begin(ConcentrationReader *r, const char *input)
{
	memset(r, 0, sizeof(*r));
	text_cursor_init(&r->c, input);
	if (text_accept(&r->c, "points="))
	{
		if (!read_points(r))
			return false;
	}
	else if (!text_expect(&r->c, "args=") || !read_args(r))
		return false;
	return text_expect(&r->c, ";") && text_expect(&r->c, "values=");
}

TextStep
concentration_state_text_next(ConcentrationReader *r, int64_t values_read, double *value)
{
	TextStep	step = list_continues(&r->c, values_read == 0);
	const char *start;

	if (step == TEXT_STEP_END && *r->c.p != '\0')
	{
		text_fail(&r->c, TEXT_COMMA_OR_END);
		return TEXT_STEP_ERROR;
	}
	if (step != TEXT_STEP_ITEM)
		return step;
	text_skip_spaces(&r->c);
	start = r->c.p;
	if (!text_double(&r->c, TEXT_VALUE, value))
		return TEXT_STEP_ERROR;
	if (*value < 0)
	{
		text_fail_at(&r->c, start, TEXT_VALUE_SIGN);
		return TEXT_STEP_ERROR;
	}
	return TEXT_STEP_ITEM;
}

void
concentration_state_text_write(const ConcentrationState *state, TextOut *out)
{
	/* lorenz writes points= so that one point does not read back as top_share's 1 */
	if (state->nargs == 1 && concentration_param_kind(state) == CONCENTRATION_POINTS)
		text_out_string(out, "points=");
	else
		text_out_string(out, "args=");
	text_out_doubles(out, state->args, state->nargs, ',');
	text_out_string(out, "; values=");
	text_out_doubles(out, state->values, state->count, ',');
}

/* ---------- binary ---------- */

#define HEAD_BYTES 19			/* version, nargs, kind, count, room; then the args */

size_t
concentration_state_binary_size(const ConcentrationState *state)
{
	return HEAD_BYTES + (size_t) state->nargs * 8 + (size_t) state->count * 8;
}

void
concentration_state_binary_write(const ConcentrationState *state, int64_t room, uint8_t *out)
{
	ByteWriter	w = {out};

	bytes_put_u8(&w, BINARY_FORMAT_VERSION);
	bytes_put_u8(&w, (uint8_t) state->nargs);
	bytes_put_u8(&w, (uint8_t) state->kind);
	bytes_put_f64s(&w, state->args, state->nargs);
	bytes_put_i64(&w, state->count);
	bytes_put_i64(&w, room);
	bytes_put_f64s(&w, state->values, state->count);
}

static const BinaryProblem args_problems[] = {
	[ARGS_COUNT] = BINARY_NARGS,
	[ARGS_FRACTION] = BINARY_FRACTION,
	[ARGS_POINTS] = BINARY_POINTS,
	[ARGS_FRACTION_OR_POINTS] = BINARY_FRACTION_OR_POINTS,
	[ARGS_SHARES] = BINARY_SHARES,
};

/* nargs, kind and the parameters, which must make sense together. */
static bool
read_binary_args(ByteReader *r, ConcentrationHead *head)
{
	uint8_t		nargs;
	uint8_t		kind;
	size_t		at;
	ConcentrationArgsProblem problem;

	if (!bytes_u8_in(r, BINARY_NARGS, 0, CONCENTRATION_MAX_ARGS, &nargs) ||
		!bytes_u8_in(r, BINARY_KIND, CONCENTRATION_UNTAGGED, CONCENTRATION_POINTS, &kind))
		return false;
	if (kind != CONCENTRATION_UNTAGGED && nargs != 1)
		return bytes_fail(r, r->pos - 1, BINARY_KIND);
	head->nargs = nargs;
	head->kind = kind;
	at = r->pos;
	if (!bytes_finites(r, head->args, nargs))
		return false;
	problem = concentration_args_check(nargs, kind, head->args);
	return problem == ARGS_OK || bytes_fail(r, at, args_problems[problem]);
}

bool
concentration_state_binary_head(ByteReader *r, ConcentrationHead *head)
{
	memset(head, 0, sizeof(*head));
	return bytes_version(r) && read_binary_args(r, head) &&
		bytes_i64_in(r, BINARY_COUNT, 0, CONCENTRATION_STATE_MAX_COUNT, &head->count) &&
		bytes_i64_in(r, BINARY_ROOM, head->count, CONCENTRATION_STATE_MAX_COUNT, &head->room) &&
		bytes_items_left(r, head->count, 8, BINARY_VALUE_SIGN);
}

bool
concentration_state_binary_read(ByteReader *r, const ConcentrationHead *head,
								ConcentrationState *state)
{
	memset(&state->nargs, 0, concentration_state_bytes(head->room)
		   - offsetof(ConcentrationState, nargs));
	state->nargs = head->nargs;
	state->kind = head->kind;
	memcpy(state->args, head->args, sizeof(state->args));
	state->count = head->count;
	for (int64_t i = 0; i < head->count; i++)
	{
		if (!bytes_finite(r, &state->values[i]))
			return false;
		if (state->values[i] < 0)
			return bytes_fail(r, r->pos - 8, BINARY_VALUE_SIGN);
	}
	return bytes_end(r);
}
