"""The methods of the dataclasses qrsign loads, compiled ahead (qrsign._dataclass_code): the same code, and current."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from types import CodeType

import pytest

from qrsign import _compat, _dataclass_code
from qrsign import _dataclass_code_data as data

ROOT = Path(__file__).resolve().parents[1]
same_python = pytest.mark.skipif(sys.version_info[:2] != data.PYTHON,
                                 reason=f"the data holds Python {data.PYTHON}'s texts")


@pytest.fixture(scope="module")
def child_env(tmp_path_factory) -> dict[str, str]:
    """A fresh interpreter's environment: this checkout, its bytecode cached (the data is used only then) in a
    folder of the module's own, never in the checkout."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(PYTHONPATH=str(ROOT), PYTHONPYCACHEPREFIX=str(tmp_path_factory.mktemp("pyc")))
    return env


def _as_exec_wrote_it(code: CodeType, offset: int) -> CodeType:
    """``code`` (and the functions in it) with the file and line numbers ``exec`` of its text would have given."""
    consts = tuple(_as_exec_wrote_it(c, offset) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename="<string>", co_firstlineno=code.co_firstlineno - offset, co_consts=consts)


def _names(code: CodeType) -> list[str]:
    """The qualified names of ``code`` and the functions in it (``==`` of code objects leaves them out)."""
    return [code.co_qualname] + [n for c in code.co_consts if isinstance(c, CodeType) for n in _names(c)]


def _compiled_from(text: str) -> CodeType:
    """What ``exec(text)`` in ``dataclasses`` compiles (which has no ``from __future__`` import, as the data)."""
    (code,) = [c for c in compile(text, "<string>", "exec", dont_inherit=True).co_consts if isinstance(c, CodeType)]
    return code


def test_each_compiled_function_is_the_compilation_of_its_text():
    """The data pairs every text with the code Python makes of that very text, equal to ``exec``'s but for the file
    and line numbers: a text paired with another's code (a data file edited, or written wrongly) would give a
    class the wrong ``__init__``."""
    codes = _dataclass_code.compiled()
    assert len(codes) == len(data.TEXTS) > 300
    for text, code in codes.items():
        assert text.startswith(_dataclass_code.PREFIX)
        assert _as_exec_wrote_it(code, code.co_firstlineno - 1) == _compiled_from(text), text[:80]
        assert _names(code) == _names(_compiled_from(text))


def test_two_texts_compile_to_different_code():
    """The comparison above can tell texts apart: the first two classes' ``__init__`` differ."""
    inits = [t for t in data.TEXTS if "\n def __init__(" in t][:2]
    assert _compiled_from(inits[0]) != _compiled_from(inits[1])


@same_python
def test_the_data_covers_every_class_of_qrsign():
    """Every text ``dataclasses`` compiles for a class of qrsign is in the data: a class added or changed without
    ``python -m qrsign._dataclass_code --write`` fails here (it would only be slower)."""
    assert _dataclass_code.main([]) == 0, "run: python -m qrsign._dataclass_code --write"


def test_an_unknown_text_or_an_unusual_call_goes_to_the_real_exec():
    text = data.TEXTS[0]
    (fake,) = [c for c in compile("def __create_fn__():\n def f(self):\n  return 'compiled ahead'\n return f",
                                  "<ahead>", "exec").co_consts if isinstance(c, CodeType)]
    exec_ = _dataclass_code.exec_with({text: fake})
    module = {"__builtins__": __builtins__, "__name__": "m"}

    ns: dict = {}
    exec_(text, module, ns)  # known: taken from the code given
    assert ns["__create_fn__"]()(None) == "compiled ahead" and ns["__create_fn__"].__globals__ is module
    assert ns["__create_fn__"].__code__.co_filename == "<ahead>"

    for globals_, locals_ in (({"__name__": "m"}, {}), (module, {"x": 1})):  # no builtins yet; a used namespace
        ns = dict(locals_)
        exec_(text, globals_, ns)
        assert ns["__create_fn__"].__code__.co_filename == "<string>"  # the real exec compiled the text

    ns = {}
    exec_("def __create_fn__():\n return 7", module, ns)
    assert ns["__create_fn__"]() == 7


def test_a_text_compiled_on_the_spot_is_compiled_as_dataclasses_would():
    """``dataclasses`` has no ``from __future__ import annotations``, qrsign's modules do, and ``exec`` takes its
    caller's: a text the data lacks keeps its annotations evaluated, as without qrsign."""
    exec_ = _dataclass_code.exec_with({})
    ns: dict = {}
    exec_("def __create_fn__(_type_x):\n def __init__(self, x: _type_x): pass\n return __init__",
          {"__builtins__": __builtins__}, ns)
    assert ns["__create_fn__"](int).__annotations__ == {"x": int}


def test_a_library_callers_process_is_left_alone(monkeypatch):
    monkeypatch.setattr(_compat, "_own_process", False)
    before = vars(dataclasses).get("exec")
    assert _compat.precompiled_dataclasses() is False
    assert vars(dataclasses).get("exec") is before


def test_without_cached_bytecode_the_data_is_not_loaded(monkeypatch, tmp_path):
    """Compiling the data's source would cost more than it saves: no ``.pyc`` and none to be written, no use."""
    import importlib.util

    monkeypatch.setattr(importlib.util, "cache_from_source", lambda source: str(tmp_path / "none.pyc"))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert _dataclass_code.available() is False
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    assert _dataclass_code.available() is True


_BUILD = """
import dataclasses, json, sys
from qrsign import _compat, _dataclass_code
_compat._own_process = True
assert _compat.precompiled_dataclasses()
ours, codes, hits = vars(dataclasses)["exec"], _dataclass_code.compiled(), []
def counting(source, globals=None, locals=None, /):
    hits.append(source in codes)
    ours(source, globals, locals)
dataclasses.exec = counting
import datetime as dt
from qrsign import api
result = api.build(sys.argv[1], sys.argv[2], jobs=1, date=dt.date(2026, 1, 15))
print(json.dumps({"hits": sum(hits), "files": {f["file"]: f["sha256"] for f in result.manifest["files"]},
                  "signs": result.manifest["signs"], "problems": [p.model_dump() for p in result.check.problems]}))
"""


@same_python
def test_a_build_with_the_compiled_methods_is_the_build_without(tmp_path, child_env):
    """End to end: a build whose classes took their methods from the data (in a fresh process, hundreds of them)
    writes the same files, signs and problems as one whose classes compiled them (this process)."""
    import datetime as dt

    from qrsign import api

    example = ROOT / "examples" / "cho-mau.csv"
    out = subprocess.run([sys.executable, "-c", _BUILD, str(example), str(tmp_path / "compiled")], env=child_env,
                         capture_output=True, text=True, timeout=180, check=True, encoding="utf-8").stdout
    compiled = json.loads(out)
    plain = api.build(example, tmp_path / "plain", jobs=1, date=dt.date(2026, 1, 15))
    assert compiled["hits"] > 200
    assert compiled["files"] == {f["file"]: f["sha256"] for f in plain.manifest["files"]}
    assert compiled["signs"] == json.loads(json.dumps(plain.manifest["signs"]))
    assert compiled["problems"] == json.loads(json.dumps([p.model_dump() for p in plain.check.problems]))


_PROGRAM = """
import sys, dataclasses
from qrsign.cli import main
def done(code=0):
    print(vars(dataclasses).get("exec").__module__, "qrsign._dataclass_code_data" in sys.modules)
    sys.exit(0)
main.exit_now = done
sys.argv = ["qrsign", *sys.argv[1:]]
main.run()
"""


@pytest.mark.parametrize(("args", "loaded"), [(["--version"], "False"), (["check", "SHEET", "--json"], "True")])
def test_the_program_compiles_the_classes_ahead_and_loads_the_data_when_one_is_defined(child_env, args, loaded):
    """``qrsign`` itself (``run``) installs it before a command loads its modules; the data is loaded at the
    first class defined after that (``check`` defines many), never by ``--version``."""
    args = [str(ROOT / "examples" / "cho-mau.csv") if a == "SHEET" else a for a in args]
    out = subprocess.run([sys.executable, "-c", _PROGRAM, *args], env=child_env, capture_output=True, text=True,
                         timeout=120, check=True, encoding="utf-8")
    assert out.stdout.split()[-2:] == ["qrsign._dataclass_code", loaded]
