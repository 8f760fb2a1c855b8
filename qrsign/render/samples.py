"""Made-up vendors for previews, examples, tests and benchmarks (deterministic, no real people).

Names use every Vietnamese tone mark; banks are spread over the large banks
and the e-wallets; account numbers have the shapes real ones have (leading
zeros, 13-19 digits, alphanumeric virtual accounts).
"""

from __future__ import annotations

import random

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý"]
MIDDLE = ["Thị", "Văn", "Ngọc", "Minh", "Thu", "Hữu", "Đức", "Thanh", "Quốc", "Kim", "Mỹ", "Xuân"]
GIVEN = ["Hường", "Lan", "Nam", "Hải", "Dũng", "Hằng", "Tuấn", "Phượng", "Quỳnh", "Ánh", "Đức", "Hiếu", "Nguyệt",
         "Thủy", "Vỹ", "Trâm", "Yến", "Lộc", "Khải", "Oanh", "Sương", "Tịnh", "Ẩn", "Ỷ"]
TRADES = ["Rau củ", "Thủy sản", "Thịt", "Trái cây", "Gạo", "Quần áo", "Tạp hóa", "Hoa", "Bánh kẹo", "Đồ khô"]
BANKS = ["VCB", "BIDV", "Vietinbank", "Agribank", "MB Bank", "Techcombank", "ACB", "VPBank", "Sacombank",
         "TPBank", "Viettel Money", "VNPT Money"]


def name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


def account(rng: random.Random) -> str:
    """An account number: 10-19 digits, sometimes with leading zeros."""
    length = rng.choice([10, 12, 13, 13, 14, 16, 19])
    zeros = rng.choice([0, 0, 1, 2])
    return ("0" * zeros + "".join(rng.choice("0123456789") for _ in range(length)))[:19]


def vendors(n: int, seed: int = 2026, market: str = "Chợ Đồng Xa", zones: int = 1) -> list[dict]:
    """``n`` vendor rows as dicts with sheet-like keys (name, stall, bank, account, trade, phone, zone)."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        zone = f"Khu {chr(65 + i % zones)}" if zones > 1 else None
        rows.append({
            "name": name(rng),
            "stall": f"{chr(65 + i % zones) if zones > 1 else ''}{i + 1}",
            "bank": rng.choice(BANKS),
            "account": account(rng),
            "trade": rng.choice(TRADES),
            "phone": "09" + "".join(rng.choice("0123456789") for _ in range(8)),
            "market": market,
            "zone": zone,
        })
    return rows
