#!/usr/bin/env python3
"""Differential check: workbooks written by openpyxl and xlsxwriter with random content,
dumped by htx and read by openpyxl; every cell must agree.

Usage: scripts/compare-with-openpyxl.py [--htx .build/release/htx] [--count 20] [--seed 1]
Needs openpyxl and xlsxwriter (pip install openpyxl xlsxwriter). Not part of `swift test`:
it checks htx against an independent reader on files no test has seen.
"""
import argparse, csv, datetime, io, math, os, random, subprocess, sys, tempfile

import openpyxl
import xlsxwriter


def ecmascript(value):
    """A float as ECMAScript's Number.prototype.toString writes it (SPEC §5)."""
    if value == 0:
        return "0"
    if value == int(value) and abs(value) < 2**53:
        return str(int(value))
    text = repr(float(value))  # shortest round-trip digits
    mantissa, _, exponent = text.partition("e")
    digits = mantissa.replace("-", "").replace(".", "")
    point = mantissa.replace("-", "").find(".")
    if point < 0:
        point = len(mantissa.replace("-", ""))
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0") or "0"
    n = point + (int(exponent) if exponent else 0)
    k = len(digits)
    sign = "-" if value < 0 else ""
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + ("+" if e >= 0 else "-") + str(abs(e))


def dump_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, datetime.time):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, (int, float)):
        return ecmascript(float(value))
    return str(value)


def openpyxl_dump(path, sheet):
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[sheet]
    covered = set()
    for merged in ws.merged_cells.ranges:
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                if (row, col) != (merged.min_row, merged.min_col):
                    covered.add((row, col))
    cells = {}
    for row in ws.iter_rows():
        for cell in row:
            if (cell.row, cell.column) in covered:
                continue
            text = dump_value(cell.value)
            if text != "":
                cells[(cell.row, cell.column)] = text
    if not cells:
        return []
    last_row = max(r for r, _ in cells)
    last_col = max(c for _, c in cells)
    return [[cells.get((r, c), "") for c in range(1, last_col + 1)] for r in range(1, last_row + 1)]


WORDS = ["Hợp tác xã", "Nông nghiệp", "Đang hoạt động", "x", "-", "a,b", 'say "hi"', "dòng\nmới",
         "  lề  ", "=SUM(A1)", "0012", "1.234,5", "ハップ", "Tổng cộng", "#N/A text"]


def random_value(rng):
    kind = rng.randrange(9)
    if kind == 0:
        return rng.randint(-10**6, 10**6)
    if kind == 1:
        return round(rng.uniform(-1e5, 1e5), rng.randrange(0, 7))
    if kind == 2:
        return rng.choice([0.1 + 0.2, 1e21, 1e-7, 123456789012345678, 1/3, 2.5e-5, -0.0, 7e22])
    if kind == 3:
        return datetime.datetime(2000, 1, 1) + datetime.timedelta(days=rng.randrange(10000))
    if kind == 4:
        return datetime.datetime(2017, 6, 30, rng.randrange(24), rng.randrange(60), rng.randrange(60))
    if kind == 5:
        return rng.choice([True, False])
    if kind == 6:
        return None
    return rng.choice(WORDS) + (str(rng.randrange(100)) if rng.random() < 0.5 else "")


def write_openpyxl(path, rng, grid, merges):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biểu 01"
    wb.create_sheet("Ẩn").sheet_state = "hidden"
    for (r, c), value in grid.items():
        cell = ws.cell(row=r, column=c, value=value)
        if isinstance(value, datetime.datetime):
            cell.number_format = rng.choice(["dd/mm/yyyy", "dd/mm/yyyy hh:mm:ss", "yyyy-mm-dd"])
    for merge in merges:
        ws.merge_cells(merge)
    wb.save(path)


def write_xlsxwriter(path, rng, grid, merges):
    wb = xlsxwriter.Workbook(path, {"strings_to_numbers": False, "strings_to_formulas": False})
    ws = wb.add_worksheet("Biểu 01")
    date = wb.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    for (r, c), value in grid.items():
        if isinstance(value, datetime.datetime):
            ws.write_datetime(r - 1, c - 1, value, date)
        elif isinstance(value, bool):
            ws.write_boolean(r - 1, c - 1, value)
        elif isinstance(value, (int, float)):
            ws.write_number(r - 1, c - 1, value)
        elif value is not None:
            ws.write_string(r - 1, c - 1, value)
    for merge in merges:
        first, last = merge.split(":")
        ws.merge_range(merge, None)
    wb.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--htx", default=".build/release/htx")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    failures = 0
    with tempfile.TemporaryDirectory() as folder:
        for number in range(args.count):
            grid = {}
            rows, cols = rng.randint(1, 60), rng.randint(1, 20)
            for r in range(1, rows + 1):
                if rng.random() < 0.1:
                    continue
                for c in range(1, cols + 1):
                    if rng.random() < 0.7:
                        grid[(r, c)] = random_value(rng)
            merges = []
            if rows > 4 and cols > 3 and rng.random() < 0.7:
                merges.append("A1:C1")
            writer = [write_openpyxl, write_xlsxwriter][number % 2]
            path = os.path.join(folder, f"random-{number}.xlsx")
            if writer is write_xlsxwriter:
                # xlsxwriter's merge_range writes the top-left blank: keep the value there.
                for merge in merges:
                    grid.pop((1, 2), None), grid.pop((1, 3), None)
            writer(path, rng, grid, merges)
            expected = openpyxl_dump(path, "Biểu 01")
            run = subprocess.run([args.htx, "dump", path, "--sheet", "Biểu 01"], capture_output=True)
            got = list(csv.reader(io.StringIO(run.stdout.decode("utf-8"), newline="")))
            if run.returncode != 0 or got != expected:
                failures += 1
                detail = run.stderr.decode()[:200]
                for r, (a, b) in enumerate(zip(got, expected), 1):
                    if a != b:
                        diffs = [(c + 1, x, y) for c, (x, y) in enumerate(zip(a, b)) if x != y]
                        detail += f" row {r}: {diffs[:3] or (len(a), len(b))}"
                        break
                else:
                    detail += f" rows {len(got)} vs {len(expected)}"
                print(f"DIFF {writer.__name__} {path}: {detail}")
    print(f"{args.count - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
