#!/usr/bin/python3
"""tests/check_evidence.py: check the drill evidence sheets of a drsim workbook the way an
auditor's tools read them, against the summary.json of the same run.

Run with Debian's Python (/usr/bin/python3), which sees python3-openpyxl:

    check_evidence.py BOOK.xlsx SUMMARY.json

It opens the workbook twice with openpyxl (formulas, then the values stored with them;
openpyxl does not recalculate) and checks:

  - the Evidence and Test cadence sheets exist, before Assumptions, with their header
    rows, frozen panes and autofilters;
  - Evidence: a row per store per test (an exercise without restores: one row), by test
    date; RPO met and RTO met are formulas over the row's own cells, and their stored
    values follow from those cells; the percentile column agrees with summary.json's
    placement of the row's restore time (else the exercise's RTO);
  - Test cadence: a row per item of summary.json's drills.cadence.items, with the same
    period, region, status and due date.

Prints every failure and exits 1 if there was one, else prints "ok" and exits 0.
"""
import datetime
import json
import sys
import warnings

import openpyxl

warnings.simplefilter("ignore")
failures = []


def fail(msg):
    failures.append(msg)


def header_row(ws, first):
    for row in ws.iter_rows(min_row=1, max_row=40):
        if row[0].value == first:
            return row[0].row
    return None


def table(ws, h):
    """The rows under header row h down to the first empty one."""
    rows = []
    for r in ws.iter_rows(min_row=h + 1, values_only=True):
        if all(v is None for v in r):
            break
        rows.append(r)
    return rows


def find_row(ws, text, after):
    for row in ws.iter_rows(min_row=after, max_row=ws.max_row):
        if row[0].value == text:
            return row[0].row
    return None


def check_flags(fs, vs, drills, after):
    """The table of measurements outside the model's P5-P95."""
    t = find_row(vs, "Measured values outside the model's P5-P95", after)
    if t is None:
        fail("Evidence: no table of measured values outside the model's P5-P95")
        return after
    h = find_row(vs, "Exercise", t)
    head = [c.value for c in vs[h]]
    col = {name: i for i, name in enumerate(head) if name}
    rows = table(vs, h)
    want = [m for m in drills["measurements"] if m["flag"] in ("optimistic", "conservative")]
    if rows and rows[0][0] == "none":
        rows = []
    if len(rows) != len(want):
        fail("Evidence: %d flagged rows, summary.json flags %d" % (len(rows), len(want)))
    n_opt = sum(1 for r in rows if r[col["Model assumption"]] == "optimistic")
    if n_opt != drills["n_optimistic"]:
        fail("Evidence: %d optimistic rows, summary.json n_optimistic %d"
             % (n_opt, drills["n_optimistic"]))
    for r, m in zip(rows, want):
        got = (r[col["Exercise"]], r[col["Step or store"]], r[col["Model assumption"]])
        if got != (m["exercise"], m["name"], m["flag"]):
            fail("Evidence: flagged row %r, summary.json %r" % (got, m))
        p = r[col["Percentile in the simulated distribution"]]
        if not isinstance(p, (int, float)) or abs(p - m["percentile"]) > 1e-12:
            fail("Evidence: percentile of flagged %r: %r vs %r" % (got, p, m["percentile"]))
        if abs(r[col["Measured (h)"]] * 3600 - m["measured_s"]) > 1e-6:
            fail("Evidence: measured value of flagged %r" % (got,))
    return h + len(rows) + 1


def check_actions(fs, vs, drills, after):
    """The corrective actions, a row each, with the past-due formula."""
    t = find_row(vs, "Corrective actions", after)
    if t is None:
        fail("Evidence: no corrective actions table")
        return
    a = find_row(vs, "As of", t)
    as_of = vs.cell(row=a, column=2).value
    if as_of != day(drills["as_of"]):
        fail("Evidence: as-of cell %r, summary.json %r" % (as_of, drills["as_of"]))
    h = find_row(vs, "Exercise", a)
    head = [c.value for c in vs[h]]
    col = {name: i for i, name in enumerate(head) if name}
    rows_v, rows_f = table(vs, h), table(fs, h)
    want = []
    for e in sorted(drills["exercises"], key=lambda e: e["date"]):
        for ac in e["corrective_actions"]:
            want.append((e, ac))
    if len(rows_v) != len(want):
        fail("Evidence: %d action rows, summary.json has %d" % (len(rows_v), len(want)))
    for rv, rf, (e, ac) in zip(rows_v, rows_f, want):
        got = (rv[col["Exercise"]], rv[col["Corrective action"]], rv[col["Owner"]],
               rv[col["Due"]], rv[col["Status"]])
        if got != (e["name"], ac["action"], ac["owner"], day(ac["due"]), ac["status"]):
            fail("Evidence: action row %r, summary.json %r" % (got, ac))
        if ";" in (rv[col["Corrective action"]] or "") and ";" not in ac["action"]:
            fail("Evidence: joined actions in one cell: %r" % rv[col["Corrective action"]])
        f = rf[col["Past due"]]
        if not (isinstance(f, str) and f.startswith("=IF(AND(") and "$B$%d" % a in f):
            fail("Evidence: Past due is not a formula over the as-of cell: %r" % f)
        flag = rv[col["Past due"]] == "PAST DUE"
        rule = ac["status"] != "done" and day(ac["due"]) < as_of
        if flag != ac["past_due"] or flag != rule:
            fail("Evidence: past due of %r: sheet %r, summary.json %r, rule %r"
                 % (ac["action"], flag, ac["past_due"], rule))


def day(d):
    return datetime.datetime.strptime(d, "%Y-%m-%d")


def main():
    book, summary = sys.argv[1], sys.argv[2]
    drills = json.load(open(summary))["drills"]
    wf = openpyxl.load_workbook(book)
    wv = openpyxl.load_workbook(book, data_only=True)
    names = wf.sheetnames
    for name in ("Evidence", "Test cadence"):
        if name not in names:
            fail("no sheet %s (sheets: %s)" % (name, names))
            return
    if not names.index("Evidence") < names.index("Test cadence") < names.index("Assumptions"):
        fail("sheet order: %s" % names)

    # ---- Evidence
    fs, vs = wf["Evidence"], wv["Evidence"]
    h = header_row(fs, "Control reference")
    if h is None:
        fail("Evidence: no header row")
        return
    head = [c.value for c in fs[h]]
    col = {name: i for i, name in enumerate(head)}
    for name in ("Store", "Target RPO (h)", "Measured data loss (h)", "RPO met", "Test date",
                 "Measured RTO (h)", "Target RTO (h)", "RTO met", "Completeness check",
                 "Corrective actions (rows below)",
                 "Percentile in the simulated distribution"):
        if name not in col:
            fail("Evidence: no column %r" % name)
            return
    if fs.freeze_panes is None or fs.auto_filter.ref is None:
        fail("Evidence: no frozen header or autofilter")
    want_rows = sum(max(1, len(e["restores"])) for e in drills["exercises"])
    rows_f = table(fs, h)
    rows_v = table(vs, h)
    if len(rows_v) != want_rows:
        fail("Evidence: %d rows, want %d" % (len(rows_v), want_rows))
    dates = [r[col["Test date"]] for r in rows_v]
    if dates != sorted(dates):
        fail("Evidence: rows not by test date")
    by_name = {e["name"]: e for e in drills["exercises"]}
    placed = {}
    for m in drills["measurements"]:
        placed[(m["exercise"], m["kind"], m["name"])] = m["percentile"]
    for rf, rv in zip(rows_f, rows_v):
        for met, target, measured in (("RPO met", "Target RPO (h)", "Measured data loss (h)"),
                                      ("RTO met", "Target RTO (h)", "Measured RTO (h)")):
            formula = rf[col[met]]
            if not (isinstance(formula, str) and formula.startswith("=IF(")):
                fail("Evidence: %s is not a formula: %r" % (met, formula))
            t, m, v = rv[col[target]], rv[col[measured]], rv[col[met]]
            if isinstance(t, (int, float)) and isinstance(m, (int, float)):
                if v != ("yes" if m <= t else "no"):
                    fail("Evidence: %s stored %r for %r <= %r" % (met, v, m, t))
            elif v not in (None, ""):
                fail("Evidence: %s stored %r without both values" % (met, v))
        ex = by_name.get(rv[col["Exercise"]])
        if ex is None:
            fail("Evidence: unknown exercise %r" % rv[col["Exercise"]])
            continue
        if rv[col["Test date"]] != day(ex["date"]):
            fail("Evidence: date of %s" % ex["name"])
        if (rv[col["Corrective actions (rows below)"]] or 0) != len(ex["corrective_actions"]):
            fail("Evidence: actions of %s: %r" % (ex["name"],
                                                 rv[col["Corrective actions (rows below)"]]))
        of = rv[col["Percentile of"]]
        p = rv[col["Percentile in the simulated distribution"]]
        if of == "restore time":
            want = placed.get((ex["name"], "restore", rv[col["Store"]]))
        elif of == "RTO":
            want = placed.get((ex["name"], "rto", None))
        else:
            want = None
        if (want is None) != (p is None) or (want is not None and abs(want - p) > 1e-12):
            fail("Evidence: percentile of %s/%s: %r, summary.json %r"
                 % (ex["name"], rv[col["Store"]], p, want))

    after = h + len(rows_v) + 1
    after = check_flags(fs, vs, drills, after)
    check_actions(fs, vs, drills, after)

    # ---- Test cadence
    cs = wv["Test cadence"]
    h = header_row(cs, "Test required")
    if h is None:
        fail("Test cadence: no header row")
        return
    rows = list(cs.iter_rows(min_row=h + 1, values_only=True))
    items = drills["cadence"]["items"]
    if len(rows) != len(items):
        fail("Test cadence: %d rows, want %d" % (len(rows), len(items)))
    for r, it in zip(rows, items):
        if (r[0], r[2], r[3], r[6]) != (it["type"], it["region"], it["period"], it["status"]):
            fail("Test cadence: row %r, item %r" % (r[:7], it))
        if r[5] != day(it["due"]):
            fail("Test cadence: due date of %s %s" % (it["region"], it["period"]))


main()
if failures:
    for f in failures:
        print("FAIL:", f)
    sys.exit(1)
print("ok")
