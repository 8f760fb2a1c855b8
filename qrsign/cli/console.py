"""The terminal side of the CLI: output encoding, closed pipes, colour, progress, and click in Vietnamese.

Volunteers run qrsign on Windows laptops whose redirected output is cp1252 and
whose consoles may be set to cp1258; neither can encode precomposed Vietnamese
(“ệ”). :func:`setup_streams` switches such a stream to UTF-8 rather than dropping
letters, so the meaning survives. A reader that closes the pipe early
(``qrsign banks | head -1``) is not an error: the rest of the output goes to
the null device and the command ends with its usual status.

click's own texts (usage lines, headings, usage errors) are English; this module
puts the catalogue's words in their place, chosen from ``--lang`` / ``QRSIGN_LANG``
before click parses anything, because ``--help`` is handled while parsing.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

import click

from qrsign import _compat, api, messages

#: Letters a stream must be able to encode for Vietnamese to survive on it.
_PROBE = "Không tìm thấy “ệ” ✓ ✗ — …"


def early_lang(argv: Sequence[str] | None = None) -> str:
    """The language before click parses: ``--lang xx`` / ``--lang=xx`` in ``argv``, else ``QRSIGN_LANG``, else vi."""
    args = list(sys.argv[1:] if argv is None else argv)
    value = os.environ.get("QRSIGN_LANG", "vi")
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            value = args[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    value = value.strip().lower()[:2]
    return value if value in messages.LANGS else "vi"


# --------------------------------------------------------------------------------------------------
# encodings and pipes


def can_encode(encoding: str | None, sample: str = _PROBE) -> bool:
    try:
        sample.encode(encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def setup_streams() -> None:
    """Make stdout and stderr able to carry Vietnamese, and make a closed stdout pipe harmless."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None or isinstance(stream, PipeGuard):
            continue
        if not can_encode(getattr(stream, "encoding", None)) and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8", errors="backslashreplace")
            except (ValueError, io.UnsupportedOperation, OSError):
                pass
    if sys.stdout is not None and not isinstance(sys.stdout, PipeGuard):
        sys.stdout = PipeGuard(sys.stdout)


class PipeGuard:
    """A text stream proxy: once the reader has gone (EPIPE), writes go to the null device.

    The command then runs to its end and exits with its own status, and the
    interpreter's final flush does not print "Exception ignored … BrokenPipeError".
    """

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self.closed_pipe = False

    def _gone(self) -> None:
        self.closed_pipe = True
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)
        except (OSError, ValueError, io.UnsupportedOperation):
            pass

    def write(self, text: str) -> int:
        if self.closed_pipe:
            return len(text)
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._gone()
            return len(text)

    def flush(self) -> None:
        if self.closed_pipe:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._gone()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


# --------------------------------------------------------------------------------------------------
# foreign text on the terminal
#
# A payload, a file name, a cell or a manifest can carry control and escape sequences (an ANSI colour, an
# OSC 52 write to the clipboard hidden in a QR's field 59, a bidi override). Every line the CLI prints goes
# through :func:`say`, which shows them escaped (``\x1b``), so they never act on the terminal; the JSON
# outputs stay exact (:func:`json_text`).


def safe(text: object) -> str:
    """One foreign value (a holder's name, a file name) as it may be printed: controls, line breaks, bidi and
    zero-width characters shown as escapes."""
    return api.visible(str(text))


def printable(text: object) -> str:
    """Lines of output with any control or escape sequence foreign text brought into them shown escaped;
    the lines' own breaks stay."""
    return api.visible(str(text), keep="\n")


def say(text: object = "", *, err: bool = False, nl: bool = True) -> None:
    """``click.echo`` of :func:`printable` text: how every CLI line is printed."""
    click.echo(printable(text), err=err, nl=nl)


def json_text(text: str) -> str:
    """JSON as ``json.dumps(ensure_ascii=False)`` writes it, with the characters it leaves raw (DEL, C1
    controls, bidi and zero-width characters) written as ``\\uXXXX``: the same data, harmless on a terminal.

    Such characters can only stand inside JSON strings, where an escape means the same character.
    """
    return "\n".join(line if line.isprintable() else "".join(
        json.dumps(ch)[1:-1] if api.hidden_characters(ch) else ch for ch in line) for line in text.split("\n"))


def os_phrase(err: OSError | None = None, *, code: int | None = None, lang: str = "vi") -> str:
    """A catalogue phrase for an OS error (never the OS's English ``strerror``)."""
    number = code if code is not None else (err.errno if err is not None else None)
    if is_locked(err):
        return messages.ui("os.locked", lang)
    name = errno.errorcode.get(number or -1, "")
    if name == "EPERM":
        name = "EACCES"
    key = f"os.{name}"
    return messages.ui(key if key in messages.UI else "os.other", lang)


def is_locked(err: BaseException | None) -> bool:
    """True for Windows' sharing violation: another program (Excel) holds the file open."""
    if not isinstance(err, OSError):
        return False
    if getattr(err, "winerror", None) in (32, 33):  # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION
        return True
    return isinstance(err, PermissionError) and os.name == "nt"


#: The English ``detail`` texts the library passes (literal, or an OS strerror) → catalogue keys.
_DETAILS = {
    "permission denied": "os.EACCES",
    "is a folder": "os.EISDIR",
    "folder does not exist": "os.no_folder",
    "not found": "os.ENOENT",
    "file not found": "os.ENOENT",
    "outside the output folder": "os.outside",
    "no signs list": "detail.no_signs",
    "a sign without payload": "detail.sign_no_payload",
    "not a zip archive": "detail.not_zip",
    "the reading process stopped": "detail.reader_stopped",
}
for _code in (errno.ENOENT, errno.EACCES, errno.EPERM, errno.EISDIR, errno.ENOTDIR, errno.ENOSPC, errno.EROFS,
              errno.EEXIST, errno.ENAMETOOLONG, errno.EBUSY, errno.EPIPE, errno.EIO):
    _DETAILS.setdefault(os.strerror(_code).lower(), "os." + ("EACCES" if _code == errno.EPERM else
                                                             errno.errorcode[_code]))


def detail_phrase(detail: Any, lang: str) -> Any:
    """``detail`` in ``lang`` when it is one of the English phrases above; anything else unchanged."""
    if isinstance(detail, str):
        key = _DETAILS.get(detail.strip().lower())
        if key:
            return messages.ui(key, lang)
    return detail


def template_detail(detail: Any, lang: str) -> Any:
    """A template check's English detail ("cell.box[2]: a QR box must be square") in Vietnamese.

    The fragments (``tpl.*`` in the catalogue) are replaced longest first, whole words only; key names
    (``cell.box[2]``, ``min_size``) and values stay as the template file spells them.
    """
    import re

    if lang == "en" or not isinstance(detail, str):
        return detail
    pairs = sorted(((v[1], v[0]) for k, v in messages.UI.items() if k.startswith("tpl.")), key=lambda p: -len(p[0]))
    pattern = re.compile("|".join(rf"(?<![\w.\[]){re.escape(en)}(?![\w\]])" for en, _ in pairs))
    table = dict(pairs)
    return pattern.sub(lambda m: table[m.group(0)], detail)


# --------------------------------------------------------------------------------------------------
# colour and progress


def use_colour(stream: Any) -> bool:
    """Colour only on a terminal, and never with ``NO_COLOR`` set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


_MARK_COLOURS = {"✗": "red", "!": "yellow", "✓": "green"}


def colour_line(line: str, stream: Any) -> str:
    """``line`` with its leading ✗ / ! / ✓ mark coloured when ``stream`` is a terminal."""
    mark = line[:1]
    if mark in _MARK_COLOURS and use_colour(stream):
        return click.style(mark, fg=_MARK_COLOURS[mark], bold=True) + line[1:]
    return line


def plural(key: str, n: int, lang: str) -> str:
    """``term.signs`` → "1 biển" / "2 biển", "1 sign" / "2 signs" (forms separated by ``|``)."""
    forms = messages.ui(key, lang, n=n).split("|")
    return forms[0] if n == 1 or len(forms) == 1 else forms[1]


class Progress:
    """Progress on stderr, only when it is a terminal: a counter while reading, a bar when the total is known.

    The callback matches the library's ``progress: Callable[[int, int | None], None]``.
    """

    def __init__(self, label_key: str, lang: str, stream: Any = None, min_interval: float = 0.1) -> None:
        self.lang = lang
        self.label_key = label_key
        self.stream = stream if stream is not None else sys.stderr
        self.min_interval = min_interval
        self.last = 0.0
        self.shown = False
        self.reading = False
        self.read = 0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        reading = total is None
        if reading != self.reading and self.shown:  # reading is over: its last count, then a new line
            self._write(f"\r{messages.ui('term.progress_read', self.lang)}… {self.read}")
            self.close()
        self.reading = reading
        if reading:
            self.read = done
        final = total is not None and done >= total
        if not final and now - self.last < self.min_interval:
            return
        self.last = now
        label = messages.ui("term.progress_read" if reading else self.label_key, self.lang)
        if total:
            width = 30
            filled = int(width * min(done, total) / total)
            text = f"\r{label} [{'#' * filled}{'-' * (width - filled)}] {done}/{total}"
        else:
            text = f"\r{label}… {done}"
        self._write(text)

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):
            return
        self.shown = True

    def close(self) -> None:
        if self.shown:
            try:
                self.stream.write("\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass
            self.shown = False


def progress_for(label_key: str, lang: str, quiet: bool = False) -> Progress | None:
    """A :class:`Progress` when stderr is a terminal and output is wanted, else None."""
    if quiet:
        return None
    try:
        tty = sys.stderr.isatty()
    except (AttributeError, ValueError):
        tty = False
    return Progress(label_key, lang) if tty else None


# --------------------------------------------------------------------------------------------------
# click in the catalogue's words

#: click's msgids (see click's ``_()`` calls) → UI keys.
_CLICK_TEXTS = {
    "Usage:": "click.usage",
    "Options": "click.options",
    "Commands": "click.commands",
    "default: {default}": "click.default",
    "required": "click.required",
    "Show this message and exit.": "click.help",
    "Show the version and exit.": "click.version",
    "%(prog)s, version %(version)s": "click.version_text",
    "Aborted!": "click.aborted",
    "file": "click.file",
    "directory": "click.directory",
    "path": "click.path",
}
_click_lang = ["vi"]


def current_lang() -> str:
    """The language :func:`click_texts` was last given (the CLI resolves it before parsing)."""
    return _click_lang[0]


def _gettext(message: str) -> str:
    key = _CLICK_TEXTS.get(message)
    return messages.UI[key][0 if _click_lang[0] == "vi" else 1] if key else message


def _ngettext(singular: str, plural_: str, n: int) -> str:
    return singular if n == 1 else plural_


@contextlib.contextmanager
def click_texts(lang: str) -> Iterator[None]:
    """While open, click's help headings and built-in option texts are in ``lang``.

    click looks its texts up per call through a module global; the swap is in
    :func:`qrsign._compat.click_texts` (version-guarded, undone on exit).
    """
    _click_lang[0] = lang
    with _compat.click_texts(_gettext):
        yield


def _param_name(param: click.Parameter | None, fallback: str = "") -> str:
    if param is None:
        return fallback
    if isinstance(param, click.Argument):
        return (param.metavar or param.name or fallback).upper().removesuffix("...")
    return "/".join(param.opts) or fallback


def usage_message(err: click.UsageError, lang: str) -> str:
    """A catalogue message (what is wrong and how to fix it) for one of click's usage errors."""
    ui = messages.ui
    if isinstance(err, click.MissingParameter):
        param = err.param
        what_key = "usage.missing_argument" if isinstance(param, click.Argument) else "usage.missing_option"
        return ui("usage.missing", lang, what=ui(what_key, lang, name=_param_name(param, _hint(err))))
    if isinstance(err, click.NoSuchOption):
        text = ui("usage.no_such_option", lang, name=err.option_name)
        if err.possibilities:
            text += ui("usage.did_you_mean", lang, names=", ".join(sorted(err.possibilities)))
        return text
    if isinstance(err, click.BadOptionUsage):
        if "requires" in err.message:
            return ui("usage.needs_value", lang, name=err.option_name)
        if "does not take a value" in err.message:
            return ui("usage.no_value", lang, name=err.option_name)
    if isinstance(err, click.BadParameter):
        return ui("usage.invalid", lang, name=_param_name(err.param, _hint(err)),
                  detail=_bad_value(err, lang))
    text = err.message
    if text.startswith("Got unexpected extra argument"):
        args = text[text.find("(") + 1:text.rfind(")")]
        return ui("usage.extra", lang, args=args, example=_quoted_example(err.ctx, args))
    if text.startswith("No such command"):
        return ui("usage.no_such_command", lang, name=text.split(" ", 3)[-1].rstrip("."))
    return text


def _quoted_example(ctx: click.Context | None, extra: str) -> str:
    """The command as it was meant: the last path typed and the words after it, in double quotes.

    ``qrsign check Danh sach cho.xlsx`` reads "Danh" as the sheet and "sach cho.xlsx" as extra
    arguments; the fix to show is ``qrsign check "Danh sach cho.xlsx"``.
    """
    if ctx is None:
        return f'qrsign check "{extra}"'
    first = ""
    for param in ctx.command.params:
        if isinstance(param, click.Argument) and ctx.params.get(param.name or "") is not None:
            value = ctx.params[param.name or ""]
            first = str(value[-1] if isinstance(value, (tuple, list)) and value else value)
    joined = f"{first} {extra}".strip()
    return f'{ctx.command_path} "{joined}"'


def _hint(err: click.MissingParameter | click.BadParameter) -> str:
    hint = err.param_hint
    return hint if isinstance(hint, str) else " / ".join(hint or ())


def _bad_value(err: click.BadParameter, lang: str) -> str:
    """The reason part of a bad value: choices, numbers, ranges and paths, from the typed parameter."""
    ui = messages.ui
    value = getattr(err, "qrsign_value", None)
    text = err.message
    param_type = err.param.type if err.param is not None else None
    quoted = text.split("'")[1] if text.count("'") >= 2 else (value if value is not None else "")
    if isinstance(param_type, click.Choice):
        return ui("usage.choose", lang, value=quoted, choices=", ".join(map(str, param_type.choices)))
    if isinstance(param_type, click.IntRange) and "is not in the range" in text:
        number, _, rng = text.partition(" is not in the range ")
        return ui("usage.range", lang, value=number, range=rng.rstrip("."))
    if isinstance(param_type, (click.types.IntParamType, click.types.FloatParamType)):
        return ui("usage.not_int", lang, value=quoted)
    for phrase, key in ((" does not exist.", "usage.path_missing"), (" is a directory.", "usage.path_is_dir"),
                        (" is a file.", "usage.path_is_file"), (" is not readable.", "usage.path_unreadable"),
                        (" is not writable.", "usage.path_unwritable")):
        if text.endswith(phrase):
            return ui(key, lang, value=quoted)
    return text


#: click's type names shown as metavars, in Vietnamese (choices keep their [a|b] list).
_METAVARS_VI = {"TEXT": "CHỮ", "PATH": "ĐƯỜNG_DẪN", "INTEGER RANGE": "SỐ", "INTEGER": "SỐ", "FILENAME": "FILE"}


def command_path(ctx: click.Context | None) -> str:
    return ctx.command_path if ctx is not None else "qrsign"


def fill_help(command: click.Command, path: str, lang: str) -> None:
    """Put the catalogue's help for ``command`` (key ``help.<path>``) and its options in place."""
    idx = 0 if lang == "vi" else 1
    key = "help." + (path or "main")
    if key in messages.UI:
        command.help = messages.UI[key][idx]
        command.short_help = None
    if not hasattr(command, "_qrsign_options_metavar"):
        command._qrsign_options_metavar = command.options_metavar  # type: ignore[attr-defined]
    command.options_metavar = ("[TUỲ_CHỌN]" if lang == "vi" else command._qrsign_options_metavar)  # type: ignore
    if isinstance(command, click.Group) and lang == "vi":
        command.subcommand_metavar = "LỆNH [THAM_SỐ]..."
    elif isinstance(command, click.Group):
        command.subcommand_metavar = "COMMAND [ARGS]..."
    for param in command.params:
        if isinstance(param, click.Argument):
            _argument_metavar(param, idx)
            continue
        if not isinstance(param, click.Option):
            continue
        if param.name == "lang":
            param.show_default = "vi, hoặc $QRSIGN_LANG" if lang == "vi" else "vi, or $QRSIGN_LANG"
        if not hasattr(param, "_qrsign_metavar"):
            param._qrsign_metavar = param.metavar  # type: ignore[attr-defined]
        original = param._qrsign_metavar  # type: ignore[attr-defined]
        if original is None and not param.is_flag and lang == "vi":
            param.metavar = _METAVARS_VI.get(param.type.name.upper(), original)
        else:
            param.metavar = original
        for opt_key in (f"opt.{path}.{param.name}", f"opt.{param.name}"):
            if opt_key in messages.UI:
                param.help = messages.UI[opt_key][idx]
                break


def _argument_metavar(param: click.Argument, idx: int) -> None:
    """An argument's name in usage lines and errors, in the language (``SHEET`` → ``DANH_SÁCH``).

    The catalogue's ``metavar.<NAME>`` entry is looked up by the English name without ``...``, which is
    kept: ``IMAGE_OR_FOLDER...`` → ``ẢNH_HOẶC_THƯ_MỤC...``.
    """
    if not hasattr(param, "_qrsign_metavar"):
        param._qrsign_metavar = param.metavar  # type: ignore[attr-defined]
    original = param._qrsign_metavar  # type: ignore[attr-defined]
    english = (original or param.name or "").upper()
    names = messages.UI.get(f"metavar.{english.removesuffix('...')}")
    if not names:
        param.metavar = original
        return
    shown = names[idx]
    if original is None and not param.required:  # as click shows an optional argument it names itself
        shown = f"[{shown}]"
    if english.endswith("...") or (original is None and param.nargs != 1):
        shown += "..."
    param.metavar = shown


def echo_error(text: str, hint: str | None = None) -> None:
    say(text, err=True)
    if hint:
        say(hint, err=True)


# --------------------------------------------------------------------------------------------------
# the click classes the CLI is built with

#: Usage errors exit like any unusable input (see qrsign.cli.main).
EXIT_USAGE = 2


class QrsignCommand(click.Command):
    """A command whose help comes from the catalogue, in the language resolved before click parses."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = current_lang()
        fill_help(self, _help_path(ctx), lang)
        super().format_help(ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option_in_lang(super().get_help_option(ctx))


class QrsignGroup(click.Group):
    """The qrsign group: streams made safe, click's texts and usage errors in the catalogue's words."""

    command_class = QrsignCommand

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = current_lang()
        _fill_all(self, _help_path(ctx), lang)
        super().format_help(ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _help_option_in_lang(super().get_help_option(ctx))

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = early_lang(argv)
        setup_streams()
        try:
            with click_texts(lang):
                _fill_all(self, "", lang)
                rv = super().main(argv, prog_name or "qrsign", complete_var, standalone_mode=False, **extra)
        except click.UsageError as err:
            text = f"{messages.ui('error', lang)}: {usage_message(err, lang)}"
            hint = messages.ui("usage.see_help", lang, command=command_path(err.ctx))
            echo_error(text, hint)
            if not standalone_mode:
                raise
            sys.exit(EXIT_USAGE)
        except click.exceptions.Abort:
            say("\n" + messages.ui("cli.stopped", lang), err=True)
            if not standalone_mode:
                raise
            sys.exit(130)
        if not standalone_mode:
            return rv
        sys.exit(rv if isinstance(rv, int) else 0)


QrsignGroup.group_class = QrsignGroup


def _help_option_in_lang(option: click.Option | None) -> click.Option | None:
    """click creates -h/--help once with its English text; give it the catalogue's, in today's language."""
    if option is not None:
        option.help = messages.ui("opt.help", current_lang())
    return option


def _help_path(ctx: click.Context | None) -> str:
    """``build`` for ``qrsign build``, ``templates.preview`` for ``qrsign templates preview``, '' for qrsign."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.append(ctx.info_name or "")
        ctx = ctx.parent
    return ".".join(reversed(names))


def _fill_all(command: click.Command, path: str, lang: str) -> None:
    fill_help(command, path, lang)
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            _fill_all(sub, f"{path}.{name}" if path else name, lang)


def problem_line(p, lang: str) -> str:
    """``✗ trang “Khu A”, dòng 17, cột E (Số tài khoản): message``."""
    mark = "✗" if p.severity == "error" else "!"
    loc = messages.where(lang, sheet=p.sheet, row=p.row, column=p.column, field=p.field)
    return f"{mark} {loc}: {p.message(lang)}" if loc else f"{mark} {p.message(lang)}"
