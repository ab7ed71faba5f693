#!/usr/bin/python3
"""tests/check_workbook.py: check a drsim workbook the way an auditor's tools read it.

Run with Debian's Python (/usr/bin/python3), which sees python3-openpyxl:

    check_workbook.py BOOK.xlsx SUMMARY.json [--trials N] [--rows-per-sheet R]
                      [--bia-fail SERVICE] [--bia-ok SERVICE] [--date EPOCH]
                      [--images N] [--lost-data SCENARIO=SHARE]
                      [--what-if-confidence CONF=VERDICT]

It opens the workbook twice with openpyxl, once for the formulas and once for the values
stored with them (openpyxl does not recalculate), and checks:

  - the sheets and their header rows exist, with frozen panes and autofilters;
  - Compliance: P(meet), the Wilson interval, the margin and the verdict are formulas,
    and every stored value agrees with summary.json (written from the same results);
    the verdict also follows from the row's own stored cells by the stated rule; each
    objective has rows for all outages, failed over and recovered in place, the outcome
    rows agreeing with summary.json's scenarios[].outcomes (trials, share as a formula,
    percentiles, objective, abandoned failovers);
  - Summary: seed, trials, plan SHA-256, and verdicts that refer to Compliance; the
    per-scenario table's annual figures agree with summary.json, and beside the mean data
    loss of the outages keeping a recovery point stand the outages losing their data (the
    share of trials with an infinite RPO, and that share times the outages a year), the
    fail-over and abandoned shares as formulas over Compliance agreeing with outcomes; with
    --lost-data SCENARIO=SHARE, that scenario's share is SHARE;
  - live verdicts (issue 15, defect 3): the required confidence is one Summary cell read
    by every Compliance and Services verdict formula; the value achieved at it picks the
    row's percentile; the policy verdict and its explanation are formulas counting the
    verdict cells; the annual figures are formulas over their inputs; the formulas' logic
    is evaluated over the stored values, and with --what-if-confidence CONF=VERDICT at
    another confidence, where the policy verdict must read VERDICT;
  - BIA: a row per service, the RTO < MTD and RTO + WRT <= MTD checks as formulas whose
    stored values follow from the row's cells (and are FAIL / OK where the caller says),
    the simulated RTO and RPO agree with summary.json, each scenario's targets are the
    ones that apply in it, the gaps are to those, and each scenario has the service's
    verdict (the worse of its two, a formula over the Services sheet);
  - Logical damage and Clean points (plans with a damage scenario): a row per damage
    scenario, and a row per damaged store and rule, agreeing with summary.json's
    scenarios[].damage and stores[].clean_points (check_damage); the Summary's RTO clock
    and finding per scenario;
  - Data stores, Runbook, Distributions: agree with summary.json (flags, critical-path
    shares, histogram totals), and the native charts exist;
  - Decision curve (when summary.json has scenarios[].decision_curve): a row per wait
    agreeing with it, and a native chart per scenario;
  - Services (plans with services): a row per (scenario, service) in priority order
    agreeing with summary.json's scenarios[].services[] (priority, criticality, whether it
    restores the scenario's service, MBCO, targets, percentiles, P(meet), interval,
    verdict);
  - Exceptions: the register agrees with summary.json's exceptions (store, reason,
    approved_by, review_by, expired, share of outages losing data per scenario), and the
    policy and all-data RPO per scenario with rpo_objective and rpo_all_data; with
    exceptions, Compliance has an "RPO over all data" row per scenario after its table;
  - Assumptions: one row per input, key paths and positions;
  - Trials (with --trials): exactly N rows per scenario, split R rows a sheet, the RTO
    and RPO percentiles recomputed from the rows agree with summary.json within the
    results' stated resolution (HIST_REL_RES, sim/hist.h: summary.json's percentiles come
    from histograms whose bins are at most 0.1 % wide, docs/method.md), and the
    Outcome column counts (failed over, in place, in place (abandoned)) agree with it;
  - document properties (title, author, creation date when --date is given);
  - with --images N: N pictures on the Summary sheet.

Prints every failure and exits 1 if there was one, else prints "ok" and exits 0.
"""
import argparse
import datetime
import json
import math
import sys
import warnings
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter

warnings.simplefilter("ignore")  # openpyxl warns about data-bar extensions it drops

FAILURES = []
REL = 1e-9  # relative tolerance: stored values are the same doubles, divided by 3600


def fail(msg):
    FAILURES.append(msg)


# The relative resolution of the results' percentiles (sim/hist.h HIST_REL_RES): a
# percentile in summary.json is within this share of the exact PERCENTILE.INC over the
# trials (docs/method.md, "Histograms and percentiles").
HIST_REL_RES = 0.001


def close(a, b, rel=REL, abs_tol=1e-12):
    if a is None or b is None:
        return a is b
    if isinstance(a, float) and math.isinf(a) or isinstance(b, float) and math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=rel, abs_tol=abs_tol)


def hours_or_inf(v):
    """A cell holding hours or the text "inf" -> seconds (inf), None for empty."""
    if v is None:
        return None
    if isinstance(v, str):
        if v in ("inf", "never ends"):
            return math.inf
        if v == "-inf":
            return -math.inf
        return None
    return float(v) * 3600.0


def json_s(v):
    """A summary.json duration: a number, or "infinity" / "-infinity" (never null)."""
    if v == "infinity":
        return math.inf
    if v == "-infinity":
        return -math.inf
    if v is None:
        raise ValueError("a duration written as null (infinities are \"infinity\")")
    return float(v)


def header_row(ws):
    """The frozen header row (1-based) of a sheet with a table."""
    if not ws.freeze_panes:
        fail(f"{ws.title}: no frozen header row")
        return None
    row = ws[ws.freeze_panes].row - 1
    if not ws.auto_filter.ref:
        fail(f"{ws.title}: no autofilter")
    elif int("".join(ch for ch in ws.auto_filter.ref.split(":")[0] if ch.isdigit())) != row:
        fail(f"{ws.title}: autofilter {ws.auto_filter.ref} does not start at header row {row}")
    return row


def columns(ws, row):
    """Header text -> 1-based column."""
    cols = {}
    for cell in ws[row]:
        if isinstance(cell.value, str):
            cols.setdefault(cell.value, cell.column)
    return cols


def need_headers(ws, cols, names):
    for n in names:
        if n not in cols:
            fail(f"{ws.title}: missing column '{n}' (have {sorted(cols)})")


def percentile_inc(sorted_vals, q):
    """Excel's PERCENTILE.INC; infinite values sort last and poison interpolation."""
    n = len(sorted_vals)
    h = q * (n - 1)
    lo = math.floor(h)
    frac = h - lo
    a = sorted_vals[lo]
    if frac == 0:
        return a
    b = sorted_vals[lo + 1]
    if math.isinf(a) or math.isinf(b):
        return math.inf
    return a + frac * (b - a)


OUTCOMES = (("failed over", "failed_over"), ("recovered in place", "recovered_in_place"))


def check_objective_row(ws, vs, c, r, where, trials, pc, o):
    """One Compliance row against its figures in summary.json: trials, percentiles (pc,
    or None for an outcome without trials) and the objective o (None: no target)."""
    if vs.cell(r, c["Trials"]).value != trials:
        fail(f"{where}: trials {vs.cell(r, c['Trials']).value} != {trials}")
    if pc is not None:
        for col, k in (("P50 (h)", "p50_s"), ("P90 (h)", "p90_s"), ("P95 (h)", "p95_s"),
                       ("P99 (h)", "p99_s"), ("Max (h)", "max_s")):
            got = hours_or_inf(vs.cell(r, c[col]).value)
            if not close(got, json_s(pc[k])):
                fail(f"{where}: {col} = {got} s, summary.json {pc[k]}")
    verdict = vs.cell(r, c["Verdict"]).value
    if o is None:
        if verdict != "n/a":
            fail(f"{where}: no objective but verdict {verdict!r}")
        return
    for col in ("P(meet target) = met / trials", "Wilson 95% lower bound",
                "Wilson 95% upper bound", "Margin (h) = target - achieved", "Verdict"):
        f = ws.cell(r, c[col]).value
        if not (isinstance(f, str) and f.startswith("=")):
            fail(f"{where}: {col} is not a formula ({f!r})")
    checks = (("Target (h)", hours_or_inf, o["target_s"]),
              ("Trials meeting the target", float, o["n_met"]),
              ("P(meet target) = met / trials", float, o["p_met"]),
              ("Wilson 95% lower bound", float, o["ci95_lo"]),
              ("Wilson 95% upper bound", float, o["ci95_hi"]),
              ("Required confidence", float, o["confidence"]),
              ("Achieved at the required confidence (h)", hours_or_inf,
               json_s(o["value_at_confidence_s"])),
              ("Margin (h) = target - achieved", hours_or_inf,
               json_s(o["margin_s"])))
    for col, conv, want in checks:
        v = vs.cell(r, c[col]).value
        got = conv(v) if v is not None else None
        if not close(got, float(want), rel=1e-9, abs_tol=1e-6):
            fail(f"{where}: {col} stored {v!r}, summary.json {want!r}")
    if verdict != o["verdict"]:
        fail(f"{where}: verdict {verdict!r}, summary.json {o['verdict']!r}")
    lo = vs.cell(r, c["Wilson 95% lower bound"]).value
    p = vs.cell(r, c["P(meet target) = met / trials"]).value
    conf = vs.cell(r, c["Required confidence"]).value
    rule = "meets" if lo >= conf else "at risk" if p >= conf else "breach"
    if rule != verdict:
        fail(f"{where}: stored cells give {rule!r}, verdict cell says {verdict!r}")


def check_compliance(wf, wv, summary):
    """Every (scenario, objective) has three rows: all outages, failed over, recovered in
    place, in that order; the outcome rows agree with summary.json's scenarios[].outcomes
    (their shares are formulas over the all-outages row's trials, their trials add up to
    it) and the recovered-in-place row counts the abandoned failovers. Returns the
    all-outages rows by (scenario, objective)."""
    ws, vs = wf["Compliance"], wv["Compliance"]
    hr = header_row(ws)
    if hr is None:
        return {}
    c = columns(ws, hr)
    need_headers(ws, c, ["Scenario", "Objective", "Outcome", "Target (h)", "P50 (h)", "P90 (h)",
                         "P95 (h)", "P99 (h)", "Max (h)", "Trials", "Share of outages",
                         "Trials meeting the target",
                         "P(meet target) = met / trials", "Wilson 95% lower bound",
                         "Wilson 95% upper bound", "Required confidence",
                         "Achieved at the required confidence (h)",
                         "Margin (h) = target - achieved", "Verdict",
                         "Failovers abandoned (trials)", "Failovers abandoned (share of outages)"])
    if FAILURES:
        return {}
    rows = {}
    order = []
    for r in range(hr + 1, ws.max_row + 1):
        name = vs.cell(r, c["Scenario"]).value
        obj = vs.cell(r, c["Objective"]).value
        outcome = vs.cell(r, c["Outcome"]).value
        if name is not None:
            rows[(name, obj, outcome)] = r
            order.append((name, obj, outcome))
    want_order = [(sc["name"], obj, oc) for sc in summary["scenarios"] for obj in ("RTO", "RPO")
                  for oc in ("all outages", "failed over", "recovered in place")]
    if summary.get("exceptions"):
        # The RPO over all data, after the table: a row per scenario.
        want_order += [(sc["name"], "RPO over all data", "all outages")
                       for sc in summary["scenarios"]]
        for sc in summary["scenarios"]:
            r = rows.get((sc["name"], "RPO over all data", "all outages"))
            if r is not None:
                check_objective_row(ws, vs, c, r, f"Compliance row {r} ({sc['name']} RPO over "
                                    "all data)", sc["trials"], sc["rpo_all_data"]["percentiles"],
                                    sc["rpo_all_data"]["objective"])
    # Issue 15, defect 10: the full restoration per scenario, last, with no objective.
    want_order += [(sc["name"], "Full restoration", "all outages") for sc in summary["scenarios"]]
    for sc in summary["scenarios"]:
        r = rows.get((sc["name"], "Full restoration", "all outages"))
        if r is not None:
            check_objective_row(ws, vs, c, r, f"Compliance row {r} ({sc['name']} full "
                                "restoration)", sc["trials"], sc["full_restoration"], None)
    if order != want_order:
        fail(f"Compliance: rows {order}, want {want_order}")
    for sc in summary["scenarios"]:
        outs = sc["outcomes"]
        if sum(outs[k]["n"] for _, k in OUTCOMES) != sc["trials"]:
            fail(f"summary.json {sc['name']}: outcome trials do not add up to {sc['trials']}")
        for obj, key, okey in (("RTO", "rto", "rto_objective"), ("RPO", "rpo", "rpo_objective")):
            r = rows.get((sc["name"], obj, "all outages"))
            if r is None:
                fail(f"Compliance: no row for ({sc['name']}, {obj}, all outages)")
                continue
            where = f"Compliance row {r} ({sc['name']} {obj} all outages)"
            check_objective_row(ws, vs, c, r, where, sc["trials"], sc[key], sc[okey])
            if vs.cell(r, c["Share of outages"]).value != 1:
                fail(f"{where}: share {vs.cell(r, c['Share of outages']).value!r}, want 1")
            all_trials = f"{get_column_letter(c['Trials'])}{r}"
            for label, ok in OUTCOMES:
                ro = rows.get((sc["name"], obj, label))
                if ro is None:
                    fail(f"Compliance: no row for ({sc['name']}, {obj}, {label})")
                    continue
                oc = outs[ok]
                where = f"Compliance row {ro} ({sc['name']} {obj} {label})"
                check_objective_row(ws, vs, c, ro, where, oc["n"],
                                    oc[key] if oc["n"] > 0 else None, oc[okey])
                share_f = ws.cell(ro, c["Share of outages"]).value
                if not (isinstance(share_f, str) and share_f.startswith("=")
                        and share_f.endswith("/" + all_trials)):
                    fail(f"{where}: share is not trials / {all_trials} ({share_f!r})")
                if not close(vs.cell(ro, c["Share of outages"]).value, oc["share"]):
                    fail(f"{where}: share {vs.cell(ro, c['Share of outages']).value!r}, "
                         f"summary.json {oc['share']!r}")
                ab = vs.cell(ro, c["Failovers abandoned (trials)"]).value
                ab_share = vs.cell(ro, c["Failovers abandoned (share of outages)"]).value
                if ok == "recovered_in_place":
                    if ab != oc["n_abandoned"]:
                        fail(f"{where}: {ab!r} failovers abandoned, summary.json "
                             f"{oc['n_abandoned']}")
                    if not close(ab_share, oc["n_abandoned"] / sc["trials"]):
                        fail(f"{where}: abandoned share {ab_share!r}")
                    if not str(ws.cell(ro, c["Failovers abandoned (share of outages)"]).value
                               ).startswith("="):
                        fail(f"{where}: abandoned share is not a formula")
                elif ab is not None or ab_share is not None:
                    fail(f"{where}: abandoned failovers on a failed-over row")
    return {(k[0], k[1]): r for k, r in rows.items() if k[2] == "all outages"}


def check_summary(wf, wv, summary, comp_rows):
    ws, vs = wf["Summary"], wv["Summary"]
    items = {}
    for r in range(1, vs.max_row + 1):
        if isinstance(vs.cell(r, 1).value, str):
            items.setdefault(vs.cell(r, 1).value, vs.cell(r, 3).value)
    for key, want in (("Seed", str(summary["seed"])), ("Plan file SHA-256", summary["plan"]["sha256"]),
                      ("Plan", summary["plan"]["name"]), ("drsim version", summary["drsim_version"])):
        if str(items.get(key)) != want:
            fail(f"Summary: {key} = {items.get(key)!r}, want {want!r}")
    if items.get("Trials per scenario") != summary["trials"]:
        fail(f"Summary: trials {items.get('Trials per scenario')!r} != {summary['trials']}")
    for k in ("Organization", "System", "Plan version", "Policy checked", "Required confidence",
              "Run date (UTC)", "Threads", "Reproduce this file"):
        if k not in items:
            fail(f"Summary: no '{k}' row")
    if items.get("Reproduce this file") != summary["command"]:
        fail(f"Summary: reproduce {items.get('Reproduce this file')!r}, summary.json "
             f"{summary['command']!r}")
    refs = 0
    for r in range(1, ws.max_row + 1):
        f = ws.cell(r, 6).value
        if isinstance(f, str) and f.startswith("=Compliance!") and vs.cell(r, 2).value in (
                "RTO", "RPO"):
            refs += 1
            name, obj = vs.cell(r, 1).value, vs.cell(r, 2).value
            cr = comp_rows.get((name, obj))
            if cr is None:
                fail(f"Summary row {r}: verdict for unknown ({name}, {obj})")
                continue
            comp = wv["Compliance"]
            verdict_col = columns(wf["Compliance"], header_row(wf["Compliance"]))["Verdict"]
            if vs.cell(r, 6).value != comp.cell(cr, verdict_col).value:
                fail(f"Summary row {r}: verdict {vs.cell(r, 6).value!r} differs from Compliance")
    want = sum(1 for sc in summary["scenarios"] for k in ("rto_objective", "rpo_objective")
               if sc[k] is not None)
    if refs != want:
        fail(f"Summary: {refs} verdict formulas, want {want}")


def rule(lo, p, conf):
    """The Compliance verdict rule."""
    return "meets" if lo >= conf else "at risk" if p >= conf else "breach"


def policy_of(scen, serv):
    """The Summary's policy verdict formula, over the verdict texts it counts."""
    if "breach" in scen or "breach" in serv:
        return "BREACHED"
    return "at risk" if "at risk" in scen or "at risk" in serv else "met"


def check_live_verdicts(wf, wv, summary, what_if):
    """Issue 15, defect 3: the required confidence is one Summary cell that every verdict's
    formula reads (Compliance, Services), the value achieved at it is picked from the row's
    percentiles by formula, and the Summary's policy verdict and its explanation are
    formulas counting the Summary's verdict cells and the Services sheet's. The formulas'
    logic is evaluated here over the stored values (no spreadsheet recalculates), once at
    the stored confidence, where it must give the stored results, and once at each
    --what-if-confidence CONF=VERDICT, where the policy verdict must read VERDICT."""
    ws, vs = wf["Summary"], wv["Summary"]
    conf_row = next((r for r in range(1, vs.max_row + 1)
                     if vs.cell(r, 1).value == "Required confidence"), None)
    if conf_row is None:
        fail("Summary: no 'Required confidence' row")
        return
    conf = vs.cell(conf_row, 3).value
    conf_ref = f"=Summary!$C${conf_row}"
    comp, cv = wf["Compliance"], wv["Compliance"]
    c = columns(comp, header_row(comp))
    pcols = {0.5: "P50 (h)", 0.9: "P90 (h)", 0.95: "P95 (h)", 0.99: "P99 (h)"}
    n_live = 0
    for r in range(header_row(comp) + 1, comp.max_row + 1):
        if not str(comp.cell(r, c["Verdict"]).value).startswith("="):
            continue
        n_live += 1
        where = f"Compliance row {r}"
        if comp.cell(r, c["Required confidence"]).value != conf_ref:
            fail(f"{where}: required confidence {comp.cell(r, c['Required confidence']).value!r}"
                 f", want {conf_ref}")
        at_f = str(comp.cell(r, c["Achieved at the required confidence (h)"]).value)
        q = get_column_letter(c["Required confidence"])
        for level, col in pcols.items():
            ref = f"{q}{r}={level:g},{get_column_letter(c[col])}{r}"
            if ref not in at_f:
                fail(f"{where}: value at the confidence {at_f!r} lacks {ref}")
        stored_at = cv.cell(r, c["Achieved at the required confidence (h)"]).value
        if conf in pcols and cv.cell(r, c[pcols[conf]]).value != stored_at:
            fail(f"{where}: value at {conf} is {stored_at!r}, its {pcols[conf]} cell "
                 f"{cv.cell(r, c[pcols[conf]]).value!r}")
    if n_live == 0:
        if any(sc.get(k) is not None for sc in summary["scenarios"]
               for k in ("rto_objective", "rpo_objective")):
            fail("Compliance: no verdict formulas")
        return
    # The Services sheet's verdicts, by the same rule over the same cell.
    serv = []          # (lower bound, P(meet), stored verdict) of every service objective
    if "Services" in wf.sheetnames:
        sw, sv = wf["Services"], wv["Services"]
        sc_ = columns(sw, header_row(sw))
        for r in range(header_row(sw) + 1, sw.max_row + 1):
            for o in ("RTO", "RPO"):
                f = sw.cell(r, sc_[f"{o} verdict"]).value
                stored = sv.cell(r, sc_[f"{o} verdict"]).value
                if not (isinstance(f, str) and f.startswith("=")):
                    if stored not in ("n/a", None):
                        fail(f"Services row {r}: {o} verdict {stored!r} is not a formula")
                    continue
                lo_ref = get_column_letter(sc_[f"{o} Wilson 95% lower bound"]) + str(r)
                p_ref = get_column_letter(sc_[f"{o} P(meet target)"]) + str(r)
                want_f = (f'=IF({lo_ref}>={conf_ref[1:]},"meets",IF({p_ref}>={conf_ref[1:]},'
                          f'"at risk","breach"))')
                if f != want_f:
                    fail(f"Services row {r}: {o} verdict formula {f!r}, want {want_f!r}")
                lo = sv.cell(r, sc_[f"{o} Wilson 95% lower bound"]).value
                p = sv.cell(r, sc_[f"{o} P(meet target)"]).value
                if rule(lo, p, conf) != stored:
                    fail(f"Services row {r}: {o} verdict {stored!r}, its cells give "
                         f"{rule(lo, p, conf)!r}")
                serv.append((lo, p, stored))
    # The policy verdict: counts over the Summary's verdict cells and the Services sheet's.
    vrows = [r for r in range(1, vs.max_row + 1) if vs.cell(r, 2).value in ("RTO", "RPO")
             and str(ws.cell(r, 6).value).startswith("=Compliance!")]
    prow = next((r for r in range(1, vs.max_row + 1)
                 if vs.cell(r, 1).value == "Policy verdict"), None)
    if prow is None or not vrows:
        fail("Summary: no policy verdict or no verdict rows")
        return
    pf = str(ws.cell(prow, 2).value)
    first = min(r for r in range(1, prow) if vs.cell(r, 2).value in ("RTO", "RPO")
                and vs.cell(r - 1, 1).value == "Scenario")
    rng = f"F{first}:F{prow - 1}"
    for needle in (f'COUNTIF({rng},"breach")', f'COUNTIF({rng},"at risk")'):
        if needle not in pf:
            fail(f"Summary: policy verdict {pf!r} lacks {needle}")
    if serv and 'COUNTIF(Services!$N:$N,"breach")+COUNTIF(Services!$V:$V,"breach")' not in pf:
        fail(f"Summary: policy verdict {pf!r} does not count the Services sheet's verdicts")
    if not str(ws.cell(prow, 3).value).startswith("=IF("):
        fail("Summary: the policy verdict's explanation is not a formula")
    scen = [vs.cell(r, 6).value for r in range(first, prow)]
    got = vs.cell(prow, 2).value
    if policy_of(scen, [x[2] for x in serv]) != got:
        fail(f"Summary: policy verdict {got!r}, its formula gives "
             f"{policy_of(scen, [x[2] for x in serv])!r}")
    for item in what_if:
        level, _, want = item.partition("=")
        level = float(level)
        # Re-judge every Compliance verdict the Summary reads, and every service's.
        scen2 = []
        for r in range(first, prow):
            f = str(ws.cell(r, 6).value)
            if not f.startswith("=Compliance!"):
                scen2.append(vs.cell(r, 6).value)
                continue
            cr = int("".join(ch for ch in f.split("!")[1] if ch.isdigit()))
            scen2.append(rule(cv.cell(cr, c["Wilson 95% lower bound"]).value,
                              cv.cell(cr, c["P(meet target) = met / trials"]).value, level))
        serv2 = [rule(lo, p, level) for lo, p, _ in serv]
        if policy_of(scen2, serv2) != want:
            fail(f"Summary: at a required confidence of {level}, the policy verdict would be "
                 f"{policy_of(scen2, serv2)!r}, want {want!r} ({scen2}, {serv2})")
    # The annual figures: formulas over the outages a year and the inputs at the right.
    head = next((r for r in range(1, vs.max_row + 1) if vs.cell(r, 1).value == "Scenario"
                 and vs.cell(r, 2).value == "Destroys"), None)
    if head is None:
        return
    h = {vs.cell(head, k).value: k for k in range(1, vs.max_column + 1) if vs.cell(head, k).value}
    inputs = ["Mean downtime per outage (h)", "Share of outages in breach",
              "Mean data loss, outages keeping a recovery point (h)"]
    if any(k not in h for k in inputs):
        fail(f"Summary: per-scenario table lacks the inputs of its annual figures {inputs}")
        return
    for sc in summary["scenarios"]:
        r = next((r for r in range(head + 1, vs.max_row + 1) if vs.cell(r, 1).value == sc["name"]),
                 None)
        if r is None:
            continue
        g = lambda k: vs.cell(r, h[k]).value
        L = lambda k: f"{get_column_letter(h[k])}{r}"
        per = g("Outages per year")
        checks = [("Downtime per year (h)", f"=IF({L('Outages per year')}>0,"
                   f"{L('Outages per year')}*{L('Mean downtime per outage (h)')},0)",
                   per * g("Mean downtime per outage (h)") if per > 0 else 0),
                  ("Data loss per year, outages keeping a recovery point (h)",
                   f"={L('Outages per year')}*"
                   f"{L('Mean data loss, outages keeping a recovery point (h)')}",
                   per * g("Mean data loss, outages keeping a recovery point (h)")),
                  ("Outages losing their data, per year", f"={L('Outages per year')}*"
                   f"{L('Outages losing their data (no usable recovery point)')}",
                   per * g("Outages losing their data (no usable recovery point)"))]
        if sc.get("rto_objective") is not None or sc.get("rpo_objective") is not None:
            checks.append(("P(a breach in a year)", f"=1-EXP(-{L('Outages per year')}*"
                           f"{L('Share of outages in breach')})",
                           1 - math.exp(-per * g("Share of outages in breach"))))
        for col, want_f, want in checks:
            f = ws.cell(r, h[col]).value
            if f != want_f:
                fail(f"Summary {sc['name']}: {col} formula {f!r}, want {want_f!r}")
            if not close(g(col), want, rel=1e-9, abs_tol=1e-9):
                fail(f"Summary {sc['name']}: {col} stored {g(col)!r}, its formula gives {want!r}")
        if not close(g("Mean downtime per outage (h)") * 3600, json_s(sc["rto"]["mean_s"])):
            fail(f"Summary {sc['name']}: mean downtime {g('Mean downtime per outage (h)')!r}")
        f = str(ws.cell(r, h["Outages losing their data (no usable recovery point)"]).value)
        if not f.startswith("=Compliance!"):
            fail(f"Summary {sc['name']}: outages losing their data is not a formula over "
                 f"Compliance ({f!r})")


def check_per_scenario(wf, wv, summary, lost_data):
    """The Summary's per-scenario table: annual figures, the outages losing their data, and
    how often the plan fails over and abandons a failover (formulas over Compliance)."""
    ws, vs = wf["Summary"], wv["Summary"]
    loss_col = "Data loss per year, outages keeping a recovery point (h)"
    head = None
    for r in range(1, vs.max_row + 1):
        if vs.cell(r, 1).value == "Scenario" and vs.cell(r, 2).value == "Destroys":
            head = r
            break
    if head is None:
        fail("Summary: no per-scenario table")
        return
    c = {}
    for col in range(1, vs.max_column + 1):
        if isinstance(vs.cell(head, col).value, str):
            c[vs.cell(head, col).value] = col
    need = ["Outages per year", "Downtime per year (h)", loss_col,
            "Outages losing their data (no usable recovery point)",
            "Outages losing their data, per year", "Fails over (share of outages)",
            "Failovers abandoned (share of outages)"]
    missing = [n for n in need if n not in c]
    if missing:
        fail(f"Summary: per-scenario table lacks {missing} (has {sorted(c)})")
        return
    if c["Outages losing their data (no usable recovery point)"] != c[loss_col] + 1:
        fail("Summary: the outages losing their data are not beside the mean data loss")
    rows = {}
    for r in range(head + 1, vs.max_row + 1):
        name = vs.cell(r, 1).value
        if name is None:
            break
        rows[name] = r
    for sc in summary["scenarios"]:
        r = rows.get(sc["name"])
        if r is None:
            fail(f"Summary: no per-scenario row for {sc['name']}")
            continue
        where = f"Summary per-scenario row {r} ({sc['name']})"
        ann = sc["annualized"]
        share = sc["rpo"]["n_infinite"] / sc["trials"]
        got = {k: vs.cell(r, c[k]).value for k in need}
        if not close(got["Outages per year"], sc["per_year"]):
            fail(f"{where}: outages per year {got['Outages per year']}")
        if not close(hours_or_inf(got[loss_col]), json_s(ann["data_loss_per_year_s"])):
            fail(f"{where}: data loss per year {got[loss_col]} h, summary.json "
                 f"{ann['data_loss_per_year_s']} s")
        if not close(got["Outages losing their data (no usable recovery point)"], share):
            fail(f"{where}: outages losing their data "
                 f"{got['Outages losing their data (no usable recovery point)']}, want {share}")
        if not close(got["Outages losing their data, per year"], sc["per_year"] * share):
            fail(f"{where}: outages losing their data per year "
                 f"{got['Outages losing their data, per year']}, want {sc['per_year'] * share}")
        outs = sc["outcomes"]
        for col, want in (("Fails over (share of outages)", outs["failed_over"]["share"]),
                          ("Failovers abandoned (share of outages)",
                           outs["recovered_in_place"]["n_abandoned"] / sc["trials"])):
            if not close(got[col], want):
                fail(f"{where}: {col} {got[col]!r}, summary.json {want!r}")
            if not str(ws.cell(r, c[col]).value).startswith("=Compliance!"):
                fail(f"{where}: {col} is not a formula over Compliance")
    # Each scenario's RTO clock, and the finding of a damage scenario without an objective.
    for sc in summary["scenarios"]:
        r = rows.get(sc["name"])
        if r is None or "rto_clock" not in sc:
            continue
        if "RTO measured from" not in c or "Finding" not in c:
            fail("Summary: per-scenario table lacks 'RTO measured from' or 'Finding'")
            break
        if vs.cell(r, c["RTO measured from"]).value != sc["rto_clock"]:
            fail(f"Summary {sc['name']}: RTO measured from "
                 f"{vs.cell(r, c['RTO measured from']).value!r}, summary.json {sc['rto_clock']!r}")
        want = next((f["text"] for f in sc["findings"] if f["id"] == "no_objective"), None)
        if vs.cell(r, c["Finding"]).value != want:
            fail(f"Summary {sc['name']}: finding {vs.cell(r, c['Finding']).value!r}, "
                 f"summary.json {want!r}")
    for item in lost_data:
        name, _, want = item.partition("=")
        r = rows.get(name)
        if r is None:
            fail(f"--lost-data: no row for {name}")
            continue
        got = vs.cell(r, c["Outages losing their data (no usable recovery point)"]).value
        if not close(got, float(want)):
            fail(f"Summary {name}: outages losing their data {got}, want {want}")


def check_bia(wf, wv, summary, bia_fail, bia_ok):
    ws, vs = wf["BIA"], wv["BIA"]
    hr = header_row(ws)
    if hr is None:
        return
    c = columns(ws, hr)
    need_headers(ws, c, ["ID", "Process (service)", "Description", "Owner", "Timing (peak periods)",
                         "< 1 hour", "> 1 month", "Financial impact per hour (USD)", "MTD (h)",
                         "RTO target (h)", "WRT (h)", "RPO target (h)", "MBCO", "RTO < MTD",
                         "RTO + WRT <= MTD", "Depends on stores", "Recovery priority",
                         "Approved by", "Review date", "Next review"])
    if FAILURES:
        return
    services = [sv["name"] for sv in summary["scenarios"][0]["services"]]
    rows = {}
    for r in range(hr + 1, ws.max_row + 1):
        if vs.cell(r, c["Process (service)"]).value is not None:
            rows[vs.cell(r, c["Process (service)"]).value] = r
    if list(rows) != services:
        fail(f"BIA: services {list(rows)}, summary.json {services}")
    for name, r in rows.items():
        rto = vs.cell(r, c["RTO target (h)"]).value
        mtd = vs.cell(r, c["MTD (h)"]).value
        wrt = vs.cell(r, c["WRT (h)"]).value
        for col in ("RTO < MTD", "RTO + WRT <= MTD"):
            if not str(ws.cell(r, c[col]).value).startswith("=IF("):
                fail(f"BIA {name}: {col} is not a formula")
        nums = all(isinstance(x, (int, float)) for x in (rto, mtd, wrt))
        want1 = ("OK" if rto < mtd else "FAIL") if nums else "n/a"
        want2 = ("OK" if rto + wrt <= mtd else "FAIL") if nums else "n/a"
        got1, got2 = vs.cell(r, c["RTO < MTD"]).value, vs.cell(r, c["RTO + WRT <= MTD"]).value
        if got1 != want1 or got2 != want2:
            fail(f"BIA {name}: checks stored {got1!r}/{got2!r}, cells give {want1!r}/{want2!r}")
        if name in bia_fail and got1 != "FAIL":
            fail(f"BIA {name}: RTO < MTD should be FAIL, is {got1!r}")
        if name in bia_ok and (got1 != "OK" or got2 != "OK"):
            fail(f"BIA {name}: checks should be OK, are {got1!r}/{got2!r}")
    # Simulated columns: "RTO at X (h)" / "RPO at X (h)", one pair per scenario in order.
    rto_cols = [cell.column for cell in ws[hr] if str(cell.value).startswith("RTO at ")]
    rpo_cols = [cell.column for cell in ws[hr] if str(cell.value).startswith("RPO at ")]
    if len(rto_cols) != len(summary["scenarios"]) or len(rpo_cols) != len(summary["scenarios"]):
        fail(f"BIA: {len(rto_cols)} simulated RTO columns for {len(summary['scenarios'])} scenarios")
        return
    for s, sc in enumerate(summary["scenarios"]):
        for sv in sc["services"]:
            r = rows.get(sv["name"])
            if r is None:
                continue
            for cols, key in ((rto_cols, "rto_objective"), (rpo_cols, "rpo_objective")):
                o = sv[key]
                if o is None:
                    continue
                got = hours_or_inf(vs.cell(r, cols[s]).value)
                if not close(got, json_s(o["value_at_confidence_s"])):
                    fail(f"BIA {sv['name']} {sc['name']}: simulated {key} {got}, "
                         f"summary.json {o['value_at_confidence_s']}")
                gap = ws.cell(r, cols[s] + 2).value
                if not str(gap).startswith("=IF("):
                    fail(f"BIA {sv['name']} {sc['name']}: gap is not a formula")
            # Issue 15, defect 4: judged against the targets that apply in the scenario,
            # with a verdict per scenario (the worse of the Services sheet's two).
            rank = {None: 0, "n/a": 0, "meets": 1, "at risk": 2, "breach": 3}
            verdicts = []
            for col, key in ((rto_cols[s] - 2, "rto_objective"), (rpo_cols[s] - 2, "rpo_objective")):
                o = sv[key]
                got = hours_or_inf(vs.cell(r, col).value)
                want = math.inf if o is None else o["target_s"]
                if vs.cell(r, col).value == "not set":
                    got = math.inf
                if not close(got, want):
                    fail(f"BIA {sv['name']} {sc['name']}: {key} target in the scenario "
                         f"{vs.cell(r, col).value!r}, summary.json {want}")
                sim_v = vs.cell(r, col + 2).value
                gap_v = vs.cell(r, col + 4).value
                if isinstance(sim_v, (int, float)) and isinstance(got, float) and \
                        math.isfinite(got) and not close(gap_v, sim_v - got / 3600.0, abs_tol=1e-9):
                    fail(f"BIA {sv['name']} {sc['name']}: gap {gap_v!r} is not {sim_v} - "
                         f"{got / 3600.0}")
                verdicts.append(None if o is None else o["verdict"])
            want_v = max(verdicts, key=lambda v: rank[v]) or "n/a"
            vcol = rpo_cols[s] + 3
            if vs.cell(r, vcol).value != want_v:
                fail(f"BIA {sv['name']} {sc['name']}: verdict {vs.cell(r, vcol).value!r}, "
                     f"want {want_v!r} (the worse of {verdicts})")
            if "Services!" not in str(ws.cell(r, vcol).value):
                fail(f"BIA {sv['name']} {sc['name']}: verdict is not a formula over Services")


def check_stores(wf, wv, summary):
    ws, vs = wf["Data stores"], wv["Data stores"]
    hr = header_row(ws)
    if hr is None:
        return
    c = columns(ws, hr)
    need_headers(ws, c, ["Store", "Size", "Zone redundancy", "Backup rule", "Schedule", "Time zone",
                         "Location", "Retention", "Failure probability", "Flag"])
    if FAILURES:
        return
    flag_cols = [cell.column for cell in ws[hr] if cell.value == "Flag"]
    worst_cols = [cell.column for cell in ws[hr]
                  if str(cell.value).startswith("Worst-case data loss")]
    if len(flag_cols) != len(summary["scenarios"]) or len(worst_cols) != len(summary["scenarios"]):
        fail("Data stores: not one flag and one worst-case column per scenario")
        return
    seen = set()
    for r in range(hr + 1, ws.max_row + 1):
        name = vs.cell(r, c["Store"]).value
        if name is None:
            continue
        seen.add(name)
        for s, sc in enumerate(summary["scenarios"]):
            st = next(x for x in sc["stores"] if x["name"] == name)
            flag = vs.cell(r, flag_cols[s]).value
            if (st["n_no_usable_point"] > 0) != bool(flag):
                fail(f"Data stores {name} {sc['name']}: flag {flag!r} but "
                     f"{st['n_no_usable_point']} trials without a usable point")
    want = {st["name"] for st in summary["scenarios"][0]["stores"]}
    if seen != want:
        fail(f"Data stores: stores {sorted(seen)}, summary.json {sorted(want)}")


def check_damage(wf, wv, summary):
    """The Logical damage sheet (plans with a damage scenario): a row per damage scenario
    agreeing with summary.json's scenarios[].damage (stores, deletes_backups, RTO clock,
    the finding without an objective, damaged-window percentiles, no-clean trials and
    their share as a formula); the Clean points sheet: a row per damaged store and rule
    agreeing with scenarios[].stores[].clean_points and rules[].immutable, shares as
    formulas adding up to 1 per store. Without a damage scenario there are no such
    sheets."""
    damage = [sc for sc in summary["scenarios"] if sc.get("kind") == "damage"]
    if not damage:
        for name in ("Logical damage", "Clean points"):
            if name in wv.sheetnames:
                fail(f"{name}: a sheet without a damage scenario")
        return
    if "Logical damage" not in wv.sheetnames:
        fail("Logical damage: no sheet, though summary.json has a damage scenario")
        return
    ws, vs = wf["Logical damage"], wv["Logical damage"]
    hr = header_row(ws)
    if hr is None:
        return
    c = columns(ws, hr)
    pcs = [("Damaged window P50 (h)", "p50_s"), ("Damaged window P90 (h)", "p90_s"),
           ("Damaged window P95 (h)", "p95_s"), ("Damaged window P99 (h)", "p99_s"),
           ("Damaged window max (h)", "max_s")]
    need_headers(ws, c, ["Scenario", "Damaged stores", "Deletes backups", "RTO measured from",
                         "Objective", "Trials", "No clean point (trials)",
                         "No clean point (share of trials)"] + [h for h, _ in pcs])
    if FAILURES:
        return
    by_name = {sc["name"]: sc for sc in damage}
    seen = []
    r = hr + 1
    while vs.cell(r, c["Scenario"]).value is not None:
        name = vs.cell(r, c["Scenario"]).value
        sc = by_name.get(name)
        where = f"Logical damage row {r} ({name})"
        if sc is None:
            fail(f"{where}: not a damage scenario of summary.json")
            r += 1
            continue
        seen.append(name)
        d = sc["damage"]
        got = lambda h: vs.cell(r, c[h]).value
        if got("Damaged stores") != ", ".join(d["stores"]):
            fail(f"{where}: damaged stores {got('Damaged stores')!r}, summary.json {d['stores']}")
        if got("Deletes backups") != d["deletes_backups"]:
            fail(f"{where}: deletes backups {got('Deletes backups')!r}, summary.json "
                 f"{d['deletes_backups']!r}")
        if got("RTO measured from") != sc["rto_clock"]:
            fail(f"{where}: RTO clock {got('RTO measured from')!r}, summary.json "
                 f"{sc['rto_clock']!r}")
        finding = next((f["text"] for f in sc["findings"] if f["id"] == "no_objective"), None)
        if sc["has_objective"] == (finding is not None):
            fail(f"{where}: has_objective {sc['has_objective']} with findings {sc['findings']}")
        obj = got("Objective") or ""
        if finding is not None and obj != finding:
            fail(f"{where}: objective {obj!r}, want the finding {finding!r}")
        if finding is None and not obj.startswith("RTO "):
            fail(f"{where}: objective {obj!r}, want the targets")
        for h, k in pcs:
            if not close(hours_or_inf(got(h)), json_s(d["damaged_window"][k])):
                fail(f"{where}: {h} {got(h)}, summary.json {d['damaged_window'][k]} s")
        if got("Trials") != sc["trials"] or got("No clean point (trials)") != d["n_no_clean"]:
            fail(f"{where}: trials {got('Trials')}, no clean {got('No clean point (trials)')}, "
                 f"summary.json {sc['trials']}, {d['n_no_clean']}")
        share = "No clean point (share of trials)"
        if not str(ws.cell(r, c[share]).value).startswith("="):
            fail(f"{where}: the no-clean share is not a formula")
        if not close(got(share), d["no_clean_share"]):
            fail(f"{where}: no-clean share {got(share)}, summary.json {d['no_clean_share']}")
        r += 1
    if sorted(seen) != sorted(by_name):
        fail(f"Logical damage: scenario rows {seen}, summary.json {sorted(by_name)}")
    # The clean points, a sheet of their own.
    if "Clean points" not in wv.sheetnames:
        fail("Clean points: no sheet, though summary.json has a damage scenario")
        return
    ws, vs = wf["Clean points"], wv["Clean points"]
    head2 = header_row(ws)
    if head2 is None:
        return
    c2 = columns(ws, head2)
    n_col, s_col = "Supplied the clean point (trials)", "Supplied the clean point (share)"
    need_headers(ws, c2, ["Scenario", "Store", "Backup rule", "Immutable", "Trials", n_col, s_col])
    if FAILURES:
        return
    got_cp = {}
    for rr in range(head2 + 1, vs.max_row + 1):
        name = vs.cell(rr, c2["Scenario"]).value
        if name is None:
            break
        store, rule = vs.cell(rr, c2["Store"]).value, vs.cell(rr, c2["Backup rule"]).value
        where = f"Clean points row {rr} ({name}, {store}, {rule})"
        sc = by_name.get(name)
        st = next((x for x in sc["stores"] if x["name"] == store), None) if sc else None
        if st is None or not st["damaged"]:
            fail(f"{where}: not a damaged store of a damage scenario in summary.json")
            continue
        if st["clean_points"] is None:
            continue
        key = "none" if rule == "(no clean point)" else rule
        if key not in st["clean_points"]:
            fail(f"{where}: no clean_points[{key!r}] in summary.json")
            continue
        share = vs.cell(rr, c2[s_col]).value
        if not str(ws.cell(rr, c2[s_col]).value).startswith("="):
            fail(f"{where}: the share is not a formula")
        if not close(share, st["clean_points"][key]):
            fail(f"{where}: share {share}, summary.json {st['clean_points'][key]}")
        n = vs.cell(rr, c2[n_col]).value
        if not close(n / sc["trials"], st["clean_points"][key]):
            fail(f"{where}: {n} trials of {sc['trials']}, summary.json {st['clean_points'][key]}")
        if key != "none":
            ru = next(x for x in st["rules"] if x["name"] == rule)
            if vs.cell(rr, c2["Immutable"]).value != ("yes" if ru["immutable"] else "no"):
                fail(f"{where}: immutable {vs.cell(rr, c2['Immutable']).value!r}, summary.json "
                     f"{ru['immutable']}")
        got_cp.setdefault((name, store), {})[key] = share
    for sc in damage:
        for st in sc["stores"]:
            if not st["damaged"] or st["clean_points"] is None:
                continue
            got = got_cp.get((sc["name"], st["name"]))
            if got is None or set(got) != set(st["clean_points"]):
                fail(f"Clean points {sc['name']} {st['name']}: rows {sorted(got or {})}, "
                     f"summary.json {sorted(st['clean_points'])}")
            elif "none" in got and not close(sum(got.values()), 1.0, rel=1e-9, abs_tol=1e-9):
                fail(f"Clean points {sc['name']} {st['name']}: shares add up to "
                     f"{sum(got.values())}")


def check_runbook(wf, wv, summary):
    ws, vs = wf["Runbook"], wv["Runbook"]
    hr = header_row(ws)
    if hr is None:
        return
    c = columns(ws, hr)
    need_headers(ws, c, ["Scenario", "Step", "Roles needed (one person each)", "Duration assumption",
                         "Parameters as simulated", "On the critical path (share of trials)",
                         "Mean time contributed when on the path (min)",
                         "Mean duration when started (min)",
                         "Mean wait for people when started (min)"])
    if FAILURES:
        return
    got = {}
    for r in range(hr + 1, ws.max_row + 1):
        if vs.cell(r, c["Step"]).value is not None:
            got[(vs.cell(r, c["Scenario"]).value, vs.cell(r, c["Step"]).value)] = r
    n = 0
    for sc in summary["scenarios"]:
        for st in sc["steps"]:
            n += 1
            r = got.get((sc["name"], st["name"]))
            if r is None:
                fail(f"Runbook: no row for {sc['name']}/{st['name']}")
                continue
            share = vs.cell(r, c["On the critical path (share of trials)"]).value
            if not close(share, st["critical_path_share"]):
                fail(f"Runbook {sc['name']}/{st['name']}: path share {share}, "
                     f"summary.json {st['critical_path_share']}")
            mean = vs.cell(r, c["Mean duration when started (min)"]).value
            if not close(mean * 60.0, st["mean_duration_s"], abs_tol=1e-6):
                fail(f"Runbook {sc['name']}/{st['name']}: mean duration {mean} min")
    if n != len(got):
        fail(f"Runbook: {len(got)} rows, summary.json has {n} steps")


def check_distributions(wf, wv, summary, path):
    ws, vs = wf["Distributions"], wv["Distributions"]
    hr = header_row(ws)
    if hr is None:
        return
    c = columns(ws, hr)
    need_headers(ws, c, ["Scenario", "Bin", "From (h)", "To (h)", "RTO trials", "RTO share",
                         "RTO cumulative share", "RPO trials", "RPO cumulative share"])
    if FAILURES:
        return
    totals = {}
    last_cum = {}
    for r in range(hr + 1, ws.max_row + 1):
        name = vs.cell(r, c["Scenario"]).value
        if name is None:
            continue
        t = totals.setdefault(name, [0, 0])
        t[0] += vs.cell(r, c["RTO trials"]).value
        t[1] += vs.cell(r, c["RPO trials"]).value
        last_cum[name] = (vs.cell(r, c["RTO cumulative share"]).value,
                          vs.cell(r, c["RPO cumulative share"]).value)
        if not str(ws.cell(r, c["RTO cumulative share"]).value).startswith("=SUM("):
            fail(f"Distributions row {r}: cumulative share is not a formula")
    for sc in summary["scenarios"]:
        if totals.get(sc["name"]) != [sc["trials"], sc["trials"]]:
            fail(f"Distributions {sc['name']}: histogram totals {totals.get(sc['name'])}, "
                 f"want {sc['trials']}")
        if sc["name"] in last_cum and not all(close(x, 1.0) for x in last_cum[sc["name"]]):
            fail(f"Distributions {sc['name']}: cumulative shares end at {last_cum[sc['name']]}")
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
    # Four per scenario, and one per decision curve (its own sheet).
    n_want = 4 * len(summary["scenarios"]) + sum("decision_curve" in sc for sc in summary["scenarios"])
    if len(charts) != n_want:
        fail(f"Distributions: {len(charts)} charts, want {n_want}")


def check_decision(wv, summary):
    """Decision curve: a row per (scenario, wait) agreeing with scenarios[].decision_curve,
    in the same order, and a native chart per scenario."""
    curves = [(sc["name"], sc["decision_curve"]) for sc in summary["scenarios"]
              if "decision_curve" in sc]
    if not curves:
        if "Decision curve" in wv.sheetnames:
            fail("Decision curve: a sheet without a curve in summary.json")
        return
    ws = wv["Decision curve"]
    row = header_row(ws)
    if row is None:
        return
    cols = columns(ws, row)
    need_headers(ws, cols, ["Scenario", "Wait before failing over (h)", "P(meet RTO)",
                            "P(meet RPO)", "Share failing over", "Trials"])
    r = row + 1
    for name, pts in curves:
        for pt in pts:
            got = {k: ws.cell(row=r, column=c).value for k, c in cols.items()}
            where = f"Decision curve row {r}"
            if got["Scenario"] != name:
                fail(f"{where}: scenario {got['Scenario']!r}, want {name!r}")
            # A plan that never fails over on the wait alone: wait_s "infinity", the text "inf".
            never = json_s(pt["wait_s"]) == math.inf
            if never and got.get("Wait before failing over (h)") != "inf":
                fail(f"{where}: wait {got.get('Wait before failing over (h)')!r}, want 'inf'")
            wait_h = None if never else pt["wait_s"] / 3600.0
            for col, want in (("Wait before failing over (h)", wait_h),
                              ("P(meet RTO)", pt["p_meet_rto"]), ("P(meet RPO)", pt["p_meet_rpo"]),
                              ("Share failing over", pt["failover_share"]),
                              ("Trials", pt["trials"])):
                v = got.get(col)
                if want is None and col.startswith("Wait"):
                    continue
                if want is None:
                    if v != "-":
                        fail(f"{where}: {col} {v!r}, want '-'")
                elif not isinstance(v, (int, float)) or not close(float(v), float(want)):
                    fail(f"{where}: {col} stored {v!r}, summary.json {want!r}")
            r += 1
    if len(ws._charts) != len(curves):
        fail(f"Decision curve: {len(ws._charts)} charts, want {len(curves)}")


def check_exceptions(wv, summary):
    """Exceptions: a register row per summary.json exceptions[] entry, in order (store,
    reason, approved by, review date, expired, share of outages losing data per scenario),
    then per scenario with a policy the RPO P(meet) as the policy reads it and over all
    data, agreeing with rpo_objective and rpo_all_data."""
    ws = wv["Exceptions"]
    hr = header_row(ws)
    if hr is None:
        return
    c = columns(ws, hr)
    names = [sc["name"] for sc in summary["scenarios"]]
    need_headers(ws, c, ["Store", "Reason", "Approved by", "Review by", "Expired"]
                 + [f"Loses data: {n} outages" for n in names])
    if FAILURES:
        return
    exc = summary["exceptions"]
    for i, e in enumerate(exc):
        r = hr + 1 + i
        where = f"Exceptions row {r}"
        got = {k: ws.cell(r, col).value for k, col in c.items()}
        for col, want in (("Store", e["store"]), ("Reason", e["reason"]),
                          ("Approved by", e["approved_by"]),
                          ("Expired", "EXPIRED" if e["expired"] else "no")):
            if got[col] != want:
                fail(f"{where}: {col} {got[col]!r}, want {want!r}")
        rb = got["Review by"]
        if not isinstance(rb, datetime.datetime) or rb.date().isoformat() != e["review_by"]:
            fail(f"{where}: review by {rb!r}, want {e['review_by']}")
        for n in names:
            v = got[f"Loses data: {n} outages"]
            if not isinstance(v, (int, float)) or not close(v, e["loses_data_share"][n]):
                fail(f"{where}: loses data in {n} {v!r}, want {e['loses_data_share'][n]!r}")
    if ws.max_row != hr + len(exc) and ws.cell(hr + 1 + len(exc), 1).value is not None:
        fail(f"Exceptions: rows after the register's {len(exc)} rows")
    # The objectives table above the register: find its header by its first cells.
    oh = None
    for r in range(1, hr):
        if ws.cell(r, 1).value == "Scenario" and ws.cell(r, 3).value == "Policy RPO: P(meet)":
            oh = r
            break
    if oh is None:
        fail("Exceptions: no table of the policy and all-data RPO")
        return
    r = oh + 1
    for sc in summary["scenarios"]:
        if sc["rpo_objective"] is None:
            continue
        where = f"Exceptions row {r} ({sc['name']})"
        if ws.cell(r, 1).value != sc["name"]:
            fail(f"{where}: scenario {ws.cell(r, 1).value!r}")
        po, ao = sc["rpo_objective"], sc["rpo_all_data"]["objective"]
        for col, want in ((3, po["p_met"]), (5, ao["p_met"])):
            if not close(ws.cell(r, col).value, want):
                fail(f"{where}: column {col} {ws.cell(r, col).value!r}, want {want!r}")
        for col, want in ((4, po["verdict"]), (6, ao["verdict"])):
            if ws.cell(r, col).value != want:
                fail(f"{where}: verdict {ws.cell(r, col).value!r}, want {want!r}")
        r += 1


def check_services(wv, summary):
    """Services (plans with services): a row per (scenario, service), the services of a
    scenario in priority order (ties in plan order), agreeing with summary.json's
    scenarios[].services[]: priority, criticality, defines_restoration, mbco_capacity, and
    per objective the target, P50/P95/P99, P(meet), its interval and the verdict."""
    if not any(sc["services"] for sc in summary["scenarios"]):
        if "Services" in wv.sheetnames:
            fail("Services: a sheet for a plan without services")
        return
    ws = wv["Services"]
    hr = header_row(ws)
    if hr is None:
        return
    c = columns(ws, hr)
    objs = ["target (h)", "P50 (h)", "P95 (h)", "P99 (h)", "P(meet target)",
            "Wilson 95% lower bound", "Wilson 95% upper bound", "verdict"]
    need_headers(ws, c, ["Scenario", "Service", "Priority", "Criticality",
                         "Restores the scenario's service", "MBCO (share of capacity)"]
                 + [f"{o} {h}" for o in ("RTO", "RPO") for h in objs])
    if FAILURES:
        return
    r = hr + 1
    for sc in summary["scenarios"]:
        order = sorted(range(len(sc["services"])),
                       key=lambda i: (sc["services"][i]["priority"], i))
        for i in order:
            sv = sc["services"][i]
            where = f"Services row {r} ({sc['name']}, {sv['name']})"
            got = {k: ws.cell(r, col).value for k, col in c.items()}
            want_mbco = "not stated" if sv["mbco_capacity"] is None else sv["mbco_capacity"]
            for col, want in (("Scenario", sc["name"]), ("Service", sv["name"]),
                              ("Priority", sv["priority"]), ("Criticality", sv["criticality"]),
                              ("Restores the scenario's service",
                               "yes" if sv["defines_restoration"] else "no"),
                              ("MBCO (share of capacity)", want_mbco)):
                if got[col] != want:
                    fail(f"{where}: {col} {got[col]!r}, want {want!r}")
            for o, key in (("RTO", "rto"), ("RPO", "rpo")):
                ob, pc = sv[key + "_objective"], sv[key]
                for h, k in (("P50 (h)", "p50_s"), ("P95 (h)", "p95_s"), ("P99 (h)", "p99_s")):
                    if not close(hours_or_inf(got[f"{o} {h}"]), json_s(pc[k])):
                        fail(f"{where}: {o} {h} {got[f'{o} {h}']!r}, summary.json {pc[k]!r}")
                if ob is None:
                    if got[f"{o} target (h)"] != "none" or got[f"{o} verdict"] != "n/a":
                        fail(f"{where}: {o} without a target shows "
                             f"{got[f'{o} target (h)']!r}, {got[f'{o} verdict']!r}")
                    continue
                for h, k in (("target (h)", None), ("P(meet target)", "p_met"),
                             ("Wilson 95% lower bound", "ci95_lo"),
                             ("Wilson 95% upper bound", "ci95_hi")):
                    want = ob["target_s"] / 3600.0 if k is None else ob[k]
                    if not close(got[f"{o} {h}"], want):
                        fail(f"{where}: {o} {h} {got[f'{o} {h}']!r}, want {want!r}")
                if got[f"{o} verdict"] != ob["verdict"]:
                    fail(f"{where}: {o} verdict {got[f'{o} verdict']!r}, want {ob['verdict']!r}")
            r += 1
    if ws.cell(r, 1).value is not None:
        fail(f"Services: a row {r} after the last (scenario, service)")


def check_assumptions(wf, wv):
    ws, vs = wf["Assumptions"], wv["Assumptions"]
    hr = header_row(ws)
    if hr is None:
        return
    c = columns(ws, hr)
    need_headers(ws, c, ["Key path", "Value as written", "Unit", "Provenance", "Marked by",
                         "Comment or source (from the plan file)", "Line"])
    if FAILURES:
        return
    n = 0
    for r in range(hr + 1, ws.max_row + 1):
        path = vs.cell(r, c["Key path"]).value
        if path is None:
            continue
        n += 1
        if not isinstance(vs.cell(r, c["Line"]).value, int) or vs.cell(r, c["Line"]).value < 1:
            fail(f"Assumptions row {r}: no line number")
        prov = vs.cell(r, c["Provenance"]).value
        by = vs.cell(r, c["Marked by"]).value
        comment = vs.cell(r, c["Comment or source (from the plan file)"]).value or ""
        if prov not in ("fact", "ASSUMPTION", "UNKNOWN"):
            fail(f"Assumptions row {r}: provenance {prov!r}")
        elif prov == "fact" and by:
            fail(f"Assumptions row {r}: a fact marked by {by!r}")
        elif prov != "fact" and by not in ("comment", "section"):
            fail(f"Assumptions row {r}: {prov} marked by {by!r}")
        elif by == "comment" and prov not in comment:
            fail(f"Assumptions row {r}: {prov} by its comment, which does not say it: {comment!r}")
        elif prov == "fact" and ("ASSUMPTION" in comment or "UNKNOWN" in comment):
            fail(f"Assumptions row {r}: a fact whose comment says otherwise: {comment!r}")
    if n == 0:
        fail("Assumptions: no inputs")
    paths = {vs.cell(r, c["Key path"]).value for r in range(hr + 1, ws.max_row + 1)}
    for want in ("calendar.epoch",):
        if want not in paths:
            fail(f"Assumptions: no '{want}'")


def check_trials(wv, path, summary, trials, per_sheet):
    names = [n for n in wv.sheetnames if n == "Trials" or n.startswith("Trials ")]
    if trials is None:
        if names:
            fail(f"unexpected trial sheets {names}")
        return
    total = trials * len(summary["scenarios"])
    want_sheets = math.ceil(total / per_sheet)
    want_names = ["Trials"] + [f"Trials {i}" for i in range(2, want_sheets + 1)]
    if names != want_names:
        fail(f"trial sheets {names}, want {want_names}")
    # Read the rows streaming: the sheets may be large.
    ro = openpyxl.load_workbook(path, read_only=True, data_only=True)
    per_scen = {}
    for i, n in enumerate(names):
        rows = ro[n].iter_rows(values_only=True)
        head = next(rows)
        want_head = ("Trial", "Scenario", "Outage start (UTC)", "Outage duration (h)", "RTO (h)",
                     "RPO (h)", "Full restoration (h)", "Outcome", "Flags")
        if tuple(head[:9]) != want_head:
            fail(f"{n}: header {head}")
            return
        count = 0
        for row in rows:
            if row[0] is None:
                continue
            count += 1
            if not isinstance(row[2], datetime.datetime):
                fail(f"{n}: outage start {row[2]!r} is not a date-time")
                return
            per_scen.setdefault(row[1], []).append(
                (row[0], hours_or_inf(row[4]), hours_or_inf(row[5]), row[7], row[8]))
        want = per_sheet if i < len(names) - 1 else total - per_sheet * (len(names) - 1)
        if count != want:
            fail(f"{n}: {count} trial rows, want {want}")
    for sc in summary["scenarios"]:
        got = per_scen.get(sc["name"], [])
        if [t[0] for t in got] != list(range(trials)):
            fail(f"Trials {sc['name']}: trial numbers are not 0..{trials - 1}")
            continue
        for idx, key in ((1, "rto"), (2, "rpo")):
            vals = sorted(t[idx] for t in got)
            for q, k in ((0.5, "p50_s"), (0.9, "p90_s"), (0.95, "p95_s"), (0.99, "p99_s")):
                mine = percentile_inc(vals, q)
                if not close(mine, json_s(sc[key][k]), rel=HIST_REL_RES, abs_tol=1e-6):
                    fail(f"Trials {sc['name']}: {key} {k} from the rows {mine}, "
                         f"summary.json {sc[key][k]}")
        kinds = {"failed over": 0, "in place": 0, "in place (abandoned)": 0}
        for t in got:
            if t[3] not in kinds:
                fail(f"Trials {sc['name']} trial {t[0]}: outcome {t[3]!r}")
                break
            kinds[t[3]] += 1
        outs = sc["outcomes"]
        want = {"failed over": outs["failed_over"]["n"],
                "in place": outs["recovered_in_place"]["n"] - outs["recovered_in_place"]["n_abandoned"],
                "in place (abandoned)": outs["recovered_in_place"]["n_abandoned"]}
        if kinds != want:
            fail(f"Trials {sc['name']}: outcomes {kinds}, summary.json {want}")
        n_breach = sum(1 for t in got if t[4] and "breach" in t[4])
        if n_breach != sc["n_breach"]:
            fail(f"Trials {sc['name']}: {n_breach} breaches, summary.json {sc['n_breach']}")


def check_registers(wv, summary):
    """The Registers sheet's findings table is summary.json's findings, row for row: the
    finding, recommendation, owner and decision texts, and where the levers were searched
    the combination, its cost a year, one-off cost and P(meet) with its interval."""
    ws = wv["Registers"]
    head = None
    rows = []
    for row in ws.iter_rows(values_only=True):
        if head is None:
            if row[0] == "#" and row[2] == "Finding":
                head = list(row)
            continue
        if row[0] is None:
            break
        rows.append(dict(zip(head, row)))
    if head is None:
        fail("Registers: no findings table")
        return
    found = summary["findings"]
    if len(rows) != len(found):
        fail(f"Registers: {len(rows)} findings, summary.json has {len(found)}")
        return
    goals = {}
    lv = summary.get("levers")
    if lv and lv.get("searched"):
        for g in lv["goals"]:
            goals[(g["scenario"], g["objective"])] = g
    for i, (r, f) in enumerate(zip(rows, found)):
        for col, key in (("Finding", "what"), ("Recommendation", "recommendation"),
                         ("Owner", "owner"), ("Decision asked of the board", "decision"),
                         ("Severity", "severity")):
            if r[col] != f[key]:
                fail(f"Registers row {i + 1} {col}: {r[col]!r}, summary.json {f[key]!r}")
        if not r["Evidence"].endswith(f["evidence"]):
            fail(f"Registers row {i + 1} evidence {r['Evidence']!r} lacks {f['evidence']!r}")
        key = (f["scenario"], f["objective"]) if f["kind"] == "objective" else \
            (None, "all") if f["kind"] == "policy" else None
        g = goals.get(key) if key else None
        if g and g["combination"]:
            c = g["combination"]
            if r["Cheapest lever combination"] != c["text"]:
                fail(f"Registers row {i + 1} combination {r['Cheapest lever combination']!r}, "
                     f"summary.json {c['text']!r}")
            for col, v in (("Cost a year (USD)", c["annual_usd"]),
                           ("One-off (USD)", c["one_off_usd"]), ("P(meet)", g["p_met"]),
                           ("95% CI low", g["ci_lo"]), ("95% CI high", g["ci_hi"])):
                if not close(r[col], v):
                    fail(f"Registers row {i + 1} {col}: {r[col]}, summary.json {v}")
        elif r["Cheapest lever combination"] not in (None, "none meets it",
                                                      "none found within the bound"):
            fail(f"Registers row {i + 1}: a combination without a search")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("book")
    ap.add_argument("summary")
    ap.add_argument("--trials", type=int)
    ap.add_argument("--rows-per-sheet", type=int, default=1048575)
    ap.add_argument("--bia-fail", action="append", default=[])
    ap.add_argument("--bia-ok", action="append", default=[])
    ap.add_argument("--date", type=int)
    ap.add_argument("--paper", default="a4", choices=["a4", "letter"])
    ap.add_argument("--images", type=int)
    ap.add_argument("--lost-data", action="append", default=[])
    ap.add_argument("--what-if-confidence", action="append", default=[])
    a = ap.parse_args()

    with open(a.summary) as f:
        summary = json.load(f)
    wf = openpyxl.load_workbook(a.book)
    wv = openpyxl.load_workbook(a.book, data_only=True)
    want = ["Summary", "Compliance", "BIA", "Data stores", "Runbook", "Distributions",
            "Exceptions", "Registers", "Assumptions"]
    if any("decision_curve" in sc for sc in summary["scenarios"]):
        want.insert(8, "Decision curve")
    if any(sc["services"] for sc in summary["scenarios"]):
        want.insert(3, "Services")
    if any(sc.get("kind") == "damage" for sc in summary["scenarios"]):
        at = want.index("Data stores") + 1
        want[at:at] = ["Logical damage", "Clean points"]
    if summary.get("money"):  # drsim run prices its outages: the Money sheet (check_money.py)
        want.insert(want.index("Exceptions") + 1, "Money")
    if wv.sheetnames[:len(want)] != want:
        fail(f"sheets {wv.sheetnames}, want {want} first")
        print("\n".join(FAILURES))
        return 1
    comp_rows = check_compliance(wf, wv, summary)
    check_summary(wf, wv, summary, comp_rows)
    check_per_scenario(wf, wv, summary, a.lost_data)
    check_live_verdicts(wf, wv, summary, a.what_if_confidence)
    check_bia(wf, wv, summary, a.bia_fail, a.bia_ok)
    check_stores(wf, wv, summary)
    check_damage(wf, wv, summary)
    check_runbook(wf, wv, summary)
    check_distributions(wf, wv, summary, a.book)
    check_decision(wv, summary)
    check_exceptions(wv, summary)
    check_registers(wv, summary)
    check_services(wv, summary)
    check_assumptions(wf, wv)
    check_trials(wv, a.book, summary, a.trials, a.rows_per_sheet)
    if a.images is not None:
        # Only the Summary holds pictures; the Distributions drawing holds charts.
        with zipfile.ZipFile(a.book) as z:
            pics = sum(z.read(n).count(b"<xdr:pic>") for n in z.namelist()
                       if n.startswith("xl/drawings/drawing") and n.endswith(".xml"))
        if pics != a.images:
            fail(f"Summary: {pics} pictures, want {a.images}")
    props = wv.properties
    if not props.title or summary["plan"]["name"] not in props.title:
        fail(f"properties: title {props.title!r}")
    if a.date is not None:
        want_date = datetime.datetime.utcfromtimestamp(a.date if a.date > 0 else 1)
        if props.created != want_date:
            fail(f"properties: created {props.created}, want {want_date}")
    # How every sheet prints (tests/check_print.py): landscape on the paper, 8 pt or more.
    import check_print
    for msg in check_print.check(a.book, a.paper, [], False):
        fail(msg)
    if FAILURES:
        print("\n".join(FAILURES))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
