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
                 "Corrective action", "Percentile in the simulated distribution"):
        if name not in col:
            fail("Evidence: no column %r" % name)
            return
    if fs.freeze_panes is None or fs.auto_filter.ref is None:
        fail("Evidence: no frozen header or autofilter")
    want_rows = sum(max(1, len(e["restores"])) for e in drills["exercises"])
    rows_f = list(fs.iter_rows(min_row=h + 1, values_only=True))
    rows_v = list(vs.iter_rows(min_row=h + 1, values_only=True))
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
