"""Print preview and printing of an exported pack PDF, page by page as images.

PySide6-Essentials has no QtPdf, so the exported PDF's pages are rasterised
with **pypdfium2** (PDFium, the renderer of Chromium; Apache-2.0/BSD wheels
for Windows, macOS and Linux with the library inside).  It was chosen over
poppler's ``pdftoppm`` (a separate program, absent on Windows and macOS,
one process per page range) and over painting in a
:class:`QPrintPreviewDialog` (which would re-render every page on each zoom
and offers no way to show the PDF itself).  Previewing the exported PDF,
rather than re-laying out the pack in Qt, means the preview *is* what
prints: the same pages, the same page breaks, the same fonts.

Printing goes through the system's :class:`QPrintDialog`; each page is then
rendered at the printer's resolution (capped at :data:`MAX_PRINT_DPI`) and
painted full-page on the :class:`QPrinter`, off the GUI thread (Qt allows
QPainter on a QPrinter outside the GUI thread).

PDFium is not thread-safe: every call into it holds :data:`_PDFIUM_LOCK`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from ...core.errors import Cancelled, ExportError
from ...core.i18n import _, ngettext
from ..errors import show_error
from ..qt import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QImage,
    QLabel,
    QPainter,
    QPixmap,
    QPrintDialog,
    QPrinter,
    QProgressBar,
    QPushButton,
    QRect,
    QScrollArea,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..tasks import Task, run_task

#: Resolution of preview pages (dots per inch): A4 at 110 dpi is 909×1286 pixels.
PREVIEW_DPI = 110
#: Highest resolution pages are rendered at for printing (dots per inch).
MAX_PRINT_DPI = 300

_PDFIUM_LOCK = threading.Lock()

Progress = Callable[..., None]
Abort = Callable[[], bool]


def _open_pdf(path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        raise ExportError(_("Cannot read {path}: {reason}").format(path=path, reason=exc)) from exc


def _render(pdf, index: int, dpi: float) -> QImage:
    page = pdf[index]
    try:
        bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)  # RGB, 3 bytes a pixel
        image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGB888).copy()
        bitmap.close()
        return image
    finally:
        page.close()


def page_count(path: str | Path) -> int:
    """Number of pages of the PDF at ``path``; raises :class:`ExportError` when unreadable."""
    with _PDFIUM_LOCK:
        pdf = _open_pdf(Path(path))
        try:
            return len(pdf)
        finally:
            pdf.close()


def render_pages(path: str | Path, *, dpi: float = PREVIEW_DPI, progress: Progress | None = None,
                 abort: Abort | None = None) -> list[QImage]:
    """Every page of the PDF at ``path`` as a :class:`QImage` at ``dpi`` (worker thread safe).

    ``progress(done, total)`` after each page; ``abort()`` checked between
    pages (raises :class:`Cancelled`).  Raises :class:`ExportError` when the
    file cannot be read.
    """
    images: list[QImage] = []
    with _PDFIUM_LOCK:
        pdf = _open_pdf(Path(path))
        try:
            total = len(pdf)
            for i in range(total):
                if abort is not None and abort():
                    raise Cancelled(_("Preview cancelled."))
                images.append(_render(pdf, i, dpi))
                if progress is not None:
                    progress(i + 1, total)
        finally:
            pdf.close()
    return images


def print_pdf(path: str | Path, printer: QPrinter, *, progress: Progress | None = None,
              abort: Abort | None = None) -> int:
    """Paint every page of the PDF at ``path`` (or the printer's chosen range) on ``printer``.

    Each page is rendered at the printer's resolution (at most
    :data:`MAX_PRINT_DPI`) and scaled to the printable page, keeping its
    aspect ratio.  Returns the number of pages printed; raises
    :class:`ExportError` when the PDF cannot be read or the printer refuses
    to start, :class:`Cancelled` on ``abort()``.
    """
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    with _PDFIUM_LOCK:
        pdf = _open_pdf(Path(path))
        try:
            total = len(pdf)
            first, last = 1, total
            if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
                first, last = max(printer.fromPage(), 1), min(printer.toPage() or total, total)
            pages = list(range(first - 1, last))
            painter = QPainter()
            if not painter.begin(printer):
                raise ExportError(_("The printer could not be started."))
            try:
                for n, index in enumerate(pages):
                    if abort is not None and abort():
                        printer.abort()
                        raise Cancelled(_("Printing cancelled."))
                    if n:
                        printer.newPage()
                    image = _render(pdf, index, dpi)
                    target = painter.viewport()
                    size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                    painter.drawImage(QRect(target.x(), target.y(), size.width(), size.height()), image)
                    if progress is not None:
                        progress(n + 1, len(pages))
            finally:
                painter.end()
            return len(pages)
        finally:
            pdf.close()


class PrintPreview(QDialog):
    """The pack's pages as they will print, with a Print… button (the system dialog).

    ``pdf_path`` is an exported pack PDF; pages render off the GUI thread
    when the dialog opens (:meth:`load`).  :attr:`images` holds the rendered
    pages once loaded.
    """

    #: Emitted once the pages are shown.
    loaded = Signal()

    def __init__(self, pdf_path: str | Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.pdf_path = Path(pdf_path)
        self.images: list[QImage] = []
        self.load_task: Task | None = None
        self.print_task: Task | None = None
        self.printer: QPrinter | None = None
        self.printed: int | None = None
        self.setWindowTitle(_("Print preview — {title}").format(title=title))
        self.resize(1000, 900)

        self.pages = QWidget()
        self.pages.setObjectName("previewPages")
        self.pages.setStyleSheet("background: #8a8f96")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setSpacing(14)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        self.scroll = scroll
        self.labels: list[QLabel] = []
        self.zoom = QComboBox()
        self.zoom.setObjectName("previewZoom")
        for label, value in ((_("Whole page"), "page"), (_("Page width"), "width"),
                             ("50 %", 0.5), ("75 %", 0.75), ("100 %", 1.0), ("150 %", 1.5)):
            self.zoom.addItem(label, value)
        self.zoom.currentIndexChanged.connect(lambda _i: self._scale_pages())
        self.status = QLabel(_("Rendering pages…"))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setObjectName("printButton")
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_dialog)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        bottom = QHBoxLayout()
        bottom.addWidget(self.zoom)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

    def load(self) -> Task:
        """Render the pages in the background, then show them."""
        path = self.pdf_path
        self.load_task = run_task(lambda progress, abort: render_pages(path, progress=progress, abort=abort),
                                  on_done=self._loaded, on_error=self._failed, on_progress=self._progress)
        return self.load_task

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _loaded(self, images: list[QImage]) -> None:
        self.images = images
        for n, _image in enumerate(images, 1):
            label = QLabel()
            label.setObjectName(f"previewPage{n}")
            label.setStyleSheet("border: 1px solid #555; background: white")
            self.labels.append(label)
            self.pages_layout.addWidget(label, 0, Qt.AlignmentFlag.AlignHCenter)
        self._scale_pages()
        self.progress.hide()
        self.status.setText(ngettext("{n} page", "{n} pages", len(images)).format(n=len(images)))
        self.print_button.setEnabled(bool(images))
        self.loaded.emit()

    def page_scale(self) -> float:
        """The factor pages are shown at, relative to their :data:`PREVIEW_DPI` rendering."""
        if not self.images:
            return 1.0
        choice = self.zoom.currentData()
        if isinstance(choice, float):
            return choice
        first = self.images[0]
        margins = self.pages_layout.contentsMargins()
        width = self.scroll.viewport().width() - margins.left() - margins.right() - 4
        height = self.scroll.viewport().height() - margins.top() - margins.bottom() - 4
        scale = width / first.width()
        if choice == "page":
            scale = min(scale, height / first.height())
        return max(scale, 0.1)

    def _scale_pages(self) -> None:
        scale = self.page_scale()
        for label, image in zip(self.labels, self.images):
            size = image.size() * scale
            label.setPixmap(QPixmap.fromImage(image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                                                            Qt.TransformationMode.SmoothTransformation)))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if isinstance(self.zoom.currentData(), str):
            self._scale_pages()

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        self.status.setText("")
        if not isinstance(error, Cancelled):
            show_error(self, error)

    def print_dialog(self) -> None:
        """Open the system's print dialog; on OK, :meth:`print_to` the chosen printer."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_path.stem)
        printer.setFromTo(1, max(len(self.images), 1))
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(len(self.images), 1))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> Task:
        """Print the PDF's pages on ``printer`` in the background; :attr:`printed` counts them."""
        self.printer = printer  # kept alive until the work ends
        path = self.pdf_path
        self.print_button.setEnabled(False)
        self.status.setText(_("Printing…"))
        self.progress.show()

        def done(count: int) -> None:
            self.printed = count
            self.progress.hide()
            self.print_button.setEnabled(True)
            self.status.setText(ngettext("Sent {n} page to the printer.", "Sent {n} pages to the printer.",
                                         count).format(n=count))

        def failed(error: BaseException) -> None:
            self.print_button.setEnabled(True)
            self._failed(error)

        self.print_task = run_task(lambda progress, abort: print_pdf(path, printer, progress=progress, abort=abort),
                                   on_done=done, on_error=failed, on_progress=self._progress)
        return self.print_task

    def reject(self) -> None:
        for task in (self.load_task, self.print_task):
            if task is not None and not task.done:
                task.cancel()
        super().reject()
