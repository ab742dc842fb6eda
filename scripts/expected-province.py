#!/usr/bin/env python3
"""Read a folder of returns back with openpyxl and the csv module (not htx) and print the
per-unit and province figures, checking the invariants the generator promises.

    python3 scripts/expected-province.py Fixtures/province-2017h1/clean [--published]
    python3 scripts/expected-province.py Fixtures/example-2016/clean
    python3 scripts/expected-province.py --compare htx-findings.json Fixtures/province-2017h1/faulty/EXPECTED.json

--published also checks the 2017-H1 totals against DOMAIN.md's consolidated summary.
--compare matches `htx validate --format json` findings against an EXPECTED.json: each
expected problem found (file, cell, code, rule), missed, and every other finding.

The reader is deliberately simple and independent of htx: a list row is a row whose
first column is a whole number and whose third column holds a tax code; a summary row is
one whose second column names an indicator; the file's number style is Vietnamese when
any text cell looks like `1.234,5` or `24,5`.
"""
import csv
import datetime as dt
import io
import json
import os
import re
import sys
import unicodedata

import openpyxl

PUBLISHED_2017H1 = dict(rows=159, dissolved=6, htx_total=153, htx_new=17, new_capital=24000.0, members=2273,
                        labour=3965, union_total=1, tht_total=1750)
WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]
UNIT_NAMES = {"178": "lang son", "180": "trang dinh", "181": "binh gia", "182": "van lang", "183": "cao loc",
              "184": "van quan", "185": "bac son", "186": "huu lung", "187": "chi lang", "188": "loc binh",
              "189": "dinh lap"}
DISSOLVED = {"da giai the", "giai the", "thu hoi giay chung nhan", "pha san", "chuyen doi thanh doanh nghiep"}
INDICATORS = [
    ("htx_new", ["so htx thanh lap moi"]), ("htx_total", ["tong so hop tac xa"]),
    ("htx_dissolved", ["so htx giai the"]), ("union_total", ["so lien hiep htx", "lien hiep htx"]),
    ("members", ["tong so thanh vien htx"]), ("labour", ["tong so lao dong thuong xuyen trong htx"]),
    ("member_labour", ["lao dong la thanh vien"]), ("charter_capital", ["tong von dieu le"]),
    ("new_capital", ["von dieu le cua htx thanh lap moi"]), ("tht_total", ["so to hop tac"]),
    ("tht_members", ["so thanh vien to hop tac"]),
]


def fold(s):
    s = unicodedata.normalize("NFD", str(s)).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", s).split())


def tax_valid(code):
    if not re.fullmatch(r"\d{10}", code):
        return False
    r = sum(w * int(d) for w, d in zip(WEIGHTS, code)) % 11
    return r != 0 and 10 - r == int(code[9])


def read_csv_rows(path):
    data = open(path, "rb").read()
    if data.startswith(b"\xff\xfe"):
        text = data[2:].decode("utf-16-le")
    elif data.startswith(b"\xef\xbb\xbf"):
        text = data[3:].decode("utf-8")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1258")
    text = unicodedata.normalize("NFC", text)
    first = text.split("\n", 1)[0]
    delim = max([",", ";", "\t"], key=first.count)
    return [[c if c != "" else None for c in row] for row in csv.reader(io.StringIO(text), delimiter=delim)]


def read_sheets(path):
    if path.endswith((".csv", ".txt")):
        return [("", read_csv_rows(path))]
    wb = openpyxl.load_workbook(path, data_only=True)
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        rows = []
        for row in ws.iter_rows(values_only=True):
            rows.append([unicodedata.normalize("NFC", v) if isinstance(v, str) else v for v in row])
        out.append((ws.title, rows))
    return out


def vi_style(rows):
    for row in rows:
        for v in row:
            if isinstance(v, str) and (re.fullmatch(r"-?\d{1,3}(\.\d{3})+(,\d+)?", v) or re.fullmatch(r"-?\d+,\d{1,2}", v)):
                return True
    return False


def number(v, vi):
    if v is None or v == "":
        return None
    if isinstance(v, (int, float)):
        return float(v)
    s = v.strip()
    if s in ("-", "–"):
        return 0.0
    if vi:
        s = s.replace(".", "").replace(",", ".")
    return float(s)


def date_of(v):
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = fold(v)
    nums = [int(x) for x in re.findall(r"\d+", s)]
    d, m, y = nums
    return dt.date(y, m, d)


def unit_of(path, rows):
    base = os.path.basename(path)
    m = re.match(r"(\d{3})[_.-]", base)
    if m:
        return m.group(1)
    key = " " + fold(base.replace("-", " ").replace("_", " ")) + " "
    for code, name in UNIT_NAMES.items():
        if " " + name + " " in key:
            return code
    raise ValueError(f"no unit for {path}")


def parse_list(rows):
    vi = vi_style(rows)
    header_unit = 1.0
    for row in rows[:15]:
        for v in row:
            if isinstance(v, str) and fold(v) == "von dieu le dong":
                header_unit = 1e-6
    coops, totals = [], None
    for i, row in enumerate(rows, 1):
        row = list(row) + [None] * (15 - len(row))
        a, c = row[0], row[2]
        if isinstance(a, str) and fold(a) == "tong cong":
            totals = (i, {f: number(row[k], vi) for f, k in NUMCOLS.items()})
            if totals[1]["capital"] is not None:
                totals[1]["capital"] *= header_unit
            continue
        try:
            stt = int(a) if not isinstance(a, str) else int(a.strip())
        except (TypeError, ValueError):
            continue
        code = str(c) if c is not None else ""
        if isinstance(c, (int, float)):
            code = f"{int(c):010d}"
        rec = dict(row=i, stt=stt, name=row[1], tax_code=code, status=row[6], founded=date_of(row[5]))
        for f, k in NUMCOLS.items():
            rec[f] = number(row[k], vi)
        if rec["capital"] is not None:
            rec["capital"] *= header_unit
        rec["dissolved"] = fold(row[6]) in DISSOLVED
        coops.append(rec)
    return coops, totals


NUMCOLS = {"members": 7, "labour": 8, "member_labour": 9, "capital": 10, "revenue": 11, "profit": 12}


def parse_summary(rows):
    vi = vi_style(rows)
    vcol = None
    out = {}
    for row in rows:
        texts = [fold(v) if isinstance(v, str) else "" for v in row]
        if vcol is None:
            for k, t in enumerate(texts):
                if t.startswith(("uoc th", "thuc hien", "so luong")):
                    vcol = k
            continue
        if len(row) < 2 or not isinstance(row[1], str):
            continue
        key = fold(row[1])
        for prefix in ("trong do ",):
            if key.startswith(prefix):
                key = key[len(prefix):]
        for ind, labels in INDICATORS:
            if key in labels and ind not in out:
                out[ind] = number(row[vcol], vi) or 0.0
    return out


def read_folder(folder, start, end):
    units = {}
    for name in sorted(os.listdir(folder)):
        if not name.endswith((".xlsx", ".csv", ".txt")):
            continue
        path = os.path.join(folder, name)
        sheets = read_sheets(path)
        unit = unit_of(path, sheets[0][1])
        u = units.setdefault(unit, {"files": [], "coops": [], "summary": {}, "problems": []})
        u["files"].append(name)
        for sheet, rows in sheets:
            is_summary = any(isinstance(v, str) and fold(v) == "chi tieu" for row in rows[:12] for v in row)
            if is_summary:
                u["summary"] = parse_summary(rows)
            else:
                coops, totals = parse_list(rows)
                u["coops"] += coops
                if totals:
                    for f, v in totals[1].items():
                        if v is None:
                            continue
                        s = sum(c[f] or 0 for c in coops)
                        if abs(s - v) > (0 if f in ("members", "labour", "member_labour") else 1):
                            u["problems"].append(f"{name} {sheet} row {totals[0]}: totals {f} {v} != {s}")
    for unit, u in units.items():
        active = [c for c in u["coops"] if not c["dissolved"]]
        new = [c for c in u["coops"] if start <= c["founded"] <= end]
        u["fig"] = dict(rows=len(u["coops"]), dissolved=len(u["coops"]) - len(active), htx_total=len(active),
                        htx_new=len(new), members=sum(c["members"] for c in active),
                        labour=sum(c["labour"] for c in active),
                        member_labour=sum(c["member_labour"] for c in active),
                        charter_capital=round(sum(c["capital"] for c in active), 1),
                        new_capital=round(sum(c["capital"] for c in new), 1),
                        union_total=u["summary"].get("union_total", 0), tht_total=u["summary"].get("tht_total", 0))
        for c in u["coops"]:
            where = f"{unit} row {c['row']} ({c['name']})"
            if c["member_labour"] > c["labour"] or c["member_labour"] > c["members"]:
                problems(u, f"{where}: member_labour {c['member_labour']} > labour {c['labour']} or members {c['members']}")
            if not c["dissolved"] and c["members"] < 7:
                problems(u, f"{where}: {c['members']} members")
            if c["dissolved"] and c["labour"] != 0:
                problems(u, f"{where}: dissolved with labour")
            if not tax_valid(c["tax_code"]):
                problems(u, f"{where}: tax code {c['tax_code']} invalid")
            if c["founded"] > end:
                problems(u, f"{where}: founded {c['founded']} after the period")
            if not c["name"]:
                problems(u, f"{where}: no name")
        for k in ("htx_total", "htx_new", "members", "labour", "member_labour", "new_capital"):
            if k in u["summary"] and abs(u["summary"][k] - u["fig"][k]) > (1 if k == "new_capital" else 0):
                problems(u, f"{unit}: summary {k} {u['summary'][k]} != list {u['fig'][k]}")
    seen = {}
    for unit, u in sorted(units.items()):
        for c in u["coops"]:
            if c["tax_code"] in seen:
                problems(u, f"{unit} row {c['row']}: tax code {c['tax_code']} also in {seen[c['tax_code']]}")
            seen[c["tax_code"]] = f"{unit} row {c['row']}"
    return units


def problems(u, text):
    u["problems"].append(text)


def period_of(folder):
    text = open(os.path.join(folder, "htx.yaml"), encoding="utf-8").read()
    p = re.search(r"^period:\s*(\S+)", text, re.M).group(1)
    y = int(p[:4])
    if p.endswith("H1"):
        return p, dt.date(y, 1, 1), dt.date(y, 6, 30)
    if p.endswith("H2"):
        return p, dt.date(y, 7, 1), dt.date(y, 12, 31)
    return p, dt.date(y, 1, 1), dt.date(y, 12, 31)


def report(folder, published):
    period, start, end = period_of(folder)
    units = read_folder(folder, start, end)
    cols = ["rows", "dissolved", "htx_total", "htx_new", "members", "labour", "member_labour", "charter_capital",
            "new_capital", "union_total", "tht_total"]
    print(f"{folder}  period {period}")
    print("unit  " + " ".join(f"{c:>15}" for c in cols))
    total = {c: 0 for c in cols}
    for unit in sorted(units):
        f = units[unit]["fig"]
        print(f"{unit}   " + " ".join(f"{f[c]:>15,.1f}" if isinstance(f[c], float) and not float(f[c]).is_integer()
                                     else f"{int(f[c]):>15,}" for c in cols) + "  " + ", ".join(units[unit]["files"]))
        for c in cols:
            total[c] += f[c]
    print("total " + " ".join(f"{total[c]:>15,.1f}" if not float(total[c]).is_integer() else f"{int(total[c]):>15,}"
                              for c in cols))
    bad = [p for u in units.values() for p in u["problems"]]
    for p in bad:
        print("PROBLEM:", p)
    ok = not bad
    if published:
        for k, v in PUBLISHED_2017H1.items():
            if abs(total[k] - v) > 1e-6:
                print(f"MISMATCH with the published figures: {k} = {total[k]}, published {v}")
                ok = False
        print("published figures (DOMAIN.md):", ", ".join(f"{k} {v:,}" for k, v in PUBLISHED_2017H1.items()),
              "->", "all hold" if ok else "NOT all hold")
    return ok


def compare(htx_json, expected_json):
    found = json.load(open(htx_json, encoding="utf-8"))["findings"]
    doc = json.load(open(expected_json, encoding="utf-8"))
    expected = doc["problems"]
    consequences = [c for c in doc.get("consequences", []) if c.get("code")]
    used = set()
    for e in expected:
        hit = None
        for i, f in enumerate(found):
            if os.path.basename(f.get("file", "")) != e["file"] or f.get("code") != e["code"]:
                continue
            if e.get("rule") and f.get("rule") != e["rule"]:
                continue
            if e.get("cell") and f.get("cell") != e["cell"]:
                continue
            hit = i
            break
        if hit is None:
            print(f"MISSED   {e['file']} {e.get('sheet') or ''} {e.get('cell') or ''} {e['code']} {e.get('rule') or ''}")
        else:
            used.add(hit)
            print(f"found    {e['file']} {e.get('sheet') or ''} {e.get('cell') or ''} {e['code']} {e.get('rule') or ''}")
    for i, f in enumerate(found):
        if i in used:
            continue
        if any(os.path.basename(f.get("file", "")) == c["file"] and f.get("cell") == c.get("cell")
               and f.get("code") == c["code"] and f.get("rule") == c.get("rule") for c in consequences):
            print(f"expected consequence  {os.path.basename(f.get('file', ''))} {f.get('cell') or ''} {f['code']} "
                  f"{f.get('rule') or ''}")
            continue
        if True:
            print(f"other    {os.path.basename(f.get('file', ''))} {f.get('sheet') or ''} {f.get('cell') or ''} "
                  f"{f['severity']} {f['code']} {f.get('rule') or ''} {f.get('value') or ''} :: {f.get('message', '')}")


def main(argv):
    if argv[:1] == ["--compare"]:
        compare(argv[1], argv[2])
        return 0
    published = "--published" in argv
    folders = [a for a in argv if not a.startswith("--")]
    ok = all([report(f, published) for f in folders])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
