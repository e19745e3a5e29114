#!/usr/bin/env python3
"""test/report/compare.py VALUES.json REFERENCE.csv: TAP lines comparing the
numbers the report shows (check.js's values.json, {data-k: data-v}) with the
reference (reference.sql's "key,value" rows).

Both must name the same marks. A number matches within a relative 1e-9 (the
plain-SQL references add in another order than the extension's C code); a
date, exactly. One line per section (the key up to its first colon), with
the first mismatches when it fails; the first line's number is START.
"""
import csv
import json
import sys


def same(shown, expected):
    try:
        a, b = float(shown), float(expected)
    except ValueError:
        return shown == expected
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


def main():
    values_path, reference_path, start = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(values_path) as f:
        shown = json.load(f)
    with open(reference_path, newline="") as f:
        reference = {row[0]: row[1] for row in csv.reader(f) if row}
    sections = sorted({k.split(":")[0] for k in list(shown) + list(reference)})
    n, failed = start - 1, 0
    for section in sections:
        keys = sorted(k for k in set(shown) | set(reference) if k.split(":")[0] == section)
        problems = []
        for k in keys:
            if k not in shown:
                problems.append("%s: not in the page (SQL: %s)" % (k, reference[k]))
            elif k not in reference:
                problems.append("%s: in the page (%s), not in the SQL results" % (k, shown[k]))
            elif not same(shown[k], reference[k]):
                problems.append("%s: the page shows %s, SQL gives %s" % (k, shown[k], reference[k]))
        n += 1
        print("%s %d - %s: the %d numbers in the page equal the SQL results"
              % ("not ok" if problems else "ok", n, section, len(keys)))
        for p in problems[:10]:
            print("#   " + p)
        if len(problems) > 10:
            print("#   ... and %d more" % (len(problems) - 10))
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
