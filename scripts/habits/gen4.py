#!/usr/bin/env python3
"""Fourth round: unit/period detection from title lines and file names; totals label in the STT column.
Run after gen.py, gen2.py, gen3.py; appends to truth.json.   python3 /tmp/probe/gen4.py"""
import datetime as dt, json, os, sys, unicodedata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa
from gen import *  # noqa
from gen2 import std_list, fresh, ISO  # noqa
from probelib import *  # noqa

TRUTH = json.load(open(os.path.join(ROOT, "truth.json")))
gen.TRUTH = TRUTH


def titles():
    # (tag, unit, unit line, dept line, title, file name, expected period)
    V = [("den-ngay", "183", "UBND HUYỆN CAO LỘC", "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
          "DANH SÁCH HỢP TÁC XÃ (TÍNH ĐẾN NGÀY 30/6/2017)", "danh-sach.xlsx", "2017-H1"),
         ("6-thang-nam", "183", "UBND HUYỆN CAO LỘC", "PHÒNG TÀI CHÍNH - KẾ HOẠCH",
          "BÁO CÁO TÌNH HÌNH HỢP TÁC XÃ 6 THÁNG NĂM 2017", "danh-sach.xlsx", "2017-H1"),
         ("unit-in-dept", "183", "", "PHÒNG TÀI CHÍNH - KẾ HOẠCH HUYỆN CAO LỘC",
          "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017", "danh-sach.xlsx", "2017-H1"),
         ("ubnd-h-dot", "183", "UBND H. CAO LỘC", "PHÒNG TC-KH", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017",
          "danh-sach.xlsx", "2017-H1"),
         ("name-nfd", "182", "", "", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017",
          unicodedata.normalize("NFD", "Văn Lãng.xlsx"), "2017-H1"),
         ("name-with-words", "182", "", "", "DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017",
          "Bao cao HTX huyen Van Lang.xlsx", "2017-H1"),
         ("title-huyen-in-title", "186", "UBND TỈNH LẠNG SƠN", "",
          "DANH SÁCH HỢP TÁC XÃ TRÊN ĐỊA BÀN HUYỆN HỮU LŨNG 6 THÁNG ĐẦU NĂM 2017", "ds.xlsx", "2017-H1"),
         ]
    for tag, unit, l1, l2, title, fname, period in V:
        coops = fresh("title", unit, 7, n_new=1, n_dissolved=1, n_stopped=1)
        sh = Sheet("Biểu 01")
        sh.row([l1 or None]); sh.cells[(1, 9)] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
        sh.row([l2 or None])
        sh.blank()
        sh.row([title])
        sh.row(["Đơn vị tính: triệu đồng"], 12)
        pos = build_list(sh, coops, dict(columns=cols({}), depth=2, colnums="paren", totals="bottom", totals_label="Tổng cộng",
                                         totals_label_field="stt" if tag == "den-ngay" else "name"))
        path = out(ISO, f"title-{tag}", fname)
        write_openpyxl(path, [sh])
        record(path, unit, period, coops, pos=pos, quirks=[f"unit line {l1!r}, dept {l2!r}, title {title!r}, file {fname!r}"] +
               (["totals label in the STT column"] if tag == "den-ngay" else []))


if __name__ == "__main__":
    titles()
    with open(os.path.join(ROOT, "truth.json"), "w") as f:
        json.dump(TRUTH, f, ensure_ascii=False, indent=1, default=str)
    print(len(TRUTH), "files")


def no_period_fault():
    """'TÍNH ĐẾN NGÀY 30/6/2017' title (period not detected) with a cooperative founded 01/09/2017."""
    coops = fresh("title", "183", 7, n_new=1, n_dissolved=1, n_stopped=1)
    k = next(i for i, c in enumerate(coops) if c["status"] == "Đang hoạt động" and c["founded"] < H1[0])
    coops[k]["founded"] = dt.date(2017, 9, 1)
    sh = Sheet("Biểu 01")
    sh.row(["UBND HUYỆN CAO LỘC"])
    sh.row(["PHÒNG TÀI CHÍNH - KẾ HOẠCH"])
    sh.blank()
    sh.row(["DANH SÁCH HỢP TÁC XÃ (TÍNH ĐẾN NGÀY 30/6/2017)"])
    sh.row(["Đơn vị tính: triệu đồng"], 12)
    pos = build_list(sh, coops, dict(columns=cols({}), depth=2, colnums="paren", totals="bottom", totals_label="Tổng cộng"))
    path = out("faulty", "title-den-ngay-founded-late", "danh-sach.xlsx")
    write_openpyxl(path, [sh])
    r, c = pos["coops"][k]["founded"]
    record(path, "183", "2017-H1", coops, pos=pos, expect=[{"code": "rule-error", "rule": "founded-in-period", "cell": a1(r, c)}],
           quirks=["FAULT: founded 01/09/2017; title 'TÍNH ĐẾN NGÀY 30/6/2017'"])


if __name__ == "__main__":
    no_period_fault()
    with open(os.path.join(ROOT, "truth.json"), "w") as f:
        json.dump(TRUTH, f, ensure_ascii=False, indent=1, default=str)


def parent_variants():
    for tag, parent in (("d-thuong-xuyen-paren", "Lao động (thường xuyên)"), ("e-lao-dong-thuong-xuyen", "Lao động thường xuyên"),
                        ("f-so-lao-dong", "Số lao động")):
        coops = fresh("iso-parent", "181", 8, n_new=1, n_dissolved=1, n_stopped=1)
        labels = {"labour": (parent, "Tổng số"), "member_labour": (parent, "Trong đó: thành viên")}
        sh, pos = std_list("181", coops, labels)
        path = out(ISO, f"parent-unit-{tag}", "binh-gia.xlsx")
        write_openpyxl(path, [sh])
        record(path, "181", "2017-H1", coops, pos=pos, quirks=[f"only change vs baseline: labour parent label {parent!r}"])


if __name__ == "__main__":
    parent_variants()
    with open(os.path.join(ROOT, "truth.json"), "w") as f:
        json.dump(TRUTH, f, ensure_ascii=False, indent=1, default=str)
