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
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path

from ...core.errors import Cancelled, ExportError
from ...core.i18n import _, format_number, ngettext
from ..errors import show_error
from ..qt import (
    QColor,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QImage,
    QLabel,
    QPainter,
    QPalette,
    QPrintDialog,
    QPrinter,
    QProgressBar,
    QPushButton,
    QRect,
    QScrollArea,
    QSize,
    QTimer,
    Qt,
    QVBoxLayout,
    QWidget,
    Signal,
)
from ..tasks import Task, run_task

#: Resolution of preview pages (dots per inch): A4 at 110 dpi is 909×1286 pixels.
PREVIEW_DPI = 110
#: Most rendered pages a preview keeps (those far from view are dropped beyond this).
KEEP_PAGES = 12
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


def page_sizes(path: str | Path) -> list[tuple[float, float]]:
    """Width and height (points) of every page of the PDF at ``path``; raises :class:`ExportError`."""
    with _PDFIUM_LOCK:
        pdf = _open_pdf(Path(path))
        try:
            return [tuple(pdf[i].get_size()) for i in range(len(pdf))]
        finally:
            pdf.close()


def render_pages(path: str | Path, pages: list[int] | None = None, *, dpi: float = PREVIEW_DPI,
                 progress: Progress | None = None, abort: Abort | None = None) -> dict[int, QImage]:
    """Pages of the PDF at ``path`` (0-based indexes, default all) as :class:`QImage` at ``dpi``
    (worker thread safe; a QImage is no widget).  Returns ``{index: image}``.

    ``progress(done, total)`` after each page; ``abort()`` checked between
    pages (raises :class:`Cancelled`).  Raises :class:`ExportError` when the
    file cannot be read.
    """
    images: dict[int, QImage] = {}
    with _PDFIUM_LOCK:
        pdf = _open_pdf(Path(path))
        try:
            wanted = [i for i in (range(len(pdf)) if pages is None else pages) if 0 <= i < len(pdf)]
            for n, i in enumerate(wanted):
                if abort is not None and abort():
                    raise Cancelled(_("Preview cancelled."))
                images[i] = _render(pdf, i, dpi)
                if progress is not None:
                    progress(n + 1, len(wanted))
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


class PageStrip(QWidget):
    """All pages one under another, painted from the rendered images (blank until rendered).

    One widget for any number of pages (a layout of hundreds of labels
    overflows Qt's layout arithmetic and is slow); page ``i`` occupies
    :meth:`page_rect`.
    """

    MARGIN = 14

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("previewPages")
        self.sizes: list[QSize] = []
        self.tops: list[int] = []
        self.images: dict[int, QImage] = {}

    def set_page_sizes(self, sizes: list[QSize]) -> None:
        """Lay out pages of these pixel sizes; the widget grows to hold them."""
        self.sizes = list(sizes)
        self.tops, y = [], self.MARGIN
        for size in self.sizes:
            self.tops.append(y)
            y += size.height() + self.MARGIN
        width = max((s.width() for s in self.sizes), default=0) + 2 * self.MARGIN
        self.setMinimumSize(width, y)
        self.update()

    def page_rect(self, index: int) -> QRect:
        """Where page ``index`` is drawn, in this widget's coordinates."""
        size = self.sizes[index]
        return QRect((self.width() - size.width()) // 2, self.tops[index], size.width(), size.height())

    def pages_between(self, top: int, bottom: int) -> list[int]:
        """Indexes of the pages that overlap the band ``top``–``bottom`` (pixels)."""
        first = max(bisect_right(self.tops, top) - 1, 0)
        out = []
        for i in range(first, len(self.tops)):
            if self.tops[i] > bottom:
                break
            if self.tops[i] + self.sizes[i].height() >= top:
                out.append(i)
        return out

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        area = event.rect()
        painter.fillRect(area, self.palette().color(QPalette.ColorRole.Mid))  # the desk around the pages
        for i in self.pages_between(area.top(), area.bottom()):
            rect = self.page_rect(i)
            painter.fillRect(rect, QColor("white"))  # paper: white whatever the palette (the PDF is printed on it)
            image = self.images.get(i)
            if image is not None:
                painter.drawImage(rect, image)
            painter.setPen(self.palette().color(QPalette.ColorRole.Shadow))
            painter.drawRect(rect.adjusted(0, 0, -1, -1))
        painter.end()


class PrintPreview(QDialog):
    """The pack's pages as they will print, with a Print… button (the system dialog).

    ``pdf_path`` is an exported pack PDF.  :meth:`load` reads the page sizes
    off the GUI thread and lays out one blank page per PDF page
    (:class:`PageStrip`); only the pages in view (and one screen either
    side) are then rendered, at the zoom shown, and pages far from view are
    dropped again (at most :data:`KEEP_PAGES` kept), so a 600-page pack
    previews in the memory of a dozen pages.  :attr:`images` maps page
    indexes to the rendered pages.
    """

    #: Emitted once the first pages are shown.
    loaded = Signal()

    def __init__(self, pdf_path: str | Path, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printPreview")
        self.pdf_path = Path(pdf_path)
        self.sizes: list[tuple[float, float]] = []
        self._image_scale: dict[int, float] = {}
        self._announced = False
        self.load_task: Task | None = None
        self.render_task: Task | None = None
        self.print_task: Task | None = None
        self.printer: QPrinter | None = None
        self.printed: int | None = None
        self.setWindowTitle(_("Print preview — {title}").format(title=title))
        self.resize(1000, 900)

        self.strip = PageStrip()
        self.images = self.strip.images
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.strip)
        self.scroll = scroll
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(60)
        self._timer.timeout.connect(self._render_visible)
        scroll.verticalScrollBar().valueChanged.connect(lambda _v: (self._timer.start(), self._say_page()))
        self.zoom = QComboBox()
        self.zoom.setObjectName("previewZoom")
        for label, value in ((_("Whole page"), "page"), (_("Page width"), "width"),
                             ("50 %", 0.5), ("75 %", 0.75), ("100 %", 1.0), ("150 %", 1.5)):
            self.zoom.addItem(label, value)
        self.zoom.currentIndexChanged.connect(lambda _i: self._layout_pages())
        self.status = QLabel(_("Rendering pages…"))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(240)
        self.progress.hide()
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

    @property
    def page_count(self) -> int:
        """Number of pages of the PDF (0 before :meth:`load` has reported)."""
        return len(self.sizes)

    def load(self) -> Task:
        """Read the page sizes in the background, then lay out the pages and render those in view."""
        path = self.pdf_path
        self.load_task = run_task(lambda progress, abort: page_sizes(path),
                                  on_done=self._sized, on_error=self._failed)
        return self.load_task

    def current_page(self) -> int:
        """The 1-based number of the page at the middle of the view (0 before loading)."""
        if not self.sizes:
            return 0
        bar = self.scroll.verticalScrollBar()
        middle = bar.value() + self.scroll.viewport().height() // 2
        pages = self.strip.pages_between(middle, middle)
        return (pages[0] if pages else bisect_right(self.strip.tops, middle) - 1) + 1

    def _say_page(self) -> None:
        if self.sizes and not (self.print_task is not None and not self.print_task.done):
            self.status.setText(_("Page {n} of {total}").format(n=max(self.current_page(), 1),
                                                                 total=len(self.sizes)))

    def _sized(self, sizes: list[tuple[float, float]]) -> None:
        self.sizes = sizes
        self.status.setText(ngettext("{n} page", "{n} pages", len(sizes)).format(n=format_number(len(sizes))))
        self.print_button.setEnabled(bool(sizes))
        self._layout_pages()

    def page_scale(self) -> float:
        """Screen pixels per PDF point at the chosen zoom ("100 %" is :data:`PREVIEW_DPI`)."""
        if not self.sizes:
            return PREVIEW_DPI / 72.0
        choice = self.zoom.currentData()
        if isinstance(choice, float):
            return choice * PREVIEW_DPI / 72.0
        width_pt, height_pt = self.sizes[0]
        margin = 2 * PageStrip.MARGIN
        scale = (self.scroll.viewport().width() - margin) / width_pt
        if choice == "page":
            scale = min(scale, (self.scroll.viewport().height() - margin) / height_pt)
        return max(scale, 0.05)

    def _layout_pages(self) -> None:
        scale = self.page_scale()
        self.strip.set_page_sizes([QSize(round(w * scale), round(h * scale)) for w, h in self.sizes])
        self._timer.start()

    def visible_pages(self) -> list[int]:
        """Indexes of the pages in view and one screen above and below it."""
        bar = self.scroll.verticalScrollBar()
        height = self.scroll.viewport().height()
        return self.strip.pages_between(bar.value() - height, bar.value() + 2 * height)

    def _render_visible(self) -> None:
        if not self.sizes:
            return
        if self.render_task is not None and not self.render_task.done:
            self._timer.start()  # try again once the running render reports
            return
        scale = self.page_scale()
        wanted = self.visible_pages()
        for index in [i for i in self.images if i not in wanted]:
            if len(self.images) <= KEEP_PAGES:
                break
            del self.images[index]
            self._image_scale.pop(index, None)
        todo = [i for i in wanted if abs(self._image_scale.get(i, 0) - scale) > 1e-6]
        if not todo:
            return
        path, dpi = self.pdf_path, scale * 72.0 * self.devicePixelRatioF()

        def done(images: dict[int, QImage]) -> None:
            for index, image in images.items():
                if index < len(self.sizes):
                    self.images[index] = image
                    self._image_scale[index] = scale
            self.strip.update()
            if not self._announced:
                self._announced = True
                self.loaded.emit()
            self._timer.start()  # the zoom or the view may have moved meanwhile

        self.render_task = run_task(lambda progress, abort: render_pages(path, todo, dpi=dpi, abort=abort),
                                    on_done=done, on_error=self._failed)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if isinstance(self.zoom.currentData(), str) and self.sizes:
            self._layout_pages()
    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _failed(self, error: BaseException) -> None:
        self.progress.hide()
        if not isinstance(error, Cancelled):
            self.status.setText("")
            show_error(self, error)

    def print_dialog(self) -> None:
        """Open the system's print dialog; on OK, :meth:`print_to` the chosen printer."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.pdf_path.stem)
        printer.setFromTo(1, max(self.page_count, 1))
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self.page_count, 1))
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
                                         count).format(n=format_number(count)))

        def failed(error: BaseException) -> None:
            self.print_button.setEnabled(True)
            self._failed(error)

        self.print_task = run_task(lambda progress, abort: print_pdf(path, printer, progress=progress, abort=abort),
                                   on_done=done, on_error=failed, on_progress=self._progress)
        return self.print_task

    def reject(self) -> None:
        self._timer.stop()
        for task in (self.load_task, self.render_task, self.print_task):
            if task is not None and not task.done:
                task.cancel()
        super().reject()
