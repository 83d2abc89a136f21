"""The one document-symbol pattern shared by readers and citations."""

from __future__ import annotations

import pytest

from briefdesk.core.symbols import SYMBOL_RE


@pytest.mark.parametrize("text,symbols", [
    ("见CBD/SBI/2/10/Add.1号文件。", ["CBD/SBI/2/10/Add.1"]),
    ("(UNEP/CBD/COP/13/15).", ["UNEP/CBD/COP/13/15"]),
    ("Official Records, WHA58/2005/REC/1.", ["WHA58/2005/REC/1"]),
    ("第 IT/GB-7/17/19 号文件", ["IT/GB-7/17/19"]),
    ("draft resolution A/HRC/54/L.13, adopted", ["A/HRC/54/L.13"]),
    ("resolution 1514(XV) and A/RES/1514(XV)", ["A/RES/1514(XV)"]),
    ("the African Union Assembly/AU/Decl. 1", []),  # not a UN symbol: lower-case series
    ("2011-2020 and 2017/18", []),
])
def test_symbols_are_found_without_surrounding_punctuation(text, symbols):
    assert [m.group(1) for m in SYMBOL_RE.finditer(text)] == symbols
