"""Regenerate the example sheets in this folder (made-up people; deterministic content).

    python examples/make_examples.py

- ``cho-mau.xlsx``: a demo market as a market board would send it — a title row, two zones on two
  sheets, several banks and e-wallets, one vendor with two accounts. It checks clean.
- ``phuong-loi.xlsx``: a messy ward-office sheet that shows what ``qrsign check`` catches.
- ``cho-mau.csv``: the first zone of the demo market as "CSV UTF-8" from Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import unicodedata
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill

HERE = Path(__file__).resolve().parent
HEADER = ["STT", "Họ và tên", "Số quầy", "Ngành hàng", "Ngân hàng", "Số tài khoản", "Số điện thoại", "Ghi chú"]

ZONE_A = [  # Khu A – Rau củ, trái cây
    ("Nguyễn Thị Hường", "A01", "Rau củ", "Vietcombank", "0011004567891", "0912345601", ""),
    ("Trần Văn Nam", "A02", "Rau củ", "MB Bank", "0352350917", "0987654302", ""),
    ("Lê Thị Ánh", "A03", "Trái cây", "Agribank", "1903612345601", "0903111203", ""),
    ("Phạm Quốc Dũng", "A04", "Trái cây", "BIDV", "21510001234567", "0904222304", ""),
    ("Hoàng Thị Phượng", "A05", "Rau thơm", "Techcombank", "19036123456012", "0905333405", ""),
    ("Hoàng Thị Phượng", "A05", "Rau thơm", "Viettel Money", "0905333405", "0905333405", "Ví điện tử"),
    ("Võ Minh Tuấn", "A06", "Rau củ", "VietinBank", "108867543210", "0906444506", ""),
    ("Đặng Thị Quỳnh", "A07", "Hoa", "ACB", "257678859", "0907555607", ""),
    ("Bùi Ngọc Hải", "A08", "Trái cây", "VPBank", "0246813579", "0908666708", ""),
    ("Đỗ Thị Lan", "A09", "Rau củ", "Sacombank", "060123456789", "0909777809", ""),
    ("Huỳnh Văn Lộc", "A10", "Gạo", "TPBank", "00012345678", "0910888910", ""),
    ("Phan Thị Yến", "A11", "Đồ khô", "Vietcombank", "1012345678", "0911999011", ""),
    ("Ngô Hữu Khải", "A12", "Gia vị", "VNPT Money", "0912000112", "0912000112", "Ví điện tử"),
]
ZONE_B = [  # Khu B – Thủy sản, thịt
    ("Dương Thị Oanh", "B01", "Thủy sản", "BIDV", "12010000876543", "0913111201", ""),
    ("Lý Văn Sáu", "B02", "Thủy sản", "Agribank", "3300205123456", "0914222302", ""),
    ("Vũ Thị Hằng", "B03", "Thịt", "MB Bank", "9704229876543", "0915333403", ""),
    ("Hồ Đức Thịnh", "B04", "Thịt", "Vietcombank", "0071000987654", "0916444504", ""),
    ("Trần Thị Thủy", "B05", "Thủy sản", "Sacombank", "070098765432", "0917555605", ""),
    ("Nguyễn Văn Hiếu", "B06", "Gà vịt", "VietinBank", "104001234567", "0918666706", ""),
    ("Lê Thị Nguyệt", "B07", "Hải sản khô", "HDBank", "0689012345678", "0919777807", ""),
    ("Phạm Thị Sương", "B08", "Thủy sản", "OCB", "0100100012345", "0920888908", ""),
]


def _title_sheet(ws, title: str, rows) -> None:
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([])
    ws.append(HEADER)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for i, row in enumerate(rows, start=1):
        ws.append([i, *row])
    for row in ws.iter_rows(min_row=4, min_col=6, max_col=7):
        for cell in row:
            cell.number_format = "@"
    for letter, width in zip("ABCDEFGH", (5, 24, 9, 14, 16, 20, 15, 14)):
        ws.column_dimensions[letter].width = width


def demo() -> None:
    wb = openpyxl.Workbook()
    a = wb.active
    a.title = "Khu A - Rau củ"
    _title_sheet(a, "DANH SÁCH TIỂU THƯƠNG THANH TOÁN QR – CHỢ ĐỒNG XA", ZONE_A)
    b = wb.create_sheet("Khu B - Thủy sản")
    _title_sheet(b, "DANH SÁCH TIỂU THƯƠNG THANH TOÁN QR – CHỢ ĐỒNG XA", ZONE_B)
    wb.save(HERE / "cho-mau.xlsx")
    with (HERE / "cho-mau.csv").open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        for i, row in enumerate(ZONE_A, start=1):
            w.writerow([i, *row])


def messy() -> None:
    """What a ward office really sends: numbers for accounts, dates for stalls, typos, duplicates."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append(["UBND PHƯỜNG ĐỒNG XA"])
    ws.append(["DANH SÁCH HỘ KINH DOANH ĐĂNG KÝ THANH TOÁN KHÔNG DÙNG TIỀN MẶT – CHỢ ĐỒNG XA"])
    ws.merge_cells("A1:G1")
    ws.merge_cells("A2:G2")
    ws.append([])
    ws.append(["TT", "Ho va ten", "Kiot", "NH", "STK", "SĐT", "Ghi chú"])
    rows = [
        (1, "Nguyễn Thị Hường", "12", "VCB", "0011004567891", "0912345601", ""),
        (2, unicodedata.normalize("NFD", "Trần Văn Nam"), "13", "quân đội", 352350917, 987654302, "STK lưu dạng số"),
        (3, "Lê Thị Ánh", dt.datetime(2025, 3, 12), "agribank", "1903612345601", "", "quầy 3/12 bị Excel đổi thành ngày"),
        (4, "Phạm Quốc Dũng", "15", "Vietcombak", "21510001234567", "", "gõ sai tên ngân hàng"),
        (5, "Hoàng Thị Phượng", "16", "TCB", 1.90361234560123e18, "", "STK 19 số bị Excel làm tròn"),
        (6, "Võ Minh Tuấn ", "17", "Ngân hàng Công Thương", "1088 6754 3210", "", "có dấu cách trong STK"),
        (7, "Võ Minh Tuấn", "17", "Ngân hàng Công Thương", "108867543210", "", "dòng lặp lại"),
        (8, "Đặng Thị Quỳnh", "18", "BVB", "257678859", "", "BVB: Bảo Việt hay Bản Việt?"),
        (9, "Bùi Ngọc\u200b Hải", "19", "VPBank", "0246813579", "", "ký tự ẩn trong tên"),
        (10, "Đỗ Thị Lan", "12", "ACB", "99887766", "", "trùng quầy 12 với người khác"),
        (11, "Huỳnh Văn Lộc", "20", "LienVietPostBank", "0011004567891", "", "trùng STK với quầy 12? (khác ngân hàng)"),
        (12, "Nguyễn Vаn Cường", "21", "MB", "0352350999", "", "chữ 'а' Cyrillic"),
        (13, "Phan Thị Yến", "22", "Sacombank", "", "", "chưa có STK"),
    ]
    for r in rows:
        ws.append(list(r))
    ws.append([None, "Tổng cộng: 13 hộ", None, None, None, None, None])
    wb.save(HERE / "phuong-loi.xlsx")


if __name__ == "__main__":
    demo()
    messy()
    print("wrote", ", ".join(p.name for p in sorted(HERE.glob("*.xls*")) + sorted(HERE.glob("*.csv"))))
