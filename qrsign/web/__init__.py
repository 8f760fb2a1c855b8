"""``qrsign serve``: a local web page over the public API, so a volunteer never needs a terminal.

A face beside :mod:`qrsign.cli`: it calls only :mod:`qrsign.api`, :mod:`qrsign.messages`, :mod:`qrsign.errors`
and :mod:`qrsign._version` (an import-linter contract says so). Nothing here is imported by ``qrsign --help``
or ``qrsign check``: the server stack (Starlette, uvicorn, Jinja2) loads when ``serve`` runs.

- :mod:`.security` — the protections every request passes (Host allow-list, token cookie, CSRF, body cap,
  headers);
- :mod:`.uploads` — multipart bodies streamed into one server-named folder per job;
- :mod:`.jobs` — long work (build, import, patrol) in a thread, one at a time, with progress;
- :mod:`.pages` — templates and the page wording of messages; :mod:`.views` — the flows;
- :mod:`.app` — the Starlette application; :mod:`.server` — uvicorn on 127.0.0.1.
"""
