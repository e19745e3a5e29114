#!/usr/bin/env python3
"""The manual checks itself (run by test/docs.sh, inside a throwaway cluster).

  (a) every public function and aggregate of the extension has a reference
      entry: a heading under doc/ that names it;
  (b) every internal link of README.md and doc/*.md resolves: the file
      exists and the #anchor is one of its headings, by GitHub's slug rules;
  (c) every example that shows its output (a ```sql block immediately
      followed by a plain ``` block) gives that output, in psql's aligned
      format, trailing whitespace ignored. The sql blocks of one file run in
      order in one session, in a fresh database with the extension, the
      CDNOW table cdnow_transactions and search_path = public, portfolio,
      so a block sees what the blocks before it set up. A block preceded by
      <!-- docs-test: skip --> is not run at all (it needs another set-up:
      shards, pg_cron, ...); one preceded by <!-- docs-test: no-compare -->
      runs but its output is not compared (it cannot be deterministic).

Prints "ok - ..." / "not ok - ..." lines; exits 0 if all pass, 1 otherwise.
Standard library only; the server's programs are taken from $PG_BINDIR.
"""
import glob
import os
import re
import subprocess
import sys

PSQL = os.path.join(os.environ.get("PG_BINDIR", ""), "psql") if os.environ.get("PG_BINDIR") else "psql"
TEMPLATE = "portfolio_docs_template"
DB = "portfolio_docs"
MARKER = re.compile(r"^\s*<!--\s*docs-test:\s*(skip|no-compare)\s*-->\s*$")
# Functions of the extension that are not called by users and need no
# reference entry of their own (doc/internals.md and doc/tracking.md describe
# them): the aggregates' and types' support functions, trigger functions,
# functions whose comment calls them support functions, and the two helpers
# of the one-call retention functions.
SUPPORT_SUFFIX = re.compile(r"_(accum|combine|final|serialize|deserialize|in|out|send|recv)(_\w+)?$")
HELPERS = {"activity_as_of", "activity_query"}
ACCEPT = set(sys.argv[sys.argv.index("--accept") + 1:]) if "--accept" in sys.argv else set()

failed = 0


def report(ok, what, details=()):
    global failed
    print(("ok - " if ok else "not ok - ") + what)
    if not ok:
        failed += 1
        for d in details:
            print("#   " + d)


# ---- Markdown ----------------------------------------------------------------

FENCE = re.compile(r"^(\s*)(```+|~~~+)\s*([\w-]*)\s*$")


def slug(text):
    """GitHub's anchor for a heading: lower case, punctuation dropped
    (letters, digits, _ and - stay), spaces become hyphens."""
    t = text.strip().lower()
    t = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", t)
    t = re.sub(r"<[^>]+>", "", t)
    t = re.sub(r"[^\w\- ]", "", t)
    return t.replace(" ", "-")


def parse(path):
    """(headings, blocks, prose lines): headings as (line, level, text),
    blocks as dicts (lang, start, end, text, marker), prose as (line, text)
    outside code blocks."""
    lines = open(path, encoding="utf-8").read().split("\n")
    headings, blocks, prose = [], [], []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            indent, fence, lang = len(m.group(1)), m.group(2), m.group(3)
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith(fence[:3]):
                j += 1
            body = [l[indent:] if l[:indent].strip() == "" else l for l in lines[i + 1:j]]
            k = i - 1
            while k >= 0 and lines[k].strip() == "":
                k -= 1
            mm = MARKER.match(lines[k]) if k >= 0 else None
            blocks.append({"lang": lang, "start": i + 1, "end": j + 1, "text": "\n".join(body),
                           "marker": mm.group(1) if mm else None})
            i = j + 1
            continue
        h = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", lines[i])
        if h:
            headings.append((i + 1, len(h.group(1)), h.group(2)))
        prose.append((i + 1, lines[i]))
        i += 1
    return headings, blocks, prose


def anchors(headings):
    seen, out = {}, set()
    for _, _, text in headings:
        s = slug(text)
        if s in seen:
            seen[s] += 1
            out.add("%s-%d" % (s, seen[s]))
        else:
            seen[s] = 0
            out.add(s)
    return out


# ---- psql ----------------------------------------------------------------------

def psql(db, script, check=True):
    r = subprocess.run([PSQL, "-X", "-q", "-P", "footer=off", "-d", db],
                       input=script, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       text=True, env=dict(os.environ, PGOPTIONS="-c statement_timeout=120s"))
    if check and r.returncode != 0:
        raise RuntimeError("psql failed:\n" + r.stdout)
    return r.stdout


def normalize(text):
    lines = [l.rstrip() for l in text.split("\n")]
    while lines and lines[-1] == "":
        lines.pop()
    while lines and lines[0] == "":
        lines.pop(0)
    return lines


def main():
    accepted = []
    files = ["README.md"] + sorted(glob.glob("doc/*.md"))
    parsed = {f: parse(f) for f in files}

    # (b) links
    for f in files:
        bad = []
        for n, line in parsed[f][2]:
            line = re.sub(r"`[^`]*`", lambda m: m.group(0) if "](" not in m.group(0) else "", line)
            for target in re.findall(r"\]\(([^)\s]+)\)", line):
                if re.match(r"^[a-z]+:", target):
                    continue
                path, _, anchor = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(f), path)) if path else f
                if not os.path.exists(dest):
                    bad.append("%s:%d: %s: no file %s" % (f, n, target, dest))
                    continue
                if anchor and dest.endswith(".md"):
                    if dest not in parsed:
                        parsed[dest] = parse(dest)
                    if anchor not in anchors(parsed[dest][0]):
                        bad.append("%s:%d: %s: no heading of %s has the anchor #%s" % (f, n, target, dest, anchor))
        report(not bad, "%s: every internal link resolves" % f, bad)

    # the database: a template with the extension and CDNOW, one copy per file
    have_data = os.path.exists("data/cdnow/CDNOW_master.txt")
    psql("postgres", "DROP DATABASE IF EXISTS %s;\nDROP DATABASE IF EXISTS %s;\nCREATE DATABASE %s;\n"
         % (DB, TEMPLATE, TEMPLATE))
    try:
        psql(TEMPLATE, "\\set ON_ERROR_STOP on\nSET client_min_messages = warning;\nCREATE EXTENSION portfolio;\n"
             + ("\\i data/cdnow/load_cdnow.sql\n" if have_data else "") + "ANALYZE;\n")

        # (a) a reference entry for every public function and aggregate
        names = psql(TEMPLATE, r"""
\pset format unaligned
\pset tuples_only on
SELECT DISTINCT p.proname || '|' || coalesce(obj_description(p.oid, 'pg_proc'), '')
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'portfolio'
 WHERE p.prorettype <> 'trigger'::regtype
 ORDER BY 1;
""").split("\n")
        doc_headings = [text for f in files if f.startswith("doc/") for _, _, text in parsed[f][0]]
        doc_text = "\n".join(open(f, encoding="utf-8").read() for f in files if f.startswith("doc/"))
        missing, unmentioned, count = [], [], 0
        for row in filter(None, names):
            name, _, comment = row.partition("|")
            if SUPPORT_SUFFIX.search(name):
                continue
            if name in HELPERS or comment.startswith("support function"):
                if not re.search(r"`(portfolio\.)?%s[`(]" % re.escape(name), doc_text):
                    unmentioned.append(name)
                continue
            count += 1
            pat = re.compile(r"(^|[^\w.])(`?portfolio\.)?%s($|[^\w])" % re.escape(name))
            if not any(pat.search(h) for h in doc_headings):
                missing.append(name)
        report(not missing and count > 0,
               "every public function and aggregate (%d names) has a heading under doc/" % count,
               ["no heading names %s" % m for m in missing])
        report(not unmentioned, "every support function of the catalog is mentioned under doc/",
               ["doc/ never mentions `%s`" % m for m in unmentioned])

        # (c) the examples
        for f in files:
            blocks = parsed[f][1]
            examples = []
            for i, b in enumerate(blocks):
                if b["lang"] != "sql" or b["marker"] == "skip":
                    continue
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                shown = nxt if nxt and nxt["lang"] == "" and nxt["start"] == b["end"] + 1 else None
                examples.append((b, shown))
            if not any(shown for _, shown in examples):
                continue
            if not have_data:
                print("ok - %s: examples # SKIP no CDNOW data (a release archive carries none)" % f)
                continue
            script = ["SET search_path = public, portfolio;"]
            for k, (b, shown) in enumerate(examples):
                # an output that shows psql's "(N rows)" footer is compared with it
                footer = bool(shown and re.search(r"^\(\d+ rows?\)\s*$", shown["text"], re.M))
                script.append("\\echo @@docs-test-block-%d@@" % k)
                if footer:
                    script.append("\\pset footer on")
                script.append(b["text"].rstrip())
                # a block that leaves a statement unterminated must not swallow the next marker
                if not re.search(r";\s*(--[^\n]*)?$", b["text"].strip()) and not b["text"].strip().startswith("\\"):
                    script.append(";")
                if footer:
                    script.append("\\pset footer off")
            psql("postgres", "DROP DATABASE IF EXISTS %s;\nCREATE DATABASE %s TEMPLATE %s;\n" % (DB, DB, TEMPLATE))
            out = psql(DB, "\n".join(script) + "\n", check=False)
            parts = re.split(r"^@@docs-test-block-(\d+)@@\n", out, flags=re.M)
            got = {int(parts[j]): parts[j + 1] for j in range(1, len(parts) - 1, 2)}
            for k, (b, shown) in enumerate(examples):
                if shown is None:
                    continue
                what = "%s:%d: the example's output" % (f, b["start"])
                if b["marker"] == "no-compare":
                    print("ok - %s # SKIP marked no-compare" % what)
                    continue
                want, have = normalize(shown["text"]), normalize(got.get(k, "(no output: the session ended)"))
                details = []
                if want != have:
                    import difflib
                    details = list(difflib.unified_diff(want, have, "shown", "psql", lineterm="", n=1))
                report(want == have, what + " matches psql's", details)
                if want != have and "%s:%d" % (f, b["start"]) in ACCEPT:
                    accepted.append((f, shown, have))
    finally:
        psql("postgres", "DROP DATABASE IF EXISTS %s;\nDROP DATABASE IF EXISTS %s;\n" % (DB, TEMPLATE), check=False)
    # --accept FILE:LINE: write psql's output into that example's output block
    # (after reading the diff above: the test cannot tell a fix from a bug)
    for f, shown, have in sorted(accepted, key=lambda a: (a[0], -a[1]["start"])):
        lines = open(f, encoding="utf-8").read().split("\n")
        indent = lines[shown["start"] - 1][:len(lines[shown["start"] - 1]) - len(lines[shown["start"] - 1].lstrip())]
        lines[shown["start"]:shown["end"] - 1] = [(indent + l).rstrip() if l else "" for l in have]
        open(f, "w", encoding="utf-8").write("\n".join(lines))
        print("# accepted psql's output into %s:%d" % (f, shown["start"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
