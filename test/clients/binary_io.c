/*
 * binary_io.c
 *		A small libpq client for test/binary_io.sh: it moves values of
 *		portfolio's types through the binary protocol, which SQL alone cannot
 *		reach (a receive function takes an internal argument).  It connects
 *		with the PG* environment variables.
 *
 *   binary_io roundtrip TYPE EXPR
 *		Fetch EXPR (of portfolio.TYPE) as a binary result, send those bytes
 *		back as a binary parameter of TYPE, and print "ok" if the value that
 *		arrives has the same text and the same send bytes as EXPR (else
 *		"not ok" and why).
 *   binary_io param TYPE HEX
 *		Send HEX as a binary parameter of TYPE: prints "accepted TEXT", or
 *		"error SQLSTATE MESSAGE | DETAIL".
 *   binary_io copy TABLE HEX
 *		COPY TABLE FROM STDIN (FORMAT binary), one row whose one column is
 *		HEX: prints "accepted" or "error SQLSTATE MESSAGE | DETAIL".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libpq-fe.h"

static void
die(const char *what, PGconn *conn)
{
	fprintf(stderr, "binary_io: %s: %s", what, PQerrorMessage(conn));
	exit(2);
}

/* The OID of portfolio.TYPE. */
static Oid
type_oid(PGconn *conn, const char *type)
{
	char		query[256];
	PGresult   *res;
	Oid			oid;

	snprintf(query, sizeof(query), "SELECT 'portfolio.%s'::pg_catalog.regtype::pg_catalog.oid", type);
	res = PQexec(conn, query);
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		die("type lookup", conn);
	oid = (Oid) strtoul(PQgetvalue(res, 0, 0), NULL, 10);
	PQclear(res);
	return oid;
}

static void
print_error(const PGresult *res)
{
	const char *detail = PQresultErrorField(res, PG_DIAG_MESSAGE_DETAIL);

	printf("error %s %s | %s\n", PQresultErrorField(res, PG_DIAG_SQLSTATE),
		   PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY), detail ? detail : "");
}

/* The bytes of a hex string (spaces allowed), malloc'd. */
static char *
unhex(const char *hex, int *len)
{
	char	   *bytes = malloc(strlen(hex) / 2 + 1);

	*len = 0;
	for (const char *p = hex; *p != '\0';)
	{
		unsigned	b;

		if (*p == ' ')
		{
			p++;
			continue;
		}
		if (sscanf(p, "%2x", &b) != 1)
			break;
		bytes[(*len)++] = (char) b;
		p += 2;
	}
	return bytes;
}

static int
roundtrip(PGconn *conn, const char *type, const char *expr)
{
	char		query[4096];
	PGresult   *got;
	PGresult   *back;
	Oid			oid = type_oid(conn, type);
	const char *value;
	int			len;
	int			format = 1;

	snprintf(query, sizeof(query), "SELECT (%s)::portfolio.%s", expr, type);
	got = PQexecParams(conn, query, 0, NULL, NULL, NULL, NULL, 1);
	if (PQresultStatus(got) != PGRES_TUPLES_OK)
		die(query, conn);
	value = PQgetvalue(got, 0, 0);
	len = PQgetlength(got, 0, 0);
	snprintf(query, sizeof(query),
			 "SELECT $1::pg_catalog.text = (%s)::portfolio.%s::pg_catalog.text, "
			 "portfolio_internal.%s_send($1) = portfolio_internal.%s_send((%s)::portfolio.%s)",
			 expr, type, type, type, expr, type);
	back = PQexecParams(conn, query, 1, &oid, &value, &len, &format, 0);
	if (PQresultStatus(back) != PGRES_TUPLES_OK)
	{
		printf("not ok: ");
		print_error(back);
		return 1;
	}
	if (strcmp(PQgetvalue(back, 0, 0), "t") != 0 || strcmp(PQgetvalue(back, 0, 1), "t") != 0)
	{
		printf("not ok: same text %s, same bytes %s\n", PQgetvalue(back, 0, 0), PQgetvalue(back, 0, 1));
		return 1;
	}
	printf("ok\n");
	PQclear(got);
	PQclear(back);
	return 0;
}

static int
param(PGconn *conn, const char *type, const char *hex)
{
	char		query[256];
	Oid			oid = type_oid(conn, type);
	int			len;
	char	   *bytes = unhex(hex, &len);
	const char *value = bytes;
	int			format = 1;
	PGresult   *res;

	snprintf(query, sizeof(query), "SELECT $1::pg_catalog.text");
	res = PQexecParams(conn, query, 1, &oid, &value, &len, &format, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK)
		printf("accepted %s\n", PQgetvalue(res, 0, 0));
	else
		print_error(res);
	PQclear(res);
	free(bytes);
	return 0;
}

/* A binary COPY stream of one row with one field. */
static char *
copy_stream(const char *field, int field_len, int *len)
{
	static const char header[] = "PGCOPY\n\377\r\n";
	char	   *s = malloc((size_t) field_len + 32);
	unsigned char *p = (unsigned char *) s;

	memcpy(p, header, 11);
	p += 11;
	memset(p, 0, 8);			/* flags, header extension length */
	p += 8;
	*p++ = 0, *p++ = 1;			/* one field */
	*p++ = (unsigned char) (field_len >> 24), *p++ = (unsigned char) (field_len >> 16);
	*p++ = (unsigned char) (field_len >> 8), *p++ = (unsigned char) field_len;
	memcpy(p, field, (size_t) field_len);
	p += field_len;
	*p++ = 0xff, *p++ = 0xff;	/* the trailer */
	*len = (int) ((char *) p - s);
	return s;
}

static int
copy_in(PGconn *conn, const char *table, const char *hex)
{
	char		query[256];
	int			field_len,
				len;
	char	   *field = unhex(hex, &field_len);
	char	   *stream = copy_stream(field, field_len, &len);
	PGresult   *res;

	snprintf(query, sizeof(query), "COPY %s FROM STDIN (FORMAT binary)", table);
	res = PQexec(conn, query);
	if (PQresultStatus(res) != PGRES_COPY_IN)
		die(query, conn);
	PQclear(res);
	if (PQputCopyData(conn, stream, len) != 1 || PQputCopyEnd(conn, NULL) != 1)
		die("copy data", conn);
	res = PQgetResult(conn);
	if (PQresultStatus(res) == PGRES_COMMAND_OK)
		printf("accepted\n");
	else
		print_error(res);
	PQclear(res);
	free(field);
	free(stream);
	return 0;
}

int
main(int argc, char **argv)
{
	PGconn	   *conn;
	int			status;

	if (argc != 4)
	{
		fprintf(stderr, "usage: binary_io roundtrip TYPE EXPR | param TYPE HEX | copy TABLE HEX\n");
		return 2;
	}
	conn = PQconnectdb("");
	if (PQstatus(conn) != CONNECTION_OK)
		die("connection", conn);
	if (strcmp(argv[1], "roundtrip") == 0)
		status = roundtrip(conn, argv[2], argv[3]);
	else if (strcmp(argv[1], "param") == 0)
		status = param(conn, argv[2], argv[3]);
	else
		status = copy_in(conn, argv[2], argv[3]);
	PQfinish(conn);
	return status;
}
