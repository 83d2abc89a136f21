"""Render packaging/icons/briefdesk.svg to PNGs at the usual sizes (16 … 512 px).

Usage: ``python packaging/make_icons.py [OUT_DIR]`` (default: ``resources/icons``).
Uses Qt's own SVG renderer (QtSvg, part of PySide6-Essentials), so no other tool is needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SIZES = (16, 32, 48, 64, 128, 256, 512)
HERE = Path(__file__).resolve().parent


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts, image plugins)
    svg = HERE / "icons" / "briefdesk.svg"
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        print(f"cannot read {svg}", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out / f"briefdesk-{size}.png"
        image.save(str(target))
        print(target)
    (out / "briefdesk.svg").write_bytes(svg.read_bytes())
    return 0


if __name__ == "__main__":
    sys.exit(main())
