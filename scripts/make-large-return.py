#!/usr/bin/env python3
"""Writes one clean htx-list return of N rows as CSV (for merge memory and speed checks).

Usage: scripts/make-large-return.py N OUT.csv [--unit-title "UBND HUYỆN CAO LỘC"] [--start K]

Every row passes the kttt pack: a unique 10-digit tax code with a right check digit,
a known sector and status, members >= 7, member labour <= labour and members, a
founding date before the period. --start offsets the tax codes so several files
do not share any.
"""
import argparse, csv, random

WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3]


def tax_code(n):
    """The n-th valid tax code after 4900000000 (skipping those whose check would be 10)."""
    base = 490000000 + n
    while True:
        digits = [int(c) for c in f"{base:09d}"]
        rest = sum(w * d for w, d in zip(WEIGHTS, digits)) % 11
        if rest not in (0, 1):  # check = 10 - rest must be one digit, rest 0 never valid
            return f"{base:09d}{10 - rest}", base
        base += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--unit-title", default="UBND HUYỆN CAO LỘC")
    ap.add_argument("--start", type=int, default=0)
    a = ap.parse_args()
    rnd = random.Random(7)
    sectors = ["Nông nghiệp", "TM-DV", "Xây dựng", "Vận tải", "CN-TTCN", "Môi trường"]
    with open(a.out, "w", newline="", encoding="utf-8-sig") as f:
        w = csv.writer(f)
        w.writerow([a.unit_title])
        w.writerow([f"DANH SÁCH HỢP TÁC XÃ 6 THÁNG ĐẦU NĂM 2017"])
        w.writerow(["STT", "Tên HTX", "Mã số thuế", "Xã/phường/thị trấn", "Lĩnh vực", "Ngày thành lập",
                    "Tình trạng", "Số thành viên", "Số lao động", "Lao động là thành viên",
                    "Vốn điều lệ (triệu đồng)", "Doanh thu (triệu đồng)", "Lợi nhuận (triệu đồng)",
                    "Thu nhập bình quân", "Xếp loại"])
        base = a.start * 2
        for i in range(1, a.rows + 1):
            code, used = tax_code(base)
            base = used - 490000000 + 1
            members = rnd.randint(7, 60)
            labour = rnd.randint(0, 80)
            member_labour = rnd.randint(0, min(members, labour))
            w.writerow([i, f"HTX số {a.start + i}", code, "Xã Tân Liên", sectors[i % len(sectors)],
                        f"{rnd.randint(1, 28):02d}/{rnd.randint(1, 12):02d}/{rnd.randint(1995, 2016)}",
                        "Đang hoạt động", members, labour, member_labour,
                        f"{rnd.randint(50, 20000) / 2:.1f}", f"{rnd.randint(0, 90000) / 10:.1f}",
                        f"{rnd.randint(-500, 900) / 10:.1f}", f"{rnd.randint(100, 900) / 10:.1f}",
                        rnd.choice(["Tốt", "Khá", "Trung bình", "Yếu"])])


if __name__ == "__main__":
    main()
