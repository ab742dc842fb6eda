#!/usr/bin/env python3
"""Generate the province fixtures: Lạng Sơn's eleven district returns for 2017-H1 and a
small four-unit example for 2016, each as a clean folder and a faulty copy with known,
listed problems (EXPECTED.json).

    python3 scripts/make-province.py            # writes Fixtures/province-2017h1 and example-2016

Deterministic: one fixed seed; openpyxl and xlsxwriter workbooks get fixed timestamps.
LibreOffice-written workbooks (soffice --headless --convert-to xlsx) keep LibreOffice's parts;
their ZIP is rewritten with fixed entry times and document dates.

The 2017-H1 province adds up to the published figures of DOMAIN.md ("The consolidated
summary"): 153 cooperatives not dissolved (159 rows, 6 "Đã giải thể"), 17 founded in
2017-H1 with 24,000 triệu đồng of charter capital, 2,273 members, 3,965 labourers,
1 union and 1,750 cooperative groups. scripts/expected-province.py reads the files
back and prints those figures.
"""
import copy
import csv
import datetime as dt
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zipfile

import openpyxl
import xlsxwriter
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

SEED = 20170630
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXED_TIME = dt.datetime(2017, 7, 5, 8, 0, 0)

# ---------------------------------------------------------------- reference data

UNITS = {
    "178": ("Thành phố Lạng Sơn", "UBND THÀNH PHỐ LẠNG SƠN", "THÀNH PHỐ LẠNG SƠN", "Lạng Sơn",
            ["Phường Chi Lăng", "Phường Đông Kinh", "Phường Hoàng Văn Thụ", "Phường Tam Thanh",
             "Phường Vĩnh Trại", "Xã Hoàng Đồng", "Xã Mai Pha", "Xã Quảng Lạc"]),
    "180": ("Tràng Định", "UBND HUYỆN TRÀNG ĐỊNH", "HUYỆN TRÀNG ĐỊNH", "Tràng Định",
            ["Thị trấn Thất Khê", "Xã Chi Lăng", "Xã Đề Thám", "Xã Hùng Sơn", "Xã Quốc Khánh", "Xã Tân Tiến"]),
    "181": ("Bình Gia", "UBND HUYỆN BÌNH GIA", "HUYỆN BÌNH GIA", "Bình Gia",
            ["Thị trấn Bình Gia", "Xã Hoàng Văn Thụ", "Xã Hồng Phong", "Xã Mông Ân", "Xã Tô Hiệu"]),
    "182": ("Văn Lãng", "UBND HUYỆN VĂN LÃNG", "HUYỆN VĂN LÃNG", "Văn Lãng",
            ["Thị trấn Na Sầm", "Xã Hoàng Việt", "Xã Tân Mỹ", "Xã Thanh Long", "Xã Trùng Khánh"]),
    "183": ("Cao Lộc", "UBND HUYỆN CAO LỘC", "HUYỆN CAO LỘC", "Cao Lộc",
            ["Thị trấn Cao Lộc", "Thị trấn Đồng Đăng", "Xã Gia Cát", "Xã Hợp Thành", "Xã Tân Liên",
             "Xã Thụy Hùng", "Xã Yên Trạch"]),
    "184": ("Văn Quan", "UBND HUYỆN VĂN QUAN", "HUYỆN VĂN QUAN", "Văn Quan",
            ["Thị trấn Văn Quan", "Xã An Sơn", "Xã Tràng Các", "Xã Tú Xuyên", "Xã Vân Mộng"]),
    "185": ("Bắc Sơn", "UBND HUYỆN BẮC SƠN", "HUYỆN BẮC SƠN", "Bắc Sơn",
            ["Thị trấn Bắc Sơn", "Xã Chiến Thắng", "Xã Hưng Vũ", "Xã Long Đống", "Xã Quỳnh Sơn", "Xã Vũ Lăng"]),
    "186": ("Hữu Lũng", "UBND HUYỆN HỮU LŨNG", "HUYỆN HỮU LŨNG", "Hữu Lũng",
            ["Thị trấn Hữu Lũng", "Xã Đồng Tân", "Xã Hòa Lạc", "Xã Minh Sơn", "Xã Sơn Hà", "Xã Thiện Tân",
             "Xã Yên Thịnh"]),
    "187": ("Chi Lăng", "UBND HUYỆN CHI LĂNG", "HUYỆN CHI LĂNG", "Chi Lăng",
            ["Thị trấn Đồng Mỏ", "Thị trấn Chi Lăng", "Xã Quang Lang", "Xã Vân Thủy", "Xã Y Tịch"]),
    "188": ("Lộc Bình", "UBND HUYỆN LỘC BÌNH", "HUYỆN LỘC BÌNH", "Lộc Bình",
            ["Thị trấn Lộc Bình", "Thị trấn Na Dương", "Xã Đông Quan", "Xã Khuất Xá", "Xã Tú Đoạn"]),
    "189": ("Đình Lập", "UBND HUYỆN ĐÌNH LẬP", "HUYỆN ĐÌNH LẬP", "Đình Lập",
            ["Thị trấn Đình Lập", "Thị trấn NT Thái Bình", "Xã Bắc Xa", "Xã Cường Lợi", "Xã Kiên Mộc"]),
}

# (canonical, [ways offices write it]); the canonical spelling comes first and is the most common.
SECTORS = [
    ("Nông nghiệp", ["Nông nghiệp", "Nông nghiệp", "NN", "Trồng trọt", "Chăn nuôi", "Lâm nghiệp",
                     "Nông nghiệp tổng hợp", "Nước sạch nông thôn"]),
    ("Công nghiệp - TTCN", ["Công nghiệp - TTCN", "CN-TTCN", "Tiểu thủ công nghiệp"]),
    ("Xây dựng", ["Xây dựng"]),
    ("Thương mại - Dịch vụ", ["Thương mại - Dịch vụ", "TM-DV", "Dịch vụ", "Thương mại"]),
    ("Vận tải", ["Vận tải", "GTVT", "Giao thông vận tải"]),
    ("Quỹ tín dụng nhân dân", ["Quỹ tín dụng nhân dân", "QTDND"]),
    ("Môi trường", ["Môi trường"]),
]
SECTOR_WEIGHTS = [55, 10, 7, 14, 8, 3, 3]
NAME_STEMS = {
    "Nông nghiệp": ["Nông nghiệp", "Dịch vụ nông nghiệp", "Chè", "Hồi", "Rau an toàn", "Chăn nuôi", "Lâm nghiệp",
                    "Na", "Thạch đen", "Trồng rừng", "Cây ăn quả", "Quýt", "Hồng không hạt"],
    "Công nghiệp - TTCN": ["Mây tre đan", "Chế biến lâm sản", "Cơ khí", "Dệt thổ cẩm", "Gạch không nung"],
    "Xây dựng": ["Xây dựng", "Xây dựng và dịch vụ"],
    "Thương mại - Dịch vụ": ["Thương mại", "Dịch vụ tổng hợp", "Thương mại dịch vụ", "Du lịch cộng đồng"],
    "Vận tải": ["Vận tải", "Vận tải hành khách", "Dịch vụ vận tải"],
    "Quỹ tín dụng nhân dân": ["Quỹ tín dụng nhân dân"],
    "Môi trường": ["Vệ sinh môi trường", "Môi trường đô thị"],
}
PLACE_WORDS = ["Hồng Phong", "Tân Thành", "Bình Minh", "Thành Công", "Hợp Lực", "Đồng Tiến", "Phú Xuân",
               "Nà Pàn", "Khánh Long", "Bản Cưởm", "Hữu Nghị", "Tiến Thành", "Kéo Nàng", "Pác Khuông",
               "Thống Nhất", "Quyết Thắng", "Na Hình", "Tân Lập", "Bình Độ", "Khòn Lèng", "Xuân Dương",
               "Mai Sao", "Hòa Bình", "Đoàn Kết", "Nà Sla", "Lũng Vài", "Phai Luông", "Bó Củng"]
STATUS_ACTIVE = ["Đang hoạt động"] * 8 + ["Hoạt động"]
STATUS_OTHER = ["Ngừng hoạt động", "Tạm ngừng", "Đang giải thể", "Chờ giải thể"]
STATUS_DISSOLVED = ["Đã giải thể", "Giải thể", "Thu hồi giấy chứng nhận"]
RATINGS = ["Tốt", "Khá", "Khá", "Trung bình", "TB", "Yếu", "Chưa xếp loại", "Không xếp loại"]

CANON_STATUS = {"Hoạt động": "Đang hoạt động", "Tạm ngừng": "Ngừng hoạt động", "Chờ giải thể": "Đang giải thể",
                "Giải thể": "Đã giải thể", "Thu hồi giấy chứng nhận": "Đã giải thể"}

WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]


def check_digit(nine):
    r = sum(w * int(d) for w, d in zip(WEIGHTS, nine)) % 11
    return None if r == 0 else 10 - r


def tax_code_valid(code):
    if len(code) != 10 or not code.isdigit():
        return False
    c = check_digit(code[:9])
    return c is not None and c == int(code[9])


# ---------------------------------------------------------------- the province's figures

# unit: (rows, dissolved, new in 2017-H1, cooperative groups, unions)
PLAN_2017H1 = {
    "178": (20, 0, 3, 95, 1), "180": (12, 1, 1, 180, 0), "181": (11, 0, 1, 160, 0),
    "182": (13, 1, 2, 170, 0), "183": (18, 1, 2, 210, 0), "184": (12, 1, 1, 150, 0),
    "185": (13, 0, 1, 155, 0), "186": (22, 1, 3, 230, 0), "187": (15, 0, 1, 160, 0),
    "188": (14, 1, 1, 140, 0), "189": (9, 0, 1, 100, 0),
}
TARGET = dict(rows=159, dissolved=6, active=153, new=17, new_capital=24000.0, members=2273, labour=3965,
              unions=1, tht=1750)


class Coop:
    """One cooperative as the district knows it; `*_text` fields are how the return writes them."""

    def __init__(self, **kw):
        self.__dict__.update(kw)

    @property
    def dissolved(self):
        return self.status == "Đã giải thể"


def new_tax_code(rng, used, leading_zero=False):
    while True:
        if leading_zero:
            nine = "0" + rng.choice(["1", "2", "3", "4", "5"]) + "".join(rng.choice("0123456789") for _ in range(7))
        else:
            nine = "4900" + "".join(rng.choice("0123456789") for _ in range(5))
        c = check_digit(nine)
        if c is None:
            continue
        code = nine + str(c)
        if code not in used:
            used.add(code)
            return code


def random_date(rng, start, end):
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def make_coops(rng, unit, n, n_dissolved, n_new, period_start, period_end, used_codes, used_names,
               zero_codes=2):
    """The cooperatives of one unit; members/labour/capital are adjusted later to hit totals."""
    communes = UNITS[unit][4]
    coops = []
    for i in range(n):
        canon_idx = rng.choices(range(len(SECTORS)), weights=SECTOR_WEIGHTS)[0]
        canon, ways = SECTORS[canon_idx]
        while True:
            stem = rng.choice(NAME_STEMS[canon])
            place = rng.choice(PLACE_WORDS + [c.split(" ", 1)[1] if " " in c else c for c in communes])
            name = ("Quỹ tín dụng nhân dân " + place) if canon == "Quỹ tín dụng nhân dân" else f"HTX {stem} {place}"
            if name not in used_names:
                used_names.add(name)
                break
        coops.append(Coop(
            name=name, tax_code=new_tax_code(rng, used_codes, leading_zero=(i < zero_codes)),
            commune=rng.choice(communes), sector=canon, sector_text=rng.choice(ways),
            status="Đang hoạt động", status_text=rng.choice(STATUS_ACTIVE), founded=None,
            members=0, labour=0, member_labour=0, capital=0.0, revenue=0.0, profit=0.0, avg_income=None,
            rating_text=rng.choice(RATINGS)))
    rng.shuffle(coops)
    for c in coops[:n_new]:
        c.founded = random_date(rng, period_start, period_end)
        c.new = True
        c.rating_text = rng.choice(["Chưa xếp loại", "Không xếp loại", ""])
    for c in coops[n_new:n_new + n_dissolved]:
        c.status_text = rng.choice(STATUS_DISSOLVED)
        c.status = "Đã giải thể"
        c.rating_text = rng.choice(["", "Chưa xếp loại"])
    for c in coops[n_new + n_dissolved:]:
        if rng.random() < 0.12:
            c.status_text = rng.choice(STATUS_OTHER)
            c.status = CANON_STATUS.get(c.status_text, c.status_text)
    for c in coops:
        if getattr(c, "new", False):
            continue
        c.new = False
        c.founded = random_date(rng, dt.date(1997, 1, 1), period_start - dt.timedelta(days=1))
    return coops


def fill_figures(rng, coops, members_total, labour_total, new_capital_total):
    """Members, labour, member labour and money so that the not-dissolved rows add up exactly."""
    active = [c for c in coops if not c.dissolved]
    for c in active:
        c.members = rng.randint(7, 24) if rng.random() < 0.85 else rng.randint(25, 60)
        c.labour = max(3, int(c.members * rng.uniform(0.6, 2.6)))
    for total, field, low in ((members_total, "members", 7), (labour_total, "labour", 3)):
        diff = total - sum(getattr(c, field) for c in active)
        while diff != 0:
            c = rng.choice(active)
            v = getattr(c, field)
            if diff > 0:
                setattr(c, field, v + 1)
                diff -= 1
            elif v > low:
                setattr(c, field, v - 1)
                diff += 1
    for c in active:
        top = min(c.members, c.labour)
        c.member_labour = rng.randint(max(0, top // 3), top)
    for c in coops:
        if c.dissolved:
            c.members = rng.choice([0, 7, 8, 9])
            c.labour = 0
            c.member_labour = 0
            c.capital = float(rng.choice([100, 150, 200, 300, 500]))
            c.revenue = 0.0
            c.profit = 0.0
            c.avg_income = None
            continue
        c.capital = float(rng.randrange(50, 3000, 10)) + rng.choice([0, 0, 0, 0.5])
        c.revenue = round(c.labour * rng.uniform(20, 150), 1)
        c.profit = round(c.revenue * rng.uniform(-0.05, 0.12), 1)
        c.avg_income = round(rng.uniform(18, 60), 1)
    new = [c for c in coops if c.new]
    while True:
        caps = [float(rng.randrange(400, 2600, 50)) for _ in new[:-1]]
        last = new_capital_total - sum(caps)
        if 300 <= last <= 4000:
            break
    for c, v in zip(new, caps + [last]):
        c.capital = v
        c.revenue = round(c.labour * rng.uniform(2, 20), 1)
        c.profit = round(c.revenue * rng.uniform(-0.1, 0.05), 1)
        c.avg_income = None


def summary_of(coops, period_start, period_end, tht, unions, rng, tht_members=None):
    active = [c for c in coops if not c.dissolved]
    new = [c for c in coops if period_start <= c.founded <= period_end]
    return dict(
        htx_total=len(active), htx_new=len(new), htx_dissolved=len(coops) - len(active), union_total=unions,
        members=sum(c.members for c in active), labour=sum(c.labour for c in active),
        member_labour=sum(c.member_labour for c in active),
        charter_capital=round(sum(c.capital for c in active), 1), new_capital=round(sum(c.capital for c in new), 1),
        tht_total=tht, tht_members=tht_members if tht_members is not None else tht * 7 + rng.randint(0, tht * 3))


# ---------------------------------------------------------------- rendering a return as a grid

def vi_number(v, decimals=None):
    """1750 -> '1.750', 24.5 -> '24,5', -12.5 -> '-12,5'."""
    neg = v < 0
    v = abs(v)
    if decimals is None:
        decimals = 0 if float(v).is_integer() else 1
    s = f"{v:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return ("-" if neg else "") + s


def plain_number(v):
    return str(int(v)) if float(v).is_integer() else repr(round(v, 2))


LIST_FIELDS = ["stt", "name", "tax_code", "commune", "sector", "founded", "status", "members", "labour",
               "member_labour", "capital", "revenue", "profit", "avg_income", "rating"]
NUMERIC = ["members", "labour", "member_labour", "capital", "revenue", "profit", "avg_income"]

LABEL_SETS = {
    # field: (header text, parent for a merged group or None)
    "a": {"stt": "STT", "name": "Tên HTX", "tax_code": "Mã số thuế", "commune": "Xã/phường/thị trấn",
          "sector": "Lĩnh vực", "founded": "Ngày thành lập", "status": "Tình trạng", "members": "Số thành viên",
          "labour": ("Lao động", "Tổng số"), "member_labour": ("Lao động", "Trong đó: thành viên"),
          "capital": "Vốn điều lệ (triệu đồng)", "revenue": "Doanh thu (triệu đồng)",
          "profit": "Lợi nhuận (triệu đồng)", "avg_income": "Thu nhập bình quân (triệu đồng/người/năm)",
          "rating": "Xếp loại"},
    "b": {"stt": "Số TT", "name": "Tên hợp tác xã", "tax_code": "Mã số HTX", "commune": "Địa chỉ trụ sở",
          "sector": "Ngành nghề", "founded": "Ngày cấp GCN ĐKHTX", "status": "Tình trạng hoạt động",
          "members": "Tổng số thành viên", "labour": ("Lao động", "Tổng số"),
          "member_labour": ("Lao động", "Trong đó: thành viên"), "capital": "Vốn điều lệ",
          "revenue": ("Kết quả SXKD năm 2016", "Doanh thu"), "profit": ("Kết quả SXKD năm 2016", "Lãi (lỗ)"),
          "avg_income": ("Kết quả SXKD năm 2016", "Thu nhập bình quân"), "rating": "Phân loại"},
    "c": {"stt": "TT", "name": "Tên đơn vị", "tax_code": "MST", "commune": "Địa chỉ", "sector": "Lĩnh vực hoạt động",
          "founded": "Ngày đăng ký", "status": "Tình trạng", "members": "Số thành viên",
          "labour": "Lao động thường xuyên", "member_labour": "Lao động là thành viên",
          "capital": "Vốn điều lệ (triệu đồng)", "revenue": "Doanh thu (triệu đồng)", "profit": "Lợi nhuận (triệu đồng)",
          "avg_income": "Thu nhập bình quân", "rating": "Xếp loại"},
}


class Grid:
    """Cells (row, col) -> (kind, value) with merges; kinds: text, number, date, formula, blank."""

    def __init__(self):
        self.cells = {}
        self.merges = []
        self.positions = {}  # ("coop", index, field) / ("totals", field) / ("summary", id) -> (row, col)
        self.bold_rows = set()
        self.widths = {}

    def put(self, r, c, kind, value, key=None):
        self.cells[(r, c)] = (kind, value)
        if key is not None:
            self.positions[key] = (r, c)

    def merge(self, r1, c1, r2, c2):
        self.merges.append((r1, c1, r2, c2))

    @property
    def last_row(self):
        return max(r for r, _ in self.cells) if self.cells else 0


def a1(r, c):
    return f"{get_column_letter(c)}{r}"


class Style:
    """How one return writes its list: which program, which quirks."""

    def __init__(self, **kw):
        self.labels = "a"
        self.depth = 2                 # header rows (3: a parent row above "Lao động")
        self.totals = "bottom"         # bottom | top | none
        self.totals_formula = False
        self.tax_numbers = False       # codes without leading zeros stored as numbers
        self.vi_text = False           # numbers as text cells in Vietnamese style
        self.capital_unit = "triệu đồng"
        self.date_text = set()         # indices of coops whose date is written as text
        self.date_words = set()        # ... as "ngày 15 tháng 3 năm 2017"
        self.title = True
        self.numbers_row = True
        self.dash_zero = False
        self.period_title = "6 THÁNG ĐẦU NĂM 2017"
        self.header_block = True
        self.sign_date = "ngày 05 tháng 7 năm 2017"
        self.__dict__.update(kw)


def list_grid(unit, coops, st, place_date, totals_override=None):
    g = Grid()
    fields = LIST_FIELDS
    ncol = len(fields)
    labels = LABEL_SETS[st.labels]
    r = 1
    if st.title:
        if st.header_block:
            g.put(1, 1, "text", UNITS[unit][1]); g.merge(1, 1, 1, 4)
            g.put(1, 10, "text", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"); g.merge(1, 10, 1, ncol)
            g.put(2, 1, "text", "PHÒNG TÀI CHÍNH - KẾ HOẠCH"); g.merge(2, 1, 2, 4)
            g.put(2, 10, "text", "Độc lập - Tự do - Hạnh phúc"); g.merge(2, 10, 2, ncol)
            g.put(3, 1, "text", "Biểu số 01")
            r = 4
        g.put(r, 1, "text", f"DANH SÁCH HỢP TÁC XÃ TRÊN ĐỊA BÀN {UNITS[unit][2]} {st.period_title}")
        g.merge(r, 1, r, ncol)
        g.put(r + 1, ncol - 2, "text", "Đơn vị tính: " + ("đồng" if st.capital_unit == "đồng" else "triệu đồng"))
        r += 3
    top = r
    depth = st.depth
    groups = {}
    for c, f in enumerate(fields, 1):
        lab = labels[f]
        if f == "capital" and st.capital_unit == "đồng":
            lab = "Vốn điều lệ (đồng)"
        if isinstance(lab, tuple):
            parent, child = lab
            groups.setdefault(parent, []).append(c)
            g.put(top + depth - 1, c, "text", child)
        else:
            g.put(top, c, "text", lab)
            if depth > 1:
                g.merge(top, c, top + depth - 1, c)
    for parent, cols in groups.items():
        # the parent spans its children's columns and every header row above them
        g.put(top, cols[0], "text", parent)
        if len(cols) > 1 or depth > 2:
            g.merge(top, cols[0], top + depth - 2, cols[-1])
    for rr in range(top, top + depth):
        g.bold_rows.add(rr)
    r = top + depth
    if st.numbers_row:
        for c in range(1, ncol + 1):
            g.put(r, c, "text", f"({c})")
        r += 1
    data_first = r + (1 if st.totals == "top" else 0)
    totals_row = r if st.totals == "top" else data_first + len(coops)
    # data rows
    for i, co in enumerate(coops):
        rr = data_first + i
        vals = {"stt": i + 1, "name": co.name, "tax_code": co.tax_code, "commune": co.commune,
                "sector": co.sector_text, "founded": co.founded, "status": co.status_text,
                "members": co.members, "labour": co.labour, "member_labour": co.member_labour,
                "capital": co.capital * (1_000_000 if st.capital_unit == "đồng" else 1),
                "revenue": co.revenue, "profit": co.profit, "avg_income": co.avg_income, "rating": co.rating_text}
        for c, f in enumerate(fields, 1):
            v = vals[f]
            key = ("coop", i, f)
            if v is None or v == "":
                g.put(rr, c, "blank", None, key)
                continue
            if f == "founded":
                if i in st.date_words:
                    g.put(rr, c, "text", f"ngày {v.day} tháng {v.month} năm {v.year}", key)
                elif i in st.date_text or place_date == "text":
                    g.put(rr, c, "text", v.strftime("%d/%m/%Y"), key)
                else:
                    g.put(rr, c, "date", v, key)
            elif f == "tax_code":
                if st.tax_numbers and not v.startswith("0"):
                    g.put(rr, c, "number", int(v), key)
                else:
                    g.put(rr, c, "text", v, key)
            elif f in NUMERIC:
                if st.dash_zero and v == 0:
                    g.put(rr, c, "text", "-", key)
                elif st.vi_text:
                    g.put(rr, c, "text", vi_number(v), key)
                else:
                    g.put(rr, c, "number", v, key)
            elif f == "stt":
                g.put(rr, c, "number", v, key)
            else:
                g.put(rr, c, "text", v, key)
    # totals
    if st.totals != "none":
        g.put(totals_row, 1, "text", "Tổng cộng", ("totals", "label"))
        g.merge(totals_row, 1, totals_row, 2)
        g.bold_rows.add(totals_row)
        for c, f in enumerate(fields, 1):
            if f not in NUMERIC or f == "avg_income":
                continue
            scale = 1_000_000 if (f == "capital" and st.capital_unit == "đồng") else 1
            s = round(sum(getattr(co, {"capital": "capital"}.get(f, f)) or 0 for co in coops) * scale, 1)
            if totals_override and f in totals_override:
                s = totals_override[f](s)
            key = ("totals", f)
            col = get_column_letter(c)
            if st.totals_formula:
                g.put(totals_row, c, "formula", (f"=SUM({col}{data_first}:{col}{data_first + len(coops) - 1})", s), key)
            elif st.vi_text:
                g.put(totals_row, c, "text", vi_number(s), key)
            else:
                g.put(totals_row, c, "number", s, key)
    end = max(totals_row, data_first + len(coops) - 1)
    if st.title:
        place = UNITS[unit][3]
        g.put(end + 2, 1, "text", "Ghi chú: Vốn điều lệ theo giấy chứng nhận đăng ký HTX.")
        g.put(end + 3, 2, "text", "NGƯỜI LẬP BIỂU")
        g.put(end + 3, 10, "text", f"{place}, {st.sign_date}")
        g.put(end + 4, 10, "text", "THỦ TRƯỞNG ĐƠN VỊ")
        g.put(end + 5, 2, "text", "(Ký, ghi rõ họ tên)")
        g.put(end + 5, 10, "text", "(Ký tên, đóng dấu)")
        g.put(end + 9, 2, "text", "Hoàng Thị Mai")
        g.put(end + 9, 10, "text", "Nông Văn Sơn")
    g.data_first = data_first
    g.totals_row = totals_row if st.totals != "none" else None
    return g


SUMMARY_ROWS = [
    ("1", "Tổng số hợp tác xã", "HTX", "htx_total"),
    ("", "Trong đó: Số HTX thành lập mới", "HTX", "htx_new"),
    ("2", "Số HTX giải thể", "HTX", "htx_dissolved"),
    ("3", "Số liên hiệp HTX", "LH HTX", "union_total"),
    ("4", "Tổng số thành viên HTX", "Người", "members"),
    ("5", "Tổng số lao động (thường xuyên) trong HTX", "Người", "labour"),
    ("", "Trong đó: lao động là thành viên", "Người", "member_labour"),
    ("6", "Tổng vốn điều lệ", "Triệu đồng", "charter_capital"),
    ("7", "Vốn điều lệ của HTX thành lập mới", "Triệu đồng", "new_capital"),
    ("8", "Số tổ hợp tác", "THT", "tht_total"),
    ("9", "Số thành viên tổ hợp tác", "Người", "tht_members"),
]


def summary_grid(unit, summary, value_label="Ước TH 6 tháng", title=True, vi_text=False,
                 period_title="6 THÁNG ĐẦU NĂM 2017", plan=True, plan_label="Kế hoạch năm 2017"):
    g = Grid()
    r = 1
    if title:
        g.put(1, 1, "text", UNITS[unit][1]); g.merge(1, 1, 1, 2)
        g.put(1, 4, "text", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"); g.merge(1, 4, 1, 6)
        g.put(2, 1, "text", "PHÒNG TÀI CHÍNH - KẾ HOẠCH"); g.merge(2, 1, 2, 2)
        g.put(2, 4, "text", "Độc lập - Tự do - Hạnh phúc"); g.merge(2, 4, 2, 6)
        g.put(3, 1, "text", "Biểu số 02")
        g.put(4, 1, "text", f"BIỂU TỔNG HỢP CHỈ TIÊU KINH TẾ TẬP THỂ {period_title}"); g.merge(4, 1, 4, 6)
        r = 6
    heads = ["STT", "Chỉ tiêu", "Đơn vị tính"] + ([plan_label] if plan else []) + [value_label] + (
        ["So sánh (%)"] if plan else [])
    for c, h in enumerate(heads, 1):
        g.put(r, c, "text", h)
    g.bold_rows.add(r)
    r += 1
    nums = ["A", "B", "C"] + (["1", "2", "3=2/1"] if plan else ["1"])
    for c, h in enumerate(nums, 1):
        g.put(r, c, "text", h)
    r += 1
    vcol = 5 if plan else 4
    for stt, label, unit_text, key in SUMMARY_ROWS:
        g.put(r, 1, "text" if stt else "blank", stt or None)
        g.put(r, 2, "text", label)
        g.put(r, 3, "text", unit_text)
        v = summary[key]
        if plan:
            p = {"htx_total": v + 2, "htx_new": max(1, v - 1), "members": v + 40, "labour": v + 60}.get(key)
            if p is not None:
                g.put(r, 4, "number", p)
                g.put(r, 6, "number", round(100.0 * v / p, 1))
        g.put(r, vcol, "text" if vi_text else "number", vi_number(v) if vi_text else v, ("summary", key))
        r += 1
    if title:
        g.put(r + 1, 2, "text", "NGƯỜI LẬP BIỂU")
        g.put(r + 1, 4, "text", f"{UNITS[unit][3]}, ngày 05 tháng 7 năm 2017")
        g.put(r + 2, 4, "text", "THỦ TRƯỞNG ĐƠN VỊ")
    return g


def instructions_grid():
    g = Grid()
    lines = ["HƯỚNG DẪN GHI BIỂU", "1. Biểu 01 ghi mỗi hợp tác xã một dòng; hợp tác xã đã giải thể vẫn ghi, cột",
             "   tình trạng ghi \"Đã giải thể\".", "2. Mã số thuế ghi đủ 10 chữ số, định dạng ô là văn bản.",
             "3. Số liệu tiền tệ ghi theo đơn vị triệu đồng.", "4. Biểu 02 tổng hợp từ Biểu 01 và số tổ hợp tác."]
    for i, t in enumerate(lines, 1):
        g.put(i, 1, "text", t)
    return g


# ---------------------------------------------------------------- writers

def nfd(s):
    return unicodedata.normalize("NFD", s)


def write_openpyxl(path, sheets, hidden_first=False, nfd_text=False, fixed=True):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, g in sheets:
        ws = wb.create_sheet(name)
        for (r, c), (kind, v) in sorted(g.cells.items()):
            cell = ws.cell(row=r, column=c)
            if kind == "text":
                cell.value = nfd(v) if nfd_text else v
                cell.data_type = "s"
                if isinstance(v, str) and v[:1].isdigit():
                    cell.number_format = "@"
            elif kind == "number":
                cell.value = v
                if isinstance(v, float) and not v.is_integer():
                    cell.number_format = "#,##0.0"
                elif isinstance(v, (int, float)) and abs(v) >= 1000:
                    cell.number_format = "#,##0"
            elif kind == "date":
                cell.value = dt.datetime(v.year, v.month, v.day)
                cell.number_format = "dd/mm/yyyy"
            elif kind == "formula":
                cell.value = v[0]
            if r in g.bold_rows:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for m in g.merges:
            ws.merge_cells(start_row=m[0], start_column=m[1], end_row=m[2], end_column=m[3])
        ws.column_dimensions["B"].width = 34
    if hidden_first:
        ws = wb.create_sheet("Hướng dẫn", 0)
        for (r, c), (kind, v) in sorted(instructions_grid().cells.items()):
            ws.cell(row=r, column=c, value=v)
        ws.sheet_state = "hidden"
        wb.active = 1
    wb.properties.creator = "Phòng Tài chính - Kế hoạch"
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.save(path)
    if fixed:
        fix_zip_times(path)


def fix_zip_times(path):
    """Rewrite a workbook's ZIP with fixed entry times (same entries, same order)."""
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "docProps/core.xml":
                import re
                data = re.sub(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*", rb"\g<1>2017-07-05T08:00:00Z", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2017, 7, 5, 8, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, data)


def write_xlsxwriter(path, sheets, date1904=False):
    wb = xlsxwriter.Workbook(path, {"date_1904": date1904, "strings_to_numbers": False})
    wb.set_properties({"author": "Phòng Tài chính - Kế hoạch", "created": FIXED_TIME})
    bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True, "border": 1})
    datef = wb.add_format({"num_format": "dd/mm/yyyy", "border": 1})
    num1 = wb.add_format({"num_format": "#,##0.0", "border": 1})
    num0 = wb.add_format({"num_format": "#,##0", "border": 1})
    textf = wb.add_format({"num_format": "@", "border": 1})
    plain = wb.add_format({"border": 1})
    for name, g in sheets:
        ws = wb.add_worksheet(name)
        ws.set_column(1, 1, 34)
        merged_tl = {(m[0], m[1]): m for m in g.merges}
        covered = set()
        for m in g.merges:
            for rr in range(m[0], m[2] + 1):
                for cc in range(m[1], m[3] + 1):
                    if (rr, cc) != (m[0], m[1]):
                        covered.add((rr, cc))
        for (r, c), (kind, v) in sorted(g.cells.items()):
            if (r, c) in covered:
                continue
            fmt = bold if r in g.bold_rows else None
            if (r, c) in merged_tl:
                m = merged_tl[(r, c)]
                ws.merge_range(m[0] - 1, m[1] - 1, m[2] - 1, m[3] - 1, v if kind == "text" else "", fmt or plain)
                continue
            r0, c0 = r - 1, c - 1
            if kind == "text":
                ws.write_string(r0, c0, v, fmt or (textf if v[:1].isdigit() else None))
            elif kind == "number":
                f = num1 if isinstance(v, float) and not v.is_integer() else (num0 if abs(v) >= 1000 else plain)
                ws.write_number(r0, c0, v, fmt or f)
            elif kind == "date":
                ws.write_datetime(r0, c0, dt.datetime(v.year, v.month, v.day), datef)
            elif kind == "formula":
                ws.write_formula(r0, c0, v[0], fmt or num1, v[1])
            elif kind == "blank":
                ws.write_blank(r0, c0, None, plain)
        for m in g.merges:
            if (m[0], m[1]) not in g.cells:
                ws.merge_range(m[0] - 1, m[1] - 1, m[2] - 1, m[3] - 1, "", plain)
    wb.close()


def write_libreoffice(path, sheets, **kw):
    """openpyxl writes, LibreOffice reads and writes again: LibreOffice's parts, its cached formula values."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src.xlsx")
        write_openpyxl(src, sheets, fixed=False, **kw)
        out = os.path.join(tmp, "out")
        os.mkdir(out)
        profile = os.path.join(tmp, "profile")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                        "xlsx:Calc MS Excel 2007 XML", "--outdir", out, src],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=180)
        shutil.copyfile(os.path.join(out, "src.xlsx"), path)
    # LibreOffice stamps the time of conversion; keep its parts, fix the times so regenerating is stable.
    fix_zip_times(path)


def grid_rows(g, nfd_text=False):
    """A grid as CSV text rows (what Excel's Save As CSV writes)."""
    last_r = g.last_row
    last_c = max(c for _, c in g.cells)
    rows = []
    for r in range(1, last_r + 1):
        row = []
        for c in range(1, last_c + 1):
            kind, v = g.cells.get((r, c), ("blank", None))
            if kind == "blank" or v is None:
                row.append("")
            elif kind == "text":
                row.append(nfd(v) if nfd_text else v)
            elif kind == "number":
                row.append(plain_number(v))
            elif kind == "date":
                row.append(v.strftime("%d/%m/%Y"))
            elif kind == "formula":
                row.append(plain_number(v[1]))
        rows.append(row)
    return rows


def cp1258_text(s):
    """Windows-1258 bytes: precomposed where the code page has the letter, else base + combining tone mark."""
    out = bytearray()
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    for ch in unicodedata.normalize("NFC", s):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in tones))
        marks = "".join(p for p in parts if p in tones)
        out += base.encode("cp1258") + marks.encode("cp1258")
    return bytes(out)


def write_csv(path, rows, encoding="utf-8", bom=False, delimiter=",", crlf=True):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        w.writerow(row)
    text = buf.getvalue()
    if encoding == "utf-8":
        data = ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")
    elif encoding == "utf-16-le":
        data = b"\xff\xfe" + text.encode("utf-16-le")
    elif encoding == "cp1258":
        data = cp1258_text(text)
    else:
        raise ValueError(encoding)
    with open(path, "wb") as f:
        f.write(data)


# ---------------------------------------------------------------- a return file

class Return:
    """One file a unit sends: writer, encoding, quirks, and its data."""

    def __init__(self, unit, file, writer, coops, summary, style=None, **kw):
        self.unit = unit
        self.file = file
        self.writer = writer         # openpyxl | xlsxwriter | libreoffice | csv
        self.coops = coops
        self.summary = summary
        self.style = style or Style()
        self.list_sheet = "Biểu 01"
        self.summary_sheet = "Biểu 02"
        self.summary_file = None     # for CSV: the summary's own file
        self.encoding = "utf-8"
        self.bom = False
        self.delimiter = ","
        self.hidden_first = False
        self.nfd = False
        self.date1904 = False
        self.value_label = "Ước TH 6 tháng"
        self.summary_title = True
        self.summary_vi = False
        self.summary_plan = True
        self.summary_period_title = "6 THÁNG ĐẦU NĂM 2017"
        self.totals_override = None
        self.quirks = []
        self.__dict__.update(kw)

    def grids(self):
        lg = list_grid(self.unit, self.coops, self.style, None, self.totals_override)
        sg = summary_grid(self.unit, self.summary, self.value_label, self.summary_title, self.summary_vi,
                          self.summary_period_title, plan=self.summary_plan,
                          plan_label="Kế hoạch năm " + self.summary_period_title[-4:])
        return lg, sg

    def write(self, folder):
        lg, sg = self.grids()
        self.list_grid, self.summary_grid = lg, sg
        path = os.path.join(folder, self.file)
        if self.writer == "csv":
            write_csv(path, grid_rows(lg, self.nfd), self.encoding, self.bom, self.delimiter)
            if self.summary_file:
                write_csv(os.path.join(folder, self.summary_file), grid_rows(sg, self.nfd), self.encoding, self.bom,
                          self.delimiter)
            return
        sheets = [(self.list_sheet, lg), (self.summary_sheet, sg)]
        if self.writer == "openpyxl":
            write_openpyxl(path, sheets, hidden_first=self.hidden_first, nfd_text=self.nfd)
        elif self.writer == "xlsxwriter":
            write_xlsxwriter(path, sheets, date1904=self.date1904)
        elif self.writer == "libreoffice":
            write_libreoffice(path, sheets, hidden_first=self.hidden_first, nfd_text=self.nfd)
        else:
            raise ValueError(self.writer)

    def where(self, key, form="list"):
        """(file, sheet, cell, row) of a grid position."""
        g = self.list_grid if form == "list" else self.summary_grid
        r, c = g.positions[key]
        if self.writer == "csv":
            return (self.file if form == "list" else self.summary_file), None, a1(r, c), r
        return self.file, (self.list_sheet if form == "list" else self.summary_sheet), a1(r, c), r


# ---------------------------------------------------------------- the 2017-H1 province

P_START, P_END = dt.date(2017, 1, 1), dt.date(2017, 6, 30)


def build_2017():
    rng = random.Random(SEED)
    used_codes, used_names = set(), set()
    coops = {}
    for unit, (n, nd, nn, tht, unions) in PLAN_2017H1.items():
        coops[unit] = make_coops(rng, unit, n, nd, nn, P_START, P_END, used_codes, used_names)
    every = [c for u in coops for c in coops[u]]
    fill_figures(rng, every, TARGET["members"], TARGET["labour"], TARGET["new_capital"])
    # Boundaries: new on the period's first and last day, an old one on the eve of the period.
    news = [c for c in every if c.new]
    news[0].founded, news[1].founded = P_START, P_END
    olds = [c for c in coops["186"] if not c.new and not c.dissolved]
    olds[0].founded = dt.date(2016, 12, 31)
    # Vietnamese-style examples for 184: a revenue of exactly 1.750 and an income of 24,5.
    c184 = [c for c in coops["184"] if not c.new and not c.dissolved]
    c184[0].revenue, c184[0].avg_income = 1750.0, 24.5
    c184[1].revenue, c184[1].capital = 12345.5, 1234.5
    # 187 (numbers as text, vi style): a revenue over a million in its text "1.234.567,5"-like shape.
    c187 = [c for c in coops["187"] if not c.new and not c.dissolved]
    c187[0].revenue = 1750.0
    c187[1].avg_income = 24.5
    summaries = {u: summary_of(coops[u], P_START, P_END, PLAN_2017H1[u][3], PLAN_2017H1[u][4], rng)
                 for u in coops}
    returns = [
        Return("178", "178_2017H1.xlsx", "openpyxl", coops["178"], summaries["178"],
               Style(labels="a"), hidden_first=True, list_sheet="DS HTX", summary_sheet="Tổng hợp",
               quirks=["openpyxl", "hidden instructions sheet first ('Hướng dẫn')", "sheets 'DS HTX' + 'Tổng hợp'",
                       "2-row merged header", "tax codes as text (2 with leading zeros)", "1 union"]),
        Return("180", "trang-dinh.xlsx", "xlsxwriter", coops["180"], summaries["180"],
               Style(labels="b", totals="top", totals_formula=True, tax_numbers=True),
               quirks=["xlsxwriter", "totals row at the top, under the column numbers, as SUM formulas with cached values",
                       "labels set b ('Tên hợp tác xã', 'Mã số HTX', 'Kết quả SXKD năm 2016 > Doanh thu', 'Lãi (lỗ)')",
                       "tax codes without leading zeros stored as numbers, the two with leading zeros as text"]),
        Return("181", "181_2017H1.xlsx", "libreoffice", coops["181"], summaries["181"],
               Style(labels="a", depth=3, totals_formula=True), value_label="Thực hiện",
               quirks=["LibreOffice (converted from openpyxl)", "3-row header (Lao động spans rows 1-2)",
                       "SUM formulas in the totals row (LibreOffice caches their values)",
                       "summary value column 'Thực hiện'"]),
        Return("182", "van-lang.xlsx", "xlsxwriter", coops["182"], summaries["182"],
               Style(labels="a", capital_unit="đồng"), date1904=True,
               quirks=["xlsxwriter, date1904 workbook", "capital in đồng: header 'Vốn điều lệ (đồng)', values ×1,000,000"]),
        Return("183", "cao-loc.csv", "csv", coops["183"], summaries["183"], Style(labels="a"),
               summary_file="cao-loc-tong-hop.csv", bom=True,
               quirks=["CSV UTF-8 with BOM, comma", "title block, 2-row header flattened, column numbers, totals at the bottom",
                       "summary in its own CSV cao-loc-tong-hop.csv"]),
        Return("184", "184_2017H1.csv", "csv", coops["184"], summaries["184"],
               Style(labels="c", vi_text=True, dash_zero=True), summary_file="184_2017H1_tong-hop.csv",
               delimiter=";", summary_vi=True, value_label="Số lượng", summary_plan=False,
               quirks=["CSV UTF-8 without BOM, semicolon", "Vietnamese number style: 1.750, 24,5, 12.345,5; '-' for zero",
                       "one-row header with labels set c ('Lao động thường xuyên', 'Lao động là thành viên', 'MST')"]),
        Return("185", "185_2017H1.txt", "csv", coops["185"], summaries["185"],
               Style(labels="a", title=False, numbers_row=False, totals="bottom"),
               summary_file="185_2017H1_tong-hop.txt", encoding="utf-16-le", delimiter="\t", summary_title=False,
               quirks=["Excel 'Unicode text': UTF-16 LE with BOM, tab", "no title block: the header is row 1 (period only from htx.yaml)"]),
        Return("186", "huu-lung.csv", "csv", coops["186"], summaries["186"], Style(labels="a"),
               summary_file="huu-lung-tong-hop.csv", encoding="cp1258",
               quirks=["CSV Windows-1258 (tone marks as combining characters), comma",
                       "an old cooperative founded 31/12/2016, the eve of the period"]),
        Return("187", "187_2017H1.xlsx", "openpyxl", coops["187"], summaries["187"],
               Style(labels="a", vi_text=True), nfd=True, summary_vi=True,
               quirks=["openpyxl", "every text NFD (decomposed), headers included",
                       "numbers as text cells in Vietnamese style (1.750, 24,5), totals and summary too"]),
        Return("188", "loc-binh.xlsx", "xlsxwriter", coops["188"], summaries["188"],
               Style(labels="b", date_text={0, 1, 2}, date_words={3}), list_sheet="DS HTX", summary_sheet="Tổng hợp",
               quirks=["xlsxwriter", "dates partly as text: 'dd/mm/yyyy' and 'ngày 15 tháng 3 năm 2009'",
                       "labels set b"]),
        Return("189", "dinh-lap.xlsx", "libreoffice", coops["189"], summaries["189"],
               Style(labels="c"), value_label="Ước TH 6 tháng đầu năm 2017",
               quirks=["LibreOffice (converted from openpyxl)", "labels set c in a 2-row block",
                       "summary value column 'Ước TH 6 tháng đầu năm 2017'"]),
    ]
    return returns


HTX_YAML = """pack: kttt
period: {period}
units: {units}
files: [{files}]
number_style: auto
"""


def write_folder(folder, returns, period, units="lang-son-districts"):
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    names = []
    for ret in returns:
        ret.write(folder)
        names.append(ret.file)
        if ret.writer == "csv" and ret.summary_file:
            names.append(ret.summary_file)
    if units.endswith(".yaml"):
        # A unit list of the folder's own: the units this small province has.
        codes = sorted({ret.unit for ret in returns})
        with open(os.path.join(folder, units), "w", encoding="utf-8") as f:
            f.write("# The units of this example, a part of Lạng Sơn's district list.\n"
                    "id: example-units\nprovince_code: \"20\"\nprovince: Lạng Sơn\nunits:\n")
            for code in codes:
                f.write(f'  - {{code: "{code}", name: {UNITS[code][0]}}}\n')
    with open(os.path.join(folder, "htx.yaml"), "w", encoding="utf-8") as f:
        f.write(HTX_YAML.format(period=period, units=units, files=", ".join(f'"{n}"' for n in sorted(names))))
    return names


def finding(ret, key, code, severity="error", rule=None, form="list", note="", field=None, value=None):
    file, sheet, cell, row = ret.where(key, form)
    d = {"file": file, "sheet": sheet, "cell": cell, "row": row, "code": code, "rule": rule, "severity": severity}
    if field:
        d["field"] = field
    if value is not None:
        d["value"] = value
    if note:
        d["note"] = note
    return d


def first_index(coops, pred):
    return next(i for i, c in enumerate(coops) if pred(c))


def inject_2017(returns, period_end):
    """The faulty copy: eleven problems, one per file. Figures stay consistent unless the
    problem is the inconsistency, so each problem gives the one finding listed (consequences noted)."""
    R = {r.unit: r for r in returns}
    problems = []
    post = []  # (file, action) after writing

    # 1. 178: member labour above labour (still <= members).
    r = R["178"]
    i = first_index(r.coops, lambda c: not c.dissolved and not c.new and c.members >= 12 and c.labour >= 6)
    c = r.coops[i]
    c.member_labour = c.labour + 2
    c.members = max(c.members, c.member_labour)
    r.summary = summary_of(r.coops, P_START, P_END, r.summary["tht_total"], r.summary["union_total"], None,
                           r.summary["tht_members"])
    problems.append(lambda: finding(r, ("coop", i, "member_labour"), "rule-error", rule="member-labour-le-labour",
                                    field="member_labour", value=str(c.member_labour),
                                    note=f"member labour {c.member_labour} > labour {c.labour}; totals row and summary "
                                         "were recomputed by the district, so they agree"))

    # 2. 180: totals row members off by +10 (totals at the top).
    r2 = R["180"]
    r2.totals_override = {"members": lambda s: s + 10}
    problems.append(lambda: finding(r2, ("totals", "members"), "totals-mismatch", rule="totals-row",
                                    field="members", note="Tổng cộng (at the top) says 10 more members than the rows add up to; "
                                    "it is a SUM formula whose cached value was typed over"))

    # 3. 181: a tax code with a wrong check digit.
    r3 = R["181"]
    i3 = first_index(r3.coops, lambda c: not c.tax_code.startswith("0"))
    good = r3.coops[i3].tax_code
    r3.coops[i3].tax_code = good[:9] + str((int(good[9]) + 3) % 10)
    problems.append(lambda: finding(r3, ("coop", i3, "tax_code"), "rule-error", rule="tax-code-checksum",
                                    field="tax_code", value=r3.coops[i3].tax_code,
                                    note=f"check digit should be {good[9]} ({good})"))

    # 4. 182 (date1904): a cooperative founded after the period's end, listed as new.
    r4 = R["182"]
    i4 = first_index(r4.coops, lambda c: c.new)
    r4.coops[i4].founded = dt.date(2017, 7, 14)
    r4.summary = summary_of(r4.coops, P_START, P_END, r4.summary["tht_total"], 0, None, r4.summary["tht_members"])
    problems.append(lambda: finding(r4, ("coop", i4, "founded"), "rule-error", rule="founded-in-period",
                                    field="founded", value="2017-07-14",
                                    note="founded 14/07/2017 in a date1904 workbook (a 1900-based reading would give "
                                         "2013-07-13 and miss it); the summary's htx_new/new_capital leave it out, so they agree"))

    # 5. 183 cao-loc.csv: a blank name.
    r5 = R["183"]
    i5 = 4
    r5.coops[i5].name = ""
    problems.append(lambda: finding(r5, ("coop", i5, "name"), "missing-value", field="name",
                                    note="Tên HTX is required (SPEC §4 missing-value)"))

    # 6. 184 (vi style): a number in English style.
    r6 = R["184"]
    i6 = first_index(r6.coops, lambda c: not c.dissolved and c.revenue >= 1000)
    r6.bad_revenue = i6
    problems.append(lambda: finding(r6, ("coop", i6, "revenue"), "type-error", field="revenue",
                                    value=f"{r6.coops[i6].revenue:,.1f}",
                                    note="English-style '1,234.5' in a file whose numbers are Vietnamese-style; the "
                                         "totals check of that column is skipped"))

    # 7. 185 UTF-16: an unknown status.
    r7 = R["185"]
    i7 = first_index(r7.coops, lambda c: c.status == "Đang hoạt động" and not c.new)
    r7.coops[i7].status_text = "Đang củng cố"
    problems.append(lambda: finding(r7, ("coop", i7, "status"), "enum-error", field="status", value="Đang củng cố",
                                    note="not a status of the vocabulary; the row still counts as not dissolved"))

    # 8. 186 cp1258: a tax code that 178 already lists.
    r8 = R["186"]
    i8 = first_index(r8.coops, lambda c: not c.tax_code.startswith("0"))
    dup_from = R["178"].coops[6]
    r8.coops[i8].tax_code = dup_from.tax_code
    problems.append(lambda: dict(finding(r8, ("coop", i8, "tax_code"), "unique-error", field="tax_code",
                                         value=dup_from.tax_code,
                                         note="the same tax code is in 178_2017H1.xlsx; the report should point to both"),
                                 also=dict(zip(["file", "sheet", "cell", "row"], R["178"].where(("coop", 6, "tax_code"))))))

    # 9. 187 (NFD): the summary's members disagree with the list.
    r9 = R["187"]
    r9.summary = dict(r9.summary, members=r9.summary["members"] + 12)
    problems.append(lambda: finding(r9, ("summary", "members"), "rule-error", rule="summary-members", form="summary",
                                    field="members", note="summary says 12 more members than the list's not-dissolved rows"))

    # 10. 188: last year's title: "6 THÁNG ĐẦU NĂM 2016".
    r10 = R["188"]
    r10.style.period_title = "6 THÁNG ĐẦU NĂM 2016"
    r10.summary_period_title = "6 THÁNG ĐẦU NĂM 2016"
    problems.append(lambda: {"file": r10.file, "sheet": r10.list_sheet, "cell": None, "row": None,
                             "code": "period-mismatch", "rule": None, "severity": "error",
                             "note": "titles say 6 tháng đầu năm 2016 while htx.yaml says 2017-H1 (both sheets). "
                                     "Not reported by htx before it reads htx.yaml. While htx takes the period from "
                                     "the title (2016-H1), the rows founded after 30/6/2016 fail founded-in-period and "
                                     "the summary's new-cooperative figures disagree: see consequences."})

    # 11. 189: the workbook is truncated (a broken upload).
    r11 = R["189"]
    post.append((r11.file, "truncate"))
    problems.append(lambda: {"file": r11.file, "sheet": None, "cell": None, "row": None, "code": "file-corrupt",
                             "rule": None, "severity": "error",
                             "note": "the ZIP is cut to 40% of its bytes: no central directory. Expected consequence "
                                     "once htx reads htx.yaml: unit 189 has no readable return."})
    return problems, post


def apply_post(folder, post):
    for file, action in post:
        path = os.path.join(folder, file)
        if action == "truncate":
            data = open(path, "rb").read()
            open(path, "wb").write(data[: int(len(data) * 0.4)])


def write_expected(folder, problems, extra_notes, consequences):
    items = [p() for p in problems]
    doc = {
        "about": "Problems injected into this folder by scripts/make-province.py, one per item, at their cells "
                 "(row = the sheet row as a spreadsheet shows it; for CSV the line number). 'consequences' lists the "
                 "other findings each problem should or may cause. htx does not read this file (it is JSON).",
        "problems": items,
        "consequences": consequences,
        "notes": extra_notes,
    }
    with open(os.path.join(folder, "EXPECTED.json"), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")


def post_write_edits_2017(returns):
    """Edits that the grid cannot express before writing (a cell in another style)."""
    for r in returns:
        i = getattr(r, "bad_revenue", None)
        if i is None:
            continue
        # 184 is CSV: rewrite the one field in English style.
        pos = r.list_grid.positions[("coop", i, "revenue")]
        r.list_grid.cells[pos] = ("text", f"{r.coops[i].revenue:,.1f}")


# ---------------------------------------------------------------- the 2016 example

E_START, E_END = dt.date(2016, 1, 1), dt.date(2016, 12, 31)


def build_2016():
    rng = random.Random(SEED + 2016)
    used_codes, used_names = set(), set()
    plan = {"178": (9, 1, 2, 60, 1), "180": (6, 0, 1, 90, 0), "183": (8, 1, 1, 110, 0), "186": (7, 0, 1, 120, 0)}
    coops = {u: make_coops(rng, u, n, nd, nn, E_START, E_END, used_codes, used_names, zero_codes=1)
             for u, (n, nd, nn, tht, un) in plan.items()}
    every = [c for u in coops for c in coops[u]]
    fill_figures(rng, every, 480, 760, 3600.0)
    summaries = {u: summary_of(coops[u], E_START, E_END, plan[u][3], plan[u][4], rng) for u in coops}
    year = "NĂM 2016"
    returns = [
        Return("178", "178_2016.xlsx", "openpyxl", coops["178"], summaries["178"], Style(labels="a", period_title=year, sign_date="ngày 15 tháng 01 năm 2017"),
               value_label="Thực hiện năm 2016", summary_period_title=year,
               quirks=["openpyxl", "both forms: 'Biểu 01' list, 'Biểu 02' summary"]),
        Return("180", "trang-dinh.csv", "csv", coops["180"], summaries["180"], Style(labels="a", period_title=year, sign_date="ngày 15 tháng 01 năm 2017"),
               summary_file="trang-dinh-tong-hop.csv", bom=True, value_label="Thực hiện năm 2016",
               summary_period_title=year, quirks=["CSV UTF-8 with BOM", "summary in its own CSV"]),
        Return("183", "183_2016.xlsx", "xlsxwriter", coops["183"], summaries["183"],
               Style(labels="b", period_title=year, totals_formula=True, sign_date="ngày 15 tháng 01 năm 2017"), value_label="Thực hiện năm 2016",
               summary_period_title=year, quirks=["xlsxwriter", "SUM formulas with cached values in the totals row"]),
        Return("186", "huu-lung.csv", "csv", coops["186"], summaries["186"],
               Style(labels="c", period_title=year, vi_text=True, depth=1, sign_date="ngày 15 tháng 01 năm 2017"), delimiter=";", summary_file="huu-lung-tong-hop.csv",
               summary_vi=True, value_label="Thực hiện năm 2016", summary_period_title=year,
               quirks=["CSV UTF-8 without BOM, semicolon, Vietnamese number style", "one-row header"]),
    ]
    return returns


def inject_2016(returns):
    R = {r.unit: r for r in returns}
    problems = []
    # 1. 178: member labour above members (labour is larger, so only one rule).
    r1 = R["178"]
    i1 = first_index(r1.coops, lambda c: not c.dissolved and c.labour > c.members + 3)
    r1.coops[i1].member_labour = r1.coops[i1].members + 2
    r1.summary = summary_of(r1.coops, E_START, E_END, r1.summary["tht_total"], 1, None, r1.summary["tht_members"])
    problems.append(lambda: finding(r1, ("coop", i1, "member_labour"), "rule-error", rule="member-labour-le-members",
                                    field="member_labour", note="member labour exceeds members; the totals row agrees"))
    # 2. 180 CSV: an unknown sector.
    r2 = R["180"]
    r2.coops[2].sector_text = "Nuôi ong"
    problems.append(lambda: finding(r2, ("coop", 2, "sector"), "enum-error", field="sector", value="Nuôi ong"))
    # 3. 183: the summary's cooperative count counts the dissolved one too.
    r3 = R["183"]
    r3.summary = dict(r3.summary, htx_total=r3.summary["htx_total"] + 1)
    problems.append(lambda: finding(r3, ("summary", "htx_total"), "rule-error", rule="summary-htx-total",
                                    form="summary", field="htx_total",
                                    note="the dissolved cooperative was counted"))
    # 4. 186 CSV: capital typed in đồng in a triệu column (warning).
    r4 = R["186"]
    i4 = first_index(r4.coops, lambda c: not c.new and not c.dissolved)
    r4.coops[i4].capital = r4.coops[i4].capital * 1_000_000
    problems.append(lambda: finding(r4, ("coop", i4, "capital"), "rule-error", rule="capital-unit", severity="warning",
                                    field="charter_capital",
                                    note="typed in đồng; the totals row was summed by the office with the same value, so it agrees"))
    # 5. 183: a tax code that lost its leading zero and one more digit: 9 digits, a pattern error.
    i5 = first_index(r3.coops, lambda c: c.tax_code.startswith("0"))
    r3.coops[i5].tax_code = r3.coops[i5].tax_code[1:]
    problems.append(lambda: finding(r3, ("coop", i5, "tax_code"), "pattern-error", field="tax_code",
                                    note="9 digits; the checksum rule also fails on it (a consequence)"))
    return problems


# ---------------------------------------------------------------- main

def main():
    base = os.path.join(ROOT, "Fixtures", "province-2017h1")
    clean = build_2017()
    write_folder(os.path.join(base, "clean"), clean, "2017-H1")
    faulty = build_2017()
    problems, post = inject_2017(faulty, P_END)
    # grids are made at write time; the English-style revenue is patched into the grid first.
    for r in faulty:
        r.list_grid, r.summary_grid = r.grids()
    post_write_edits_2017(faulty)
    fdir = os.path.join(base, "faulty")
    if os.path.isdir(fdir):
        shutil.rmtree(fdir)
    os.makedirs(fdir)
    names = []
    for r in faulty:
        write_prepared(fdir, r)
        names.append(r.file)
        if r.summary_file:
            names.append(r.summary_file)
    with open(os.path.join(fdir, "htx.yaml"), "w", encoding="utf-8") as f:
        f.write(HTX_YAML.format(period="2017-H1", units="lang-son-districts",
                                files=", ".join(f'"{n}"' for n in sorted(names))))
    apply_post(fdir, post)
    # What htx reports for loc-binh.xlsx while it takes the period from the title (2016-H1).
    lb = next(r for r in faulty if r.unit == "188")
    h_start, h_end = dt.date(2016, 1, 1), dt.date(2016, 6, 30)
    consequences = []
    for i, c in enumerate(lb.coops):
        if c.founded > h_end:
            f = finding(lb, ("coop", i, "founded"), "rule-error", rule="founded-in-period", field="founded",
                        value=c.founded.isoformat())
            consequences.append(dict(f, when="while htx takes the period from the title line (2016-H1), not htx.yaml"))
    in_h = [c for c in lb.coops if h_start <= c.founded <= h_end]
    if len(in_h) != lb.summary["htx_new"]:
        consequences.append(dict(finding(lb, ("summary", "htx_new"), "rule-error", rule="summary-htx-new",
                                         form="summary", field="htx_new"), when="same"))
    if abs(sum(c.capital for c in in_h) - lb.summary["new_capital"]) > 1:
        consequences.append(dict(finding(lb, ("summary", "new_capital"), "rule-error", rule="summary-new-capital",
                                         form="summary", field="new_capital"), when="same"))
    consequences += [
        {"file": "huu-lung.csv", "codes": ["unique-error"], "when": "reported on huu-lung.csv (read after 178_2017H1.xlsx); "
                                                                      "its message names 178_2017H1.xlsx › DS HTX!C<row>"},
        {"file": "dinh-lap.xlsx", "codes": ["missing-submission?"],
         "when": "once htx reads htx.yaml: whether an unreadable return counts as submitted is the lead's call"},
    ]
    write_expected(fdir, problems, [
        "Each problem sits in its own file; totals rows and summaries were kept consistent with the edited "
        "rows except where the inconsistency is the problem (180 totals, 187 summary).",
        "Separate summary CSVs (cao-loc-tong-hop.csv, 184_2017H1_tong-hop.csv, 185_2017H1_tong-hop.txt, "
        "huu-lung-tong-hop.csv) cannot be checked against their lists by htx (SPEC: table rules apply to a file "
        "holding both forms).",
        "Known htx false positives, not injected problems: 184_2017H1.csv row 9 (the column-number row "
        "'(1) (2) …' after a blank second header row is read as a cooperative: pattern-error, minimum-error, "
        "enum-error, type-error, tax-code-checksum at C9..O9, and totals-mismatch on row 22 as a consequence). "
        "The same happens in clean/dinh-lap.xlsx, whose faulty copy is truncated.",
        "missing-submission and duplicate-submission are not injected: every unit has its return(s); CSV units "
        "send two files (list and summary), which must not count as a duplicate-submission.",
    ], consequences)

    ebase = os.path.join(ROOT, "Fixtures", "example-2016")
    eclean = build_2016()
    write_folder(os.path.join(ebase, "clean"), eclean, "2016", units="units.yaml")
    efaulty = build_2016()
    eproblems = inject_2016(efaulty)
    write_folder(os.path.join(ebase, "faulty"), efaulty, "2016", units="units.yaml")
    write_expected(os.path.join(ebase, "faulty"), eproblems, [
        "The bundled example: four units of Lạng Sơn for the year 2016, clean/ passes, faulty/ has these five problems.",
        "The 9-digit tax code is a pattern-error only: rules that read a cell with an error wait."],
        [])

    manifest = {"seed": SEED, "writers": {"openpyxl": openpyxl.__version__, "xlsxwriter": xlsxwriter.__version__},
                "province-2017h1/clean": [{"file": r.file, "unit": r.unit, "writer": r.writer,
                                           "summary_file": r.summary_file, "quirks": r.quirks} for r in clean],
                "example-2016/clean": [{"file": r.file, "unit": r.unit, "writer": r.writer,
                                        "summary_file": r.summary_file, "quirks": r.quirks} for r in eclean]}
    with open(os.path.join(base, "MANIFEST.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print("wrote", base, "and", ebase)


def write_prepared(folder, r):
    """Write a return whose grids were already made (and possibly patched)."""
    lg, sg = r.list_grid, r.summary_grid
    path = os.path.join(folder, r.file)
    if r.writer == "csv":
        write_csv(path, grid_rows(lg, r.nfd), r.encoding, r.bom, r.delimiter)
        if r.summary_file:
            write_csv(os.path.join(folder, r.summary_file), grid_rows(sg, r.nfd), r.encoding, r.bom, r.delimiter)
        return
    sheets = [(r.list_sheet, lg), (r.summary_sheet, sg)]
    if r.writer == "openpyxl":
        write_openpyxl(path, sheets, hidden_first=r.hidden_first, nfd_text=r.nfd)
    elif r.writer == "xlsxwriter":
        write_xlsxwriter(path, sheets, date1904=r.date1904)
    else:
        write_libreoffice(path, sheets, hidden_first=r.hidden_first, nfd_text=r.nfd)


if __name__ == "__main__":
    main()
