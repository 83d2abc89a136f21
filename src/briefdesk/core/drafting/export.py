"""Export a draft or one of its versions to a file, the format chosen by the file's suffix.

``.pdf`` (:mod:`briefdesk.core.render.draft_pdf`), ``.docx``
(:mod:`briefdesk.core.render.draft_docx`), ``.xml``/``.akn``
(:mod:`briefdesk.core.render.draft_akn`, validated against Akoma Ntoso 3.0).

Public API: :func:`export_draft`, :data:`FORMATS`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError
from ..i18n import _
from .snapshot import BracketView

if TYPE_CHECKING:
    from .service import DraftService

FORMATS = (".pdf", ".docx", ".xml", ".akn")


def export_draft(service: DraftService, draft_id: int, out: str | Path, *, version: int | None = None,
                 brackets: BracketView | str = BracketView.ALL, watermark: bool = False, paper: str = "a4",
                 warnings: list[str] | None = None) -> Path:
    """Write draft ``draft_id`` (working text, or frozen ``version``) to ``out`` in the
    ``brackets`` view; returns the path.  ``watermark`` adds "DRAFT" across PDF pages;
    ``paper`` (``"a4"`` or ``"letter"``) is the .docx page size.  What the file could not
    show (an amendment that cannot be a Word revision) is appended to ``warnings``.

    Raises :class:`ExportError` for an unknown suffix, a missing folder or a
    failed write, :class:`NotFound` for an unknown draft or version.
    """
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(_("Cannot export to {name}: use a .pdf, .docx or .xml file name.").format(name=path.name))
    if not path.parent.is_dir():
        raise ExportError(_("Cannot write {path}: the folder {folder} does not exist.").format(
            path=path, folder=path.parent))
    laid = service.view(draft_id, brackets, version=version)
    if suffix == ".pdf":
        from ..render.draft_pdf import export_draft_pdf
        export_draft_pdf(laid, path, watermark=watermark)
    elif suffix == ".docx":
        from ..render.draft_docx import export_docx
        export_docx(laid, path, paper=paper)
    else:
        from ..render.draft_akn import export_akn
        export_akn(laid, path)
    if warnings is not None:
        warnings.extend(laid.warnings)
    return path
