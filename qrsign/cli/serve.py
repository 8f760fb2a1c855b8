"""``qrsign serve``: the local web page (the server stack loads only when this command runs)."""

from __future__ import annotations

import click

from qrsign.cli.app import handle_errors, lang_option, main
from qrsign.cli.console import say
from qrsign.messages import ui


@main.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port on 127.0.0.1 (0 or none: a free one).")
@click.option("--no-browser", is_flag=True, help="Do not open the browser; just print the link.")
@click.option("--max-upload-mb", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="Largest upload accepted, in MB.")
@lang_option
@handle_errors
def serve(port: int, no_browser: bool, max_upload_mb: int, lang: str) -> None:
    """Open qrsign as a page in the browser: check a list, build signs, read QR pictures, patrol, report.

    The page listens on 127.0.0.1 only (never on the network: other computers
    cannot open it) and opens only from the printed link, which carries a one-time
    token. Ctrl-C stops it and removes its temporary files.

    \b
    Example:
      qrsign serve
      qrsign serve --port 8765 --no-browser
    """
    from qrsign.web.server import Server

    server = Server(port=port, max_upload_mb=max_upload_mb, lang=lang)

    def ready() -> None:
        say(ui("serve.started", lang, url=server.url))
        if not no_browser:
            import webbrowser

            webbrowser.open(server.url)

    try:
        server.run(on_ready=ready)
    except KeyboardInterrupt:  # Ctrl-C is how the page is closed: uvicorn has shut down, the folder is removed
        pass
    say(ui("serve.stopped", lang))
