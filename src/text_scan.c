/*
 * text_scan.c
 *		The cursor the type input functions read their text with.
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "utils/float.h"

#include "text_scan.h"

void
scan_error(const Scanner *s, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", s->type, s->input),
			 errdetail("Expected %s at character %d.", expected, (int) (s->p - s->input) + 1)));
}

void
scan_skip_spaces(Scanner *s)
{
	while (isspace((unsigned char) *s->p))
		s->p++;
}

bool
scan_literal(Scanner *s, const char *literal)
{
	size_t		len = strlen(literal);

	scan_skip_spaces(s);
	if (strncmp(s->p, literal, len) != 0)
		return false;
	s->p += len;
	return true;
}

void
scan_expect(Scanner *s, const char *literal)
{
	if (!scan_literal(s, literal))
		scan_error(s, psprintf("\"%s\"", literal));
}

int64
scan_int64(Scanner *s, int64 min, const char *what)
{
	char	   *end;
	long long	value;

	scan_skip_spaces(s);
	errno = 0;
	value = strtoll(s->p, &end, 10);
	if (end == s->p || errno != 0 || value < min || !isdigit((unsigned char) end[-1]))
		scan_error(s, what);
	s->p = end;
	return value;
}

float8
scan_float8(Scanner *s, const char *what)
{
	char	   *end;
	double		value;

	scan_skip_spaces(s);
	/* strtod, not float8in: it must not raise its own error mid-text. */
	errno = 0;
	value = strtod(s->p, &end);
	if (end == s->p || isnan(value) || isinf(value) ||
		!(isdigit((unsigned char) end[-1]) || end[-1] == '.') ||
		(errno == ERANGE && value == 0) ||	/* float8in: out of range */
		scan_hex_float_ahead(s->p))
		scan_error(s, what);
	s->p = end;
	return value + 0.0;
}

bool
scan_hex_float_ahead(const char *p)
{
	if (*p == '+' || *p == '-')
		p++;
	return p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
}

const char *
scan_word(Scanner *s, size_t *len)
{
	const char *start;

	scan_skip_spaces(s);
	start = s->p;
	while (isalpha((unsigned char) *s->p) || *s->p == '_')
		s->p++;
	*len = s->p - start;
	return start;
}

bool
scan_next_item(Scanner *s, bool first_item)
{
	scan_skip_spaces(s);
	if (*s->p == '\0')
		return false;
	if (!first_item)
		scan_expect(s, ";");
	return true;
}
