"""Dataclasses get their methods from code compiled once, into a ``.pyc``, not at every start of qrsign.

Why: ``dataclasses`` writes each class's ``__init__``, ``__repr__``, ``__eq__``
(and for a frozen class ``__setattr__``, ``__delattr__``, ``__hash__``) as
source text and compiles it with ``exec`` when the class is defined, on every
start of the program. A build's main process compiled about 460 such texts
(about 250 for qrsign's own classes, the rest for pydantic's, annotated_types'
and the other libraries' it loads): 50-60 ms of the serial start before the
first row is checked, a twentieth of a 1,000-sign build (``benchmarks/README.md``,
0.3.9).

How: :mod:`qrsign._dataclass_code_data` is generated from those very texts
(``python -m qrsign._dataclass_code --write``). It holds each text, and the same
text as code of the module, so Python's own bytecode cache keeps it compiled.
:func:`qrsign._compat.precompiled_dataclasses`, in qrsign's own program only
(:func:`qrsign.cli.main.run`), gives ``dataclasses`` an ``exec``
(:func:`exec_with`) that looks the text up and, when it is there *exactly*,
defines the function from the compiled code instead of compiling the text
again. Anything else (a class changed since the data was generated, another
version of a library, another Python's texts, an unusual call) goes to the real
``exec``. The methods are the same either way: their code is equal but for the
file and line numbers a traceback shows. ``tests/test_dataclass_code.py`` checks
that each compiled function is the compilation of its text, that the data has
every text of qrsign's own classes, and that a build is the same with it and
without.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Callable, Mapping
from types import CodeType, FunctionType
from typing import Any

#: What every text ``dataclasses`` compiles begins with (``_create_fn``, Python 3.11 and 3.12).
PREFIX = "def __create_fn__("


def available() -> bool:
    """Whether the data can be loaded as compiled code: its bytecode is cached, or can be written now.

    Without a ``.pyc`` (``PYTHONDONTWRITEBYTECODE`` in a source checkout), loading the data would compile its
    source, which takes longer than the compilations it saves.
    """
    import importlib.util
    import os

    source = os.path.join(os.path.dirname(__file__), "_dataclass_code_data.py")
    try:
        cached = importlib.util.cache_from_source(source)
    except NotImplementedError:  # no bytecode cache on this interpreter
        return False
    return os.path.exists(cached) or not sys.dont_write_bytecode


def compiled() -> dict[str, CodeType]:
    """Each text of :mod:`qrsign._dataclass_code_data`, and the code of the ``__create_fn__`` it defines."""
    from qrsign import _dataclass_code_data as data

    found: dict[str, CodeType] = {}
    for i, text in enumerate(data.TEXTS):
        code = getattr(data, f"_{i}").__code__
        if code.co_name == "__create_fn__" and not code.co_freevars:  # what the generator writes, nothing else
            found[text] = code
    return found


def exec_with(codes: Mapping[str, CodeType] | Callable[[], Mapping[str, CodeType]]) -> Any:
    """An ``exec`` for ``dataclasses``: a text of ``codes``, given a module's namespace and an empty one for the
    function, defines ``__create_fn__`` there from its compiled code, as ``exec`` of the text would; anything
    else is the real ``exec``. ``codes`` may be a function that makes them (:func:`compiled`), called at the
    first class defined: a command that defines none (``--help``, ``--version``) does not load the data."""
    load = codes if callable(codes) else lambda: codes
    known: list[Mapping[str, CodeType]] = []  # the codes, once loaded

    def exec_(source: Any, globals: Any = None, locals: Any = None, /) -> None:  # noqa: A002 - exec's names
        if not known:
            known.append(load())
        code = known[0].get(source) if type(source) is str else None
        if (code is None or type(globals) is not dict or "__builtins__" not in globals
                or type(locals) is not dict or locals):
            if type(source) is str:  # as dataclasses compiles it: without this module's ``from __future__``
                source = compile(source, "<string>", "exec", dont_inherit=True)
            builtins.exec(source, globals, locals)
            return
        locals["__create_fn__"] = FunctionType(code, globals)

    return exec_


# --------------------------------------------------------------------------------------------------
# generating the data

#: Run in a fresh interpreter: every text ``dataclasses`` compiles while every module of qrsign is imported (for
#: qrsign's classes and for those of the libraries they load: pydantic, annotated_types, click …), one JSON list
#: ``[module, text]`` a line.
_RECORD = """
import builtins, dataclasses, importlib, json, pkgutil, sys
seen = {}
def record(source, globals=None, locals=None, /):
    if type(source) is str and source.startswith("def __create_fn__(") and type(globals) is dict:
        seen.setdefault(source, str(globals.get("__name__", "")))
    builtins.exec(source, globals, locals)
dataclasses.exec = record
import qrsign
for info in pkgutil.walk_packages(qrsign.__path__, "qrsign."):
    if not info.name.startswith("qrsign._dataclass_code"):
        importlib.import_module(info.name)
for source, module in seen.items():
    print(json.dumps([module, source]))
"""


def recorded() -> list[tuple[str, str]]:
    """``(module, text)`` of every text ``dataclasses`` compiles while qrsign's modules are imported, in order."""
    import json
    import subprocess

    out = subprocess.run([sys.executable, "-c", _RECORD], capture_output=True, text=True, check=True,
                         encoding="utf-8").stdout
    return [(module, text) for module, text in map(json.loads, filter(str.strip, out.splitlines()))]


def missing_of_qrsign(texts: tuple[str, ...]) -> list[str]:
    """The texts of qrsign's own classes that ``texts`` lacks (a class added or changed since they were written).
    The libraries' texts are not asked for: another version of a library only makes its classes compile again."""
    known = set(texts)
    return [text for module, text in recorded() if module.split(".")[0] == "qrsign" and text not in known]


def module_text(texts: list[str]) -> str:
    """The source of :mod:`qrsign._dataclass_code_data` for ``texts``: each text as it is, at the start of its
    lines as ``exec`` reads it (so its code differs from ``exec``'s only by its file and line numbers), and its
    function kept under a name of its own."""
    lines = ['"""Generated by ``python -m qrsign._dataclass_code --write``: do not edit (see qrsign._dataclass_code).',
             "",
             f"Python {sys.version_info[0]}.{sys.version_info[1]}'s texts of {len(texts)} methods of qrsign's classes"
             " and its libraries'.",
             '"""', "", "# fmt: off", f"PYTHON = {tuple(sys.version_info[:2])!r}", "TEXTS = ("]
    lines += [f"    {text!r}," for text in texts]
    lines += [")", ""]
    for i, text in enumerate(texts):
        if not text.startswith(PREFIX):
            raise ValueError(f"not a text of dataclasses: {text[:40]!r}")
        lines += ["", text, f"_{i} = __create_fn__"]
    lines += ["", "del __create_fn__"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """``python -m qrsign._dataclass_code --write``: regenerate the data; without ``--write``: exit 1 when it
    lacks a text of qrsign's own classes (one was added or changed)."""
    from pathlib import Path

    args = sys.argv[1:] if argv is None else argv
    if "--write" in args:
        path = Path(__file__).with_name("_dataclass_code_data.py")
        path.write_text(module_text([text for _, text in recorded()]), encoding="utf-8", newline="\n")
        return 0
    from qrsign import _dataclass_code_data as data

    return 1 if missing_of_qrsign(data.TEXTS) else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
