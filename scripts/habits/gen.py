#!/usr/bin/env python3
"""Generate htx probe returns into /tmp/probe/clean and /tmp/probe/faulty, with truth.json.

    python3 /tmp/probe/gen.py
Each probe is one folder (so an htx.yaml can sit beside it when needed)."""
import copy, datetime as dt, json, os, random, shutil, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from probelib import *  # noqa

ROOT = os.environ.get("HTX_PROBE", "/tmp/probe")
H1 = (dt.date(2017, 1, 1), dt.date(2017, 6, 30))
Y17 = (dt.date(2017, 1, 1), dt.date(2017, 12, 31))
Y24 = (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
USED = set()
NAMES = set()
TRUTH = {}


def rng_for(name):
    return random.Random(f"probe-{name}")


def out(kind, probe, fname):
    d = os.path.join(ROOT, kind, probe)
    os.makedirs(d, exist_ok=True)
    return os.path.join(d, fname)


def record(path, unit, period, coops=None, summary=None, quirks=(), expect=(), drop=(), sheet=None, pos=None,
           notes=None):
    t = {"unit": unit, "period": period, "quirks": list(quirks), "expect": list(expect)}
    if coops is not None:
        t["coops"] = [truth_coop(c, drop) for c in coops]
        t["rows"] = [pos["coops"][i]["name"][0] if pos else None for i in range(len(coops))]
    if summary is not None:
        t["summary"] = summary
    if notes:
        t["notes"] = notes
    TRUTH[path] = t


STD = {
    "stt": ("STT",), "name": ("Tên hợp tác xã",), "tax_code": ("Mã số thuế",), "commune": ("Xã/phường/thị trấn",),
    "sector": ("Lĩnh vực",), "founded": ("Ngày thành lập",), "status": ("Tình trạng",),
    "members": ("Số thành viên",), "labour": ("Lao động", "Tổng số"),
    "member_labour": ("Lao động", "Trong đó: thành viên"), "charter_capital": ("Vốn điều lệ",),
    "revenue": ("Doanh thu",), "profit": ("Lợi nhuận",), "avg_income": ("Thu nhập bình quân",),
    "rating": ("Xếp loại",)}
ALL = ["stt", "name", "tax_code", "commune", "sector", "founded", "status", "members", "labour", "member_labour",
       "charter_capital", "revenue", "profit", "avg_income", "rating"]


def cols(labels, fields=ALL, extra=()):
    c = [(f, labels.get(f, STD[f])) for f in fields]
    return c + list(extra)


def std_title(sh, unit, title, **kw):
    title_block(sh, f"UBND HUYỆN {UNIT_NAME[unit].upper()}", "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", title, **kw)


def text_val(fn):
    return lambda c, i: fn(c)


# ============================================================ p01: 3-row header, AB column numbers, roman blocks
def p01(fault=None):
    USED.clear(); NAMES.clear()
    unit = "180"
    rng = rng_for("p01")
    coops = make_coops(rng, unit, 12, USED, *H1, n_new=2, n_dissolved=1, n_stopped=1, names_used=NAMES)
    expect = []
    coops.sort(key=lambda c: ["Nông nghiệp", "Công nghiệp - TTCN", "Xây dựng", "Thương mại - Dịch vụ", "Vận tải",
                              "Quỹ tín dụng nhân dân", "Môi trường", "Khác"].index(c["sector"]))
    victim = None
    if fault == "ml>labour":
        victim = next(i for i, c in enumerate(coops) if c["status"] == "Đang hoạt động" and c["members"] > c["labour"] + 2)
        coops[victim]["member_labour"] = coops[victim]["labour"] + 2
    sh = Sheet("Biểu 01")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ TRÊN ĐỊA BÀN HUYỆN TRÀNG ĐỊNH\n6 THÁNG ĐẦU NĂM 2017", unit_note=None)
    sh.row(["(Kèm theo Báo cáo số 125/BC-UBND ngày 05/7/2017 của UBND huyện Tràng Định)"])
    sh.row(["Đơn vị tính: triệu đồng"], 12)
    G = "Tình hình thành viên, lao động"
    K = "Kết quả SXKD năm 2016"
    labels = {"name": ("Tên hợp tác xã",), "tax_code": ("Mã số\nthuế",), "commune": ("Xã/phường/\nthị trấn",),
              "sector": ("Lĩnh vực\nhoạt động",), "founded": ("Ngày\nthành lập",), "members": (G, "Số thành\nviên"),
              "labour": (G, "Lao động", "Tổng số"), "member_labour": (G, "Lao động", "Trong đó: thành viên"),
              "charter_capital": ("Vốn điều lệ",), "revenue": (K, "Doanh thu"), "profit": (K, "Lợi nhuận"),
              "avg_income": (K, "Thu nhập bình quân\n(triệu đồng/người/năm)"), "stt": ("Số\nTT",)}
    spec = dict(columns=cols(labels), depth=3, colnums="AB", blocks=True, blanks={4: 1}, totals="bottom",
                totals_label="Tổng cộng", totals_x={"tax_code", "commune", "sector", "founded", "status", "rating",
                                                     "avg_income"})
    pos = build_list(sh, coops, spec)
    signature(sh, "Tràng Định", dt.date(2017, 7, 5), stray=["Ghi chú: Số liệu lao động tính đến 30/6/2017; cột (5) theo GCN ĐKHTX.",
                                                            ["", "x", "", "Người kiểm tra: ......"]])
    kind = "faulty" if fault else "clean"
    path = out(kind, "p01" + (f"-{fault}" if fault else ""), "trang-dinh.xlsx")
    write_openpyxl(path, [sh])
    if victim is not None:
        r, c = pos["coops"][victim]["member_labour"]
        expect.append({"code": "rule-error", "rule": "member-labour-le-labour", "cell": a1(r, c)})
    record(path, unit, "2017-H1", coops, quirks=["openpyxl", "3-row header: 'Tình hình thành viên, lao động' > 'Lao động' > 'Tổng số'; 'Kết quả SXKD năm 2016' > Doanh thu/Lợi nhuận",
                                                 "labels with line breaks ('Mã số\\nthuế', 'Số\\nTT')", "column numbers A B 1 2 ...",
                                                 "Roman-numeral block headings (stt=I, name=sector)", "one blank row inside data",
                                                 "'Tổng cộng' at bottom with 'x'", "title over two lines in one cell", "signature + Ghi chú + stray text"],
           expect=expect, pos=pos)


# ============================================================ p02: list on 3rd sheet, caps headers, numeric colnums, top totals
def p02(fault=None):
    USED.clear(); NAMES.clear()
    unit = "183"
    rng = rng_for("p02")
    coops = make_coops(rng, unit, 11, USED, *H1, n_new=2, n_dissolved=1, n_stopped=1, names_used=NAMES)
    # tax codes: one with a leading zero (stored as a number), one branch code, one with spaces
    USED.discard(coops[1]["tax_code"])
    coops[1]["tax_code"] = new_tax(rng, USED, prefix="01")
    coops[3]["tax_code"] = coops[3]["tax_code"] + "-001"
    expect = []
    if fault == "checkdigit":
        coops[5]["tax_code"] = bad_digit(coops[5]["tax_code"])
    sh1 = Sheet("Sheet1")
    sh1.row(["DANH SÁCH TỔ HỢP TÁC TRÊN ĐỊA BÀN HUYỆN (tham khảo)"])
    sh1.blank()
    sh1.row(["STT", "Tên tổ hợp tác", "Số thành viên", "Địa chỉ", "Ghi chú"])
    for k in range(1, 6):
        sh1.row([k, f"Tổ hợp tác trồng rừng số {k}", 7 + k, rng.choice(COMMUNES[unit]), ""])
    sh2 = Sheet("Sheet2")
    sh = Sheet("Biểu 01")
    sh.row(["DANH SÁCH HTX 6 THÁNG ĐẦU NĂM 2017"])
    sh.blank()
    labels = {k: tuple(x.upper() for x in v) for k, v in STD.items()}
    labels["name"] = ("TÊN HỢP TÁC XÃ",)
    notes_col = ("ghi_chu", ("GHI CHÚ",))

    def taxfmt(c, i):
        t = c["tax_code"]
        if i == 1 or (i not in (3, 4) and i % 2 == 0):
            return int(t) if "-" not in t else t   # number cell; the leading zero is lost for i == 1
        if i == 4:
            return "  " + t + " "
        return t

    notes = {0: "Đã chuyển đổi theo Luật HTX 2012", 2: "", 6: "Giải thể theo QĐ 45/QĐ-UBND"}
    spec = dict(columns=cols(labels, extra=[notes_col]), depth=2, colnums="numeric", totals="top",
                totals_label="TOÀN HUYỆN", totals_x={"tax_code", "founded", "status", "rating"},
                fmt={"tax_code": taxfmt, "ghi_chu": lambda c, i: notes.get(i)})
    pos = build_list(sh, coops, spec)
    sh.blank()
    sh.row(["", "NGƯỜI LẬP BIỂU", "", "", "", "", "", "", "THỦ TRƯỞNG ĐƠN VỊ"])
    kind = "faulty" if fault else "clean"
    path = out(kind, "p02" + (f"-{fault}" if fault else ""), "183_2017H1.xlsx")
    write_xlsxwriter(path, [sh1, sh2, sh])
    if fault == "checkdigit":
        r, c = pos["coops"][5]["tax_code"]
        expect.append({"code": "rule-error", "rule": "tax-code-checksum", "cell": a1(r, c)})
    record(path, unit, "2017-H1", coops, quirks=["xlsxwriter", "sheets Sheet1 (unrelated THT table), Sheet2 (empty), Biểu 01 (list)",
                                                 "ALL CAPS headers", "column-number row as NUMBER cells 1..16", "'TOÀN HUYỆN' totals at top",
                                                 "tax codes as numbers; one leading-zero code stored as number (lost 0)", "branch suffix -001", "tax code text with spaces",
                                                 "extra 'GHI CHÚ' column", "unit only from file name 183_2017H1"],
           expect=expect, pos=pos)


# ============================================================ p03: no diacritics, NBSP numbers, dd-mm-yyyy, enum synonyms
def p03(fault=None):
    USED.clear(); NAMES.clear()
    unit = "184"
    rng = rng_for("p03")
    coops = make_coops(rng, unit, 10, USED, *H1, n_new=2, n_dissolved=1, n_stopped=2, names_used=NAMES,
                       sectors=["Nông nghiệp", "Công nghiệp - TTCN", "Thương mại - Dịch vụ"])
    coops[0]["revenue"] = 1750.0
    coops[0]["status"] = "Đang hoạt động" if coops[0]["status"] == "Đã giải thể" else coops[0]["status"]
    sh = Sheet("Bieu 01")
    title_block(sh, "UBND HUYEN VAN QUAN", "PHONG TAI CHINH - KE HOACH", "CONG HOA XA HOI CHU NGHIA VIET NAM",
                "DANH SACH HOP TAC XA 6 THANG DAU NAM 2017", unit_note="Don vi tinh: trieu dong")
    labels = {"stt": ("TT",), "name": ("Ten HTX",), "tax_code": ("Ma so thue",), "commune": ("Dia chi",),
              "sector": ("Linh vuc",), "founded": ("Ngay thanh lap",), "status": ("Tinh trang",),
              "members": ("So thanh vien",), "labour": ("Lao dong", "Tong so"),
              "member_labour": ("Lao dong", "Trong do: thanh vien"), "charter_capital": ("Von dieu le",),
              "revenue": ("Doanh thu",), "profit": ("Loi nhuan",), "avg_income": ("Thu nhap binh quan",),
              "rating": ("Xep loai",)}
    syn_status = {"Đang hoạt động": ["HOẠT ĐỘNG", "hoạt động cầm chừng", "Đang Hoạt Động"],
                  "Ngừng hoạt động": ["tạm ngừng kinh doanh", "Tạm ngừng"], "Đã giải thể": ["GIẢI THỂ"]}
    syn_sector = {"Nông nghiệp": ["NN", "Nông Nghiệp", "trồng trọt"], "Công nghiệp - TTCN": ["CN-TTCN", "CN - TTCN"],
                  "Thương mại - Dịch vụ": ["TM-DV", "dịch vụ"]}
    syn_rating = {"Chưa xếp loại": "không xếp loại", "Trung bình": "tb", "Khá": "KHÁ", "Tốt": "tốt", "Yếu": "Yếu"}

    def n(v, field=None):
        if v is None:
            return "x"
        if v == 0:
            return "-"
        return sp_num(v)

    statuses = {}
    for i, c in enumerate(coops):
        statuses[i] = syn_status[c["status"]][i % len(syn_status[c["status"]])]
    if fault == "enum":
        statuses[4] = "Đang củng cố"
    fmt = {"tax_code": lambda c, i: c["tax_code"], "founded": lambda c, i: dmy(c["founded"], "-"),
           "status": lambda c, i: statuses[i],
           "sector": lambda c, i: syn_sector[c["sector"]][i % len(syn_sector[c["sector"]])],
           "rating": lambda c, i: syn_rating.get(c["rating"], None) if c["rating"] else "",
           "members": lambda c, i: n(c["members"]), "labour": lambda c, i: n(c["labour"]),
           "member_labour": lambda c, i: n(c["member_labour"]), "charter_capital": lambda c, i: n(c["charter_capital"]),
           "revenue": lambda c, i: n(c["revenue"]), "profit": lambda c, i: n(c["profit"]),
           "avg_income": lambda c, i: n(c["avg_income"])}
    spec = dict(columns=cols(labels), depth=2, colnums="paren", totals="bottom", totals_label="Cộng",
                totals_fmt=lambda f, v: n(v), totals_x={"avg_income"}, fmt=fmt)
    pos = build_list(sh, coops, spec)
    signature(sh, "Van Quan", dt.date(2017, 7, 6))
    kind = "faulty" if fault else "clean"
    path = out(kind, "p03" + (f"-{fault}" if fault else ""), "van-quan.xlsx")
    write_libreoffice(path, [sh])
    for c in coops:
        if c["rating"] is None:
            pass
    expect = []
    if fault == "enum":
        r, c = pos["coops"][4]["status"]
        expect.append({"code": "enum-error", "cell": a1(r, c)})
    record(path, unit, "2017-H1", coops, quirks=["LibreOffice (from openpyxl)", "headers and title without diacritics",
                                                 "numbers as text with NBSP thousands ('1 750'), decimal comma", "'-' zero, 'x' n/a",
                                                 "dates dd-mm-yyyy text", "enum synonyms: HOẠT ĐỘNG, hoạt động cầm chừng, tạm ngừng kinh doanh, GIẢI THỂ, NN, CN-TTCN, TM-DV, tb, không xếp loại, KHÁ",
                                                 "'Cộng' totals bottom as NBSP text"], expect=expect, pos=pos)


# ============================================================ p04: header units (tỷ đồng), (đồng), (người); serial dates
def p04():
    USED.clear(); NAMES.clear()
    unit = "181"
    rng = rng_for("p04")
    coops = make_coops(rng, unit, 9, USED, *H1, n_new=1, n_dissolved=1, n_stopped=0, names_used=NAMES)
    for c in coops:
        c["rating"] = None
        c["commune"] = None
    sh = Sheet("Biểu 01")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    labels = {"charter_capital": ("Vốn điều lệ (tỷ đồng)",), "revenue": ("Doanh thu (đồng)",),
              "profit": ("Lợi nhuận (triệu đồng)",), "members": ("Số thành viên (người)",),
              "labour": ("Lao động (người)", "Tổng số"), "member_labour": ("Lao động (người)", "Trong đó: thành viên")}
    f = ["stt", "name", "tax_code", "sector", "founded", "status", "members", "labour", "member_labour",
         "charter_capital", "revenue", "profit", "avg_income"]
    fmt = {"charter_capital": lambda c, i: c["charter_capital"] / 1000,
           "revenue": lambda c, i: int(round(c["revenue"] * 1_000_000)),
           "founded": lambda c, i: Serial(serial(c["founded"]))}

    def tf(field, v):
        if field == "charter_capital":
            return v / 1000
        if field == "revenue":
            return int(round(v * 1_000_000))
        return v
    spec = dict(columns=cols(labels, f), depth=2, colnums="paren", totals="bottom", totals_label="Tổng số",
                totals_fmt=tf, fmt=fmt, totals_x={"founded"})
    pos = build_list(sh, coops, spec)
    signature(sh, "Bình Gia", dt.date(2017, 7, 4))
    path = out("clean", "p04", "binh-gia.xlsx")
    write_openpyxl(path, [sh])
    record(path, unit, "2017-H1", coops, drop=("rating", "commune"),
           quirks=["openpyxl", "'Vốn điều lệ (tỷ đồng)' values like 1.2", "'Doanh thu (đồng)' values ×1e6",
                   "'Đơn vị tính: triệu đồng' line above", "'(người)' units on counts", "founded as Excel serial numbers in General format",
                   "no commune, no rating columns"], pos=pos)


# ============================================================ p05: both forms; summary with roman sections, Chia ra, plan/%
def summary_sheet(name, unit, sv, value_label="Ước TH 6 tháng", title_period="6 THÁNG ĐẦU NĂM 2017", style="plain",
                  plan=True, two_row=False, caps=False, extra_parts=None):
    sh = Sheet(name)
    std_title(sh, unit, f"BIỂU TỔNG HỢP CHỈ TIÊU KINH TẾ TẬP THỂ {title_period}", form_id="Biểu số 02", unit_note=None,
              right_col=4, unit_col=4)
    pos = {}

    def v(x):
        if style == "vi":
            return vi_num(x)
        return x
    if two_row:
        top = sh.row(["STT", "Chỉ tiêu", "Đơn vị tính", "Năm 2017", None, None])
        sh.row([None, None, None, "Kế hoạch", value_label, "% so KH"])
        for c in (1, 2, 3):
            sh.merge(top, c, top + 1, c)
        sh.merge(top, 4, top, 6)
    else:
        sh.row(["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2017", value_label, "So sánh (%)"] if plan else
               ["STT", "Chỉ tiêu", "ĐVT", value_label])
    sh.row(["A", "B", "C", "1", "2", "3=2/1"] if plan else ["A", "B", "C", "1"])

    def line(stt, label, unitname, key=None, value=None, planv=None):
        if key is not None:
            value = sv[key]
        lab = label.upper() if caps and stt and stt in ROMAN else label
        pct = round(value / planv * 100, 1) if planv and value is not None else None
        r = sh.row([stt, lab, unitname] + ([v(planv) if planv else None, v(value) if value is not None else None,
                                            pct] if plan else [v(value) if value is not None else None]))
        if key:
            pos[key] = (r, 5 if plan else 4)
        return r
    line("I", "HỢP TÁC XÃ", "")
    line("1", "Tổng số hợp tác xã", "HTX", "htx_total", planv=sv["htx_total"] + 2)
    line("", "Chia ra: - Đang hoạt động", "HTX", value=extra_parts["active"])
    line("", "             - Ngừng hoạt động", "HTX", value=extra_parts["stopped"])
    line("", "Trong đó: HTX nông nghiệp", "HTX", value=extra_parts["agri"])
    line("2", "Số HTX thành lập mới", "HTX", "htx_new", planv=3)
    line("3", "Số HTX giải thể", "HTX", "htx_dissolved")
    line("4", "Tổng số thành viên HTX", "Người", "members", planv=sv["members"] + 20)
    line("5", "Tổng số lao động (thường xuyên) trong HTX", "Người", "labour", planv=sv["labour"] + 30)
    line("", "Trong đó: lao động là thành viên", "Người", "member_labour")
    line("6", "Tổng vốn điều lệ", "Triệu đồng", "charter_capital")
    line("7", "Vốn điều lệ của HTX thành lập mới", "Triệu đồng", "new_capital")
    line("II", "LIÊN HIỆP HỢP TÁC XÃ", "")
    line("1", "Số liên hiệp HTX", "LH", "union_total")
    line("III", "TỔ HỢP TÁC", "")
    line("1", "Số tổ hợp tác", "THT", "tht_total", planv=sv["tht_total"])
    line("2", "Số thành viên tổ hợp tác", "Người", "tht_members")
    sh.blank()
    sh.row([None, "NGƯỜI LẬP BIỂU", None, "THỦ TRƯỞNG ĐƠN VỊ"])
    return sh, pos


def parts(coops):
    alive = [c for c in coops if c["status"] != "Đã giải thể"]
    return {"active": sum(c["status"] != "Ngừng hoạt động" for c in alive),
            "stopped": sum(c["status"] == "Ngừng hoạt động" for c in alive),
            "agri": sum(c["sector"] == "Nông nghiệp" for c in alive)}


def p05(fault=None):
    USED.clear(); NAMES.clear()
    unit = "188"
    rng = rng_for("p05")
    coops = make_coops(rng, unit, 14, USED, *H1, n_new=3, n_dissolved=2, n_stopped=1, names_used=NAMES)
    # pad members so totals exceed 1000 (thousands formats)
    for c in coops:
        if c["status"] == "Đang hoạt động":
            c["members"] += 60
    sv = summary_values(coops, *H1, unions=1, tht=112, tht_members=1046)
    sh = Sheet("Biểu 01")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    sums = {f: round(sum(c[f] for c in coops), 1) for f in ["members", "labour", "member_labour", "charter_capital",
                                                             "revenue", "profit"]}
    n = len(coops)
    expect = []

    def tf(field, v):
        if fault == "totals+1" and field == "labour":
            return v + 1
        return v
    spec = dict(columns=cols({}), depth=2, colnums="paren", totals="bottom", totals_label="Tổng cộng", totals_fmt=tf)
    pos = build_list(sh, coops, spec)
    if fault != "totals+1":
        # SUM formulas with cached values
        first = pos["coops"][0]["name"][0]
        last = pos["coops"][-1]["name"][0]
        for f in sums:
            r, c = pos["totals"][f]
            L = col_letter(c)
            sh.cells[(r, c)] = Formula(f"=SUM({L}{first}:{L}{last})", sums[f])
    signature(sh, "Lộc Bình", dt.date(2017, 7, 3))
    sv_written = dict(sv)
    if fault == "summary-labour":
        sv_written["labour"] = sv["labour"] - 3
    sh2, spos = summary_sheet("Biểu 02", unit, sv_written, extra_parts=parts(coops), two_row=True, caps=True)
    kind = "faulty" if fault else "clean"
    path = out(kind, "p05" + (f"-{fault}" if fault else ""), "loc-binh.xlsx")
    write_xlsxwriter(path, [sh, sh2])
    if fault == "totals+1":
        r, c = pos["totals"]["labour"]
        expect.append({"code": "totals-mismatch", "cell": a1(r, c)})
    if fault == "summary-labour":
        r, c = spos["labour"]
        expect.append({"code": "rule-error", "rule": "summary-labour", "cell": a1(r, c), "sheet": "Biểu 02"})
    record(path, unit, "2017-H1", coops, summary=sv_written, expect=expect, pos=pos,
           quirks=["xlsxwriter", "both forms", "SUM formulas with cached values", "members total > 1000 (#,##0)",
                   "summary: Roman sections I/II/III in caps, 'Chia ra: - Đang hoạt động' parts, 'Trong đó: HTX nông nghiệp',",
                   "summary 2-row header 'Năm 2017' > Kế hoạch | Ước TH 6 tháng | % so KH"])


# ============================================================ p06: TSV, quoted commas/newlines, en-dash zero, … unknown
def p06():
    USED.clear(); NAMES.clear()
    unit = "185"
    rng = rng_for("p06")
    coops = make_coops(rng, unit, 9, USED, *H1, n_new=2, n_dissolved=1, n_stopped=1, names_used=NAMES)
    coops[0]["name"] = "HTX Dịch vụ, Thương mại\nBắc Quỳnh"
    coops[2]["commune"] = "Thôn Nà Riềng, Xã Vũ Lễ"
    coops[3]["avg_income"] = None   # written as "…"
    sh = Sheet("bac-son")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017", form_id=None)

    def n(v):
        if v is None:
            return "…"
        if v == 0:
            return "–"
        return f" {plain(v)} "
    fmt = {f: (lambda f: lambda c, i: n(c[f]))(f) for f in ["members", "labour", "member_labour", "charter_capital",
                                                            "revenue", "profit", "avg_income"]}
    fmt["stt"] = lambda c, k: f"{k:02d}"
    fmt["founded"] = lambda c, i: dmy(c["founded"]) + ("  " if i % 3 == 0 else "")
    fmt["sector"] = lambda c, i: " " + c["sector"]
    spec = dict(columns=cols({}), depth=2, colnums=None, totals="bottom", totals_label="Tổng cộng",
                totals_fmt=lambda f, v: n(v), fmt=fmt)
    pos = build_list(sh, coops, spec)
    signature(sh, "Bắc Sơn", dt.date(2017, 7, 5))
    path = out("clean", "p06", "bac-son.tsv")
    write_csv(path, sheet_text_rows(sh), delimiter="\t", crlf=True)
    record(path, unit, "2017-H1", coops, pos=pos,
           quirks=["TSV UTF-8 no BOM, CRLF", "quoted name with comma and newline; quoted commune with comma",
                   "'–' (en dash) for zero", "'…' unknown", "numbers with leading/trailing spaces", "stt '01'",
                   "dates with trailing spaces", "sector with a leading space", "2-row header flattened (Lao động | blank)"])


# ============================================================ p07: cp1258 semicolon, vi numbers, words dates, top totals
def p07(fault=None):
    USED.clear(); NAMES.clear()
    unit = "186"
    rng = rng_for("p07")
    coops = make_coops(rng, unit, 10, USED, *H1, n_new=2, n_dissolved=1, n_stopped=1, names_used=NAMES)
    coops[1]["charter_capital"] = 12345.5
    expect = []
    if fault == "founded-late":
        k = next(i for i, c in enumerate(coops) if c["status"] == "Đang hoạt động" and c["founded"] < H1[0])
        coops[k]["founded"] = dt.date(2017, 7, 2)
    sh = Sheet("huu-lung")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")

    def n(v):
        if v is None:
            return ""
        if v == 0:
            return "-"
        return vi_num(v)
    fmt = {f: (lambda f: lambda c, i: n(c[f]))(f) for f in ["members", "labour", "member_labour", "charter_capital",
                                                            "revenue", "profit", "avg_income"]}
    fmt["founded"] = lambda c, i: words_date(c["founded"]) if i % 2 else dmy(c["founded"])
    spec = dict(columns=cols({}), depth=2, colnums="paren", totals="top", totals_label="Tổng số",
                totals_fmt=lambda f, v: n(v), fmt=fmt)
    pos = build_list(sh, coops, spec)
    signature(sh, "Hữu Lũng", dt.date(2017, 7, 5))
    kind = "faulty" if fault else "clean"
    path = out(kind, "p07" + (f"-{fault}" if fault else ""), "huu-lung.csv")
    write_csv(path, sheet_text_rows(sh), encoding="cp1258", delimiter=";", crlf=True)
    if fault == "founded-late":
        r, c = pos["coops"][k]["founded"]
        expect.append({"code": "rule-error", "rule": "founded-in-period", "cell": a1(r, c)})
    record(path, unit, "2017-H1", coops, pos=pos, expect=expect,
           quirks=["CSV Windows-1258 semicolon CRLF", "Vietnamese numbers incl. 12.345,5", "dates alternate 'ngày 05 tháng 3 năm 2009' / dd/mm/yyyy",
                   "'Tổng số' totals at top (vi text)", "column numbers (1)..(15)"])


# ============================================================ p08: UTF-16 BE + BOM, comma, caps enums, one-row header
def p08():
    USED.clear(); NAMES.clear()
    unit = "187"
    rng = rng_for("p08")
    coops = make_coops(rng, unit, 8, USED, *H1, n_new=1, n_dissolved=1, n_stopped=2, names_used=NAMES)
    sh = Sheet("chi-lang")
    labels = {"labour": ("Số lao động",), "member_labour": ("Lao động là thành viên",)}
    syn = {"Đang hoạt động": "ĐANG HOẠT ĐỘNG", "Ngừng hoạt động": "KHÔNG HOẠT ĐỘNG", "Đã giải thể": "PHÁ SẢN"}
    fmt = {"status": lambda c, i: syn[c["status"]] if i % 2 else c["status"].lower(),
           "founded": lambda c, i: dmy(c["founded"])}
    sh.row(["UBND HUYỆN CHI LĂNG - DANH SÁCH HTX 6 THÁNG ĐẦU NĂM 2017"])
    spec = dict(columns=cols(labels), depth=1, fmt=fmt)
    pos = build_list(sh, coops, spec)
    path = out("clean", "p08", "chi-lang.csv")
    write_csv(path, sheet_text_rows(sh), encoding="utf-16-be", bom=True, delimiter=",", crlf=True)
    record(path, unit, "2017-H1", coops, pos=pos,
           quirks=["CSV UTF-16 BE with BOM, comma", "one title line with unit + period", "one-row header, no totals",
                   "status caps synonyms ĐANG HOẠT ĐỘNG / KHÔNG HOẠT ĐỘNG / PHÁ SẢN and lower-case canonical"])


# ============================================================ p09: sep=; line, en-style numbers, d/m/yyyy unpadded
def p09():
    USED.clear(); NAMES.clear()
    unit = "189"
    rng = rng_for("p09")
    coops = make_coops(rng, unit, 9, USED, *H1, n_new=2, n_dissolved=1, n_stopped=1, names_used=NAMES)
    coops[0]["revenue"] = 1750.0
    coops[1]["revenue"] = 12345.5
    sh = Sheet("dinh-lap")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017", form_id=None)

    def n(v):
        if v is None:
            return ""
        return en_num(v)
    fmt = {f: (lambda f: lambda c, i: n(c[f]))(f) for f in ["members", "labour", "member_labour", "charter_capital",
                                                            "revenue", "profit", "avg_income"]}
    fmt["founded"] = lambda c, i: dmy(c["founded"], pad=False)
    spec = dict(columns=cols({}), depth=2, colnums=None, totals="bottom", totals_label="Tổng cộng",
                totals_fmt=lambda f, v: n(v), fmt=fmt)
    pos = build_list(sh, coops, spec)
    path = out("clean", "p09", "dinh-lap.csv")
    write_csv(path, sheet_text_rows(sh), encoding="utf-8", bom=True, delimiter=";", sep_line=True)
    sv = summary_values(coops, *H1, unions=0, tht=35, tht_members=260)
    sh2, spos = summary_sheet("dinh-lap-tong-hop", unit, {k: v for k, v in sv.items()}, extra_parts=parts(coops),
                              plan=False, value_label="Thực hiện")
    # en-style numbers as text in the CSV
    path2 = out("clean", "p09", "dinh-lap-tong-hop.csv")
    rows = sheet_text_rows(sh2)
    rows = [[en_num(float(x)) if x.replace(".", "").isdigit() and len(x) > 3 else x for x in row] for row in rows]
    write_csv(path2, rows, encoding="utf-8", bom=True, delimiter=";", sep_line=True)
    record(path, unit, "2017-H1", coops, pos=pos,
           quirks=["CSV UTF-8 BOM with 'sep=;' first line", "English-style numbers 1,750 / 12,345.5 / 24.5",
                   "dates d/m/yyyy unpadded"])
    record(path2, unit, "2017-H1", summary=sv, quirks=["summary CSV, sep=;, en-style, no plan column, 'Thực hiện'"])


# ============================================================ p10: LibreOffice; reordered columns, missing optionals, text dates
def p10():
    USED.clear(); NAMES.clear()
    unit = "182"
    rng = rng_for("p10")
    coops = make_coops(rng, unit, 10, USED, *H1, n_new=2, n_dissolved=1, n_stopped=1, names_used=NAMES)
    for c in coops:
        c["rating"] = c["commune"] = c["revenue"] = c["profit"] = c["avg_income"] = None
    sh = Sheet("DS HTX")
    std_title(sh, unit, "TỔNG HỢP DANH SÁCH HTX TRÊN ĐỊA BÀN HUYỆN VĂN LÃNG 6 THÁNG ĐẦU NĂM 2017", form_id="Biểu 01/HTX")
    f = ["stt", "name", "status", "sector", "tax_code", "founded", "labour", "member_labour", "members", "charter_capital"]
    labels = {"labour": ("Lao động thường xuyên",), "member_labour": ("Lao động là thành viên",),
              "founded": ("Ngày cấp GCN ĐKHTX",), "tax_code": ("Mã số HTX",), "status": ("Tình trạng hoạt động",)}
    fmt = {"founded": lambda c, i: DateCell(c["founded"], "d/m/yyyy") if i % 2 == 0 else dmy(c["founded"]) + "   "}
    spec = dict(columns=cols(labels, f), depth=1, colnums="paren", totals="top", totals_label="Tổng số",
                fmt=fmt, totals_label_field="name")
    pos = build_list(sh, coops, spec)
    signature(sh, "Văn Lãng", dt.date(2017, 7, 5), col_right=7)
    path = out("clean", "p10", "van-lang.xlsx")
    write_libreoffice(path, [sh])
    record(path, unit, "2017-H1", coops, pos=pos, drop=("rating", "commune", "revenue", "profit", "avg_income"),
           quirks=["LibreOffice (from openpyxl)", "sheet 'DS HTX'", "columns reordered (status before sector, members after labour)",
                   "no commune/revenue/profit/avg_income/rating", "dates: date cells d/m/yyyy alternating with text + trailing spaces",
                   "'Tổng số' totals at top, plain numbers"])


# ============================================================ p11: year 2017, both forms, 'TH năm 2017'
def p11():
    USED.clear(); NAMES.clear()
    unit = "178"
    rng = rng_for("p11")
    coops = make_coops(rng, unit, 12, USED, *Y17, n_new=3, n_dissolved=1, n_stopped=1, names_used=NAMES)
    # make sure at least one new one is in H2
    newc = [c for c in coops if c["founded"] >= Y17[0]]
    newc[0]["founded"] = dt.date(2017, 11, 20)
    sv = summary_values(coops, *Y17, unions=2, tht=60, tht_members=480)
    sh = Sheet("Biểu 01")
    title_block(sh, "UBND THÀNH PHỐ LẠNG SƠN", "PHÒNG KINH TẾ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "DANH SÁCH HỢP TÁC XÃ NĂM 2017")
    spec = dict(columns=cols({"stt": ("TT",)}), depth=2, colnums="paren", totals="bottom", totals_label="Toàn thành phố",
                fmt={"founded": lambda c, i: words_date(c["founded"])})
    pos = build_list(sh, coops, spec)
    signature(sh, "Lạng Sơn", dt.date(2018, 1, 10))
    sh2, spos = summary_sheet("Biểu 02", unit, sv, value_label="TH năm 2017", title_period="NĂM 2017",
                              extra_parts=parts(coops))
    # summary sheet's title uses the province city line
    sh2.cells[(1, 1)] = "UBND THÀNH PHỐ LẠNG SƠN"
    path = out("clean", "p11", "tp-lang-son-2017.xlsx")
    write_openpyxl(path, [sh, sh2])
    record(path, unit, "2017", coops, summary=sv, pos=pos,
           quirks=["openpyxl", "year period 'NĂM 2017'", "'UBND THÀNH PHỐ LẠNG SƠN'", "a cooperative founded 20/11/2017 (in the year)",
                   "totals label 'Toàn thành phố'", "dates all as 'ngày dd tháng m năm yyyy'", "summary value column 'TH năm 2017'"])


# ============================================================ p12: vertical merges in data (sector merged per block)
def p12():
    USED.clear(); NAMES.clear()
    unit = "183"
    rng = rng_for("p12")
    coops = make_coops(rng, unit, 10, USED, *H1, n_new=1, n_dissolved=1, n_stopped=1, names_used=NAMES,
                       sectors=["Nông nghiệp", "Thương mại - Dịch vụ"])
    coops.sort(key=lambda c: c["sector"])
    sh = Sheet("Biểu 01")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    spec = dict(columns=cols({}), depth=2, colnums="paren", totals="bottom", totals_label="Tổng cộng")
    pos = build_list(sh, coops, spec)
    # merge the sector cells of consecutive rows with the same sector: value only in the top cell
    i = 0
    while i < len(coops):
        j = i
        while j + 1 < len(coops) and coops[j + 1]["sector"] == coops[i]["sector"]:
            j += 1
        if j > i:
            r1, c = pos["coops"][i]["sector"]
            r2, _ = pos["coops"][j]["sector"]
            sh.merge(r1, c, r2, c)
        i = j + 1
    signature(sh, "Cao Lộc", dt.date(2017, 7, 5))
    path = out("clean", "p12", "cao-loc-merged.xlsx")
    write_xlsxwriter(path, [sh])
    record(path, unit, "2017-H1", coops, pos=pos, quirks=["xlsxwriter", "sector column merged vertically over runs of equal sector (value only in top cell)"])


# ============================================================ p13: roman blocks carrying subtotals
def p13():
    USED.clear(); NAMES.clear()
    unit = "189"
    rng = rng_for("p13")
    coops = make_coops(rng, unit, 11, USED, *H1, n_new=2, n_dissolved=1, n_stopped=1, names_used=NAMES,
                       sectors=["Nông nghiệp", "Công nghiệp - TTCN", "Vận tải"])
    coops.sort(key=lambda c: ["Nông nghiệp", "Công nghiệp - TTCN", "Vận tải"].index(c["sector"]))
    sh = Sheet("Biểu 01")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    spec = dict(columns=cols({}), depth=2, colnums="paren", totals="top", totals_label="Tổng cộng", blocks=True,
                block_subtotals=True, block_caps=True, blanks={2: 2})
    pos = build_list(sh, coops, spec)
    signature(sh, "Đình Lập", dt.date(2017, 7, 5))
    path = out("clean", "p13", "dinh-lap-blocks.xlsx")
    write_xlsxwriter(path, [sh])
    record(path, unit, "2017-H1", coops, pos=pos,
           quirks=["xlsxwriter", "Roman block rows 'I | NÔNG NGHIỆP' carrying subtotals of members/labour/capital...",
                   "'Tổng cộng' at top = sum of cooperatives", "2 blank rows inside data"])


# ============================================================ p14: year 2024 (Law 17/2023: ≥5 members)
def p14(fault=None):
    USED.clear(); NAMES.clear()
    unit = "187"
    rng = rng_for("p14")
    coops = make_coops(rng, unit, 8, USED, *Y24, n_new=1, n_dissolved=1, n_stopped=0, names_used=NAMES)
    act = [i for i, c in enumerate(coops) if c["status"] == "Đang hoạt động"]
    for k, i in enumerate(act[:2]):
        c = coops[i]
        c["members"] = 5 + k
        c["member_labour"] = min(c["member_labour"], c["members"])
    expect = []
    if fault == "min-members":
        c = coops[act[2]]
        c["members"] = 4
        c["member_labour"] = min(c["member_labour"], 4)
    sh = Sheet("Sheet1")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ NĂM 2024")
    spec = dict(columns=cols({}), depth=2, colnums="paren", totals="bottom", totals_label="Tổng cộng")
    pos = build_list(sh, coops, spec)
    signature(sh, "Chi Lăng", dt.date(2025, 1, 8))
    kind = "faulty" if fault else "clean"
    path = out(kind, "p14" + (f"-{fault}" if fault else ""), "chi-lang-2024.xlsx")
    write_openpyxl(path, [sh])
    if fault:
        r, cc = pos["coops"][act[2]]["members"]
        expect.append({"code": "rule-error", "rule": "min-members", "cell": a1(r, cc), "severity": "warning"})
    record(path, unit, "2024", coops, pos=pos, expect=expect,
           quirks=["openpyxl", "year 2024 (Law 17/2023 min 5 members)", "active cooperatives with 5 and 6 members"])


# ============================================================ p15: summary only, vi text numbers, long value label
def p15():
    USED.clear(); NAMES.clear()
    unit = "186"
    rng = rng_for("p15")
    coops = make_coops(rng, unit, 40, set(), *H1, n_new=4, n_dissolved=2, n_stopped=3, names_used=set())
    for c in coops:
        c["members"] += 40
    sv = summary_values(coops, *H1, unions=1, tht=1750, tht_members=12350)
    sh, spos = summary_sheet("Tổng hợp", unit, sv, value_label="Ước thực hiện 6 tháng đầu năm 2017", style="vi",
                             extra_parts=parts(coops))
    path = out("clean", "p15", "186_2017H1_tong-hop.xlsx")
    write_openpyxl(path, [sh])
    record(path, unit, "2017-H1", summary=sv, quirks=["openpyxl", "summary only, sheet 'Tổng hợp'", "values as vi text ('1.750', '12.350', '2.273')",
                                                      "value column 'Ước thực hiện 6 tháng đầu năm 2017'"])


# ============================================================ p16: mixed numeric cells and vi text cells; "1,5 tỷ"
def p16():
    USED.clear(); NAMES.clear()
    unit = "185"
    rng = rng_for("p16")
    coops = make_coops(rng, unit, 9, USED, *H1, n_new=1, n_dissolved=1, n_stopped=1, names_used=NAMES)
    coops[2]["charter_capital"] = 1500.0
    coops[3]["revenue"] = 1750.0
    coops[4]["revenue"] = 2273.0
    coops[5]["avg_income"] = 24.5
    sh = Sheet("Biểu 01")
    std_title(sh, unit, "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")

    def cap(c, i):
        if i == 2:
            return "1,5 tỷ"
        return c["charter_capital"]

    def rev(c, i):
        if i in (3, 4):
            return vi_num(c["revenue"])       # text "1.750", "2.273"
        return c["revenue"]

    def avg(c, i):
        if i == 5:
            return "24,5"
        return c["avg_income"]
    spec = dict(columns=cols({}), depth=2, colnums="paren", totals="bottom", totals_label="Cộng",
                fmt={"charter_capital": cap, "revenue": rev, "avg_income": avg})
    pos = build_list(sh, coops, spec)
    signature(sh, "Bắc Sơn", dt.date(2017, 7, 5))
    path = out("clean", "p16", "bac-son-mixed.xlsx")
    write_xlsxwriter(path, [sh])
    record(path, unit, "2017-H1", coops, pos=pos,
           quirks=["xlsxwriter", "numeric cells mixed with vi text cells '1.750', '2.273', '24,5' in the same columns",
                   "capital '1,5 tỷ' in a triệu column"])


# ============================================================ p17: UTF-16 LE without BOM, tab
def p17():
    USED.clear(); NAMES.clear()
    unit = "180"
    rng = rng_for("p17")
    coops = make_coops(rng, unit, 7, USED, *H1, n_new=1, n_dissolved=0, n_stopped=1, names_used=NAMES)
    sh = Sheet("x")
    labels = {"labour": ("Số lao động",), "member_labour": ("Lao động là thành viên",)}
    spec = dict(columns=cols(labels), depth=1, fmt={"founded": lambda c, i: dmy(c["founded"])})
    pos = build_list(sh, coops, spec)
    path = out("clean", "p17", "180_2017H1.txt")
    write_csv(path, sheet_text_rows(sh), encoding="utf-16-le", bom=False, delimiter="\t")
    record(path, unit, "2017-H1", coops, pos=pos, quirks=["UTF-16 LE without BOM, tab", "header row 1, unit/period from the name 180_2017H1"])


# ============================================================ p18: folder with htx.yaml, 2 files, file names only
def p18():
    """A folder with htx.yaml (period 2017-H1) holding a comma CSV with quote-all and a LibreOffice xlsx from xlsxwriter
    with a hidden first sheet; both units given only by their file names."""
    USED.clear(); NAMES.clear()
    res = []
    for unit, fname, writer in (("184", "van-quan.csv", "csv"), ("188", "loc-binh.xlsx", "lo")):
        rng = rng_for("p18" + unit)
        coops = make_coops(rng, unit, 8, USED, *H1, n_new=1, n_dissolved=1, n_stopped=1, names_used=NAMES)
        sh = Sheet("Biểu 01")
        sh.row(["DANH SÁCH HỢP TÁC XÃ"])
        spec = dict(columns=cols({}), depth=2, colnums=None, totals="bottom", totals_label="Tổng",
                    fmt={"founded": (lambda c, i: dmy(c["founded"])) if writer == "csv" else
                         (lambda c, i: DateCell(c["founded"], "dd/mm/yyyy;@"))})
        pos = build_list(sh, coops, spec)
        path = out("clean", "p18", fname)
        if writer == "csv":
            write_csv(path, sheet_text_rows(sh), quote_all=True, crlf=False)
        else:
            hid = Sheet("Hướng dẫn")
            hid.row(["Hướng dẫn điền biểu: cột Số thành viên ghi số người; Mã số thuế 10 số"])
            hid.hidden = True
            write_libreoffice(path, [hid, sh], via="xlsxwriter")
        record(path, unit, "2017-H1", coops, pos=pos,
               quirks=["folder with htx.yaml (period 2017-H1, units lang-son-districts)", "title without unit/period",
                       "totals label 'Tổng'"] + (["CSV all fields quoted, LF"] if writer == "csv" else
                                                 ["LibreOffice from xlsxwriter", "hidden first sheet", "date format 'dd/mm/yyyy;@'"]))
    with open(os.path.join(ROOT, "clean", "p18", "htx.yaml"), "w") as f:
        f.write("pack: kttt\nperiod: 2017-H1\nunits: lang-son-districts\nfiles: [\"van-quan.csv\", \"loc-binh.xlsx\"]\n")


def main():
    for k in ("clean", "faulty", "iso"):
        shutil.rmtree(os.path.join(ROOT, k), ignore_errors=True)
    p01(); p02(); p03(); p04(); p05(); p06(); p07(); p08(); p09(); p10(); p11(); p12(); p13(); p14(); p15()
    p16(); p17(); p18()
    # faulty copies (each with one injected problem); reset names so clean and faulty share the generator
    p01("ml>labour"); p02("checkdigit"); p03("enum"); p05("totals+1"); p05("summary-labour"); p07("founded-late")
    p14("min-members")
    with open(os.path.join(ROOT, "truth.json"), "w") as f:
        json.dump(TRUTH, f, ensure_ascii=False, indent=1, default=str)
    print(len(TRUTH), "files")


if __name__ == "__main__":
    main()
