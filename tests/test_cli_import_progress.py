"""``briefdesk import`` draws a progress bar (count, rate, time left) on a terminal only (issue 13)."""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    env["BRIEFDESK_LANG"] = "en"
    return env


def _files(corpus: Path) -> list[str]:
    return [str(p) for p in sorted((corpus / "akn" / "ga-78" / "English").glob("*.xml"))[:3]]


def run_on_terminal(argv: list[str], columns: int = 120) -> str:
    """Run ``argv`` with stdin/stdout/stderr on a pseudo-terminal ``columns`` wide; return what it wrote."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: exec at once
        env = _env()
        os.execvpe(argv[0], argv, env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, columns, 0, 0))
    out = b""
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    os.waitpid(pid, 0)
    return out.decode("utf-8", "replace")


def test_terminal_gets_a_bar_with_count_rate_and_time_left(corpus, tmp_path):
    files = _files(corpus)
    out = run_on_terminal([sys.executable, "-m", "briefdesk.cli", "import", "--db",
                           str(tmp_path / "lib.sqlite"), *files])
    frames = out.replace("\r\n", "\n").split("\r")
    last = [f for f in frames if "Importing" in f][-1]
    assert "3/3" in last and "files/s" in last, last  # count and rate
    assert any("<" in f and "/3 [" in f for f in frames)  # elapsed<left
    assert "imported as A/RES/78/" in out  # the per-file lines follow, as before


def test_pipe_and_json_get_lines_only(corpus, tmp_path):
    files = _files(corpus)
    db = str(tmp_path / "lib.sqlite")
    done = subprocess.run([sys.executable, "-m", "briefdesk.cli", "import", "--db", db, *files],
                          capture_output=True, text=True, env=_env(), check=True)
    assert "files/s" not in done.stderr and "Importing" not in done.stderr
    assert done.stdout.count("imported as A/RES/78/") == 3
    # on a terminal too, --json prints only JSON
    out = run_on_terminal([sys.executable, "-m", "briefdesk.cli", "import", "--json", "--db", db, *files])
    assert "files/s" not in out and '"status": "duplicate"' in out
