"""Building blocks for htx probe returns: cooperatives with known truth, sheet grids, writers."""
import csv, datetime as dt, io, json, os, random, shutil, subprocess, tempfile, unicodedata, zipfile

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment, Font

WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]


def check_digit(nine):
    r = sum(w * int(d) for w, d in zip(WEIGHTS, nine)) % 11
    return None if r == 0 else 10 - r


def tax_code_valid(code):
    base = code.split("-")[0]
    if len(base) != 10 or not base.isdigit():
        return False
    c = check_digit(base[:9])
    return c is not None and c == int(base[9])


def new_tax(rng, used, prefix="4900"):
    while True:
        nine = prefix + "".join(str(rng.randint(0, 9)) for _ in range(9 - len(prefix)))
        c = check_digit(nine)
        if c is None:
            continue
        code = nine + str(c)
        if code not in used:
            used.add(code)
            return code


def bad_digit(code):
    base = code[:10]
    d = (int(base[9]) + 3) % 10
    return base[:9] + str(d) + code[10:]


COMMUNES = {
    "178": ["Phường Chi Lăng", "Phường Hoàng Văn Thụ", "Xã Mai Pha", "Phường Vĩnh Trại", "Phường Đông Kinh"],
    "180": ["Xã Đại Đồng", "Xã Chi Lăng", "Thị trấn Thất Khê", "Xã Hùng Sơn", "Xã Kháng Chiến", "Xã Quốc Khánh"],
    "181": ["Thị trấn Bình Gia", "Xã Hồng Phong", "Xã Tô Hiệu", "Xã Hoa Thám", "Xã Thiện Thuật"],
    "182": ["Thị trấn Na Sầm", "Xã Hoàng Việt", "Xã Tân Mỹ", "Xã Thụy Hùng"],
    "183": ["Thị trấn Đồng Đăng", "Thị trấn Cao Lộc", "Xã Tân Liên", "Xã Gia Cát", "Xã Hợp Thành", "Xã Xuất Lễ"],
    "184": ["Thị trấn Văn Quan", "Xã Tràng Các", "Xã Vân Mộng", "Xã Tri Lễ"],
    "185": ["Thị trấn Bắc Sơn", "Xã Bắc Quỳnh", "Xã Vũ Lễ", "Xã Hữu Vĩnh", "Xã Long Đống"],
    "186": ["Thị trấn Hữu Lũng", "Xã Đồng Tân", "Xã Minh Sơn", "Xã Yên Thịnh", "Xã Hồ Sơn"],
    "187": ["Thị trấn Đồng Mỏ", "Xã Quang Lang", "Xã Chi Lăng", "Xã Hòa Bình", "Xã Mai Sao"],
    "188": ["Thị trấn Lộc Bình", "Xã Khánh Xuân", "Xã Tú Đoạn", "Xã Yên Khoái"],
    "189": ["Thị trấn Đình Lập", "Xã Bính Xá", "Xã Kiên Mộc", "Xã Thái Bình"],
}
UNIT_NAME = {"178": "Thành phố Lạng Sơn", "180": "Tràng Định", "181": "Bình Gia", "182": "Văn Lãng", "183": "Cao Lộc",
             "184": "Văn Quan", "185": "Bắc Sơn", "186": "Hữu Lũng", "187": "Chi Lăng", "188": "Lộc Bình",
             "189": "Đình Lập"}

SECTOR_NAMES = {
    "Nông nghiệp": ["HTX Nông nghiệp", "HTX Dịch vụ nông nghiệp", "HTX Chè", "HTX Hồi quế", "HTX Chăn nuôi",
                    "HTX Rau an toàn", "HTX Thủy sản", "HTX Na"],
    "Công nghiệp - TTCN": ["HTX Mây tre đan", "HTX Mộc", "HTX Khai thác đá", "HTX Chế biến lâm sản"],
    "Xây dựng": ["HTX Xây dựng", "HTX Xây dựng và Vật liệu"],
    "Thương mại - Dịch vụ": ["HTX Thương mại dịch vụ", "HTX Dịch vụ tổng hợp", "HTX Du lịch cộng đồng"],
    "Vận tải": ["HTX Vận tải", "HTX Vận tải hành khách"],
    "Quỹ tín dụng nhân dân": ["Quỹ tín dụng nhân dân"],
    "Môi trường": ["HTX Vệ sinh môi trường"],
    "Khác": ["HTX Điện"],
}


class Coop(dict):
    pass


def make_coops(rng, unit, n, used_codes, period_start, period_end, n_new=2, n_dissolved=1, n_stopped=1,
               sectors=None, min_members=7, names_used=None):
    """Coops with canonical values (the truth). Capital/revenue/profit in triệu đồng."""
    names_used = names_used if names_used is not None else set()
    sectors = sectors or ["Nông nghiệp"] * 5 + ["Công nghiệp - TTCN", "Xây dựng", "Thương mại - Dịch vụ", "Vận tải",
                                                "Quỹ tín dụng nhân dân", "Môi trường"]
    coops = []
    communes = COMMUNES[unit]
    statuses = (["Đã giải thể"] * n_dissolved + ["Ngừng hoạt động"] * n_stopped +
                ["Đang hoạt động"] * (n - n_dissolved - n_stopped))
    rng.shuffle(statuses)
    new_idx = set()
    cands = [i for i, s in enumerate(statuses) if s == "Đang hoạt động"]
    for i in rng.sample(cands, n_new):
        new_idx.add(i)
    for i in range(n):
        sector = rng.choice(sectors)
        commune = rng.choice(communes)
        place = commune.split(" ", 2)[-1] if commune.startswith("Thị trấn") else commune.split(" ", 1)[1]
        while True:
            name = f"{rng.choice(SECTOR_NAMES[sector])} {place}"
            if name in names_used:
                name = name + f" {rng.choice(['I', 'II', 'Xanh', 'Mới', 'Phát Đạt', 'Hợp Lực', 'Tiến Bộ'])}"
            if name not in names_used:
                names_used.add(name)
                break
        status = statuses[i]
        if i in new_idx:
            span = (period_end - period_start).days
            founded = period_start + dt.timedelta(days=rng.randint(0, span))
        else:
            founded = dt.date(rng.randint(1997, period_start.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        if status == "Đã giải thể":
            members = rng.randint(7, 20)
            labour = 0
            ml = 0
            revenue = 0.0
            profit = 0.0
            avg = None
        else:
            members = rng.randint(min_members, 60)
            if status == "Ngừng hoạt động":
                members = rng.randint(3, 12)
            labour = rng.randint(3, 40)
            ml = rng.randint(0, min(labour, members))
            revenue = round(rng.uniform(50, 2500), 1)
            profit = round(rng.uniform(-40, 120), 1)
            avg = round(rng.uniform(14, 55), 1)
        capital = float(rng.choice([300, 500, 800, 1000, 1200, 1500, 2000, 2500, 3000]) + rng.choice([0, 0, 0, 50, 12.5]))
        rating = rng.choice(["Tốt", "Khá", "Trung bình", "Yếu", "Chưa xếp loại", None])
        c = Coop(name=name, tax_code=new_tax(rng, used_codes), commune=commune, sector=sector, founded=founded,
                 status=status, members=members, labour=labour, member_labour=ml, charter_capital=capital,
                 revenue=revenue, profit=profit, avg_income=avg, rating=rating)
        coops.append(c)
    return coops


def summary_values(coops, pstart, pend, unions=1, tht=20, tht_members=150):
    alive = [c for c in coops if c["status"] != "Đã giải thể"]
    new = [c for c in coops if pstart <= c["founded"] <= pend]
    return dict(
        htx_total=len(alive), htx_new=len(new), htx_dissolved=len(coops) - len(alive), union_total=unions,
        members=sum(c["members"] for c in alive), labour=sum(c["labour"] for c in alive),
        member_labour=sum(c["member_labour"] for c in alive),
        charter_capital=round(sum(c["charter_capital"] for c in alive), 1),
        new_capital=round(sum(c["charter_capital"] for c in new), 1), tht_total=tht, tht_members=tht_members)


# ---------------------------------------------------------------- number / date text forms

def vi_num(v, dec=None):
    neg = v < 0
    v = abs(v)
    if dec is None:
        dec = 0 if float(v).is_integer() else 1
    s = f"{v:,.{dec}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return ("-" if neg else "") + s


def en_num(v, dec=None):
    if dec is None:
        dec = 0 if float(v).is_integer() else 1
    return f"{v:,.{dec}f}"


def sp_num(v, sep="\u00a0", dec=None):
    """1750 -> '1 750' (NBSP), 24.5 -> '24,5'."""
    return vi_num(v, dec).replace(".", sep)


def plain(v):
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else repr(round(v, 2))


def dmy(d, sep="/", pad=True):
    if pad:
        return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year}"
    return f"{d.day}{sep}{d.month}{sep}{d.year}"


def words_date(d):
    return f"ngày {d.day:02d} tháng {d.month} năm {d.year}"


def serial(d, base1904=False):
    base = dt.date(1904, 1, 1) if base1904 else dt.date(1899, 12, 30)
    return (d - base).days


# ---------------------------------------------------------------- grids

class Formula:
    def __init__(self, f, cached):
        self.f, self.cached = f, cached


class Serial:
    """A number cell in General format (a date that lost its format)."""

    def __init__(self, n):
        self.n = n


class DateCell:
    def __init__(self, d, fmt="dd/mm/yyyy"):
        self.d, self.fmt = d, fmt


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}
        self.merges = []
        self.r = 0
        self.bold = set()
        self.hidden = False

    def row(self, values, col=1):
        self.r += 1
        for i, v in enumerate(values):
            if v is not None and v != "":
                self.cells[(self.r, col + i)] = v
        return self.r

    def blank(self, k=1):
        self.r += k

    def merge(self, r1, c1, r2, c2):
        if (r1, c1) != (r2, c2):
            self.merges.append((r1, c1, r2, c2))


def col_letter(c):
    s = ""
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def a1(r, c):
    return f"{col_letter(c)}{r}"


def header_block(sh, cols, depth, col0=1):
    """cols: list of label paths (tuples). Writes `depth` header rows with merges. Returns first header row."""
    top = sh.r + 1
    for j in range(depth):
        sh.r += 1
    for ci, p in enumerate(cols):
        c = col0 + ci
        L = len(p)
        for j in range(L - 1):
            # parent: merge horizontally across consecutive columns sharing the prefix (done below)
            sh.cells[(top + j, c)] = p[j]
        sh.cells[(top + L - 1, c)] = p[-1]
        sh.merge(top + L - 1, c, top + depth - 1, c)
        for rr in range(top, top + depth):
            sh.bold.add(rr)
    # horizontal merges of parents
    for j in range(depth):
        ci = 0
        while ci < len(cols):
            p = cols[ci]
            if j < len(p) - 1:
                key = p[:j + 1]
                cj = ci
                while cj + 1 < len(cols) and len(cols[cj + 1]) - 1 > j and cols[cj + 1][:j + 1] == key:
                    cj += 1
                for k in range(ci + 1, cj + 1):
                    sh.cells.pop((top + j, col0 + k), None)
                sh.merge(top + j, col0 + ci, top + j, col0 + cj)
                ci = cj + 1
            else:
                ci += 1
    return top


ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def build_list(sh, coops, spec):
    """Lay out a list table on sheet `sh`. spec keys:
    columns: [(field, path-tuple)]; depth; colnums: None|'paren'|'AB'|'numeric'|'formula'|callable;
    fmt: {field: fn(coop, i) -> cell}; totals: None|'top'|'bottom'; totals_label; totals_fmt: fn(field, value)->cell;
    totals_x: set of fields with 'x'; blocks: bool (roman headings by sector); block_subtotals: bool;
    blanks: {index_after: k}; extra: {field: fn(coop,i)}; col0.
    Returns positions: {'coops': [ {field: (row, col)} ], 'totals': {field: (row,col)}, 'header_row': r}."""
    col0 = spec.get("col0", 1)
    cols = spec["columns"]
    fields = [f for f, _ in cols]
    colof = {f: col0 + i for i, f in enumerate(fields)}
    depth = spec.get("depth", max(len(p) for _, p in cols))
    top = header_block(sh, [p for _, p in cols], depth, col0)
    pos = {"coops": [None] * len(coops), "totals": {}, "header_top": top, "header_last": sh.r, "colof": colof}
    cn = spec.get("colnums")
    if cn:
        vals = []
        k = 0
        for i, f in enumerate(fields):
            if cn == "paren":
                vals.append(f"({i + 1})")
            elif cn == "numeric":
                vals.append(i + 1)
            elif cn == "AB":
                vals.append("A" if i == 0 else "B" if i == 1 else str(i - 1))
            elif callable(cn):
                vals.append(cn(i, f))
        sh.row(vals, col0)
    sums = {f: 0 for f in ["members", "labour", "member_labour", "charter_capital", "revenue", "profit"]}
    for c in coops:
        for f in sums:
            sums[f] += c[f] or 0
    fmt = spec.get("fmt", {})
    tfmt = spec.get("totals_fmt", lambda f, v: v)
    tx = spec.get("totals_x", set())
    label_field = spec.get("totals_label_field", "name")

    def totals_row():
        vals = []
        for f in fields:
            if f == label_field:
                vals.append(spec.get("totals_label", "Tổng cộng"))
            elif f in sums:
                v = round(sums[f], 1)
                vals.append(tfmt(f, v))
            elif f in tx:
                vals.append("x")
            elif f == "avg_income" and spec.get("totals_avg") is not None:
                vals.append(spec["totals_avg"])
            else:
                vals.append(None)
        r = sh.row(vals, col0)
        sh.bold.add(r)
        pos["totals"] = {f: (r, colof[f]) for f in fields}
        pos["totals_row"] = r

    if spec.get("totals") == "top":
        totals_row()
    order = list(range(len(coops)))
    groups = [(None, order)]
    if spec.get("blocks"):
        seen = []
        for i in order:
            s = coops[i]["sector"]
            if s not in seen:
                seen.append(s)
        groups = [(s, [i for i in order if coops[i]["sector"] == s]) for s in seen]
    stt = 0
    blanks = spec.get("blanks", {})
    for gi, (g, idxs) in enumerate(groups):
        if g is not None:
            vals = [None] * len(fields)
            heading = spec.get("block_label", lambda k, s: f"{ROMAN[k]}. {s}")(gi, g)
            if "stt" in colof and spec.get("roman_in_stt", True):
                vals[fields.index("stt")] = ROMAN[gi]
                vals[fields.index("name")] = g.upper() if spec.get("block_caps") else g
            else:
                vals[fields.index("name")] = heading
            if spec.get("block_subtotals"):
                for f in sums:
                    if f in colof:
                        vals[fields.index(f)] = tfmt(f, round(sum(coops[i][f] or 0 for i in idxs), 1))
            r = sh.row(vals, col0)
            sh.bold.add(r)
        for i in idxs:
            c = coops[i]
            stt += 1
            vals = []
            for f in fields:
                if f == "stt":
                    v = fmt["stt"](c, stt) if "stt" in fmt else stt
                elif f in fmt:
                    v = fmt[f](c, i)
                else:
                    v = default_cell(f, c)
                vals.append(v)
            r = sh.row(vals, col0)
            pos["coops"][i] = {f: (r, colof[f]) for f in fields}
            c.setdefault("_row", r)
            if i in blanks:
                sh.blank(blanks[i])
    if spec.get("totals") == "bottom":
        totals_row()
    return pos


def default_cell(f, c):
    v = c.get(f)
    if f == "founded":
        return DateCell(v)
    if f == "tax_code":
        return v
    if v is None:
        return None
    return v


def signature(sh, place, day, col_left=2, col_right=9, stray=None):
    sh.blank(1)
    sh.row([f"{place}, ngày {day.day:02d} tháng {day.month} năm {day.year}"], col_right)
    sh.row(["NGƯỜI LẬP BIỂU"], col_left)
    sh.cells[(sh.r, col_right)] = "THỦ TRƯỞNG ĐƠN VỊ"
    sh.row(["(Ký, họ tên)"], col_left)
    sh.cells[(sh.r, col_right)] = "(Ký tên, đóng dấu)"
    sh.blank(3)
    sh.row(["Nguyễn Thị Hà"], col_left)
    sh.cells[(sh.r, col_right)] = "Hoàng Văn Nam"
    sh.blank(1)
    sh.row(["Nơi nhận:"], 1)
    sh.row(["- Sở Kế hoạch và Đầu tư;"], 1)
    sh.row(["- Lưu: VT."], 1)
    if stray:
        for s in stray:
            sh.row(s if isinstance(s, list) else [s], 1)


def title_block(sh, unit_line, dept, right1, title, subtitle=None, unit_note="Đơn vị tính: triệu đồng",
                form_id="Biểu số 01", right_col=9, unit_col=12):
    sh.row([unit_line])
    sh.cells[(sh.r, right_col)] = right1
    sh.row([dept])
    sh.cells[(sh.r, right_col)] = "Độc lập - Tự do - Hạnh phúc"
    if form_id:
        sh.row([form_id])
    sh.blank(1)
    sh.row([title])
    if subtitle:
        sh.row([subtitle])
    if unit_note:
        sh.row([unit_note], unit_col)


# ---------------------------------------------------------------- writers

FIXED = dt.datetime(2017, 7, 5, 8, 0, 0)


def _is_covered(sh):
    cov = set()
    for m in sh.merges:
        for rr in range(m[0], m[2] + 1):
            for cc in range(m[1], m[3] + 1):
                if (rr, cc) != (m[0], m[1]):
                    cov.add((rr, cc))
    return cov


def write_openpyxl(path, sheets, nfd=False):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sh in sheets:
        ws = wb.create_sheet(sh.name)
        cov = _is_covered(sh)
        for (r, c), v in sorted(sh.cells.items()):
            if (r, c) in cov:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(v, str):
                cell.value = unicodedata.normalize("NFD", v) if nfd else v
                cell.data_type = "s"
                if "\n" in v:
                    cell.alignment = Alignment(wrap_text=True)
            elif isinstance(v, DateCell):
                cell.value = dt.datetime(v.d.year, v.d.month, v.d.day)
                cell.number_format = v.fmt
            elif isinstance(v, Serial):
                cell.value = v.n
                cell.number_format = "General"
            elif isinstance(v, Formula):
                cell.value = v.f
            elif isinstance(v, (int, float)):
                cell.value = v
                if isinstance(v, float) and not v.is_integer():
                    cell.number_format = "#,##0.0"
                elif abs(v) >= 1000:
                    cell.number_format = "#,##0"
            if r in sh.bold:
                cell.font = Font(bold=True)
        for m in sh.merges:
            ws.merge_cells(start_row=m[0], start_column=m[1], end_row=m[2], end_column=m[3])
        if sh.hidden:
            ws.sheet_state = "hidden"
    wb.properties.creator = "Phòng Tài chính - Kế hoạch"
    wb.save(path)


def write_xlsxwriter(path, sheets, date1904=False, default_date_fmt="dd/mm/yyyy"):
    wb = xlsxwriter.Workbook(path, {"date_1904": date1904, "strings_to_numbers": False})
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    num1 = wb.add_format({"num_format": "#,##0.0", "border": 1})
    num0 = wb.add_format({"num_format": "#,##0", "border": 1})
    textf = wb.add_format({"num_format": "@", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "border": 1})
    plainf = wb.add_format({"border": 1})
    genf = wb.add_format({"num_format": "General", "border": 1})
    dfmts = {}
    for sh in sheets:
        ws = wb.add_worksheet(sh.name)
        if sh.hidden:
            ws.hide()
        ws.set_column(1, 1, 34)
        tl = {(m[0], m[1]): m for m in sh.merges}
        cov = _is_covered(sh)
        for (r, c), v in sorted(sh.cells.items()):
            if (r, c) in cov:
                continue
            r0, c0 = r - 1, c - 1
            f = bold if r in sh.bold else None
            if (r, c) in tl:
                m = tl[(r, c)]
                ws.merge_range(m[0] - 1, m[1] - 1, m[2] - 1, m[3] - 1, None, f or plainf)
            if isinstance(v, str):
                ws.write_string(r0, c0, v, f or (wrap if "\n" in v else textf if v[:1].isdigit() else plainf))
            elif isinstance(v, DateCell):
                if v.fmt not in dfmts:
                    dfmts[v.fmt] = wb.add_format({"num_format": v.fmt, "border": 1})
                ws.write_datetime(r0, c0, dt.datetime(v.d.year, v.d.month, v.d.day), dfmts[v.fmt])
            elif isinstance(v, Serial):
                ws.write_number(r0, c0, v.n, genf)
            elif isinstance(v, Formula):
                ws.write_formula(r0, c0, v.f, f or num1, v.cached)
            elif isinstance(v, (int, float)):
                ff = num1 if isinstance(v, float) and not v.is_integer() else (num0 if abs(v) >= 1000 else plainf)
                ws.write_number(r0, c0, v, f or ff)
        for m in sh.merges:
            if (m[0], m[1]) not in sh.cells:
                ws.merge_range(m[0] - 1, m[1] - 1, m[2] - 1, m[3] - 1, None, plainf)
    wb.close()


def write_libreoffice(path, sheets, via="openpyxl", **kw):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src.xlsx")
        if via == "openpyxl":
            write_openpyxl(src, sheets, **kw)
        else:
            write_xlsxwriter(src, sheets, **kw)
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        prof = os.path.join(tmp, "profile")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=240)
        shutil.copyfile(os.path.join(out, "src.xlsx"), path)


def sheet_text_rows(sh):
    cov = _is_covered(sh)
    last_r = max(r for r, _ in sh.cells)
    last_c = max(c for _, c in sh.cells)
    rows = []
    for r in range(1, last_r + 1):
        row = []
        for c in range(1, last_c + 1):
            v = sh.cells.get((r, c))
            if v is None or (r, c) in cov:
                row.append("")
            elif isinstance(v, str):
                row.append(v)
            elif isinstance(v, DateCell):
                row.append(dmy(v.d))
            elif isinstance(v, Serial):
                row.append(str(v.n))
            elif isinstance(v, Formula):
                row.append(plain(v.cached))
            else:
                row.append(plain(v))
        rows.append(row)
    return rows


def _province_script():
    """scripts/make-province.py, loaded as a module (its name has a hyphen)."""
    import importlib.util
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "make-province.py")
    spec = importlib.util.spec_from_file_location("make_province", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cp1258_bytes(s):
    """Windows-1258 bytes, as make-province.py writes them."""
    return _province_script().cp1258_text(s)


def write_csv(path, rows, encoding="utf-8", bom=False, delimiter=",", crlf=True, sep_line=False, quote_all=False):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n",
                   quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    if sep_line:
        buf.write(f"sep={delimiter}" + ("\r\n" if crlf else "\n"))
    for row in rows:
        w.writerow(row)
    text = buf.getvalue()
    if encoding == "utf-8":
        data = ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
    elif encoding == "utf-16-le":
        data = (b"\xff\xfe" if bom else b"") + text.encode("utf-16-le")
    elif encoding == "utf-16-be":
        data = (b"\xfe\xff" if bom else b"") + text.encode("utf-16-be")
    elif encoding == "cp1258":
        data = cp1258_bytes(text)
    else:
        raise ValueError(encoding)
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- truth

def truth_coop(c, drop=()):
    d = {}
    for k in ["name", "tax_code", "commune", "sector", "founded", "status", "members", "labour", "member_labour",
              "charter_capital", "revenue", "profit", "avg_income", "rating"]:
        if k in drop:
            continue
        v = c.get(k)
        if isinstance(v, dt.date):
            v = v.isoformat()
        d[k] = v
    return d
