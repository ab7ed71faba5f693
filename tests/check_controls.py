#!/usr/bin/python3
"""tests/check_controls.py: check that the controls matrix agrees across summary.json, the
workbook's Controls sheet and the review pack's Controls matrix page, and that a run
without drill records cites SOC 2 A1.3 (tested recovery) nowhere as evidenced (issue 15,
defect 6 and item 2).

Run with Debian's Python (/usr/bin/python3), which sees python3-openpyxl:

    check_controls.py BOOK.xlsx SUMMARY.json PACK.pdf [--want ID=STATUS ...]

Checks:
  - summary.json has a "controls" array of the 15 requirements, each with a status among
    evidenced / partly / not evidenced and a reason;
  - the Controls sheet has a row per requirement, in the same order, with the same
    status and reason, and its header, frozen pane and autofilter;
  - the pack's Controls matrix page (pdftotext -layout) shows each requirement with the
    same status;
  - without "drills" in summary.json: SOC 2 A1.3, ISO 22301 8.5 and 10.1 and NIST CP-4
    are "not evidenced" with "no test evidence was given", and every cell of the
    Compliance sheet that names A1.3 says that it is not evidenced; there is no Evidence
    sheet;
  - every --want ID=STATUS holds (ID as in the array: "SOC 2 A1.3").

Prints every failure and exits 1 if there was one, else prints "ok".
"""
import json
import re
import subprocess
import sys
import warnings

import openpyxl

warnings.simplefilter("ignore")
failures = []
STATUSES = ("evidenced", "partly", "not evidenced")
TESTED = ("SOC 2 A1.3", "ISO 22301 8.5", "ISO 22301 10.1", "NIST SP 800-53 CP-4")


def fail(msg):
    failures.append(msg)


def main():
    book, summary_path, pack = sys.argv[1:4]
    want = dict(sys.argv[i + 1].split("=", 1) for i in range(4, len(sys.argv) - 1)
                if sys.argv[i] == "--want")
    summary = json.load(open(summary_path))
    controls = summary.get("controls")
    if not isinstance(controls, list) or len(controls) != 15:
        fail("summary.json: controls %r" % (controls,))
        return
    for c in controls:
        if c["status"] not in STATUSES or not c["reason"]:
            fail("summary.json: control %r" % c)
    by_id = {c["id"]: c for c in controls}
    drills = "drills" in summary

    # ---- workbook
    wv = openpyxl.load_workbook(book, data_only=True)
    if "Controls" not in wv.sheetnames:
        fail("no Controls sheet: %s" % wv.sheetnames)
        return
    ws = wv["Controls"]
    h = None
    for row in ws.iter_rows(min_row=1, max_row=30):
        if row[0].value == "Requirement":
            h = row[0].row
    if h is None:
        fail("Controls: no header row")
        return
    head = [c.value for c in ws[h]]
    col = {name: i for i, name in enumerate(head) if name}
    for name in ("Status", "Why", "What it requires", "Source of the wording",
                 "Evidence in this workbook (sheet: columns)",
                 "Evidence in the review pack (pages)"):
        if name not in col:
            fail("Controls: no column %r" % name)
            return
    if ws.freeze_panes is None or ws.auto_filter.ref is None:
        fail("Controls: no frozen header or autofilter")
    rows = [r for r in ws.iter_rows(min_row=h + 1, values_only=True) if r[0] is not None]
    if [r[0] for r in rows] != [c["id"] for c in controls]:
        fail("Controls: rows %r, summary.json %r" % ([r[0] for r in rows],
                                                      [c["id"] for c in controls]))
    for r, c in zip(rows, controls):
        if (r[col["Status"]], r[col["Why"]]) != (c["status"], c["reason"]):
            fail("Controls: %s is %r (%r), summary.json %r (%r)"
                 % (c["id"], r[col["Status"]], r[col["Why"]], c["status"], c["reason"]))
        sheet_ref = r[col["Evidence in this workbook (sheet: columns)"]] or ""
        for sheet in ("Evidence", "Test cadence"):
            if not drills and re.search(r"\b%s\b" % sheet, sheet_ref) and "none:" not in sheet_ref:
                fail("Controls: %s points at the %s sheet, which a run without drills does "
                     "not have" % (c["id"], sheet))

    # ---- pack
    text = subprocess.run(["pdftotext", "-layout", pack, "-"], capture_output=True,
                          text=True, check=True).stdout
    page = next((p for p in text.split("\f") if "Controls matrix: what this review evidences" in p),
                None)
    if page is None:
        fail("pack: no Controls matrix page")
    else:
        for c in controls:
            m = re.search(r"^\s*%s\s+(not evidenced|evidenced|partly)\b" % re.escape(c["id"]),
                          page, re.M)
            if m is None or m.group(1) != c["status"]:
                fail("pack: %s shows %r, summary.json %r"
                     % (c["id"], m.group(1) if m else None, c["status"]))
        counts = "%d evidenced \u00b7 %d partly \u00b7 %d not evidenced" % tuple(
            sum(1 for c in controls if c["status"] == s) for s in STATUSES)
        if counts not in page:
            fail("pack: no %r on the page" % counts)

    # ---- without drills: tested recovery is nowhere evidenced
    if not drills:
        if "Evidence" in wv.sheetnames:
            fail("an Evidence sheet without drills")
        for cid in TESTED:
            c = by_id[cid]
            if c["status"] != "not evidenced" or "no test evidence was given" not in c["reason"]:
                fail("without drills %s is %r: %r" % (cid, c["status"], c["reason"]))
        # Notes run over several rows: read the sheet's text as one.
        cs = wv["Compliance"]
        words = " ".join(v for row in cs.iter_rows(values_only=True) for v in row
                         if isinstance(v, str))
        words = re.sub(r"\s+", " ", words)
        for m in re.finditer(r"A1\.3", words):
            before = words[max(0, m.start() - 40):m.start()]
            if not before.endswith("do not evidence SOC 2 "):
                fail("Compliance cites A1.3 without drills: ...%s" % words[m.start() - 80:m.end() + 40])
        if "No test evidence was given" not in words:
            fail("Compliance does not say that no test evidence was given")
        if page is not None and "no test evidence was given" not in page:
            fail("pack: the Controls page does not say that no test evidence was given")

    for cid, status in want.items():
        if cid not in by_id or by_id[cid]["status"] != status:
            fail("want %s %r, got %r" % (cid, status, by_id.get(cid, {}).get("status")))


main()
if failures:
    for f in failures:
        print("FAIL:", f)
    sys.exit(1)
print("ok")
