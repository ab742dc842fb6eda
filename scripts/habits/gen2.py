#!/usr/bin/env python3
"""Second round: more habits (p19-p30) and isolating variants (iso/) of what failed in round one.
Run after gen.py; appends to truth.json.   python3 /tmp/probe/gen2.py"""
import datetime as dt, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa
from gen import *  # noqa
from probelib import *  # noqa

TRUTH = json.load(open(os.path.join(ROOT, "truth.json")))
gen.TRUTH = TRUTH


def std_list(unit, coops, labels=None, fields=ALL, title="DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017", sheet="Biểu 01",
             sign=True, title_kw=None, **spec):
    sh = Sheet(sheet)
    std_title(sh, unit, title, **(title_kw or {}))
    s = dict(columns=cols(labels or {}, fields), depth=2, colnums="paren", totals="bottom", totals_label="Tổng cộng")
    s.update(spec)
    pos = build_list(sh, coops, s)
    if sign:
        signature(sh, UNIT_NAME[unit], dt.date(2017, 7, 5))
    return sh, pos


def fresh(name, unit, n=8, period=H1, **kw):
    USED.clear(); NAMES.clear()
    return make_coops(rng_for(name), unit, n, USED, *period, names_used=NAMES, **kw)


ISO = "iso"


# ---------------------------------------------------------------- isolating variants of round-one failures
def iso_parent_unit():
    for tag, parent in (("a-plain", "Lao động"), ("b-nguoi", "Lao động (người)"), ("c-nguoi-break", "Lao động\n(người)")):
        coops = fresh("iso-parent", "181", 8, n_new=1, n_dissolved=1, n_stopped=1)
        labels = {"labour": (parent, "Tổng số"), "member_labour": (parent, "Trong đó: thành viên")}
        sh, pos = std_list("181", coops, labels)
        path = out(ISO, f"parent-unit-{tag}", "binh-gia.xlsx")
        write_openpyxl(path, [sh])
        record(path, "181", "2017-H1", coops, pos=pos, quirks=[f"only change vs baseline: labour parent label {parent!r}"])


def iso_p04_fixed():
    """p04 with the parent 'Lao động' (no unit): do tỷ đồng / đồng / serial dates work on their own?"""
    USED.clear(); NAMES.clear()
    gen.p04.__globals__["USED"] = USED
    coops = fresh("p04", "181", 9, n_new=1, n_dissolved=1, n_stopped=0)
    for c in coops:
        c["rating"] = None
        c["commune"] = None
    labels = {"charter_capital": ("Vốn điều lệ (tỷ đồng)",), "revenue": ("Doanh thu (đồng)",),
              "profit": ("Lợi nhuận (triệu đồng)",), "members": ("Số thành viên (người)",)}
    f = ["stt", "name", "tax_code", "sector", "founded", "status", "members", "labour", "member_labour",
         "charter_capital", "revenue", "profit", "avg_income"]

    def tf(field, v):
        return v / 1000 if field == "charter_capital" else int(round(v * 1e6)) if field == "revenue" else v
    sh, pos = std_list("181", coops, labels, f, totals_label="Tổng số", totals_fmt=tf, totals_x={"founded"},
                       fmt={"charter_capital": lambda c, i: c["charter_capital"] / 1000,
                            "revenue": lambda c, i: int(round(c["revenue"] * 1e6)),
                            "founded": lambda c, i: Serial(serial(c["founded"]))})
    path = out(ISO, "p04-units-only", "binh-gia.xlsx")
    write_openpyxl(path, [sh])
    record(path, "181", "2017-H1", coops, pos=pos, drop=("rating", "commune"),
           quirks=["p04 minus '(người)' on the Lao động parent: tỷ đồng, đồng, serial dates, no commune/rating"])


def iso_unit_note():
    """'Đơn vị tính: triệu đồng' above a 1-row header, right of the table (col 12 > 10 cols) vs inside (col 9)."""
    for tag, col, depth in (("outside-1row", 12, 1), ("inside-1row", 9, 1), ("outside-2row", 13, 2)):
        coops = fresh("iso-note", "182", 8, n_new=1, n_dissolved=1, n_stopped=1)
        f = ["stt", "name", "tax_code", "sector", "founded", "status", "members", "labour", "member_labour",
             "charter_capital"] if depth == 1 else ALL[:12]
        labels = {"labour": ("Số lao động",), "member_labour": ("Lao động là thành viên",)} if depth == 1 else {}
        for c in coops:
            for k in ["commune", "profit", "avg_income", "rating"] + (["revenue"] if depth == 1 else []):
                c[k] = None
        sh, pos = std_list("182", coops, labels, f, depth=depth, title_kw={"unit_col": col})
        path = out(ISO, f"unit-note-{tag}", "van-lang.xlsx")
        write_openpyxl(path, [sh])
        record(path, "182", "2017-H1", coops, pos=pos, drop=("commune", "profit", "avg_income", "rating") +
               (("revenue",) if depth == 1 else ()),
               quirks=[f"'Đơn vị tính: triệu đồng' in column {col_letter(col)} of the row above a {depth}-row header; table has {len(f)} columns"])


def iso_totals_label():
    for tag, label in (("toan-thanh-pho", "Toàn thành phố"), ("cong-toan-huyen", "Cộng toàn huyện"),
                       ("tong-cong-caps", "TỔNG CỘNG")):
        coops = fresh("iso-tot", "178", 8, n_new=1, n_dissolved=1, n_stopped=1)
        sh, pos = std_list("178", coops, totals_label=label)
        sh.cells[(1, 1)] = "UBND THÀNH PHỐ LẠNG SƠN"
        path = out(ISO, f"totals-{tag}", "tp-lang-son.xlsx")
        write_openpyxl(path, [sh])
        record(path, "178", "2017-H1", coops, pos=pos, quirks=[f"totals label {label!r} at bottom"])


def iso_value_label(fault=False):
    for tag, vl in (("th-nam-2017", "TH năm 2017"), ("thuc-hien-nam-2017", "Thực hiện năm 2017"),
                    ("th-nam", "TH năm"), ("so-lieu", "Số liệu")):
        coops = fresh("iso-val", "178", 8, Y17, n_new=2, n_dissolved=1, n_stopped=1)
        sv = summary_values(coops, *Y17, unions=1, tht=30, tht_members=220)
        svw = dict(sv)
        expect = []
        if fault:
            svw["members"] += 5
        sh, pos = std_list("178", coops, title="DANH SÁCH HỢP TÁC XÃ NĂM 2017")
        sh.cells[(1, 1)] = "UBND THÀNH PHỐ LẠNG SƠN"
        sh2, spos = summary_sheet("Biểu 02", "178", svw, value_label=vl, title_period="NĂM 2017", extra_parts=parts(coops))
        sh2.cells[(1, 1)] = "UBND THÀNH PHỐ LẠNG SƠN"
        kind = "faulty" if fault else ISO
        path = out(kind, f"value-label-{tag}" + ("-members+5" if fault else ""), "tp-lang-son-2017.xlsx")
        write_openpyxl(path, [sh, sh2])
        if fault:
            r, c = spos["members"]
            expect.append({"code": "rule-error", "rule": "summary-members", "cell": a1(r, c)})
        record(path, "178", "2017", coops, summary=svw, pos=pos, expect=expect,
               quirks=[f"year 2017, summary value column {vl!r}"] + (["FAULT: summary members +5"] if fault else []))
        if fault and tag != "th-nam-2017":
            pass


def iso_block_subtotals():
    for tag, stt_roman in (("roman-in-stt", True), ("heading-in-name", False)):
        coops = fresh("iso-blk", "189", 9, n_new=1, n_dissolved=1, n_stopped=1,
                      sectors=["Nông nghiệp", "Công nghiệp - TTCN"])
        coops.sort(key=lambda c: c["sector"] != "Nông nghiệp")
        sh, pos = std_list("189", coops, blocks=True, block_subtotals=True, roman_in_stt=stt_roman, totals="bottom")
        path = out(ISO, f"block-subtotals-{tag}", "dinh-lap.xlsx")
        write_openpyxl(path, [sh])
        record(path, "189", "2017-H1", coops, pos=pos,
               quirks=["block rows carrying subtotals", "roman numeral in STT" if stt_roman else "'I. Nông nghiệp' in the name column, STT empty"])


def iso_ty():
    for tag, txt, val in (("24-ty", "2 tỷ", 2000.0), ("1,5-ty", "1,5 tỷ", 1500.0), ("1.500-trieu", "1.500 triệu", 1500.0),
                          ("1500-trd", "1500 tr.đ", 1500.0)):
        coops = fresh("iso-ty", "185", 7, n_new=1, n_dissolved=0, n_stopped=1)
        coops[1]["charter_capital"] = val
        sh, pos = std_list("185", coops, fmt={"charter_capital": lambda c, i: txt if i == 1 else c["charter_capital"]})
        path = out(ISO, f"unit-in-cell-{tag}", "bac-son.xlsx")
        write_openpyxl(path, [sh])
        record(path, "185", "2017-H1", coops, pos=pos, quirks=[f"capital cell {txt!r} (= {val} triệu) in a triệu column"])


def iso_merged_sector():
    """Only the commune (optional) merged vertically vs sector (required) merged."""
    for tag, field in (("commune", "commune"), ("status", "status")):
        coops = fresh("iso-merge", "183", 8, n_new=1, n_dissolved=0, n_stopped=0)
        for c in coops:
            c[field] = coops[0][field]
        sh, pos = std_list("183", coops)
        r1, c1 = pos["coops"][0][field]
        r2, _ = pos["coops"][3][field]
        sh.merge(r1, c1, r2, c1)
        path = out(ISO, f"merged-{tag}", "cao-loc.xlsx")
        write_openpyxl(path, [sh])
        record(path, "183", "2017-H1", coops, pos=pos, quirks=[f"{field} merged vertically over the first 4 data rows"])


# ---------------------------------------------------------------- new habits
def p19():
    """Ambiguous vi-style CSV: only '1.750'-like dotted integers, no decimal commas at all."""
    coops = fresh("p19", "184", 8, n_new=1, n_dissolved=1, n_stopped=1)
    for c in coops:
        c["revenue"] = float(round(c["revenue"])) + (1500 if c["status"] == "Đang hoạt động" else 0)
        c["profit"] = float(round(c["profit"]))
        c["avg_income"] = float(round(c["avg_income"])) if c["avg_income"] else None
        c["charter_capital"] = float(round(c["charter_capital"]))
    sh = Sheet("x")
    std_title(sh, "184", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    n = lambda v: "" if v is None else vi_num(v, 0)
    fmt = {f: (lambda f: lambda c, i: n(c[f]))(f) for f in ["members", "labour", "member_labour", "charter_capital",
                                                            "revenue", "profit", "avg_income"]}
    fmt["founded"] = lambda c, i: dmy(c["founded"])
    pos = build_list(sh, coops, dict(columns=cols({}), depth=2, colnums="paren", totals="bottom",
                                     totals_label="Tổng cộng", totals_fmt=lambda f, v: n(v), fmt=fmt))
    path = out("clean", "p19", "van-quan.csv")
    write_csv(path, sheet_text_rows(sh), encoding="utf-8", bom=False, delimiter=",")
    record(path, "184", "2017-H1", coops, pos=pos,
           quirks=["CSV comma, no BOM", "vi thousands dots on integers only ('1.750', '2.012'), no decimal anywhere",
                   "comma-delimited so vi numbers need no quotes"])


def p20():
    """Signature and notes right after the last data row (no blank line, no totals); table starts in column B."""
    coops = fresh("p20", "186", 7, n_new=1, n_dissolved=1, n_stopped=1)
    sh = Sheet("Biểu 01")
    std_title(sh, "186", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    pos = build_list(sh, coops, dict(columns=cols({}), depth=2, colnums=None, totals=None, col0=2))
    sh.row(["Ghi chú: HTX Hồng Phong đang làm thủ tục giải thể"], 2)
    sh.row(["Hữu Lũng, ngày 05 tháng 7 năm 2017"], 11)
    sh.row(["NGƯỜI LẬP BIỂU", None, None, None, None, None, None, None, None, "THỦ TRƯỞNG ĐƠN VỊ"], 3)
    sh.row(["Nơi nhận:"], 2)
    path = out("clean", "p20", "huu-lung.xlsx")
    write_xlsxwriter(path, [sh])
    record(path, "186", "2017-H1", coops, pos=pos,
           quirks=["table starts in column B", "no totals", "Ghi chú / date line / signature immediately after the last data row"])


def p21():
    """(5)=(3)+(4): labour columns computed by formulas with cached values; an extra 'lao động khác' column;
    child labels 'Trong đó:\\nThành viên' with line break; % column; totals merged across A:B."""
    coops = fresh("p21", "180", 9, n_new=2, n_dissolved=1, n_stopped=1)
    sh = Sheet("Biểu 01")
    std_title(sh, "180", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    L = "Lao động (thường xuyên)"
    f = ["stt", "name", "tax_code", "commune", "sector", "founded", "status", "members", "labour", "member_labour",
         "other", "charter_capital", "revenue", "profit", "pct", "avg_income", "rating"]
    labels = {"labour": ("Lao động", "Tổng số"), "member_labour": ("Lao động", "Trong đó:\nThành viên")}
    extra = {"other": ("Lao động", "Lao động khác"), "pct": ("Tỷ suất LN/DT (%)",)}
    columns = [(x, labels.get(x, extra.get(x, STD.get(x)))) for x in f]
    colnums = lambda i, fld: {"labour": "(9)=(10)+(11)"}.get(fld, f"({i + 1})")
    pos = build_list(sh, coops, dict(columns=columns, depth=2, colnums=colnums, totals="bottom", totals_label="Tổng cộng",
                                     totals_label_field="stt", fmt={
                                         "other": lambda c, i: c["labour"] - c["member_labour"],
                                         "pct": lambda c, i: round(c["profit"] / c["revenue"] * 100, 1) if c["revenue"] else None}))
    colof = pos["colof"]
    for i, c in enumerate(coops):
        r = pos["coops"][i]["labour"][0]
        sh.cells[(r, colof["labour"])] = Formula(f"={col_letter(colof['member_labour'])}{r}+{col_letter(colof['other'])}{r}", c["labour"])
    tr = pos["totals_row"]
    sh.cells[(tr, colof["stt"])] = "Tổng cộng"
    sh.merge(tr, colof["stt"], tr, colof["name"])
    sh.cells[(tr, colof["other"])] = sum(c["labour"] - c["member_labour"] for c in coops)
    signature(sh, "Tràng Định", dt.date(2017, 7, 5))
    path = out("clean", "p21", "trang-dinh.xlsx")
    write_xlsxwriter(path, [sh])
    record(path, "180", "2017-H1", coops, pos=pos,
           quirks=["xlsxwriter", "labour = formula (=member+other) with cached value", "extra 'Lao động > Lao động khác' and '%' columns",
                   "column-number cell '(9)=(10)+(11)'", "child label 'Trong đó:\\nThành viên'", "'Tổng cộng' merged across STT:Tên"])


def p22():
    """Dissolved cooperatives with 'x' in labour/revenue/profit, a branch with the same base code, dates dd.mm.yyyy,
    NBSP after status, 'Trung Bình', founded on 01/01/2017 and 30/06/2017; with summary sheet in one workbook."""
    coops = fresh("p22", "187", 10, n_new=2, n_dissolved=2, n_stopped=1)
    newc = [c for c in coops if c["founded"] >= H1[0]]
    newc[0]["founded"] = dt.date(2017, 1, 1)
    newc[1]["founded"] = dt.date(2017, 6, 30)
    dis = [i for i, c in enumerate(coops) if c["status"] == "Đã giải thể"]
    for i in dis:
        coops[i]["labour"] = None
        coops[i]["member_labour"] = None
        coops[i]["revenue"] = None
        coops[i]["profit"] = None
    base = [i for i, c in enumerate(coops) if c["status"] == "Đang hoạt động" and i not in dis and c["founded"] < H1[0]]
    coops[base[1]]["tax_code"] = coops[base[0]]["tax_code"] + "-001"
    sv = summary_values([dict(c, labour=c["labour"] or 0, member_labour=c["member_labour"] or 0) for c in coops], *H1,
                        unions=0, tht=41, tht_members=300)
    xv = lambda f: (lambda c, i: "x" if c[f] is None else c[f])
    fmt = {"labour": xv("labour"), "member_labour": xv("member_labour"), "revenue": xv("revenue"), "profit": xv("profit"),
           "founded": lambda c, i: dmy(c["founded"], "."),
           "status": lambda c, i: c["status"] + "\u00a0",
           "rating": lambda c, i: "Trung Bình" if c["rating"] == "Trung bình" else c["rating"]}
    sh, pos = std_list("187", coops, fmt=fmt, totals_avg=round(sum(c["avg_income"] or 0 for c in coops if c["avg_income"]) /
                                                              max(1, sum(1 for c in coops if c["avg_income"])), 1))
    sh2, spos = summary_sheet("Biểu 02", "187", sv, extra_parts=parts(coops))
    path = out("clean", "p22", "chi-lang.xlsx")
    write_xlsxwriter(path, [sh, sh2])
    record(path, "187", "2017-H1", coops, summary=sv, pos=pos,
           quirks=["dissolved rows with 'x' in labour/member labour/revenue/profit", "branch code '<base>-001' next to its base code",
                   "dates dd.mm.yyyy text", "NBSP after status", "'Trung Bình'", "new on 01/01/2017 and 30/06/2017",
                   "average (not sum) in the totals row's avg_income", "both forms"])


def p23():
    """Summary with alternative indicator labels that are prefixes of one another, numbered STT 1, 1.1, 2 ..."""
    coops = fresh("p23", "182", 9, n_new=2, n_dissolved=1, n_stopped=1)
    sv = summary_values(coops, *H1, unions=1, tht=22, tht_members=180)
    sh, pos = std_list("182", coops)
    s2 = Sheet("Tổng hợp")
    std_title(s2, "182", "BIỂU TỔNG HỢP KINH TẾ TẬP THỂ 6 THÁNG ĐẦU NĂM 2017", form_id="Biểu số 02", unit_note=None,
              right_col=4, unit_col=4)
    s2.row(["TT", "Tên chỉ tiêu", "Đơn vị tính", "Số lượng", "Ghi chú"])
    rows = [("1", "Số hợp tác xã", "HTX", sv["htx_total"]),
            ("1.1", "Số hợp tác xã thành lập mới", "HTX", sv["htx_new"]),
            ("1.2", "Số hợp tác xã giải thể", "HTX", sv["htx_dissolved"]),
            ("2", "Số thành viên HTX", "Người", sv["members"]),
            ("3", "Tổng số lao động trong HTX", "Người", sv["labour"]),
            ("3.1", "Lao động là thành viên", "Người", sv["member_labour"]),
            ("4", "Vốn điều lệ", "Tr.đồng", sv["charter_capital"]),
            ("4.1", "Tổng vốn đăng ký HTX thành lập mới", "Tr.đồng", sv["new_capital"]),
            ("5", "Liên hiệp hợp tác xã", "LH", sv["union_total"]),
            ("6", "Tổng số tổ hợp tác", "THT", sv["tht_total"]),
            ("6.1", "Tổng số thành viên tổ hợp tác", "Người", sv["tht_members"])]
    for r in rows:
        s2.row(list(r) + [""])
    path = out("clean", "p23", "van-lang.xlsx")
    write_openpyxl(path, [sh, s2])
    record(path, "182", "2017-H1", coops, summary=sv, pos=pos,
           quirks=["summary labels: 'Số hợp tác xã' / 'Số hợp tác xã thành lập mới' / '... giải thể' (prefixes)",
                   "'Vốn điều lệ' vs 'Tổng vốn đăng ký HTX thành lập mới'", "'Tổng số tổ hợp tác' / 'Tổng số thành viên tổ hợp tác'",
                   "STT 1, 1.1, 1.2", "header 'TT | Tên chỉ tiêu | Đơn vị tính | Số lượng | Ghi chú'"])


def p24():
    """CSV with ragged rows and Excel's trailing ';;;;' columns and ',,,' rows, CR-only line ends? no: LF; NFD text."""
    coops = fresh("p24", "188", 8, n_new=1, n_dissolved=1, n_stopped=1)
    sh = Sheet("x")
    std_title(sh, "188", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    pos = build_list(sh, coops, dict(columns=cols({}), depth=2, colnums="paren", totals="bottom", totals_label="Tổng cộng",
                                     fmt={"founded": lambda c, i: dmy(c["founded"])}))
    rows = sheet_text_rows(sh)
    rows = [[unicodedata.normalize("NFD", x) for x in r] + [""] * 4 for r in rows]
    rows = [r if any(r) else [] for r in rows]    # blank lines become empty records
    rows += [[""] * 19] * 3
    path = out("clean", "p24", "loc-binh.csv")
    write_csv(path, rows, encoding="utf-8", bom=True, delimiter=";", crlf=False)
    record(path, "188", "2017-H1", coops, pos=pos,
           quirks=["CSV UTF-8 BOM, semicolon, LF", "every text NFD", "4 trailing empty columns", "ragged: blank lines as empty records",
                   "3 trailing all-empty rows"])


def p25():
    """Title variants: 'SÁU THÁNG ĐẦU NĂM 2017', a subtitle naming another year; unit 'UBND huyện Bắc Sơn' in lower case;
    sheet name 'Biểu 1a'; header labels 'Số TT', 'Tên đơn vị', 'Mã số doanh nghiệp', 'Địa chỉ trụ sở', 'Ngày đăng ký'."""
    coops = fresh("p25", "185", 8, n_new=1, n_dissolved=1, n_stopped=1)
    sh = Sheet("Biểu 1a")
    title_block(sh, "UBND huyện Bắc Sơn", "Phòng Tài chính - Kế hoạch", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "DANH SÁCH HỢP TÁC XÃ SÁU THÁNG ĐẦU NĂM 2017",
                subtitle="(Số liệu so sánh với cùng kỳ năm 2016; kèm theo Báo cáo số 88/BC-UBND)")
    labels = {"stt": ("Số TT",), "name": ("Tên đơn vị",), "tax_code": ("Mã số doanh nghiệp",), "commune": ("Địa chỉ trụ sở",),
              "founded": ("Ngày đăng ký",), "status": ("Tình trạng hoạt động",), "members": ("Tổng số thành viên",)}
    pos = build_list(sh, coops, dict(columns=cols(labels), depth=2, colnums="AB", totals="bottom", totals_label="Cộng"))
    signature(sh, "Bắc Sơn", dt.date(2017, 7, 5))
    path = out("clean", "p25", "bac-son.xlsx")
    write_openpyxl(path, [sh])
    record(path, "185", "2017-H1", coops, pos=pos,
           quirks=["'SÁU THÁNG ĐẦU NĂM 2017' (period in words)", "subtitle mentioning năm 2016", "unit line in lower case 'UBND huyện Bắc Sơn'",
                   "labels 'Số TT', 'Tên đơn vị', 'Mã số doanh nghiệp', 'Địa chỉ trụ sở', 'Ngày đăng ký', 'Tổng số thành viên'"])


def p26():
    """A workbook with both forms where the summary is on the FIRST sheet and the list second; list has 'Tổng số' at top
    and a second 'Trong đó: HTX thành lập mới' line under the totals (top)."""
    coops = fresh("p26", "189", 9, n_new=2, n_dissolved=1, n_stopped=1)
    sv = summary_values(coops, *H1, unions=0, tht=15, tht_members=110)
    sh2, spos = summary_sheet("Biểu 02", "189", sv, extra_parts=parts(coops), plan=False, value_label="Số lượng")
    sh, pos = std_list("189", coops, totals="bottom", totals_label="Tổng cộng")
    tr = pos["totals_row"]
    sh.cells[(tr + 1, 2)] = "Trong đó: HTX thành lập mới"
    sh.cells[(tr + 1, 8)] = sum(c["members"] for c in coops if c["founded"] >= H1[0])
    # shift the signature block down: rebuild rows after totals
    path = out("clean", "p26", "dinh-lap.xlsx")
    write_openpyxl(path, [sh2, sh])
    record(path, "189", "2017-H1", coops, summary=sv, pos=pos,
           quirks=["summary on the first sheet, list second", "'Trong đó: HTX thành lập mới' line with a members figure right under the bottom totals"])


def p27():
    """xlsx written with a 1904 date system by LibreOffice? no: LibreOffice xlsx of a list with dates as text 'd/m/yyyy'
    in a date-formatted column, numbers with 2 decimals, and header row repeated after a page break (print titles pasted)."""
    coops = fresh("p27", "184", 12, n_new=1, n_dissolved=1, n_stopped=1)
    sh = Sheet("Biểu 01")
    std_title(sh, "184", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    spec = dict(columns=cols({}), depth=2, colnums="paren", totals=None)
    first, second = coops[:6], coops[6:]
    pos1 = build_list(sh, first, spec)
    pos2 = build_list(sh, second, spec)
    # totals at the very end over all
    sums = {f: round(sum(c[f] for c in coops), 1) for f in ["members", "labour", "member_labour", "charter_capital", "revenue", "profit"]}
    colof = pos1["colof"]
    r = sh.row([None])
    sh.cells[(r, colof["name"])] = "Tổng cộng"
    for f, v in sums.items():
        sh.cells[(r, colof[f])] = v
    signature(sh, "Văn Quan", dt.date(2017, 7, 5))
    path = out("clean", "p27", "van-quan.xlsx")
    write_libreoffice(path, [sh])
    pos = {"coops": pos1["coops"] + pos2["coops"]}
    record(path, "184", "2017-H1", coops, pos=pos,
           quirks=["LibreOffice", "header (2 rows + column numbers) repeated in the middle of the data (page 2 pasted)",
                   "stt restarts at 1 on page 2", "totals at the end over both pages"])


def faulty_more():
    # F: tax code duplicated inside one file
    coops = fresh("fdup", "186", 8, n_new=1, n_dissolved=1, n_stopped=1)
    coops[5]["tax_code"] = coops[2]["tax_code"]
    sh, pos = std_list("186", coops)
    path = out("faulty", "dup-tax", "huu-lung.xlsx")
    write_openpyxl(path, [sh])
    r, c = pos["coops"][5]["tax_code"]
    record(path, "186", "2017-H1", coops, pos=pos, expect=[{"code": "unique-error", "cell": a1(r, c)}],
           quirks=["FAULT: row 6 repeats row 3's tax code"])
    # F: p19 (ambiguous vi CSV) with a 9-digit tax code: checks that the 1000x guess does not hide it
    # F: capital typed in đồng in a triệu column (warning)
    coops = fresh("fcap", "183", 8, n_new=1, n_dissolved=1, n_stopped=1)
    coops[4]["charter_capital"] = 1500000000.0
    sh, pos = std_list("183", coops)
    path = out("faulty", "capital-dong", "cao-loc.xlsx")
    write_openpyxl(path, [sh])
    r, c = pos["coops"][4]["charter_capital"]
    record(path, "183", "2017-H1", coops, pos=pos, expect=[{"code": "rule-error", "rule": "capital-unit", "cell": a1(r, c)}],
           quirks=["FAULT: capital 1.500.000.000 typed in đồng in a triệu column"])
    # F: dissolved with labour 4 in a CSV with vi numbers
    coops = fresh("fdis", "184", 8, n_new=1, n_dissolved=1, n_stopped=1)
    k = next(i for i, c in enumerate(coops) if c["status"] == "Đã giải thể")
    coops[k]["labour"] = 4
    sh = Sheet("x")
    std_title(sh, "184", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    n = lambda v: "" if v is None else ("-" if v == 0 else vi_num(v))
    fmt = {f: (lambda f: lambda c, i: n(c[f]))(f) for f in ["members", "labour", "member_labour", "charter_capital", "revenue", "profit", "avg_income"]}
    fmt["founded"] = lambda c, i: dmy(c["founded"])
    pos = build_list(sh, coops, dict(columns=cols({}), depth=2, colnums="paren", totals="bottom", totals_label="Tổng cộng",
                                     totals_fmt=lambda f, v: n(v), fmt=fmt))
    path = out("faulty", "dissolved-labour", "van-quan.csv")
    write_csv(path, sheet_text_rows(sh), delimiter=";")
    r, c = pos["coops"][k]["labour"]
    record(path, "184", "2017-H1", coops, pos=pos,
           expect=[{"code": "rule-error", "rule": "dissolved-no-labour", "cell": a1(r, c)}], quirks=["FAULT: dissolved coop with labour 4"])


def main():
    iso_parent_unit(); iso_p04_fixed(); iso_unit_note(); iso_totals_label(); iso_value_label(); iso_value_label(fault=True)
    iso_block_subtotals(); iso_ty(); iso_merged_sector()
    p19(); p20(); p21(); p22(); p23(); p24(); p25(); p26(); p27()
    faulty_more()
    with open(os.path.join(ROOT, "truth.json"), "w") as f:
        json.dump(TRUTH, f, ensure_ascii=False, indent=1, default=str)
    print(len(TRUTH), "files")


if __name__ == "__main__":
    main()
