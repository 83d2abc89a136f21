"""The shipped font files, by face name: one list for the PDF export and the window.

Kept apart from :mod:`.render.fonts` so that the window can register the same
files with Qt without importing ReportLab (which the export needs, not the
first paint).  Versions and licences: ``resources/fonts/README.md``.
"""

from __future__ import annotations

#: Face name → file in ``resources/fonts``.
FONT_FILES: dict[str, str] = {
    "NotoSerif-Regular": "NotoSerif-Regular.ttf",
    "NotoSerif-Bold": "NotoSerif-Bold.ttf",
    "NotoSerif-Italic": "NotoSerif-Italic.ttf",
    "NotoSerif-BoldItalic": "NotoSerif-BoldItalic.ttf",
    "DroidSansFallback": "DroidSansFallbackFull.ttf",
    "NotoNaskhArabic-Regular": "NotoNaskhArabic-Regular.ttf",
    "NotoNaskhArabic-Bold": "NotoNaskhArabic-Bold.ttf",
    "NotoSansPhagsPa-Regular": "NotoSansPhagsPa-Regular.ttf",
    "ARPLUKaiCN": "ARPLUKaiCN-verbs.ttf",  # 楷体 for Chinese verbs in drafts (a subset; render/fonts.py)
}

#: The 楷体 face for Chinese verbs in drafts (AR PL UKai CN, Arphic Public License; a subset).
KAI = "ARPLUKaiCN"
