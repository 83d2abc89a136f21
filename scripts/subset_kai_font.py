"""Build ``resources/fonts/ARPLUKaiCN-verbs.ttf``: AR PL UKai CN (Debian ``fonts-arphic-ukai``,
Arphic Public License) cut down to the characters of the Chinese leading verbs BriefDesk knows
(the readers' list and the editor's palette) and a few hundred common characters, so the 楷体 of
Chinese verbs costs about 1 MB.  Characters outside the subset are set in the regular CJK face.

Run from the project root with fontTools installed (``pip install fonttools``; a build tool only):
``python scripts/subset_kai_font.py [/usr/share/fonts/truetype/arphic/ukai.ttc]``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefdesk.core.drafting.verbs import PALETTE
from briefdesk.core.readers.verbs import VERBS

#: Characters often found in Chinese verb phrases beyond the listed verbs (adverbs and objects).
EXTRA = ("又还再并也亦进一步特别尤其深表严重满意赞赏感谢遗憾关切鼓励敦促吁请邀请要求请求授权指示责成建议决定"
         "注意到认识到确认重申强调铭记考虑回顾欢迎支持通过核可批准同意商定宣布声明表示承认意识到深信相信期待希望"
         "呼吁促请提请指定任命设立延长终止核准接受赞同重视痛惜谴责申明坚决主张"
         # the bodies' names printed (emphasised) before the preamble
         "缔约方大会理事会人权安全经济及社会管理机构附属科学技术咨询履行执行问题作为议定书会议联合国环境")


def main(source: str = "/usr/share/fonts/truetype/arphic/ukai.ttc") -> None:
    chars = set(EXTRA)
    for verb in VERBS["zh"]:
        chars |= set(verb)
    for v in PALETTE:
        chars |= set(v.form("zh"))
    chars = {c for c in chars if not c.isspace()}
    options = subset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.layout_features = []
    font = TTCollection(source).fonts[0]          # AR PL UKai CN (simplified Chinese forms)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    out = ROOT / "resources" / "fonts" / "ARPLUKaiCN-verbs.ttf"
    font.save(str(out))
    print(f"{out}: {len(chars)} characters, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:])
