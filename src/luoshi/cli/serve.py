"""``luoshi serve`` and ``luoshi demo``: the web dashboard under uvicorn."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from luoshi.cli._common import err_console, report_error
from luoshi.cli.store import DbOption
from luoshi.config import Settings
from luoshi.errors import LuoshiError
from luoshi.store import Store, ingest_paths, open_store
from luoshi.store.search import index_missing

__all__ = ["build_demo_store", "proxy_note", "register"]

HostOpt = Annotated[str, typer.Option("--host", help="Address to listen on.")]
PortOpt = Annotated[int, typer.Option("--port", help="Port to listen on.", min=1, max=65535)]
SAMPLE = Path(__file__).resolve().parents[1] / "sample"


def _demo_builder() -> Callable[..., Any] | None:
    """The demo corpus's builder, when this installation ships it."""
    try:
        from luoshi.demo import build_demo  # type: ignore[attr-defined, unused-ignore]
    except ImportError:
        return None
    builder: Callable[..., Any] = build_demo
    return builder


def build_demo_store(url: str, *, on_progress: Callable[..., Any] | None = None) -> Store:
    """A migrated store at ``url`` filled with the fictional demo data."""
    store = open_store(url)
    store.migrate()
    builder = _demo_builder()
    if builder is not None:
        builder(store, on_progress=on_progress)
    else:  # an installation without the demo corpus: the bundled fictional sample
        ingest_paths(store, [SAMPLE])
    return store


def _run(app: Any, host: str, port: int, **options: Any) -> None:
    import uvicorn

    uvicorn.run(app, host=host, port=port, **options)


def _run_workers(host: str, port: int, workers: int, **options: Any) -> None:
    """Several uvicorn worker processes sharing one listening socket, each building its
    app from the environment (:func:`luoshi.web.app.app_from_env`)."""
    import socket

    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(
        "luoshi.web.app:app_from_env",
        host=host,
        port=port,
        factory=True,
        workers=workers,
        **options,
    )
    # uvicorn binds the socket it shares with its workers with protocol 0; asyncio then
    # does not recognise the accepted connections as TCP and leaves Nagle's algorithm on,
    # so every response on a kept-alive connection waited ~40 ms for a delayed ACK.
    # Bound here as TCP, the workers' connections get TCP_NODELAY.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        report_error(LuoshiError(f"cannot listen on {host}:{port} ({exc.strerror or exc})"))
        raise typer.Exit(1) from None
    sock.set_inheritable(True)
    Multiprocess(config, sockets=[sock]).run()


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``demo`` to ``app``."""

    @app.command("serve")
    def serve(
        host: HostOpt = "127.0.0.1",
        port: PortOpt = 8000,
        db: DbOption = None,
        workers: Annotated[
            int, typer.Option("--workers", min=1, help="Worker processes (production: 2-4 a core).")
        ] = 1,
        geojson: Annotated[
            Path | None,
            typer.Option(
                "--geojson", help="GeoJSON of region boundaries for the map (LUOSHI_GEOJSON)."
            ),
        ] = None,
        root_path: Annotated[
            str, typer.Option("--root-path", help="URL prefix under a reverse proxy (/luoshi).")
        ] = "",
        forwarded_allow_ips: Annotated[
            str | None,
            typer.Option(
                "--forwarded-allow-ips",
                envvar="LUOSHI_FORWARDED_ALLOW_IPS",
                help="Proxies whose X-Forwarded-* are trusted (default 127.0.0.1): the "
                "client address that login throttling counts by.",
            ),
        ] = None,
    ) -> None:
        """Serve the dashboard and its JSON API over the plan store."""
        from luoshi.web.app import WebSettings, create_app

        url = db or Settings().database_url
        if geojson is not None and not geojson.is_file():
            report_error(LuoshiError(f"--geojson {geojson}: no such file"))
            raise typer.Exit(1)
        try:
            store = open_store(url)
            store.migrate()
            with store.writing() as session:
                # once, here: workers started together would race to index the same documents
                index_missing(session)
        except LuoshiError as exc:
            report_error(exc)
            raise typer.Exit(1) from None
        options: dict[str, Any] = {"root_path": root_path, "proxy_headers": True}
        if forwarded_allow_ips:
            options["forwarded_allow_ips"] = forwarded_allow_ips
        err_console.print(f"luoshi: serving {store.url} on http://{host}:{port}{root_path}/")
        for line in proxy_note(host, forwarded_allow_ips):
            err_console.print(line, markup=False)
        if workers > 1:
            # each worker process builds its own app from the environment
            store.close()
            os.environ["LUOSHI_DATABASE_URL"] = url
            if geojson is not None:
                os.environ["LUOSHI_GEOJSON"] = str(geojson.resolve())
            _run_workers(host, port, workers, **options)
            return
        web = WebSettings(geojson=geojson or WebSettings().geojson)
        _run(create_app(web, store=store), host, port, **options)
        store.close()

    @app.command("demo")
    def demo(host: HostOpt = "127.0.0.1", port: PortOpt = 8000) -> None:
        """Build a demo store of fictional counties and serve the dashboard over it."""
        from luoshi.web.app import WebSettings, create_app

        with tempfile.TemporaryDirectory(prefix="luoshi-demo-") as tmp:
            url = f"sqlite:///{Path(tmp) / 'demo.db'}"
            err_console.print("luoshi: building the demo store (fictional data) …")
            try:
                store = build_demo_store(url)
            except LuoshiError as exc:
                report_error(exc)
                raise typer.Exit(1) from None
            # the demo's figures run to 2024 and its plans to 2025: it is judged in 2025,
            # while its plans still run, unless LUOSHI_AS_OF_YEAR says otherwise
            os.environ.setdefault("LUOSHI_AS_OF_YEAR", "2025")
            geometry = _demo_geometry()
            web = WebSettings(demo=True, geojson=geometry)
            err_console.print(f"luoshi: demo on http://{host}:{port}/ (演示数据，均为虚构)")
            _print_demo_accounts(f"http://{host}:{port}/login")
            try:
                _run(create_app(web, store=store), host, port)
            finally:
                store.close()


def proxy_note(host: str, forwarded_allow_ips: str | None) -> list[str]:
    """What ``serve`` says about the client address that login throttling counts by.

    Behind a reverse proxy every request comes from the proxy; only a proxy whose
    X-Forwarded-For is trusted (uvicorn's ``forwarded_allow_ips``: 127.0.0.1 unless told)
    passes on the real client's address. A proxy on another machine that is not trusted
    makes every user one address, and the per-address limit then stops them all at once.
    """
    trusted = forwarded_allow_ips or os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"
    lines = [
        f"luoshi: login throttling counts failed logins by client address; X-Forwarded-For "
        f"is trusted from {trusted} (--forwarded-allow-ips)"
    ]
    loopback = host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
    if not loopback and forwarded_allow_ips is None:
        lines.append(
            f"luoshi: warning: listening on {host} without --forwarded-allow-ips: behind a "
            "reverse proxy on another machine every user has the proxy's address, and "
            "LUOSHI_LOGIN_ADDRESS_MAX_FAILURES failed logins of anyone stop everyone; pass "
            "the proxy's address with --forwarded-allow-ips (登录限流按客户端地址计数；"
            "经其他主机上的反向代理访问时，请用 --forwarded-allow-ips 指定代理地址)"
        )
    return lines


def _print_demo_accounts(login: str) -> None:
    """The demo's logins, one per role, for the closed-loop pages (when the demo has them)."""
    try:
        from luoshi.demo.loop import credentials
    except ImportError:
        return
    err_console.print(f"luoshi: demo logins at {login} (闭环落实演示账号):", markup=False)
    for line in credentials():
        err_console.print(line, markup=False)


def _demo_geometry() -> Path | None:
    """The fictional prefecture's boundaries, when the demo corpus ships them."""
    try:
        import luoshi.demo as demo_pkg
    except ImportError:
        return None
    folder = Path(demo_pkg.__file__).parent
    found = sorted(folder.rglob("*.geojson"))
    return found[0] if found else None
