"""The drag-and-drop payload that carries library paragraphs into a briefing pack.

A drag from the search results or the document view carries
:data:`EXCERPT_MIME` (``application/x-briefdesk-excerpt``): UTF-8 JSON
``{"document_id": int, "scope": "document"|"section"|"paragraphs",
"positions": [int, ...], "paragraph_ids": [int, ...], "section": str|null,
"symbol": str|null}``.  ``positions`` are reading-order indexes of the
paragraphs (0-based, what the document view and search hits use),
``paragraph_ids`` the stored paragraph ids (search hits carry them, and the
document view once the window has loaded them with the document; empty for
a whole document).  The same drag also carries
the paragraphs' plain text, so dropping into a word processor still works.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..qt import QByteArray, QMimeData

#: The MIME type of an excerpt reference.
EXCERPT_MIME = "application/x-briefdesk-excerpt"

SCOPES = ("document", "section", "paragraphs")


@dataclass(frozen=True)
class ExcerptRef:
    """What a drag or a context-menu action asks to excerpt.

    ``scope`` is ``"document"`` (the whole document: ``positions`` empty),
    ``"section"`` (every paragraph of section ``section``, ``positions``
    listing them) or ``"paragraphs"`` (exactly ``positions``).
    """

    document_id: int
    scope: str = "paragraphs"
    positions: tuple[int, ...] = ()
    paragraph_ids: tuple[int, ...] = ()
    section: str | None = None
    symbol: str | None = None
    text: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"unknown excerpt scope {self.scope!r}")

    def to_json(self) -> bytes:
        """The UTF-8 JSON payload described in the module docstring."""
        return json.dumps({"document_id": self.document_id, "scope": self.scope,
                           "positions": list(self.positions), "paragraph_ids": list(self.paragraph_ids),
                           "section": self.section, "symbol": self.symbol},
                          ensure_ascii=False).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> "ExcerptRef":
        """Parse a payload; raises :class:`ValueError` on anything malformed."""
        try:
            obj = json.loads(bytes(data).decode("utf-8"))
            return cls(document_id=int(obj["document_id"]), scope=str(obj.get("scope", "paragraphs")),
                       positions=tuple(int(p) for p in obj.get("positions") or ()),
                       paragraph_ids=tuple(int(p) for p in obj.get("paragraph_ids") or ()),
                       section=obj.get("section"), symbol=obj.get("symbol"))
        except (KeyError, TypeError, ValueError, UnicodeDecodeError, AttributeError) as exc:
            raise ValueError(f"not an excerpt reference: {exc}") from exc


def excerpt_mime_data(refs: list[ExcerptRef]) -> QMimeData:
    """A :class:`QMimeData` carrying ``refs`` (one JSON object per line) and their text."""
    mime = QMimeData()
    payload = b"\n".join(ref.to_json() for ref in refs)
    mime.setData(EXCERPT_MIME, QByteArray(payload))
    text = "\n\n".join(ref.text for ref in refs if ref.text)
    if text:
        mime.setText(text)
    return mime


def excerpt_refs(mime: QMimeData | None) -> list[ExcerptRef]:
    """The excerpt references a :class:`QMimeData` carries (empty if none or malformed)."""
    if mime is None or not mime.hasFormat(EXCERPT_MIME):
        return []
    refs = []
    for line in bytes(mime.data(EXCERPT_MIME).data()).splitlines():
        if line.strip():
            try:
                refs.append(ExcerptRef.from_json(line))
            except ValueError:
                return []
    return refs
