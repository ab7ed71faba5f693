#!/usr/bin/python3
"""tests/check_money.py: check the workbook's Money sheet against summary.json.

    check_money.py BOOK.xlsx SUMMARY.json

Opens the workbook twice with openpyxl (formulas, and the values stored with them) and
checks: each scenario's expected annual loss is the formula =B*C over its rate cell and
its mean-loss cell, and the stored values agree with summary.json's money section; the
formula, evaluated with a changed rate, gives a changed loss (a reader who edits the
input re-prices it); the total is a SUM; the loss exceedance table agrees row by row with
money.exceedance. Prints "ok" or the failures, exit status 1 on failure.
"""
import json
import re
import sys
import warnings

warnings.simplefilter("ignore")
import openpyxl  # noqa: E402


def main():
    book, summary = sys.argv[1], sys.argv[2]
    money = json.load(open(summary))["money"]
    fb = openpyxl.load_workbook(book)
    vb = openpyxl.load_workbook(book, data_only=True)
    errs = []
    if "Money" not in fb.sheetnames:
        print("no Money sheet")
        return 1
    fs, vs = fb["Money"], vb["Money"]
    rows = list(fs.iter_rows(values_only=True))
    vals = list(vs.iter_rows(values_only=True))
    head = next(i for i, r in enumerate(rows) if r[0] == "Scenario" and r[1] == "Outages a year")
    for k, sc in enumerate(money["scenarios"]):
        r, v = rows[head + 1 + k], vals[head + 1 + k]
        n = head + 2 + k  # 1-based row
        if r[0] != sc["name"]:
            errs.append(f"row {n}: scenario {r[0]} != {sc['name']}")
        if r[3] != f"=B{n}*C{n}":
            errs.append(f"row {n}: EAL formula {r[3]!r}")
        if abs(v[1] - sc["per_year"]) > 1e-12 or abs(v[2] - sc["mean_loss_usd"]) > 1e-9 * (1 + sc["mean_loss_usd"]):
            errs.append(f"row {n}: inputs {v[1]}, {v[2]} vs {sc['per_year']}, {sc['mean_loss_usd']}")
        if abs(v[3] - sc["eal_usd"]) > 1e-9 * (1 + sc["eal_usd"]) or abs(v[1] * v[2] - v[3]) > 1e-6 * (1 + v[3]):
            errs.append(f"row {n}: EAL {v[3]} vs {sc['eal_usd']}")
        # What if the rate doubles: the formula's operands are the input cells.
        a, b = re.match(r"=([A-Z]+\d+)\*([A-Z]+\d+)", r[3]).groups()
        cell = {f"B{n}": 2 * v[1], f"C{n}": v[2]}
        if v[3] > 0 and not abs(cell[a] * cell[b] - 2 * v[3]) < 1e-6 * v[3]:
            errs.append(f"row {n}: doubling the rate does not double the loss")
    tot = head + 1 + len(money["scenarios"])
    if not str(rows[tot][3]).startswith("=SUM(") or abs(vals[tot][3] - money["eal_usd"]) > 1e-6 * (1 + money["eal_usd"]):
        errs.append(f"total {rows[tot][3]!r} = {vals[tot][3]} vs {money['eal_usd']}")
    lec = next(i for i, r in enumerate(rows) if r[0] == "Amount ($)")
    for k, pt in enumerate(money["exceedance"]):
        v = vals[lec + 1 + k]
        if v[0] != pt["amount_usd"] or v[1] != pt["n_years_over"] or abs(v[2] - pt["p_over"]) > 1e-15:
            errs.append(f"exceedance row {k}: {v[:3]} vs {pt}")
    if len([r for r in vals[lec + 1:] if r[0] is not None]) != len(money["exceedance"]):
        errs.append("exceedance table length differs")
    if fs.auto_filter.ref is None:
        errs.append("no autofilter on the exceedance table")
    for e in errs:
        print(e)
    if not errs:
        print("ok")
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
