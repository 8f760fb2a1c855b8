"""The manifest's JSON writer gives exactly the bytes of ``json.dump(data, ensure_ascii=False, indent=2)``."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qrsign.building import jsontext
from qrsign.building.pipeline import BuildOptions, build, write_json

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def standard(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
           | st.text())
keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.tuples(inner, inner)
                      | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@given(values)
def test_same_text_as_the_standard_library(value):
    assert jsontext.dumps(value) == standard(value)
    assert "".join(jsontext.chunks(value)) == standard(value)


@given(st.dictionaries(st.text(), values, max_size=5))
def test_top_level_dicts_in_pieces(value):
    assert "".join(jsontext.chunks(value)) == standard(value)


def test_special_numbers_and_subclasses():
    class Level(enum.IntEnum):
        HIGH = 3

    class Name(str):
        pass

    class Size(float):
        pass

    value = {"nan": math.nan, "inf": math.inf, "-inf": -math.inf, "enum": Level.HIGH, "name": Name("Chợ"),
             "size": Size(1.5), 1: "one", 2.5: [], False: {}, None: (), "big": 10**30, "neg": -0.0,
             "quote": 'a"\\\n\u2028\x00', Name("k"): Level.HIGH, Level.HIGH: Size(2.0)}
    assert jsontext.dumps(value) == standard(value)
    assert "".join(jsontext.chunks(value)) == standard(value)


@pytest.mark.parametrize("bad", [{1, 2}, object(), b"bytes", {"a": [dt.date(2026, 1, 1)]}])
def test_what_json_refuses_is_refused(bad):
    with pytest.raises(TypeError):
        json.dumps(bad)
    with pytest.raises(TypeError, match="not JSON serializable"):
        "".join(jsontext.chunks(bad))


def test_keys_json_refuses_are_refused():
    with pytest.raises(TypeError, match="keys must be"):
        jsontext.dumps({(1, 2): 3})


@pytest.fixture
def written_ahead(monkeypatch):
    """What each build hands :func:`write_json` as written already (its entries' texts by ``id``)."""
    from qrsign.building import pipeline

    seen: list[dict[int, str]] = []
    real = pipeline.write_json

    def write_json(path, data, known=None):
        seen.append(dict(known or {}))
        real(path, data, known)

    monkeypatch.setattr(pipeline, "write_json", write_json)
    return seen


def test_a_builds_manifest_is_what_json_dump_writes(tmp_path, written_ahead):
    built = build(EXAMPLES / "cho-mau.xlsx", tmp_path / "out", BuildOptions(jobs=1, date=dt.date(2026, 1, 15)))
    text = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert text == standard(built.manifest) + "\n"
    assert len(built.manifest["signs"]) > 1 and '\n    {\n      "row": ' in text
    assert written_ahead == [{}]  # one process: nothing is idle, nothing written ahead


@pytest.mark.parametrize("extra", [{}, {"formats": ("png",)}, {"combine": True}, {"split_by": "zone"},
                                   {"checklist": False}, {"since": "old"}])
def test_entries_written_ahead_are_the_entries_the_manifest_holds(tmp_path, extra, written_ahead):
    """With workers, the entries of the units back so far are written out while a worker is idle; the file
    must still be the JSON of the manifest the build returns, whatever the options add or change after."""
    date = dt.date(2026, 1, 15)
    if extra.get("since"):  # a build that knew every vendor but the first two: those two are new
        old = build(EXAMPLES / "cho-mau.xlsx", tmp_path / "old", BuildOptions(jobs=1, date=date)).manifest
        extra = {"since": {**old, "signs": old["signs"][2:]}}
    built = build(EXAMPLES / "cho-mau.xlsx", tmp_path / "out", BuildOptions(jobs=2, date=date, **extra))
    text = (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8")
    assert text == standard(built.manifest) + "\n"
    entries = [*built.manifest["signs"], *built.manifest["checklists"]]
    known = written_ahead[-1]
    assert known and set(known) <= {id(e) for e in entries}
    assert all(known[id(e)] == jsontext.item(e) for e in entries if id(e) in known)


def test_chunks_write_a_known_item_as_given():
    data = {"signs": [{"row": 1}, {"row": 2}], "files": [{"row": 1}]}
    known = {id(data["signs"][1]): "WRITTEN"}
    assert "".join(jsontext.chunks(data, known)) == standard(data).replace('{\n      "row": 2\n    }', "WRITTEN")
    every = {id(e): jsontext.item(e) for key in ("signs", "files") for e in data[key]}
    assert "".join(jsontext.chunks(data, every)) == standard(data)


def test_write_json_streams_every_piece(tmp_path):
    data = {"signs": [{"row": i, "name": f"Người {i}", "cell": [0.5, 1.0]} for i in range(300)], "empty": [],
            "summary": {"banks": {"MB": 3}}}
    write_json(tmp_path / "m.json", data)
    assert (tmp_path / "m.json").read_bytes() == (standard(data) + "\n").encode("utf-8")


def test_entries_written_ahead_are_bounded(tmp_path, monkeypatch, written_ahead):
    """A province's entries are not all held as text at once: at most ``AHEAD_ENTRIES``; the rest is written
    as before, a piece at a time, and the file is the same."""
    from qrsign.building import pipeline

    monkeypatch.setattr(pipeline, "AHEAD_ENTRIES", 3)
    built = build(EXAMPLES / "cho-mau.xlsx", tmp_path / "out", BuildOptions(jobs=2, date=dt.date(2026, 1, 15)))
    assert len(written_ahead[-1]) == 3 < len(built.manifest["signs"])
    assert (tmp_path / "out" / "manifest.json").read_text(encoding="utf-8") == standard(built.manifest) + "\n"
