"""A throwaway PostgreSQL server for the tests (issue 16), and the ``backend`` fixture.

:func:`start_server` runs the distribution's PostgreSQL (``initdb``, ``pg_ctl``
from ``/usr/lib/postgresql/<version>/bin`` or ``PATH``) in a temporary folder:
it listens on a Unix socket in that folder only (``listen_addresses=''``, no
TCP), trusts local connections, and is stopped at the end of the test session.
As root, the server runs as the ``postgres`` system user (``initdb`` refuses
root) through ``runuser``.  Where PostgreSQL is not installed the PostgreSQL
cases skip, saying why; under ``CI=true`` that is a failure instead
(``scripts/ci-pg.sh`` installs the ``postgresql`` package first).

Each test gets a fresh database, created from a template migrated to the
schema head once per session (``CREATE DATABASE … TEMPLATE``), so a test
costs a copy, not a migration.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TEMPLATE = "bd_template"


def _bin_dir() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``: the newest ``/usr/lib/postgresql/*/bin``, else ``PATH``."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _runuser() -> str:
    """util-linux's ``runuser``: on ``PATH``, else where Debian puts it (a minimal ``PATH`` such
    as CI's may leave out the ``sbin`` folders)."""
    for candidate in (shutil.which("runuser"), "/usr/sbin/runuser", "/sbin/runuser"):
        if candidate and Path(candidate).exists():
            return candidate
    return "runuser"


@dataclass
class Server:
    """A running throwaway server: its folder (socket there), the OS user it runs as."""

    folder: Path
    bin: Path
    user: str | None  # run commands as this user (``runuser``), None: as ourselves
    counter: itertools.count = field(default_factory=lambda: itertools.count(1))
    has_template: bool = False
    keep: bool = False  # a cached cluster (``start_server(folder)``): stop it, leave its files

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` over the folder's socket."""
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}"

    def command(self, *args: str) -> list[str]:
        return ([_runuser(), "-u", self.user, "--"] if self.user else []) + list(args)

    def stop(self) -> None:
        subprocess.run(self.command(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m",
                                    "fast" if self.keep else "immediate",
                                    "-w", "stop"), capture_output=True)
        if not self.keep:
            shutil.rmtree(self.folder, ignore_errors=True)

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser outside a transaction (CREATE/DROP DATABASE)."""
        import psycopg

        with psycopg.connect(host=str(self.folder), user="postgres", dbname="postgres", autocommit=True) as c:
            c.execute(sql)

    def login_roles(self, *users: str) -> None:
        """Make sure each of ``users`` exists as a login role (roles are server-wide: a name
        made by an earlier test is reused)."""
        import psycopg

        with psycopg.connect(host=str(self.folder), user="postgres", dbname="postgres", autocommit=True) as c:
            for user in users:
                if c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone() is None:
                    c.execute(f'CREATE ROLE "{user}" LOGIN')

    def fresh_database(self) -> str:
        """A new database copied from the migrated template; returns its URL."""
        if not self.has_template:
            from briefdesk.core.library import Library

            self.admin(f"CREATE DATABASE {TEMPLATE}")
            lib = Library(self.url(TEMPLATE), backups=False)
            lib.close()
            self.has_template = True
        name = f"bd_test_{os.getpid()}_{next(self.counter)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database :meth:`fresh_database` made (connections still open are closed)."""
        self.admin(f"DROP DATABASE IF EXISTS {url.split('@/', 1)[1].split('?')[0]} WITH (FORCE)")


def start_server(folder: Path | None = None, *, settings: tuple[str, ...] = ()) -> Server:
    """Start a server in a new temporary folder, or raise ``RuntimeError`` saying why not.

    ``folder``: run in this folder instead, reusing the cluster there (started, or already
    running) if there is one — a benchmark's cached databases (:mod:`bench.search_scale`);
    :meth:`Server.stop` then stops it cleanly and leaves its files.  ``settings``: more
    ``name=value`` server settings (``-c``).
    """
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise RuntimeError("psycopg is not installed (pip install -e '.[postgres]')") from exc
    bin_dir = _bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (initdb not found; apt-get install postgresql)")
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError as exc:
            raise RuntimeError("running as root and there is no 'postgres' user to run the server as") from exc
        user = "postgres"
    keep = folder is not None
    folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="briefdesk-pg-"))
    folder.mkdir(parents=True, exist_ok=True)
    if user:
        shutil.chown(folder, user)
    server = Server(folder, bin_dir, user, keep=keep)
    extra = "".join(f" -c {setting}" for setting in settings)
    run = [] if (server.data / "PG_VERSION").exists() else [
        server.command(str(bin_dir / "initdb"), "-D", str(server.data), "-U", "postgres", "--auth=trust",
                       "--encoding=UTF8", "--locale=C", "--no-sync")]
    if keep and not run and subprocess.run(server.command(str(bin_dir / "pg_ctl"), "-D", str(server.data),
                                                          "status"), capture_output=True).returncode == 0:
        return server  # already running (an earlier benchmark's, left running)
    run.append(
        server.command(str(bin_dir / "pg_ctl"), "-D", str(server.data), "-l", str(folder / "log"), "-w",
                       "-o", f"-c listen_addresses='' -k {folder} -c fsync=off -c synchronous_commit=off "
                             f"-c full_page_writes=off -c max_connections=200{extra}",
                       "start"))
    for args in run:
        done = subprocess.run(args, capture_output=True, text=True)
        if done.returncode:
            log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)
            raise RuntimeError(f"{Path(args[-1] if args[-1] != 'start' else 'pg_ctl').name} failed: "
                               f"{done.stderr.strip() or done.stdout.strip()} {log[-500:]}")
    return server


_state: dict = {}


@pytest.fixture(scope="session")
def pg_server():
    """The session's throwaway PostgreSQL server (skips, saying why, where it cannot start; fails on CI)."""
    if "server" not in _state and "error" not in _state:
        try:
            _state["server"] = start_server()
        except RuntimeError as exc:
            _state["error"] = str(exc)
    if "error" in _state:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {_state['error']}")
        pytest.skip(f"no PostgreSQL server for the tests: {_state['error']}")
    yield _state["server"]


def stop_server() -> None:
    """Stop the session's server if one was started (``pytest_sessionfinish``)."""
    server = _state.pop("server", None)
    if server is not None:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """Where to open a fresh, empty library: an SQLite file's path (``tmp_path / "library.sqlite"``,
    as the SQLite tests always had), or the URL of a new PostgreSQL database."""
    if request.param == "sqlite":
        yield tmp_path / "library.sqlite"
        return
    server = request.getfixturevalue("pg_server")
    url = server.fresh_database()
    yield url
    server.drop_database(url)
