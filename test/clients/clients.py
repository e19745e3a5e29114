"""The BI workload of test/clients.sh from Python, as notebooks run it.

    python3 test/clients/clients.py psycopg|psycopg2 WORKLOAD

psycopg (3) with its defaults: server-side parameters, dates bound as
datetime.date, strings as unknown.  psycopg2 through pandas.read_sql with
coerce_float=False, as an analyst loads a DataFrame: numeric stays Decimal.
Connects with the PG* environment variables; prints TAP lines.
"""
import concurrent.futures
import datetime
import decimal
import statistics
import sys
import time

driver = sys.argv[1]
if driver == "psycopg":
    import psycopg as db
else:
    import pandas
    import psycopg2 as db

count = failed = 0


def check(ok, what):
    global count, failed
    count += 1
    failed += not ok
    print(f"{'ok' if ok else 'not ok'} {count} - {driver}: {what}")


def read_workload(path):
    """test/clients/workload.txt: see its header."""
    queries, dashboard, q = [], (8, 20), None
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        f = line.split("\t")
        if f[0] == "dashboard":
            dashboard = (int(f[1]), int(f[2]))
        elif f[0] == "param":
            q["params"].append(f[1])
        elif f[0] == "sql":
            q["sql"] = f[1] if q["sql"] is None else q["sql"] + "\n" + f[1]
        else:
            q = {"kind": f[0], "name": f[1], "params": [], "sql": None,
                 "reference": f[2] if f[0] == "rows" else None,
                 "rows": int(f[3]) if f[0] == "rows" else None,
                 "expect": f[2] if f[0] == "error" else None,
                 "function": f[3] if f[0] == "error" else None}
            queries.append(q)
    return queries, dashboard


def value(p):
    if p.startswith("date:"):
        return datetime.date.fromisoformat(p[5:])
    if p.startswith("int:"):
        return int(p[4:])
    if p.startswith("float:"):
        return float(p[6:])
    if p.startswith("array:"):
        return p[6:].split(",")
    return p


def bind(q):
    return q["sql"].replace("%", "%%").replace("?", "%s"), [value(p) for p in q["params"]]


def fetch(conn, q):
    """(column names, rows as lists of Python values)."""
    sql, params = bind(q)
    if driver == "psycopg2":
        frame = pandas.read_sql(sql, conn, params=params, coerce_float=False)
        rows = [[None if _isnull(v) else _plain(v) for v in r] for r in frame.itertuples(index=False)]
        return list(frame.columns), rows
    with conn.cursor() as cur:
        cur.execute(sql, params, prepare=True)
        return [d.name for d in cur.description], [list(r) for r in cur.fetchall()]


def _isnull(v):
    try:
        return pandas.isna(v)
    except (TypeError, ValueError):
        return False


def _plain(v):
    """pandas gives numpy scalars and Timestamps: back to Python values."""
    if hasattr(v, "item") and not isinstance(v, (decimal.Decimal, str)):
        return v.item()
    if isinstance(v, pandas.Timestamp):
        return v.to_pydatetime()
    return v


def same(a, b):
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (a != a and b != b)
    return a == b


def opaque(v):
    """A value the driver could not type: a composite arrives as '(...)'."""
    return isinstance(v, str) and v.startswith("(") and v.endswith(")")


def compare(conn, q, ref):
    names, got = fetch(conn, q)
    _, want = fetch(conn, ref)
    mismatches = abs(len(got) - len(want))
    mismatches += sum(not same(a, b) for g, w in zip(got, want) for a, b in zip(g, w))
    strings = sum(opaque(v) for r in got for v in r)
    check(len(got) == q["rows"], f"{q['name']}: {len(got)} rows (want {q['rows']})")
    check(strings == 0, f"{q['name']}: no composite arrives as a string ({strings})")
    check(mismatches == 0,
          f"{q['name']}: equal to {ref['name']} ({mismatches} mismatches over {len(names)} columns)")


def error(conn, q):
    try:
        fetch(conn, q)
        check(False, f"{q['name']}: no error (want {q['expect']})")
    except Exception as raised:  # pandas wraps the driver's error in its own
        e = raised if isinstance(raised, db.Error) else raised.__cause__
        if not isinstance(e, db.Error):
            raise
        if driver == "psycopg":
            state, diag = e.sqlstate, e.diag
        else:
            state, diag = e.pgcode, e.diag
        check(state == q["expect"] and diag.message_hint is not None
              and own_context(diag.context, q["function"]),
              f"{q['name']}: {state} (want {q['expect']}), detail {diag.message_detail}, "
              f"hint {diag.message_hint}, "
              + ("no context" if diag.context is None else "context " + diag.context.replace("\n", " ")))
    conn.rollback()


def own_context(context, function):
    """No context, or one line: the function called itself, never the statements inside it."""
    context = (context or "").rstrip("\n")
    return context == "" or ("\n" not in context and f"function portfolio.{function}(" in context)


def dashboard(tiles, connections, rounds):
    def worker(_):
        errors, times = 0, {}
        conn = db.connect("")
        conn.autocommit = True
        for _ in range(rounds):
            for q in tiles:
                t0 = time.perf_counter()
                try:
                    fetch(conn, q)
                except Exception:  # the driver's error, or pandas' around it
                    errors += 1
                times.setdefault(q["name"], []).append((time.perf_counter() - t0) * 1000)
        conn.close()
        return errors, times

    with concurrent.futures.ThreadPoolExecutor(connections) as pool:
        results = list(pool.map(worker, range(connections)))
    errors = sum(e for e, _ in results)
    check(errors == 0, f"dashboard: {connections} connections x {rounds} rounds, {errors} errors")
    for q in tiles:
        ms = sorted(t for _, times in results for t in times[q["name"]])
        p95 = ms[max(0, -(-len(ms) * 95 // 100) - 1)]
        print(f"# {driver} {q['name']}: p50 {statistics.median(ms):.0f} ms, p95 {p95:.0f} ms")


def main():
    queries, (connections, rounds) = read_workload(sys.argv[2])
    by_name = {q["name"]: q for q in queries}
    conn = db.connect("")
    for q in queries:
        if q["kind"] == "rows":
            compare(conn, q, by_name[q["reference"]])
        elif q["kind"] == "error":
            error(conn, q)
    conn.close()
    dashboard([q for q in queries if q["kind"] == "tile"], connections, rounds)
    print(f"1..{count}")
    sys.exit(1 if failed else 0)


main()
