"""Names typed in VNI / TCVN3 (qrsign/legacy.py, qrsign/names.py) and other name rules, up to the sign's holder line."""

from __future__ import annotations

import unicodedata

import pytest

from qrsign.core import legacy, names, text
from qrsign.errors import InvalidFormat
from qrsign.models import make_vendor
from qrsign.render.rules import check_file

from conftest import make_workbook

# Real names, as the public charts write them (typed by hand from the VNI-Windows and TCVN3 tables, not
# produced by qrsign's own tables).
VNI = [
    ("Nguyeãn Vaên A", "Nguyễn Văn A"),
    ("Traàn Thò Höôøng", "Trần Thị Hường"),
    ("Leâ Vaên Ñöùc", "Lê Văn Đức"),
    ("Phaïm Thò Thuùy", "Phạm Thị Thúy"),
    ("Voõ Vaên Kieät", "Võ Văn Kiệt"),
    ("Huyønh Taán Phaùt", "Huỳnh Tấn Phát"),
    ("Ñaëng Thò Myõ Leä", "Đặng Thị Mỹ Lệ"),
    ("Buøi Xuaân Höõu", "Bùi Xuân Hữu"),
    ("Ñoã Ngoïc AÙnh", "Đỗ Ngọc Ánh"),
    ("Döông Vaên Löïc", "Dương Văn Lực"),
    ("Tröông Thò Kim Loan", "Trương Thị Kim Loan"),
    ("Hoà Thò Thaûo", "Hồ Thị Thảo"),
    ("Lyù Thò Nhaøn", "Lý Thị Nhàn"),
    ("Nguyeãn Thò Kyø Duyeân", "Nguyễn Thị Kỳ Duyên"),
    ("Laâm Vaên Ñöùc", "Lâm Văn Đức"),
    ("Xin chaøo caùc baïn", "Xin chào các bạn"),
    ("NGUYEÃN VAÊN AÙNH", "NGUYỄN VĂN ÁNH"),
]
TCVN3 = [
    ("NguyÔn V¨n A", "Nguyễn Văn A"),
    ("TrÇn ThÞ H\u00adêng", "Trần Thị Hường"),
    ("Lª V¨n §øc", "Lê Văn Đức"),
    ("Ph¹m ThÞ Thóy", "Phạm Thị Thúy"),
    ("Vâ V¨n KiÖt", "Võ Văn Kiệt"),
    ("Huúnh TÊn Ph¸t", "Huỳnh Tấn Phát"),
    ("§Æng ThÞ Mü LÖ", "Đặng Thị Mỹ Lệ"),
    ("Bïi Xu©n H÷u", "Bùi Xuân Hữu"),
    ("§ç Ngäc ¸nh", "Đỗ Ngọc ánh"),
    ("D\u00ad¬ng V¨n Lùc", "Dương Văn Lực"),
    ("Hå ThÞ Th¶o", "Hồ Thị Thảo"),
    ("B¶o Th¾ng", "Bảo Thắng"),
    ("M\u00adêng Kh\u00ad¬ng", "Mường Khương"),
    ("Ninh B×nh", "Ninh Bình"),
    ("B¸t X¸t", "Bát Xát"),
    ("NGUYÔN V¡N AN", "NGUYỄN VĂN AN"),  # the ".VnTimeH" capitals font: lowercase codes drawn as capitals
]


@pytest.mark.parametrize("typed, expected", VNI)
def test_vni_names(typed, expected):
    found = legacy.detect(typed)
    assert found is not None and (found.encoding, found.text, found.certain) == ("VNI", expected, True)


@pytest.mark.parametrize("typed, expected", TCVN3)
def test_tcvn3_names(typed, expected):
    found = legacy.detect(typed)
    assert found is not None and (found.encoding, found.text, found.certain) == ("TCVN3", expected, True)


_TONED = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


def test_every_letter_of_both_tables():
    """All 67 lowercase letters (12 vowels × 6 tones, minus none, + đ) in both encodings, each in a word."""
    vni = {v: k for k, v in legacy.VNI_PAIRS.items() if k.islower()}
    vni.update({v: k for k, v in {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
                                   "î": "ỵ"}.items()})
    tcvn = {v: k for k, v in legacy.TCVN3.items()}
    covered = 0
    for letter in _TONED:
        if letter.isascii():
            continue
        covered += 1
        word = f"Lê Văn T{letter}n"  # "Lê Văn" makes the legacy form certain
        assert legacy.from_tcvn3("".join(tcvn.get(ch, ch) for ch in word)) == word, letter
        assert legacy.from_vni("".join(vni.get(ch, ch) for ch in word)) == word, letter
    assert covered == len(_TONED) - 6


@pytest.mark.parametrize("name", ["Nguyễn Văn A", "Đỗ Thị Lan", "Hoà", "Thuý", "Nguyễn Thị Tú", "José Martí",
                                  "NGUYỄN VĂN ÁNH", "Trương Quốc Khánh", "Lê Văn A. (Út)",
                                  unicodedata.normalize("NFD", "Nguyễn Thị Hường")])
def test_unicode_names_are_left_alone(name):
    assert legacy.detect(name) is None


def test_uncertain_conversion_is_refused():
    found = legacy.detect("Ng¸©ö Øæ")  # legacy bytes, but no conversion gives Vietnamese
    assert found is not None and not found.certain
    with pytest.raises(InvalidFormat) as info:
        text.clean_name("Ng¸©ö Øæ")
    assert info.value.code == "E-NAME-LEGACY"


def test_name_policy():
    r = names.parse("\ufeffNguyeãn Vaên A (vôï)")
    assert r.name == "Nguyễn Văn A"
    assert [(p.code, p.params) for p in r.problems] == [
        ("W-NAME-LEGACY", {"encoding": "VNI", "converted": "Nguyễn Văn A (vợ)"}),
        ("W-NAME-NOTE", {"note": "vợ", "holder": "NGUYEN VAN A"}),
    ]
    assert names.parse("\ufeffĐỗ Thị Lan").problems == ()
    assert names.without_notes("(chồng)") == ("(chồng)", [])


@pytest.mark.parametrize("name, code, needle", [
    ("Nguyễn Văn 😀", "E-NAME-CHARS", "😀"),
    ("王小明", "E-NAME-LETTERS", "U+738B"),
    ("Søren Nguyễn", "E-NAME-LETTERS", "U+00F8"),
    ("Nguyễn Vаn A", "E-NAME-SCRIPT", "U+0430"),  # Cyrillic а
    ("Nguyễn ★ An", "E-NAME-CHARS", "★"),
])
def test_not_vietnamese_letters_never_reach_the_holder(name, code, needle):
    with pytest.raises(InvalidFormat) as info:
        text.clean_name(name)
    assert info.value.code == code and needle in info.value.message("en")


def test_the_model_never_takes_legacy_text():
    with pytest.raises(Exception) as info:
        make_vendor(name="Nguyeãn Vaên A", bank_bin="VCB", account="0011004567891")
    err = info.value.errors[0]
    assert (err.code, err.params["converted"]) == ("E-NAME-LEGACY-TEXT", "Nguyễn Văn A")


def test_holder_line_never_shows_a_note():
    v = make_vendor(name="Lâm Văn Đức (chồng)", bank_bin="VCB", account="0011004567891")
    assert v.holder == "LAM VAN DUC"


def test_sheet_names(tmp_path):
    path = make_workbook(tmp_path / "ten.xlsx", {"Chợ": [
        ["Họ và tên", "Số quầy", "Ngân hàng", "Số tài khoản"],
        ["Nguyeãn Vaên A", "1", "VCB", "0011004567891"],
        ["TrÇn ThÞ H\u00adêng", "2", "VCB", "0011004567892"],
        ["Lâm Văn Đức (chồng)", "3", "VCB", "0011004567893"],
        ["\ufeffĐỗ Thị Lan", "4", "VCB", "0011004567894"],
        ["Ng¸©ö Øæ", "5", "VCB", "0011004567895"],
        ["王小明", "6", "VCB", "0011004567896"],
    ]})
    result = check_file(path)
    got = [(p.row, p.column, p.code, p.severity) for p in result.problems]
    assert got == [(2, "A", "W-NAME-LEGACY", "warning"), (3, "A", "W-NAME-LEGACY", "warning"),
                   (4, "A", "W-NAME-NOTE", "warning"), (6, "A", "E-NAME-LEGACY", "error"),
                   (7, "A", "E-NAME-LETTERS", "error")]
    assert [(vr.row, vr.vendor.name, vr.vendor.holder) for vr in result.vendors] == [
        (2, "Nguyễn Văn A", "NGUYEN VAN A"), (3, "Trần Thị Hường", "TRAN THI HUONG"),
        (4, "Lâm Văn Đức", "LAM VAN DUC"), (5, "Đỗ Thị Lan", "DO THI LAN")]
    msg = result.problems[0].message("en")
    assert "“Nguyễn Văn A”" in msg and "VNI" in msg
    assert "Nguyễn Văn A" in result.problems[0].message("vi")


COMMON = ("Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Quyền Khuê Nguyệt Thuở Gìn Giang "
          "Oanh Uyên Yến Ưng Ước Khoa Hoè Khuya Quý Huệ Thoả Hòa Tuấn Quân Xoan Phượng Nhi Thy Mỵ Ngoãn Khương Lưu "
          "Hữu Tuyết Duy Thụy Thùy Kiều Yêu Đoàn Quách Giáp Quốc Ánh Giêng Nghiêm Khoẻ Uy Ủy Oai Thị Văn Hường Đức "
          "Xuân Thu Đông Hạ Nhung Trang Hằng Ngọc Bích Loan Phúc Lộc Thọ Khánh Toàn Thắng Lợi Hưng Thịnh Vượng "
          "Cường Dũng Mạnh Hùng Tùng Sơn Hải Hà Tuyền Quyên Diệu Hiếu Thảo Nhàn Ngân Khôi Nguyên Bảo Châu Anh Tú "
          "Trinh Huyền Thủy Thúy Quỳnh Hoa Lan Cúc Mai Đào Liễu Khuyên Quế Thoa Thuận Xuyến Ngoan Quang Doãn Luyến")


def test_common_names_are_vietnamese_and_round_trip():
    assert all(legacy.is_syllable(w) for w in COMMON.split())
    assert legacy.detect(COMMON) is None
    tcvn = {v: k for k, v in legacy.TCVN3.items()}
    vni = {v: k for k, v in legacy.VNI_PAIRS.items() if k[0].islower() == k[1].islower()}
    for word in COMMON.split():
        lower = word.lower()
        assert legacy.detect("Lê Văn " + lower) is None
        as_tcvn = "".join(tcvn.get(ch, ch) for ch in "lª v¨n ")  # "lê văn " typed in TCVN3
        encoded = as_tcvn + "".join(tcvn.get(ch, ch) for ch in lower)
        assert legacy.from_tcvn3(encoded) == "lê văn " + lower, word
        encoded_vni = "".join(vni.get(ch) or {"ơ": "ô", "ư": "ö", "đ": "ñ", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
                                               "ỵ": "î"}.get(ch, ch) for ch in word)
        assert legacy.from_vni(encoded_vni) == word, word
