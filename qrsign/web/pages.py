"""The pages' templates (Jinja2, autoescaped) and their words: every text comes from the catalogue.

Messages are rendered with ``on_page=True``: where the catalogue has page wording (``CODE.page``), a message
that tells a terminal user to type a command points to the page instead.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from qrsign import messages
from qrsign._version import __version__
from qrsign.errors import QrsignError

HERE = Path(__file__).parent
#: Severity in words as well as colour.
SEVERITY_KEYS = {"error": "web.severity.error", "warning": "web.severity.warning"}


@functools.cache
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(version=__version__, field_name=messages.field_name)
    return env


def render(name: str, lang: str, **context: Any) -> str:
    """A page in ``lang``; ``t(key, **params)`` in the template is the catalogue's UI text."""
    def t(key: str, **params: Any) -> str:
        return messages.ui(key, lang, **params)

    return environment().get_template(name).render(t=t, lang=lang, other_lang="en" if lang == "vi" else "vi",
                                                    **context)


def problem_text(p: Any, lang: str) -> str:
    """A row's problem (a :class:`~qrsign.models.Problem`) in the page's wording."""
    return messages.render(p.code, lang, on_page=True, field=p.field, value=p.value, **p.params)


def error_text(err: QrsignError, lang: str, shown: dict[str, str] | None = None) -> str:
    """A typed error in the page's wording (every part of an error that gathers several).

    ``shown`` maps the server's names of stored files to the names the user knows them by: a message names
    the user's file, never the server's temporary folder.
    """
    parts = getattr(err, "errors", None) or [err]
    shown = shown or {}
    return "; ".join(messages.render(e.code, lang, on_page=True, field=e.field, value=shown.get(str(e.value), e.value),
                                     **{k: shown.get(str(v), v) for k, v in e.params.items()})
                     for e in parts)


def severity(value: str, lang: str) -> str:
    return messages.ui(SEVERITY_KEYS.get(value, "web.severity.warning"), lang)
