#!/usr/bin/env python3
"""Write the portfolio report of an orders table as one self-contained HTML file.

    scripts/html_report.py [--dbname CONNINFO] [--table orders] [--customer-column customer_id]
                           [--date-column txn_date] [--amount-column amount] [--as-of DATE]
                           [--calibration-end DATE] [--title TEXT] [--currency USD]
                           [--output report.html]

The data come from scripts/html_report.sql, run once through psql --csv
(PSQL, or psql on PATH, with the usual PG* variables or --dbname); every
number in it comes from the extension's functions. This script only draws:
nine charts as inline SVG with inline CSS, no JavaScript, no web fonts and
no reference to anything outside the file (its Content-Security-Policy lets
the browser fetch nothing). Each drawn number carries its value as psql
printed it in data-k (its name) and data-v attributes, which test/report.sh
compares with fresh SQL results. Python 3 standard library only.
"""
import argparse
import csv
import datetime
import html
import io
import math
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------- the data


def run_queries(args):
    """The sections of html_report.sql's output: {name: [row dict, ...]}."""
    psql = os.environ.get("PSQL") or "psql"
    cmd = [psql, "-X", "-q", "--csv", "-v", "ON_ERROR_STOP=1",
           "-v", "tbl=" + args.table, "-v", "customer_col=" + args.customer_column,
           "-v", "date_col=" + args.date_column, "-v", "amount_col=" + args.amount_column,
           "-v", "as_of=" + (args.as_of or ""),
           "-v", "calibration_end=" + (args.calibration_end or ""),
           "-f", os.path.join(HERE, "html_report.sql")]
    if args.dbname:
        cmd[1:1] = ["-d", args.dbname]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        sys.exit("html_report.py: psql failed:\n" + done.stderr)
    sections, name, lines = {}, None, []
    for line in done.stdout.splitlines() + ["@@ end"]:
        if line.startswith("@@ "):
            if name is not None:
                sections[name] = list(csv.DictReader(io.StringIO("\n".join(lines))))
            name, lines = line[3:].strip(), []
        elif name is not None:
            lines.append(line)
    return sections


# ------------------------------------------------------------- formatting


def num(text):
    return float(text) if text not in (None, "") else None


def money(x, currency):
    """1234567.8 -> '1.23M USD'; below 10,000 in full."""
    if x is None:
        return "-"
    for size, unit, suffix in ((1e9, 1e9, "G"), (1e6, 1e6, "M"), (1e4, 1e3, "k")):
        if abs(x) >= size:
            return "%.3g%s %s" % (x / unit, suffix, currency)
    return "{:,.0f} {}".format(x, currency)


def count(x):
    return "{:,}".format(int(round(x)))


def pct(x, digits=1):
    return ("%." + str(digits) + "f%%") % (100 * x)


def esc(text):
    return html.escape(str(text), quote=True)


def data(key, value):
    """The data-k / data-v attributes of a mark that shows a number."""
    return ' data-k="%s" data-v="%s"' % (esc(key), esc(value))


def nice_ticks(top, count_=5):
    """Round tick values from 0 to at least top."""
    if top <= 0:
        return [0, 1]
    raw = top / count_
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    return [i * step for i in range(int(math.ceil(top / step - 1e-9)) + 1)]


def tick_label(v):
    if v and abs(v) >= 1e6:
        return "%gM" % (v / 1e6)
    if v and abs(v) >= 1e4:
        return "%gk" % (v / 1e3)
    return "%g" % v


def blend(t, low=(239, 246, 255), high=(8, 48, 107)):
    """A colour between low (t = 0) and high (t = 1)."""
    t = min(max(t, 0.0), 1.0)
    return "#%02x%02x%02x" % tuple(round(a + (b - a) * t) for a, b in zip(low, high))


# ---------------------------------------------------------------- drawing


class Svg:
    """One chart: a plot area inside margins, in a fixed viewBox."""

    def __init__(self, width=760, height=380, left=70, right=20, top=20, bottom=56):
        self.w, self.h = width, height
        self.x0, self.x1, self.y0, self.y1 = left, width - right, top, height - bottom
        self.parts = []

    def add(self, text):
        self.parts.append(text)

    def rect(self, x, y, w, h, fill, extra="", title=None):
        t = "<title>%s</title>" % esc(title) if title else ""
        self.add('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s"%s>%s</rect>'
                 % (x, y, max(w, 0), max(h, 0), fill, extra, t))

    def line(self, x1, y1, x2, y2, cls="axis"):
        self.add('<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" class="%s"/>' % (x1, y1, x2, y2, cls))

    def text(self, x, y, s, anchor="middle", cls="", rotate=False):
        r = ' transform="rotate(-90 %.1f %.1f)"' % (x, y) if rotate else ""
        c = ' class="%s"' % cls if cls else ""
        self.add('<text x="%.1f" y="%.1f" text-anchor="%s"%s%s>%s</text>' % (x, y, anchor, c, r, esc(s)))

    def axis_titles(self, x_title, y_title=None):
        self.text((self.x0 + self.x1) / 2, self.h - 10, x_title, cls="axis-title")
        if y_title:
            self.text(16, (self.y0 + self.y1) / 2, y_title, cls="axis-title", rotate=True)

    def y_axis(self, top, fmt=tick_label):
        """Ticks and grid lines from 0 to top; returns the value -> y mapping."""
        ticks = nice_ticks(top)
        span = ticks[-1] or 1
        to_y = lambda v: self.y1 - (self.y1 - self.y0) * v / span
        for v in ticks:
            self.line(self.x0, to_y(v), self.x1, to_y(v), "grid")
            self.text(self.x0 - 6, to_y(v) + 4, fmt(v), anchor="end")
        self.line(self.x0, self.y1, self.x1, self.y1)
        self.line(self.x0, self.y0, self.x0, self.y1)
        return to_y

    def legend(self, items, x=None, y=None):
        x = self.x0 + 10 if x is None else x
        y = self.y0 + 4 if y is None else y
        for i, (label, style) in enumerate(items):
            self.add('<rect x="%.1f" y="%.1f" width="12" height="12" %s/>' % (x, y + 18 * i, style))
            self.text(x + 18, y + 18 * i + 10, label, anchor="start")

    def svg(self, label):
        return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" style="max-width: %dpx" '
                'role="img" aria-label="%s">%s</svg>'
                % (self.w, self.h, self.w * 1.25, esc(label), "".join(self.parts)))


def figure(chart_id, title, reading, svg, note=""):
    """A chart: its title, its one-line reading, the SVG and a note."""
    return ('<figure class="chart" id="%s"><figcaption><h2>%s</h2><p class="reading">%s</p>'
            '</figcaption>%s%s</figure>'
            % (chart_id, esc(title), esc(reading), svg,
               '<p class="note">%s</p>' % esc(note) if note else ""))


# ------------------------------------------------------------------ charts


def cohort_chart(rows):
    cohorts = sorted({r["cohort"] for r in rows})
    periods = max(int(r["period"]) for r in rows) + 1
    size = {r["cohort"]: int(r["cohort_size"]) for r in rows}
    later = [num(r["retention"]) for r in rows if int(r["period"]) > 0]
    top = max(later) if later else 1
    g = Svg(height=max(200, 110 + 22 * len(cohorts)), left=150, right=80)
    cw = (g.x1 - g.x0) / periods
    ch = (g.y1 - g.y0) / len(cohorts)
    for r in rows:
        i, k = cohorts.index(r["cohort"]), int(r["period"])
        v = num(r["retention"])
        x, y = g.x0 + k * cw, g.y0 + i * ch
        fill = "#d9d9d9" if k == 0 else blend(v / top if top else 0)
        g.rect(x + 0.5, y + 0.5, cw - 1, ch - 1, fill, data("cohort:%s:%d" % (r["cohort"][:7], k), r["retention"]),
               "%s, month %d: %s of %s customers bought" % (r["cohort"][:7], k, pct(v), count(size[r["cohort"]])))
        if cw >= 26 and ch >= 14:
            dark = k > 0 and top and v / top > 0.55
            g.text(x + cw / 2, y + ch / 2 + 4, "%.0f" % (100 * v), cls="cell light" if dark else "cell")
    for i, c in enumerate(cohorts):
        if ch >= 10 or i % max(1, int(12 / ch)) == 0:
            g.text(g.x0 - 6, g.y0 + (i + 0.5) * ch + 4, "%s (%s)" % (c[:7], count(size[c])), anchor="end")
    step = max(1, int(math.ceil(periods / 24)))
    for k in range(0, periods, step):
        g.text(g.x0 + (k + 0.5) * cw, g.y1 + 16, str(k))
    # the colour scale
    for j in range(10):
        g.rect(g.x1 + 20, g.y0 + 10 + 15 * (9 - j), 16, 15, blend((j + 0.5) / 10))
    g.text(g.x1 + 40, g.y0 + 8, pct(top, 0), anchor="start")
    g.text(g.x1 + 40, g.y0 + 164, "0%", anchor="start")
    g.axis_titles("months after the first purchase month (0 = that month)")
    g.text(14, g.y0 - 6, "cohort (customers)", anchor="start", cls="axis-title")
    return figure("cohorts", "Monthly cohort retention",
                  "Of the customers who first bought in a month (a row), the % who bought again n months "
                  "later: darker is more; month 0 is everyone.",
                  g.svg("cohort retention heatmap"),
                  "Cell numbers: % of the cohort. Colour scale from 0 to the highest month after the first.")


def segments_chart(rows, currency):
    total_c = sum(int(r["customers"]) for r in rows) or 1
    total_r = sum(num(r["revenue"]) for r in rows) or 1
    g = Svg(height=70 + 30 * len(rows), left=150, right=200, top=30, bottom=40)
    bh = (g.y1 - g.y0) / len(rows)
    top = max(max(int(r["customers"]) / total_c, num(r["revenue"]) / total_r) for r in rows)
    ticks = nice_ticks(100 * top)
    to_x = lambda share: g.x0 + (g.x1 - g.x0) * 100 * share / ticks[-1]
    for v in ticks:
        x = g.x0 + (g.x1 - g.x0) * v / ticks[-1]
        g.line(x, g.y0, x, g.y1, "grid")
        g.text(x, g.y1 + 16, "%g%%" % v)
    for i, r in enumerate(rows):
        y = g.y0 + i * bh
        c, rev = int(r["customers"]), num(r["revenue"])
        g.text(g.x0 - 6, y + bh / 2 + 4, r["segment"], anchor="end")
        g.rect(g.x0, y + 3, to_x(c / total_c) - g.x0, bh / 2 - 3, "#9e9e9e",
               data("segment:%s:customers" % r["segment"], r["customers"]),
               "%s: %s customers" % (r["segment"], count(c)))
        g.rect(g.x0, y + bh / 2, to_x(rev / total_r) - g.x0, bh / 2 - 3, "#1f77b4",
               data("segment:%s:revenue" % r["segment"], r["revenue"]),
               "%s: %s" % (r["segment"], money(rev, currency)))
        g.text(max(to_x(c / total_c), to_x(rev / total_r)) + 4, y + bh / 2 + 4,
               "%s customers, %s" % (count(c), money(rev, currency)), anchor="start", cls="small")
    g.line(g.x0, g.y0, g.x0, g.y1)
    g.legend([("% of customers", 'fill="#9e9e9e"'), ("% of revenue", 'fill="#1f77b4"')],
             x=g.x1 - 150, y=g.y0 - 26)
    g.axis_titles("% of all customers / of all revenue", "RFM segment")
    return figure("segments", "RFM segments: customers and revenue",
                  "Each segment's share of the customers (grey) and of the revenue (blue): a short grey "
                  "bar over a long blue one is a few customers who bring much.",
                  g.svg("RFM segment sizes and revenue"),
                  "Scores 1-5 from quintiles of recency, frequency and revenue; the segment is the first "
                  "rule of portfolio.rfm_segments that matches.")


def lorenz_chart(points, conc):
    g = Svg(width=520, height=460, left=70, right=30, top=20, bottom=56)
    side = min(g.x1 - g.x0, g.y1 - g.y0)
    g.x1, g.y0 = g.x0 + side, g.y1 - side
    to_x = lambda v: g.x0 + side * v
    to_y = lambda v: g.y1 - side * v
    for v in (0, 0.2, 0.4, 0.6, 0.8, 1):
        g.line(to_x(v), g.y0, to_x(v), g.y1, "grid")
        g.line(g.x0, to_y(v), g.x1, to_y(v), "grid")
        g.text(to_x(v), g.y1 + 16, pct(v, 0))
        g.text(g.x0 - 6, to_y(v) + 4, pct(v, 0), anchor="end")
    g.line(g.x0, g.y1, g.x1, g.y0, "equality")
    xy = [(to_x(num(p["customers_share"])), to_y(num(p["revenue_share"]))) for p in points]
    # the area between the diagonal and the curve
    g.add('<polygon points="%s" class="lorenz-area"/>' % " ".join("%.1f,%.1f" % p for p in xy))
    g.add('<polyline points="%s" class="lorenz"%s/>'
          % (" ".join("%.1f,%.1f" % p for p in xy), data("concentration:gini", conc["gini"])))
    top20 = num(conc["top20"])
    g.add('<circle cx="%.1f" cy="%.1f" r="4" class="marker"%s><title>the top 20%% bring %s</title></circle>'
          % (to_x(0.8), to_y(1 - top20), data("concentration:top20", conc["top20"]), pct(top20)))
    g.line(to_x(0.8), to_y(1 - top20), to_x(0.8), g.y0, "bracket")
    g.text(to_x(0.8) - 6, (to_y(1 - top20) + g.y0) / 2, "top 20%%: %s" % pct(top20), anchor="end",
           cls="callout")
    g.text(g.x0 + 10, g.y0 + 20, "Gini %.3f" % num(conc["gini"]), anchor="start", cls="callout")
    g.text(g.x0 + 10, g.y0 + 38, "top 1%%: %s of revenue" % pct(num(conc["top1"])), anchor="start")
    g.line(g.x0, g.y1, g.x1, g.y1)
    g.line(g.x0, g.y0, g.x0, g.y1)
    g.axis_titles("% of customers, smallest revenue first", "% of revenue")
    return figure("lorenz", "Concentration of revenue: the Lorenz curve",
                  "The share of revenue brought by the smallest x% of customers; the further the curve "
                  "sags below the diagonal (equal customers), the more a few customers matter.",
                  g.svg("Lorenz curve of revenue per customer"),
                  "Gini: 0 when every customer brings the same, 1 when one brings everything "
                  "(portfolio.gini, portfolio.top_share, portfolio.lorenz)." + negative_note(conc))


def negative_note(conc):
    n = int(conc["negative"])
    return (" %s customers whose returns exceed their purchases count 0." % count(n)) if n else ""


def abc_chart(rows, currency, conc):
    total_c = sum(int(r["customers"]) for r in rows) or 1
    total_r = sum(num(r["revenue"]) for r in rows) or 1
    g = Svg(width=520, height=380, left=80)
    to_y = g.y_axis(max(num(r["revenue"]) for r in rows) * 1.15)
    bw = (g.x1 - g.x0) / len(rows)
    colours = {"A": "#08306b", "B": "#4292c6", "C": "#9ecae1"}
    for i, r in enumerate(rows):
        rev, c = num(r["revenue"]), int(r["customers"])
        x = g.x0 + i * bw + bw * 0.2
        g.rect(x, to_y(rev), bw * 0.6, g.y1 - to_y(rev), colours.get(r["class"], "#777"),
               data("abc:%s:revenue" % r["class"], r["revenue"]),
               "class %s: %s" % (r["class"], money(rev, currency)))
        g.text(x + bw * 0.3, to_y(rev) - 22, "%s of revenue" % pct(rev / total_r), cls="small")
        g.add('<text x="%.1f" y="%.1f" text-anchor="middle" class="small"%s>%s customers (%s)</text>'
              % (x + bw * 0.3, to_y(rev) - 8, data("abc:%s:customers" % r["class"], r["customers"]),
                 count(c), pct(c / total_c)))
        g.text(x + bw * 0.3, g.y1 + 16, "class " + r["class"])
    g.axis_titles("ABC class (80 / 15 / 5% of revenue)", "revenue (%s)" % currency)
    return figure("abc", "Revenue by ABC class",
                  "Customers ranked by revenue: A bring the first 80% of it, B the next 15%, C the last "
                  "5%; compare each class's share of revenue with its share of customers.",
                  g.svg("revenue by ABC class"),
                  "portfolio.abc_cuts and portfolio.abc_class; smallest revenue in class A: %s."
                  % money(num(rows[0]["smallest"]), currency) + negative_note(conc))


def fit_note(model):
    """The parameters of a BG/NBD fit, and a warning when it did not converge."""
    text = "r %.3f, alpha %.3f, a %.3f, b %.3f" % tuple(num(model[k]) for k in ("r", "alpha", "a", "b"))
    if model["converged"] != "t":
        text += "; the fit DID NOT CONVERGE: read the model's numbers with care"
    return text


def histogram_chart(rows, overview, model):
    g = Svg()
    to_y = g.y_axis(max(max(int(r["actual"]), num(r["expected"])) for r in rows) * 1.05, fmt=tick_label)
    bw = (g.x1 - g.x0) / len(rows)
    for i, r in enumerate(rows):
        x = g.x0 + i * bw
        a, e = int(r["actual"]), num(r["expected"])
        g.rect(x + bw * 0.12, to_y(a), bw * 0.36, g.y1 - to_y(a), "#1f77b4",
               data("histogram:%s:actual" % r["repeat_purchases"], r["actual"]),
               "%s repeat purchases: %s customers" % (r["label"], count(a)))
        g.rect(x + bw * 0.52, to_y(e), bw * 0.36, g.y1 - to_y(e), "#ff7f0e",
               data("histogram:%s:expected" % r["repeat_purchases"], r["expected"]),
               "%s repeat purchases: %s expected" % (r["label"], count(e)))
        g.text(x + bw / 2, g.y1 + 16, r["label"])
    g.legend([("actual", 'fill="#1f77b4"'), ("BG/NBD expectation", 'fill="#ff7f0e"')], x=g.x1 - 170)
    g.axis_titles("repeat purchases (days with a purchase after the first), up to %s"
                  % overview["calibration_end"], "customers")
    return figure("histogram", "Repeat purchases: actual against the BG/NBD model",
                  "How many customers made 0, 1, 2, ... repeat purchases in the calibration period, and "
                  "how many the fitted model expects: bars of equal height mean the model fits.",
                  g.svg("repeat-purchase histogram against the BG/NBD expectation"),
                  "portfolio.repeat_purchase_histogram with BG/NBD fitted on the orders up to %s, in weeks "
                  "(%s)." % (overview["calibration_end"], fit_note(model)))


def tracking_chart(rows, overview, model):
    g = Svg()
    n = len(rows)
    to_y = g.y_axis(max(max(int(r["cumulative_actual"]), num(r["cumulative_expected"])) for r in rows) * 1.05)
    to_x = lambda w: g.x0 + (g.x1 - g.x0) * w / n
    cal = [int(r["week"]) for r in rows if r["holdout"] == "f"]
    if cal and len(cal) < n:
        x = to_x(max(cal))
        g.line(x, g.y0, x, g.y1, "cut")
        g.text(x - 4, g.y0 + 12, "calibration", anchor="end", cls="small")
        g.text(x + 4, g.y0 + 12, "holdout", anchor="start", cls="small")
    for key, cls in (("cumulative_actual", "actual"), ("cumulative_expected", "expected")):
        g.add('<polyline class="%s" points="%s"/>'
              % (cls, " ".join("%.1f,%.1f" % (to_x(int(r["week"])), to_y(num(r[key]))) for r in rows)))
        for r in rows:
            g.add('<circle class="dot-%s" cx="%.1f" cy="%.1f" r="1.6"%s/>'
                  % (cls, to_x(int(r["week"])), to_y(num(r[key])),
                     data("tracking:%s:%s" % (r["week"], cls), r[key])))
    step = nice_ticks(n, 8)[1]
    for w in range(0, n + 1, int(step)):
        g.text(to_x(w), g.y1 + 16, str(w))
    g.legend([("actual", 'fill="#1f77b4"'), ("BG/NBD (calibration fit)", 'fill="#ff7f0e"')])
    g.axis_titles("week since the first purchase in the data (weeks end %s .. %s)"
                  % (rows[0]["period_end"], rows[-1]["period_end"]), "repeat purchases, running total")
    return figure("tracking", "Calibration and holdout: cumulative repeat purchases, week by week",
                  "Repeat purchases since the start, as they happened and as the model fitted on the "
                  "calibration weeks expects; after the dashed line the model is forecasting.",
                  g.svg("tracking plot of cumulative repeat purchases"),
                  "portfolio.purchase_tracking: the model expects for each customer from the day of its "
                  "first purchase; BG/NBD fitted on the orders up to %s (%s)."
                  % (overview["calibration_end"], fit_note(model)))


def p_alive_chart(rows, models):
    freqs = sorted({int(r["frequency"]) for r in rows})
    recs = sorted({num(r["recency"]) for r in rows if int(r["frequency"]) > 0})
    g = Svg(height=max(260, 100 + 14 * len(freqs)), left=70, right=90)
    cw = (g.x1 - g.x0) / len(recs)
    ch = (g.y1 - g.y0) / len(freqs)
    age = recs[-1]
    for r in rows:
        f, rec, p = int(r["frequency"]), num(r["recency"]), num(r["p_alive"])
        y = g.y1 - (freqs.index(f) + 1) * ch
        if f == 0:
            x, w = g.x0, g.x1 - g.x0
        else:
            x, w = g.x0 + recs.index(rec) * cw, cw
        g.rect(x + 0.3, y + 0.3, w - 0.6, ch - 0.6, p_colour(p), data("p_alive:%d:%s" % (f, r["recency"]), r["p_alive"]),
               "%d repeat purchases, last at week %.1f: P(alive) %.2f" % (f, rec, p))
    for i, f in enumerate(freqs):
        if ch >= 11 or f % 5 == 0:
            g.text(g.x0 - 6, g.y1 - (i + 0.5) * ch + 4, str(f), anchor="end")
    for j, rec in enumerate(recs):
        if j % 5 == 0:
            g.text(g.x0 + (j + 0.5) * cw, g.y1 + 16, "%g" % round(rec, 1))
    for j in range(10):
        g.rect(g.x1 + 20, g.y0 + 10 + 15 * (9 - j), 16, 15, p_colour((j + 0.5) / 10))
    g.text(g.x1 + 40, g.y0 + 12, "1", anchor="start")
    g.text(g.x1 + 40, g.y0 + 164, "0", anchor="start")
    g.text(g.x1 + 20, g.y0 + 182, "P(alive)", anchor="start", cls="small")
    g.axis_titles("recency: week of the last purchase (customer age %.0f weeks)" % age,
                  "repeat purchases")
    return figure("p_alive", "Probability alive by frequency and recency",
                  "For a customer as old as the oldest (%.0f weeks): the chance it still buys, from how "
                  "often it bought and when it last did; green is likely alive, red likely gone." % age,
                  g.svg("P(alive) frequency by recency matrix"),
                  "portfolio.bgnbd_matrix with BG/NBD fitted on all orders, in weeks (%s)."
                  % fit_note(models["all"]))


def p_colour(p):
    """Red (0) through yellow (0.5) to green (1)."""
    if p < 0.5:
        return blend(p / 0.5, (215, 48, 39), (254, 224, 139))
    return blend((p - 0.5) / 0.5, (254, 224, 139), (26, 152, 80))


def strategy_chart(quadrants, grid, currency):
    g = Svg(height=440, left=70, right=20)
    s0, s1, a0, a1 = (num(grid[0][k]) for k in ("s0", "s1", "a0", "a1"))
    to_x = lambda s: g.x0 + (g.x1 - g.x0) * (s - s0) / (s1 - s0)
    to_y = lambda a: g.y1 - (g.y1 - g.y0) * (a - a0) / (a1 - a0)
    cw, ch = (g.x1 - g.x0) / 30, (g.y1 - g.y0) / 30
    most = max(int(c["customers"]) for c in grid)
    for c in grid:
        x, y, n = int(c["x"]), int(c["y"]), int(c["customers"])
        g.rect(g.x0 + (x - 1) * cw, g.y1 - y * ch, cw, ch, blend(math.log1p(n) / math.log1p(most)),
               data("strategy_grid:%d:%d" % (x, y), c["customers"]), "%s customers" % count(n))
    g.line(to_x(0), g.y0, to_x(0), g.y1, "cut")
    g.line(g.x0, to_y(0), g.x1, to_y(0), "cut")
    total_r = sum(num(q["revenue"]) for q in quadrants) or 1
    for q in quadrants:
        high_a, high_s = q["high_attractiveness"] == "t", q["high_strength"] == "t"
        x = g.x1 - 8 if high_s else g.x0 + 8
        y = g.y0 + 16 if high_a else g.y1 - 30
        anchor = "end" if high_s else "start"
        g.text(x, y, q["label"], anchor=anchor, cls="quadrant")
        g.add('<text x="%.1f" y="%.1f" text-anchor="%s" class="small halo"%s>%s customers, %s of revenue</text>'
              % (x, y + 15, anchor, data("strategy:%s:customers" % q["strategy"], q["customers"]),
                 count(int(q["customers"])), pct(num(q["revenue"]) / total_r)))
    for v in range(math.ceil(s0), math.floor(s1) + 1):
        g.text(to_x(v), g.y1 + 16, str(v))
    for v in range(math.ceil(a0), math.floor(a1) + 1):
        g.text(g.x0 - 6, to_y(v) + 4, str(v), anchor="end")
    g.line(g.x0, g.y1, g.x1, g.y1)
    g.line(g.x0, g.y0, g.x0, g.y1)
    g.axis_titles("our strength (z-score: revenue so far, repeat purchases)",
                  "attractiveness (z-score: CLV, P(alive))")
    return figure("strategy", "Key-account strategy map",
                  "Every customer placed by how attractive it is and how strong we are with it; darker "
                  "cells hold more customers; the quadrant names the strategy.",
                  g.svg("key-account strategy map"),
                  "portfolio.kam_strategy with cuts at the portfolio average (0); attractiveness = 0.6 "
                  "ln(1 + CLV) + 0.4 P(alive), strength = 0.5 ln(1 + revenue) + 0.5 ln(1 + repeat "
                  "purchases), each z-scored (portfolio.scaler_fit, portfolio.weighted_score).")


def forecast_chart(rows, currency):
    g = Svg(left=80)
    to_y = g.y_axis(max(num(r["revenue"]) for r in rows) * 1.15)
    bw = (g.x1 - g.x0) / len(rows)
    for i, r in enumerate(rows):
        rev, tx = num(r["revenue"]), num(r["transactions"])
        x = g.x0 + i * bw
        g.rect(x + bw * 0.15, to_y(rev), bw * 0.7, g.y1 - to_y(rev), "#2ca02c",
               data("forecast:%s:revenue" % r["period"], r["revenue"]),
               "%s: %s, %s purchases" % (r["period_start"][:7], money(rev, currency), count(tx)))
        g.add('<text x="%.1f" y="%.1f" text-anchor="middle" class="small"%s>%s</text>'
              % (x + bw / 2, to_y(rev) - 6, data("forecast:%s:transactions" % r["period"], r["transactions"]),
                 count(tx)))
        g.text(x + bw / 2, g.y1 + 16, r["period_start"][:7])
    g.axis_titles("month (bars: expected revenue; numbers above: expected purchases)",
                  "expected revenue (%s)" % currency)
    return figure("forecast", "Sales forecast of the existing customers, month by month",
                  "The revenue and purchases the current customers are expected to bring in each of the "
                  "next 12 months: it falls as customers drop out, and short months bring less (no new customers "
                  "are counted).",
                  g.svg("sales forecast per month"),
                  "portfolio.forecast with BG/NBD and Gamma-Gamma fitted on all orders; total %s."
                  % money(sum(num(r["revenue"]) for r in rows), currency))


# ------------------------------------------------------------------ page

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
       color: #222; margin: 0 auto; max-width: 980px; padding: 16px 24px 48px; background: #fff; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 17px; margin: 0 0 2px; }
.sub { color: #555; margin: 0 0 16px; }
.kpis { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0 24px; padding: 0; list-style: none; }
.kpis li { background: #f4f6f8; border-radius: 6px; padding: 8px 14px; }
.kpis b { display: block; font-size: 18px; }
figure.chart { margin: 0 0 28px; padding: 14px 16px; border: 1px solid #e2e5e9; border-radius: 8px;
               break-inside: avoid; background: #fff; }
figure.chart svg { width: 100%; height: auto; display: block; }
.reading { margin: 0 0 8px; color: #333; }
.note { margin: 6px 0 0; font-size: 12px; color: #666; }
svg text { font: 11px system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; fill: #333; }
svg .axis-title { font-size: 12px; fill: #555; }
svg .small { font-size: 10.5px; }
svg .cell { font-size: 10px; fill: #222; }
svg .cell.light { fill: #fff; }
svg .callout { font-size: 14px; font-weight: 600; }
svg .quadrant { font-size: 13px; font-weight: 600; fill: #111; }
svg .quadrant, svg .halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg .axis { stroke: #555; stroke-width: 1; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; }
svg .cut { stroke: #444; stroke-width: 1.2; stroke-dasharray: 5 4; }
svg .equality { stroke: #999; stroke-width: 1; stroke-dasharray: 4 3; }
svg .bracket { stroke: #d62728; stroke-width: 1.5; }
svg .lorenz { fill: none; stroke: #1f77b4; stroke-width: 2.5; }
svg .lorenz-area { fill: #1f77b4; fill-opacity: 0.12; stroke: none; }
svg .marker { fill: #d62728; }
svg .actual { fill: none; stroke: #1f77b4; stroke-width: 2.2; }
svg .expected { fill: none; stroke: #ff7f0e; stroke-width: 2.2; stroke-dasharray: 6 3; }
svg .dot-actual { fill: #1f77b4; }
svg .dot-expected { fill: #ff7f0e; }
footer { color: #666; font-size: 12px; margin-top: 24px; }
"""


def page(args, s):
    ov = s["overview"][0]
    models = {m["fit"]: m for m in s["models"]}
    cur = args.currency
    conc = s["concentration"][0]
    title = args.title or "Customer portfolio: %s" % args.table
    kpis = [("customers", count(int(ov["customers"])), "overview:customers", ov["customers"]),
            ("transactions", count(int(ov["transactions"])), "overview:transactions", ov["transactions"]),
            ("revenue", money(num(ov["revenue"]), cur), "overview:revenue", ov["revenue"]),
            ("repeat customers", count(int(ov["repeat_customers"])), "overview:repeat_customers",
             ov["repeat_customers"]),
            ("Gini of revenue", "%.3f" % num(conc["gini"]), None, None),
            ("top 20% bring", pct(num(conc["top20"])), None, None)]
    charts = [
        cohort_chart(s["cohorts"]),
        segments_chart(s["segments"], cur),
        lorenz_chart(s["lorenz"], conc),
        abc_chart(s["abc"], cur, conc),
        histogram_chart(s["histogram"], ov, models["calibration"]),
        tracking_chart(s["tracking"], ov, models["calibration"]),
        p_alive_chart(s["p_alive"], models),
        strategy_chart(s["strategy"], s["strategy_grid"], cur),
        forecast_chart(s["forecast"], cur),
    ]
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        # The browser may fetch nothing: no script, font, image or style from anywhere.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        'style-src \'unsafe-inline\'; img-src data:">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>%s</title><style>%s</style></head><body>" % (esc(title), CSS),
        "<h1>%s</h1>" % esc(title),
        '<p class="sub">Orders from %s to %s; as of <span%s>%s</span>. Models calibrated on the orders '
        "up to <span%s>%s</span>. Money in %s.</p>"
        % (ov["first_date"], ov["last_date"], data("overview:as_of", ov["as_of"]), ov["as_of"],
           data("overview:calibration_end", ov["calibration_end"]), ov["calibration_end"], esc(cur)),
        '<ul class="kpis">' + "".join(
            "<li%s>%s<b>%s</b></li>" % (data(k, v) if k else "", esc(label), esc(value))
            for label, value, k, v in kpis) + "</ul>",
    ] + charts + [
        "<footer>Made by the portfolio PostgreSQL extension (scripts/html_report.py), %s. Every number "
        "comes from its functions; hover a mark for its value.</footer>"
        % datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "</body></html>", ""])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dbname", "-d", help="database name or connection string (default: the PG* variables)")
    p.add_argument("--table", default="cdnow_transactions", help="the orders table (may be schema-qualified)")
    p.add_argument("--customer-column", default="customer_id")
    p.add_argument("--date-column", default="txn_date")
    p.add_argument("--amount-column", default="amount")
    p.add_argument("--as-of", help="the report's date (default: the last order date)")
    p.add_argument("--calibration-end", help="last day of the models' calibration period "
                   "(default: halfway from the first order date to --as-of)")
    p.add_argument("--title", help="the page's title")
    p.add_argument("--currency", default="USD", help="the unit of the amounts, as written on the axes")
    p.add_argument("--output", "-o", default="portfolio-report.html", help="the HTML file to write ('-': stdout)")
    args = p.parse_args()
    for d in (args.as_of, args.calibration_end):
        if d:
            try:
                datetime.date.fromisoformat(d)
            except ValueError:
                p.error("dates are written YYYY-MM-DD, not %r" % d)
    sections = run_queries(args)
    empty = [n for n in ("overview", "cohorts", "segments", "lorenz", "abc", "histogram", "tracking",
                         "p_alive", "strategy", "strategy_grid", "forecast") if not sections.get(n)]
    if empty or not sections["overview"][0]["customers"] or sections["overview"][0]["customers"] == "0":
        sys.exit("html_report.py: the table has too little data for a report (no rows for: %s)"
                 % ", ".join(empty or ["overview"]))
    text = page(args, sections)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)


if __name__ == "__main__":
    main()
