"""Shared data for the "a year later" tests (issue 15): a market's list at v1 and what changed a year on.

v1 is two markets; a year later, in Chợ Đồng Xa: A01 unchanged, A02 new account, A03 other bank,
A04 left, A05 name corrected (same holder text), B01 moved to stall B07, B02 unchanged, B03 (OceanBank,
now MBV) unchanged, B04 left, B05 new; Chợ Hàng Da: H01 unchanged, H02 new, and one row with an
unknown bank (rejected). ``tests/fixtures/manifest-v1.json`` was built from V1 by qrsign 0.1 (main before
issue 15, ``--date 2026-01-15``) and is what every new command must still read.
"""

from __future__ import annotations

from pathlib import Path

from conftest import make_workbook

HEADER = ["STT", "Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản", "Chợ", "Khu"]
DX, HD = "Chợ Đồng Xa", "Chợ Hàng Da"

V1 = [
    [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891", DX, "Khu A"],
    [2, "Trần Văn Nam", "A02", "MB", "0352350917", DX, "Khu A"],
    [3, "Lê Thị Mai", "A03", "Techcombank", "19036123456012", DX, "Khu A"],
    [4, "Phạm Văn Đức", "A04", "ACB", "257678859", DX, "Khu A"],
    [5, "Hoàng Thị Phượng", "A05", "VietinBank", "101234567890", DX, "Khu A"],
    [6, "Đỗ Thị Lan", "B01", "BIDV", "12010000123456", DX, "Khu B"],
    [7, "Vũ Văn Hải", "B02", "Agribank", "1500205123456", DX, "Khu B"],
    [8, "Ngô Thị Thu", "B03", "OceanBank", "0123456789", DX, "Khu B"],
    [9, "Bùi Văn Tâm", "B04", "Sacombank", "060123456789", DX, "Khu B"],
    [10, "Lý Thị Bích", "H01", "VPBank", "123456789", HD, "Khu 1"],
    [11, "Lý Thị Bích", "H01", "Viettel Money", "0905333405", HD, "Khu 1"],
    [12, "Trịnh Văn Long", "H02", "Ngân hàng Mặt Trăng", "0071000888999", HD, "Khu 1"],  # rejected in v1
]

V2 = [
    [1, "Nguyễn Thị Hường", "A01", "Vietcombank", "0011004567891", DX, "Khu A"],
    [2, "Trần Văn Nam", "A02", "MB", "0987654321", DX, "Khu A"],
    [3, "Lê Thị Mai", "A03", "ACB", "19036123456012", DX, "Khu A"],
    [5, "Hoàng Thị Phương", "A05", "VietinBank", "101234567890", DX, "Khu A"],
    [6, "Đỗ Thị Lan", "B07", "BIDV", "12010000123456", DX, "Khu B"],
    [7, "Vũ Văn Hải", "B02", "Agribank", "1500205123456", DX, "Khu B"],
    [8, "Ngô Thị Thu", "B03", "OceanBank", "0123456789", DX, "Khu B"],
    [9, "Đặng Thị Hoa", "B05", "VPBank", "88886666", DX, "Khu B"],
    [10, "Lý Thị Bích", "H01", "VPBank", "123456789", HD, "Khu 1"],
    [11, "Lý Thị Bích", "H01", "Viettel Money", "0905333405", HD, "Khu 1"],
    [12, "Trịnh Văn Long", "H02", "Vietcombank", "0071000888999", HD, "Khu 1"],
    [13, "Mai Văn Sơn", "H03", "Ngân hàng Sao Hỏa", "123123123", HD, "Khu 1"],  # rejected: unknown bank
]

FIXTURE = Path(__file__).parent / "fixtures" / "manifest-v1.json"


def sheet(path: Path, rows: list[list]) -> Path:
    return make_workbook(path, {"Danh sách": [HEADER, *rows]})
