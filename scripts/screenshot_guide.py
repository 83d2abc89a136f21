"""Take screenshots of the user guide (Help › User Guide, F1) scrolled to one section.

Usage (offscreen: ``QT_QPA_PLATFORM=offscreen``):
``python scripts/screenshot_guide.py [OUT_DIR] [LANG:ANCHOR ...]``
(default ``docs``, ``en:trackchanges zh:team``)

For each ``LANG:ANCHOR`` (one process each, so one interface language does not linger into the
next) sets the interface language, opens the guide in it, scrolls to the section ``ANCHOR`` (the
``name`` of the section's heading in ``resources/guide/LANG.html``) and saves
``screenshot-guide-LANG-ANCHOR.png``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _shots import settler

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ("en:trackchanges", "zh:team")


def shoot(language: str, anchor: str, out: Path) -> Path:
    """Save the guide in ``language`` scrolled to ``anchor``; returns the file written."""
    from briefdesk.core import i18n
    from briefdesk.gui.app import application
    from briefdesk.gui.guide import GuideWindow

    i18n.set_language(language)
    app = application()
    settle = settler(app, 5.0)
    guide = GuideWindow(language=language)
    guide.resize(760, 680)
    guide.show()
    settle(lambda: False, 0.5)
    guide.show_section(anchor)
    settle(lambda: False, 0.5)
    path = out / f"screenshot-guide-{language}-{anchor}.png"
    if not guide.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    guide.close()
    return path


def main() -> int:
    args = sys.argv[1:]
    out = Path(args.pop(0)) if args and ":" not in args[0] else ROOT / "docs"
    out.mkdir(parents=True, exist_ok=True)
    wanted = args or list(DEFAULT)
    if len(wanted) == 1:
        language, anchor = wanted[0].split(":", 1)
        print(shoot(language, anchor, out))
        return 0
    for one in wanted:   # one process per language
        subprocess.run([sys.executable, __file__, str(out), one], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
