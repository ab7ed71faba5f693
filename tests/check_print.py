#!/usr/bin/python3
"""tests/check_print.py: check how every sheet of a drsim workbook prints.

usage: check_print.py BOOK.xlsx a4|letter [--expect-split SHEET ...] [--show]

Reads the print set-up back with openpyxl and checks, for every sheet: landscape on the
paper asked for; a fixed print scale (no fit-to-page, whose scale a reader chooses) at
which the sheet's smallest font prints at 8 points or more; the pages across (the
vertical page breaks) each no wider than the page's printable width at that scale,
counting the key columns repeated on every page after the first (print titles); the
table's header row repeated on every page down (print titles); the group labels above a
header each fit their group of columns. Column widths are turned
into points as Excel does (7 pixels per character of Calibri 11 plus 5 of padding, at
96 pixels to the inch). Sheets named after --expect-split must print on more than one page
across. Exits 1 with the failures listed.
"""
import sys
import warnings

import openpyxl
from openpyxl.utils import column_index_from_string

warnings.simplefilter("ignore")

PAGE_PT = {"a4": 297 / 25.4 * 72 - 2 * 0.4 * 72, "letter": 11 * 72 - 2 * 0.4 * 72}
PAPER_CODE = {"a4": 9, "letter": 1}
MIN_PT = 8.0


def col_pt(width):
    """A column's width in points at 100 %, from the width stored in the file (the width
    asked for plus 5/7 of a character, as libxlsxwriter stores it)."""
    px = int((256 * width + int(128 / 7)) / 256 * 7)
    return px * 0.75


def widths(ws):
    w = {}
    for dim in ws.column_dimensions.values():
        if dim.width is None or dim.min is None:
            continue
        for c in range(dim.min, dim.max + 1):
            w[c] = col_pt(dim.width)
    n = max(w) if w else 0
    return [w.get(c, col_pt(8.43)) for c in range(1, n + 1)]


def smallest_font(ws):
    sizes = [11.0]
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None and c.font is not None and c.font.sz:
                sizes.append(float(c.font.sz))
    return min(sizes)


def group_labels(ws, w):
    """The group labels above a table's header (a sheet's column groups: "Simulated, zone
    outage"; bold on the group fill, EEF2F8) each print whole: the group's width, wrapped
    into the row's height when the label wraps (merged over its group, or alone in a
    group of one column), holds its text
    (counted at the width of a digit, 7 pixels a character, wider than most of Calibri's
    letters); a label that does not wrap has its own cell only, as the next label or a
    page break cuts it there."""
    bad = []
    if not ws.freeze_panes:
        return bad
    head = int(ws.freeze_panes.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1
    for r in range(1, head):
        labels = [c for c in ws[r] if isinstance(c.value, str) and c.fill is not None
                  and str(c.fill.fgColor.rgb).upper().endswith("EEF2F8")]
        if not labels:
            continue
        merged = {m.min_col: m for m in ws.merged_cells.ranges if m.min_row == r}
        height = ws.row_dimensions[r].height or 15.0
        for cell in labels:
            m = merged.get(cell.column)
            c0, c1 = (m.min_col, m.max_col) if m else (cell.column, cell.column)
            px = sum(w[c - 1] for c in range(c0, c1 + 1) if c - 1 < len(w)) / 0.75 - 6
            wraps = m is not None or (cell.alignment is not None and cell.alignment.wrap_text)
            lines = max(1, int(height // 15.0 + 0.01)) if wraps else 1
            if len(cell.value) * 7 > px * lines:
                bad.append("%s: group label %r in %s does not fit its %d column(s) (%d px x %d "
                           "lines)" % (ws.title, cell.value, cell.coordinate, c1 - c0 + 1, px, lines))
        if ws.print_title_rows and r == head - 1:
            first = int(ws.print_title_rows.split(":")[0].replace("$", ""))
            if first > r:
                bad.append("%s: the group labels (row %d) are not repeated with the header" % (ws.title, r))
    return bad


def check(path, paper, expect_split, show):
    bad = []
    wb = openpyxl.load_workbook(path)
    page = PAGE_PT[paper]
    for ws in wb.worksheets:
        name = ws.title
        ps = ws.page_setup
        if ps.orientation != "landscape":
            bad.append("%s: orientation %r" % (name, ps.orientation))
        if int(ps.paperSize or 0) != PAPER_CODE[paper]:
            bad.append("%s: paper size %r, expected %d" % (name, ps.paperSize, PAPER_CODE[paper]))
        pr = ws.sheet_properties.pageSetUpPr
        if pr is not None and pr.fitToPage:
            bad.append("%s: fit to page (the reader would choose the scale)" % name)
        scale = int(ps.scale or 100)
        font = smallest_font(ws)
        eff = font * scale / 100.0
        if eff < MIN_PT - 1e-9:
            bad.append("%s: smallest font %.1f pt at %d %% prints at %.2f pt" % (name, font, scale, eff))
        w = widths(ws)
        breaks = sorted(b.id for b in ws.col_breaks.brk)
        # Charts beyond the table cover columns of the default width: pages may cover them.
        if breaks and breaks[-1] >= len(w):
            w += [col_pt(8.43)] * (breaks[-1] + 1 - len(w))
        rep = 0
        if ws.print_title_cols:
            a, b = ws.print_title_cols.replace("$", "").split(":")
            if column_index_from_string(a) != 1:
                bad.append("%s: repeated columns do not start at A" % name)
            rep = sum(w[: column_index_from_string(b)])
        starts = [0] + breaks
        ends = breaks + [len(w)]
        for k, (s, e) in enumerate(zip(starts, ends)):
            if e <= s:
                bad.append("%s: empty page across %d" % (name, k + 1))
                continue
            pt = ((rep if k > 0 else 0) + sum(w[s:e])) * scale / 100.0
            if pt > page + 1e-6 and e - s > 1:
                bad.append("%s: page %d across (columns %d-%d) is %.1f pt wide at %d %%, the page "
                           "holds %.1f pt" % (name, k + 1, s + 1, e, pt, scale, page))
        if breaks and not ws.print_title_rows and ws.freeze_panes:
            bad.append("%s: split across pages without its header repeated" % name)
        if ws.freeze_panes and not ws.print_title_rows:
            bad.append("%s: a table without its header row repeated on every page" % name)
        if ws.freeze_panes and ws.print_title_rows:
            head = int(ws.freeze_panes.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) - 1
            last = int(ws.print_title_rows.split(":")[1].replace("$", ""))
            if last != head:
                bad.append("%s: repeated rows %s end above the header row %d" % (name, ws.print_title_rows, head))
        bad += group_labels(ws, w)
        if name in expect_split and not breaks:
            bad.append("%s: expected to print on more than one page across" % name)
        if show:
            print("%-16s scale %3d%%  font %.2f pt  pages across %d  breaks %s  titles %s / %s  widest %.0f of %.0f pt"
                  % (name, scale, eff, len(starts), breaks, ws.print_title_rows, ws.print_title_cols,
                     max(((rep if k else 0) + sum(w[s:e])) * scale / 100.0 for k, (s, e) in enumerate(zip(starts, ends))) if w else 0,
                     page))
    return bad


def main(argv):
    if len(argv) < 3 or argv[2] not in PAGE_PT:
        print(__doc__, file=sys.stderr)
        return 2
    expect, show = [], False
    i = 3
    while i < len(argv):
        if argv[i] == "--expect-split":
            expect.append(argv[i + 1])
            i += 2
        elif argv[i] == "--show":
            show = True
            i += 1
        else:
            print("unknown argument %s" % argv[i], file=sys.stderr)
            return 2
    bad = check(argv[1], argv[2], expect, show)
    for b in bad:
        print("FAIL " + b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
