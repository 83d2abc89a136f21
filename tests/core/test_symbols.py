"""The one document-symbol pattern shared by readers and citations."""

from __future__ import annotations

import pytest

from briefdesk.core.symbols import SYMBOL_RE, symbol_from_file_name


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


@pytest.mark.parametrize("name,symbol", [
    ("A_RES_73_6-EN.pdf", "A/RES/73/6"),
    ("A_C.4_SR.985-FR.pdf", "A/C.4/SR.985"),
    ("S_RES_2803_2025-EN.pdf", "S/RES/2803 (2025)"),   # the year in brackets, since 1993
    ("IT_GB-7_17_19-ZH.docx", "IT/GB-7/17/19"),
    ("CBD_COP_DEC_15_4-EN.pdf", "CBD/COP/DEC/15/4"),
    ("draft-EN.pdf", None),                # no symbol before the language
    ("A_RES_73_6.pdf", None),              # no language code: not an ODS name
    ("A_RES_73_6-DE.pdf", None),           # not a UN language
    ("briefing notes_v2-EN.pdf", None),
    ("A_RES_2758_XXVI-RU-scanned.pdf", None),
    # the UN's case: capitals but for the modifiers (ODS names T/PET.11/142 "T_Pet.11_142")
    ("T_Pet.11_142-EN.pdf", "T/PET.11/142"),
    ("a_res_75_1_add.1-EN.pdf", "A/RES/75/1/Add.1"),
    ("IT_GB-7_17_Res.2-EN.pdf", "IT/GB-7/17/Res.2"),
    ("S_Agenda_10026-EN.pdf", "S/Agenda/10026"),
    ("UNEP_OzL.Pro.30_11-EN.pdf", "UNEP/OzL.Pro.30/11"),
])
def test_symbol_from_ods_file_name(name, symbol) -> None:
    assert symbol_from_file_name(name) == symbol
