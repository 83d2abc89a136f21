"""Crash journal: text typed in the draft editor but not yet committed to the library.

Every :class:`~.service.DraftService` call commits, so structure edits are
never lost; what the editor holds between keystrokes and its next
``set_text`` is journalled here.  The editor calls :meth:`DraftJournal.record`
with a paragraph's whole text as shown after each keystroke; each record is
appended at once to a JSON-lines file (one ``write`` to the operating
system, which survives a killed process) and forced to disk with ``fsync``
at most ``interval`` seconds later (default 2 s) by a background thread,
which protects against a power cut too.  After ``set_text`` succeeds the
editor calls :meth:`DraftJournal.committed`; once nothing is pending the file
is emptied.  A clean :meth:`DraftJournal.close` removes it.

On the next start :func:`pending_recovery` lists, for every journal file of
the library, the paragraphs whose last journalled text differs from what is
stored; :func:`recover` applies them through ``set_text`` (so they can be
undone like any edit) and :func:`discard` drops them.

Files live in ``<user state dir>/BriefDesk/drafts/`` (platformdirs, e.g.
``~/.local/state/BriefDesk/drafts`` on Linux), one per library and draft:
``<library key>-<draft id>.jsonl``.  Records: ``{"t": ISO time, "p":
paragraph id, "text": text}`` and ``{"t": …, "p": id, "committed": true}``.
A torn last line (the process died mid-write) is ignored.

Public API: :class:`DraftJournal`, :class:`RecoveryItem`, :func:`journal_dir`,
:func:`pending_recovery`, :func:`recover`, :func:`discard`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from platformdirs import user_state_path

from ..errors import BriefDeskError, NotFound
from ..i18n import _

if TYPE_CHECKING:
    from .service import Change, DraftService

APP_NAME = "BriefDesk"


def journal_dir() -> Path:
    """The folder of journal files (created on first use)."""
    return user_state_path(APP_NAME, appauthor=False) / "drafts"


def library_key(url: str) -> str:
    """A short stable key for a library URL (first 12 hex digits of its SHA-256)."""
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:12]


class DraftJournal:
    """The journal of one draft in one library (see the module docstring).

    ``library_url`` is :attr:`Library.url`; ``directory`` defaults to
    :func:`journal_dir`; ``interval`` is the longest time in seconds a record
    waits before ``fsync``.  Raises :class:`BriefDeskError` if the file cannot
    be opened.  Thread-safe: the GUI thread records, a daemon thread syncs.
    """

    def __init__(self, library_url: str, draft_id: int, *, directory: Path | None = None,
                 interval: float = 2.0) -> None:
        self.draft_id = draft_id
        self.interval = interval
        folder = Path(directory) if directory is not None else journal_dir()
        self.path = folder / f"{library_key(library_url)}-{draft_id}.jsonl"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._fd: int | None = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except OSError as exc:
            raise BriefDeskError(_("Cannot open the draft journal {path}: {reason}").format(
                path=self.path, reason=exc.strerror or exc)) from exc
        self._lock = threading.Lock()
        self._dirty = False
        self._pending: dict[int, str] = {}   # paragraph id → last text recorded, not yet committed
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sync_loop, name="draft-journal", daemon=True)
        self._thread.start()

    def record(self, paragraph_id: int, text: str) -> None:
        """Journal the whole text (as shown) of a paragraph being typed."""
        line = (json.dumps({"t": _now(), "p": paragraph_id, "text": text}, ensure_ascii=False) + "\n").encode()
        with self._lock:
            if self._fd is None:
                return            # closed: the editor is going away
            os.write(self._fd, line)
            self._dirty = True
            self._pending[paragraph_id] = text

    def committed(self, paragraph_id: int, text: str | None = None) -> None:
        """The paragraph's text is now stored; empty the file once nothing is pending.

        ``text`` is the text that was stored: when the user has typed on since
        (the last recorded text differs), the paragraph stays pending, so a commit
        finishing on a worker thread never drops newer keystrokes.  ``None``
        marks the paragraph committed whatever was typed.
        """
        with self._lock:
            if self._fd is None or (text is not None and self._pending.get(paragraph_id, text) != text):
                return
            self._pending.pop(paragraph_id, None)
            if self._pending:
                line = (json.dumps({"t": _now(), "p": paragraph_id, "committed": True}) + "\n").encode()
                os.write(self._fd, line)
                self._dirty = True
                return
            os.ftruncate(self._fd, 0)
            os.fsync(self._fd)
            self._dirty = False

    def flush(self) -> None:
        """Force what was recorded to disk now."""
        with self._lock:
            if self._dirty and self._fd is not None:
                os.fsync(self._fd)
                self._dirty = False

    def _sync_loop(self) -> None:
        while not self._stop.wait(self.interval / 2):
            try:
                self.flush()
            except OSError:
                return

    def close(self, *, keep: bool = False) -> None:
        """Stop syncing and close the file; remove it unless ``keep`` or something is pending.
        Closing twice is harmless; records after closing are ignored."""
        self._stop.set()
        self.flush()
        with self._lock:
            if self._fd is None:
                return
            os.close(self._fd)
            self._fd = None
        if not keep and not self._pending:
            self.path.unlink(missing_ok=True)


@dataclass(frozen=True)
class RecoveryItem:
    """Text that can be offered back: the draft, the paragraph, the text as typed
    (``text``) and as stored (``stored``), when it was typed, and the journal file."""

    draft_id: int
    paragraph_id: int
    text: str
    stored: str
    typed_at: dt.datetime
    path: Path


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def _read(path: Path) -> dict[int, tuple[str, str]]:
    """Last uncommitted ``(text, time)`` per paragraph in one file."""
    last: dict[int, tuple[str, str]] = {}
    try:
        data = path.read_bytes()
    except OSError:
        return last
    for line in data.split(b"\n"):
        try:
            rec = json.loads(line.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue          # a torn last line or noise
        if not isinstance(rec, dict) or "p" not in rec:
            continue
        if rec.get("committed"):
            last.pop(int(rec["p"]), None)
        elif "text" in rec:
            last[int(rec["p"])] = (rec["text"], rec.get("t", ""))
    return last


def pending_recovery(service: DraftService, *, directory: Path | None = None) -> list[RecoveryItem]:
    """What the journals of ``service``'s library hold that differs from the stored text
    (drafts or paragraphs deleted since are skipped), oldest draft first."""
    folder = Path(directory) if directory is not None else journal_dir()
    key = library_key(service.library.url)
    out: list[RecoveryItem] = []
    for path in sorted(folder.glob(f"{key}-*.jsonl")):
        try:
            draft_id = int(path.stem.rsplit("-", 1)[1])
        except ValueError:
            continue
        for pid, (text, when) in _read(path).items():
            try:
                stored = service.paragraph_text(pid)
            except NotFound:
                continue
            if stored == text:
                continue
            try:
                typed = dt.datetime.fromisoformat(when)
            except ValueError:
                typed = dt.datetime.fromtimestamp(path.stat().st_mtime, dt.timezone.utc)
            out.append(RecoveryItem(draft_id, pid, text, stored, typed, path))
    return out


def recover(service: DraftService, items: list[RecoveryItem]) -> list[Change]:
    """Store each item's text (``set_text``), then remove the journals they came from."""
    changes = [service.set_text(item.paragraph_id, item.text) for item in items]
    discard(items)
    return changes


def discard(items: list[RecoveryItem]) -> None:
    """Remove the journal files of ``items`` (the text they held is dropped)."""
    for path in {item.path for item in items}:
        path.unlink(missing_ok=True)
