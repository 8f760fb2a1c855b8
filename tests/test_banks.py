"""Bank directory: what people type resolves to the right BIN, never a guess between two banks."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from importlib import resources
from pathlib import Path

import pytest

from qrsign.core import banks
from qrsign.core.banks import find
from qrsign.errors import AmbiguousBank, InvalidComponent, UnknownBank

SPELLINGS = [
    ("VCB", "970436", "Vietcombank"),
    ("Vietcombank", "970436", "Vietcombank"),
    ("vietcombank", "970436", "Vietcombank"),
    ("VIETCOMBANK", "970436", "Vietcombank"),
    ("  Vietcom  bank ", "970436", "Vietcombank"),
    ("Ngân hàng TMCP Ngoại thương Việt Nam", "970436", "Vietcombank"),
    ("vietinbank", "970415", "VietinBank"),
    ("VietinBank", "970415", "VietinBank"),
    ("Ngân hàng Công Thương", "970415", "VietinBank"),
    ("ngan hang cong thuong", "970415", "VietinBank"),
    ("NGÂN HÀNG CÔNG THƯƠNG", "970415", "VietinBank"),
    ("MB Bank", "970422", "MBBank"),
    ("MB", "970422", "MBBank"),
    ("mbbank", "970422", "MBBank"),
    ("Quân đội", "970422", "MBBank"),
    ("QUÂN ĐỘI", "970422", "MBBank"),
    ("quan doi", "970422", "MBBank"),
    ("NH Quân Đội", "970422", "MBBank"),
    ("LienVietPostBank", "970449", "LPBank"),
    ("Lien Viet Post Bank", "970449", "LPBank"),
    ("LPBank", "970449", "LPBank"),
    ("Lộc Phát", "970449", "LPBank"),
    ("Viettel Money", "971005", "ViettelMoney"),
    ("viettelpay", "971005", "ViettelMoney"),
    ("VNPT Money", "971011", "VNPTMoney"),
    ("970436", "970436", "Vietcombank"),
    (" 970436 ", "970436", "Vietcombank"),
    ("970415", "970415", "VietinBank"),
    ("BIDV", "970418", "BIDV"),
    ("Techcombank", "970407", "Techcombank"),
    ("TCB", "970407", "Techcombank"),
    ("ACB", "970416", "ACB"),
    ("Agribank", "970405", "Agribank"),
    ("Maritime Bank", "970426", "MSB"),
    ("Viet Capital Bank", "970454", "BVBank"),
    ("Bảo Việt", "970438", "BaoVietBank"),
]


@pytest.mark.parametrize("typed, bin_, short", SPELLINGS)
def test_spellings_resolve(typed, bin_, short):
    bank = find(typed)
    assert (bank.bin, bank.short_name) == (bin_, short)


@pytest.mark.parametrize("typed, bin_, short", SPELLINGS)
def test_nfd_input_resolves_the_same(typed, bin_, short):
    assert find(unicodedata.normalize("NFD", typed)).bin == bin_


def test_space_and_case_insensitive():
    for typed in ("mb bank", "MB  BANK", "\u00a0MB\u00a0Bank\u00a0", "Mb-Bank", "M.B. Bank", "mB bAnK"):
        assert find(typed).bin == "970422", typed


def test_970415_is_vietinbank_never_vietcombank():
    assert find("970415").short_name == "VietinBank"
    vcb = banks.by_bin("970436")
    assert vcb.short_name == "Vietcombank"
    for text in (vcb.short_name, vcb.name, vcb.swift, *vcb.aliases):
        if text:
            assert find(text).bin == "970436", text
    vietin = banks.by_bin("970415")
    assert all("vietcom" not in banks.key(t) for t in (vietin.short_name, vietin.name, *vietin.aliases))


@pytest.mark.parametrize(
    "bin_, short",
    [("970436", "Vietcombank"), ("970418", "BIDV"), ("970407", "Techcombank"), ("970422", "MBBank"),
     ("970416", "ACB"), ("970415", "VietinBank"), ("971005", "ViettelMoney"), ("971011", "VNPTMoney"),
     ("970449", "LPBank"), ("971133", "PVcomBankPay"), ("970412", "PVcomBank")],
)
def test_known_bins(bin_, short):
    assert banks.by_bin(bin_).short_name.replace(" ", "") == short


def test_wallets_are_not_swapped():
    assert find("Viettel Money").bin == "971005"
    assert find("VNPT Money").bin == "971011"
    assert banks.by_bin("971011").short_name == "VNPTMoney"
    assert banks.by_bin("971005").short_name == "ViettelMoney"


def test_bvb_is_ambiguous():
    with pytest.raises(AmbiguousBank) as info:
        find("BVB")
    err = info.value
    assert (err.code, err.field) == ("E-BANK-AMBIGUOUS", "bank")
    assert sorted(err.params["candidates"]) == ["BVBank", "BaoVietBank"]
    assert "BaoVietBank" in str(err) and "BVBank" in str(err)
    assert "BaoVietBank" in err.message("vi") and "BVBank" in err.message("vi")
    assert isinstance(err, InvalidComponent)


def test_unknown_bank_suggests_the_closest():
    with pytest.raises(UnknownBank) as info:
        find("Vietcombak")
    err = info.value
    assert (err.code, err.field, err.value) == ("E-BANK-UNKNOWN", "bank", "Vietcombak")
    assert err.params["suggestions"][0] == "Vietcombank"
    assert "Did you mean: Vietcombank" in str(err)
    assert "Có phải là: Vietcombank" in err.message("vi")


@pytest.mark.parametrize("typed, expected", [("Techcombak", "Techcombank"), ("Agribnk", "Agribank"),
                                             ("Sacombnak", "Sacombank")])
def test_typos_suggest(typed, expected):
    with pytest.raises(UnknownBank) as info:
        find(typed)
    assert expected in info.value.params["suggestions"]


def test_unknown_bin_and_nonsense():
    for typed in ("970999", "xyzzy", "Ngân hàng", "bank"):
        with pytest.raises(UnknownBank) as info:
            find(typed)
        assert info.value.code == "E-BANK-UNKNOWN", typed


def test_empty_bank():
    for typed in ("", "   ", None, "–"):
        with pytest.raises(UnknownBank) as info:
            find(typed)
        assert (info.value.code, info.value.field) == ("E-BANK-EMPTY", "bank")


#: Names that fit two banks by design: BVB (BaoVietBank / BVBank) and the branch pairs (HN / HCM BINs).
AMBIGUOUS_ON_PURPOSE = {"BVB", "IBK", "Kookmin", "KB Kookmin", "KEB Hana", "Hana"}


@pytest.mark.parametrize(
    "typed, candidates",
    [
        ("IBK", {"IBKHN", "IBKHCM"}),
        ("Kookmin", {"KookminHN", "KookminHCM"}),
        ("KEB Hana", {"KEBHanaHN", "KEBHanaHCM"}),
        ("Hana Bank", {"KEBHanaHN", "KEBHanaHCM"}),
    ],
)
def test_branch_pairs_are_ambiguous_not_guessed(typed, candidates):
    with pytest.raises(AmbiguousBank) as info:
        find(typed)
    assert set(info.value.params["candidates"]) == candidates


@pytest.mark.parametrize("typed, bin_", [("IBK HN", "970455"), ("IBK HCM", "970456"), ("Kookmin Hà Nội", "970462"),
                                         ("Kookmin HCM", "970463"), ("KEB Hana HN", "970467"),
                                         ("KEB Hana HCM", "970466")])
def test_branch_names_resolve(typed, bin_):
    assert find(typed).bin == bin_


def test_every_name_and_alias_resolves_to_its_own_bank():
    for bank in banks.directory():
        assert find(bank.bin) is bank
        for text in (bank.short_name, bank.name, bank.swift, *bank.aliases):
            if not text:
                continue
            try:
                assert find(text).bin == bank.bin, (bank.short_name, text)
            except AmbiguousBank as err:
                assert text in AMBIGUOUS_ON_PURPOSE, (bank.short_name, text)
                assert bank.short_name in err.params["candidates"]


def _shipped_rows() -> tuple[str, list[dict]]:
    raw = resources.files("qrsign.core").joinpath("data/banks.csv").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if line and not line.startswith("#")]
    return raw, list(csv.DictReader(io.StringIO("\n".join(lines))))


def test_shipped_table():
    raw, rows = _shipped_rows()
    assert unicodedata.is_normalized("NFC", raw)
    assert "\ufeff" not in raw
    assert len(rows) == 66
    bins = [r["bin"] for r in rows]
    assert len(set(bins)) == 66
    assert all(re.fullmatch(r"[0-9]{6}", b) for b in bins)
    assert bins == sorted(bins)
    assert all(r["short_name"].strip() and r["official_name_vi"].strip() for r in rows)
    directory = banks.directory()
    assert len(directory) == 66
    assert {b.bin for b in directory} == set(bins)
    for b in directory:
        for text in (b.short_name, b.name, *b.aliases):
            assert unicodedata.is_normalized("NFC", text) and text == text.strip()


def test_search_for_the_banks_command():
    hits = banks.directory().search("quân đội")
    assert hits[0].bin == "970422"
    assert all("quandoi" in "".join(banks.key(t) for t in (b.short_name, b.name, *b.aliases)) for b in hits)
    assert [b.bin for b in banks.directory().search("970415")] == ["970415"]


def test_bank_to_dict_and_label():
    vcb = banks.by_bin("970436")
    d = vcb.to_dict()
    assert set(d) == {"bin", "short_name", "name", "swift", "aliases", "former"}
    assert d["bin"] == "970436" and d["swift"] == "BFTVVNVX"
    assert vcb.label.startswith("Vietcombank – ")


# --------------------------------------------------------------------------------------------------
# issue 11: branch suffixes, suggestions that share a real word, former names


@pytest.mark.parametrize("typed, short", [
    ("Agribank chi nhánh Gia Lâm", "Agribank"),
    ("VCB - CN Hà Nội", "Vietcombank"),
    ("VietinBank CN Hải Dương", "VietinBank"),
    ("BIDV PGD Cầu Giấy", "BIDV"),
    ("BIDV - Phòng giao dịch Cầu Giấy", "BIDV"),
    ("BIDV Sở giao dịch 1", "BIDV"),
    ("Vietcombank - CN Hà Đông", "Vietcombank"),
    ("Techcombank (chi nhánh Thăng Long)", "Techcombank"),
    ("Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh Hà Nội", "IBKHN"),  # a branch that is a bank of its own
])
def test_branch_suffixes_are_ignored(typed, short):
    assert find(typed).short_name == short


def test_suggestions_share_a_real_word():
    with pytest.raises(UnknownBank) as info:
        find("Agribnk chi nhánh Gia Lâm")
    assert info.value.params["suggestions"] == ["Agribank"]
    with pytest.raises(UnknownBank) as info:
        find("Ngân hàng Gia Lâm")
    assert info.value.params["suggestions"] == []  # "ngân hàng" and the place name are no reason to suggest
    assert "Citibank" not in banks.directory().suggest("Agribank chi nhánh Gia Lâm xyz")


def test_former_names_resolve_with_their_year():
    neo = banks.by_bin("970444")
    assert neo.short_name == "VCBNeo" and "Ngoại thương Công nghệ số" in neo.name
    assert {"CB Bank", "CBBank", "Ngân hàng Xây dựng"} <= set(neo.former_names)
    for typed, bin_, until in [("CB Bank", "970444", 2025), ("Ngân hàng Xây dựng", "970444", 2025),
                               ("DongA Bank", "970406", 2025), ("LienVietPostBank", "970449", 2023),
                               ("Oceanbank", "970414", None), ("Maritime Bank", "970426", None),
                               ("Navibank", "970419", 2014)]:
        m = banks.match(typed)
        assert (m.bank.bin, m.former is not None) == (bin_, True), typed
        assert m.former.until == until, typed
    assert banks.match("VCBNeo").former is None and banks.match("LPBank").former is None
    assert banks.match("VCB").bank.bin == "970436"  # the new VCBNeo does not take Vietcombank's short name


def test_former_names_are_not_aliases_and_are_in_json():
    for bank in banks.directory():
        assert not set(bank.former_names) & set(bank.aliases), bank.short_name
    d = banks.by_bin("970444").to_dict()
    assert {"name": "CB Bank", "until": 2025} in d["former"]


def test_former_bank_name_in_a_sheet_is_a_warning(tmp_path):
    from qrsign.render.rules import check_file

    from conftest import make_workbook

    path = make_workbook(tmp_path / "nh.xlsx", {"Chợ": [
        ["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
        ["An", "1", "CB Bank", "0011004567891"],
        ["Bình", "2", "Agribank chi nhánh Gia Lâm", "0011004567892"],
        ["Cường", "3", "Oceanbank", "0011004567893"],
    ]})
    result = check_file(path)
    assert [(p.row, p.column, p.code, p.params) for p in result.problems] == [
        (2, "C", "W-BANK-FORMER-NAME", {"bank": "VCBNeo", "year": 2025}),
        (4, "C", "W-BANK-FORMER-NAME-UNDATED", {"bank": "MBV", "year": None}),
    ]
    assert [vr.vendor.bank_bin for vr in result.vendors] == ["970444", "970405", "970414"]
    assert "VCBNeo" in result.problems[0].message("en") and "2025" in result.problems[0].message("vi")


def test_banks_search_puts_the_bank_a_cell_would_get_first():
    """``qrsign banks "CB Bank"`` listed only NCB (its alias contains "cbbank"); a sheet cell gets VCBNeo."""
    from qrsign.core import banks as banksmod

    found = banksmod.directory().search("CB Bank")
    assert found[0].bin == "970444" and found[0].short_name == "VCBNeo"
    assert [b.bin for b in banksmod.directory().search("oceanbank")] == ["970414"]


def _update_script():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "tools" / "update_banks.py"
    spec = importlib.util.spec_from_file_location("update_banks", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_table_is_what_the_snapshot_and_the_corrections_give():
    """banks.csv is generated: every change to it is a deliberate change to the saved public snapshot or to the
    hand-kept corrections (run ``python tools/update_banks.py``), and it says where it came from."""
    script = _update_script()
    shipped = resources.files("qrsign.core").joinpath("data/banks.csv").read_text(encoding="utf-8")
    assert script.build() == shipped
    assert "GENERATED by tools/update_banks.py" in shipped and "snapshot 2026-10-02" in shipped
    assert script.SNAPSHOT.name in shipped


def test_a_correction_moves_an_alias_to_former_and_keeps_the_public_name(tmp_path):
    script = _update_script()
    snapshot = tmp_path / "public.csv"
    snapshot.write_text("bin,short_name,official_name_vi,swift_code,aliases\n"
                        "970444,CBBank,Ngân hàng Xây dựng,,CB Bank|CBB\n"
                        "970436,Vietcombank,Ngân hàng TMCP Ngoại Thương Việt Nam,BFTVVNVX,VCB\n", encoding="utf-8")
    local = tmp_path / "local.csv"
    local.write_text("bin,short_name,official_name_vi,swift_code,add_aliases,former\n"
                     "970444,VCBNeo,,,VCB Neo,CB Bank:2025\n", encoding="utf-8")
    text = script.build(snapshot, local, "test list")
    rows = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert rows == ["bin,short_name,official_name_vi,swift_code,aliases,former",
                    "970436,Vietcombank,Ngân hàng TMCP Ngoại Thương Việt Nam,BFTVVNVX,VCB,",
                    "970444,VCBNeo,Ngân hàng Xây dựng,,CBB|VCB Neo,CB Bank:2025"]
    assert "# Source: test list; file public.csv." in text
