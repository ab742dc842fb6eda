#!/usr/bin/env python3
"""Third round: header unit spellings, rows after a bottom totals row, repeated header, accounting negatives.
Run after gen.py and gen2.py; appends to truth.json.   python3 /tmp/probe/gen3.py"""
import datetime as dt, json, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa
from gen import *  # noqa
from gen2 import std_list, fresh, ISO  # noqa
from probelib import *  # noqa

TRUTH = json.load(open(os.path.join(ROOT, "truth.json")))
gen.TRUTH = TRUTH


def header_units():
    variants = [("trd-dot", "Vốn điều lệ (Tr.đ)", 1), ("trd", "Vốn điều lệ (trđ)", 1), ("trieu-caps", "Vốn điều lệ (Triệu đồng)", 1),
                ("tr-dong", "Vốn điều lệ (Tr.đồng)", 1), ("nghin", "Vốn điều lệ (nghìn đồng)", 1000),
                ("1000d", "Vốn điều lệ (1000đ)", 1000), ("vnd", "Vốn điều lệ (VNĐ)", 1_000_000),
                ("footnote", "Vốn điều lệ (*)", 1), ("trieu-dong-break", "Vốn điều lệ\n(triệu đồng)", 1),
                ("usd", "Vốn điều lệ (USD)", 1), ("1.000-dong", "Vốn điều lệ (1.000 đồng)", 1000), ("d", "Vốn điều lệ (đ)", 1_000_000),
                ("ngan-dong", "Vốn điều lệ (ngàn đồng)", 1000)]
    for tag, label, mult in variants:
        coops = fresh("hu", "181", 7, n_new=1, n_dissolved=1, n_stopped=1)

        def tf(f, v, mult=mult):
            return v * mult if f == "charter_capital" else v
        sh, pos = std_list("181", coops, {"charter_capital": (label,)}, totals_fmt=tf,
                           fmt={"charter_capital": (lambda m: lambda c, i: c["charter_capital"] * m)(mult)})
        path = out(ISO, f"hdr-unit-{tag}", "binh-gia.xlsx")
        write_openpyxl(path, [sh])
        record(path, "181", "2017-H1", coops, pos=pos, quirks=[f"capital header {label!r}, values ×{mult} of triệu"])


def header_units_revenue():
    for tag, label, mult in (("rev-d", "Doanh thu (đ)", 1_000_000), ("rev-1000d", "Doanh thu (1000đ)", 1000),
                             ("rev-nghin", "Doanh thu (nghìn đồng)", 1000)):
        coops = fresh("hu", "181", 7, n_new=1, n_dissolved=1, n_stopped=1)

        def tf(f, v, mult=mult):
            return round(v * mult) if f == "revenue" else v
        sh, pos = std_list("181", coops, {"revenue": (label,)}, totals_fmt=tf,
                           fmt={"revenue": (lambda m: lambda c, i: round(c["revenue"] * m))(mult)})
        path = out(ISO, f"hdr-unit-{tag}", "binh-gia.xlsx")
        write_openpyxl(path, [sh])
        record(path, "181", "2017-H1", coops, pos=pos, quirks=[f"revenue header {label!r}, values ×{mult} of triệu"])


def after_totals():
    for tag, cells in (("text-only", {2: "Trong đó: HTX thành lập mới 6 tháng đầu năm: 1 HTX"}),
                       ("ghi-chu-no-colon", {2: "Ghi chú - số liệu lao động ước tính"}),
                       ("trong-do-with-number", {2: "Trong đó: HTX thành lập mới", 8: "NUM"})):
        coops = fresh("at", "189", 8, n_new=1, n_dissolved=1, n_stopped=1)
        sh, pos = std_list("189", coops, sign=False)
        tr = pos["totals_row"]
        for c, v in cells.items():
            sh.cells[(tr + 1, c)] = sum(x["members"] for x in coops if x["founded"] >= H1[0]) if v == "NUM" else v
        sh.r = tr + 1
        signature(sh, "Đình Lập", dt.date(2017, 7, 5))
        path = out(ISO, f"after-totals-{tag}", "dinh-lap.xlsx")
        write_openpyxl(path, [sh])
        record(path, "189", "2017-H1", coops, pos=pos, quirks=[f"row right under the bottom 'Tổng cộng': {cells}"])


def vi_negatives():
    coops = fresh("neg", "184", 8, n_new=1, n_dissolved=1, n_stopped=1)
    for c in coops:
        if c["status"] == "Đang hoạt động":
            c["profit"] = -abs(c["profit"]) - 0.5
    sh = Sheet("x")
    std_title(sh, "184", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017")
    n = lambda v: "" if v is None else ("-" if v == 0 else (f"({vi_num(-v, 1)})" if v < 0 else vi_num(v, 1)))
    fmt = {f: (lambda f: lambda c, i: n(c[f]))(f) for f in ["charter_capital", "revenue", "profit", "avg_income"]}
    fmt["founded"] = lambda c, i: dmy(c["founded"])
    pos = build_list(sh, coops, dict(columns=cols({}), depth=2, colnums="paren", totals="bottom", totals_label="Tổng cộng",
                                     totals_fmt=lambda f, v: n(v) if f in fmt else v, fmt=fmt))
    path = out("clean", "p28", "van-quan.csv")
    write_csv(path, sheet_text_rows(sh), delimiter=";")
    record(path, "184", "2017-H1", coops, pos=pos,
           quirks=["CSV ;", "money always with one decimal vi style '1.200,0'", "negative profits in parentheses '(12,5)'"])


def main():
    header_units(); header_units_revenue(); after_totals(); vi_negatives()
    with open(os.path.join(ROOT, "truth.json"), "w") as f:
        json.dump(TRUTH, f, ensure_ascii=False, indent=1, default=str)
    print(len(TRUTH), "files")


if __name__ == "__main__":
    main()


def p23_faults():
    """p23's summary (prefix-sharing labels) with one indicator off, to see that each labelled row is really checked."""
    import gen2
    for key, delta, rule in (("htx_total", 1, "summary-htx-total"), ("htx_new", 1, "summary-htx-new"),
                             ("members", 1, "summary-members"), ("labour", 1, "summary-labour"),
                             ("new_capital", 5, "summary-new-capital")):
        coops = fresh("p23", "182", 9, n_new=2, n_dissolved=1, n_stopped=1)
        sv = summary_values(coops, *H1, unions=1, tht=22, tht_members=180)
        sv[key] += delta
        sh, pos = std_list("182", coops)
        s2 = Sheet("Tổng hợp")
        std_title(s2, "182", "BIỂU TỔNG HỢP KINH TẾ TẬP THỂ 6 THÁNG ĐẦU NĂM 2017", form_id="Biểu số 02", unit_note=None,
                  right_col=4, unit_col=4)
        s2.row(["TT", "Tên chỉ tiêu", "Đơn vị tính", "Số lượng", "Ghi chú"])
        rows = [("1", "Số hợp tác xã", "HTX", "htx_total"), ("1.1", "Số hợp tác xã thành lập mới", "HTX", "htx_new"),
                ("1.2", "Số hợp tác xã giải thể", "HTX", "htx_dissolved"), ("2", "Số thành viên HTX", "Người", "members"),
                ("3", "Tổng số lao động trong HTX", "Người", "labour"), ("3.1", "Lao động là thành viên", "Người", "member_labour"),
                ("4", "Vốn điều lệ", "Tr.đồng", "charter_capital"), ("4.1", "Tổng vốn đăng ký HTX thành lập mới", "Tr.đồng", "new_capital"),
                ("5", "Liên hiệp hợp tác xã", "LH", "union_total"), ("6", "Tổng số tổ hợp tác", "THT", "tht_total"),
                ("6.1", "Tổng số thành viên tổ hợp tác", "Người", "tht_members")]
        cell = None
        for a, b, c, k in rows:
            r = s2.row([a, b, c, sv[k], ""])
            if k == key:
                cell = a1(r, 4)
        path = out("faulty", f"p23-{key}+{delta}", "van-lang.xlsx")
        write_openpyxl(path, [sh, s2])
        record(path, "182", "2017-H1", coops, summary=sv, pos=pos,
               expect=[{"code": "rule-error", "rule": rule, "cell": cell}], quirks=[f"FAULT: p23 summary {key} +{delta}"])


if __name__ == "__main__":
    TRUTH.update(json.load(open(os.path.join(ROOT, "truth.json"))))
    p23_faults()
    with open(os.path.join(ROOT, "truth.json"), "w") as f:
        json.dump(TRUTH, f, ensure_ascii=False, indent=1, default=str)
