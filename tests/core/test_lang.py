"""One document in six languages (issue 14): work keys, canonical bodies, grouping, the 0007
migration, defaults that follow the user, ``briefdesk list --lang`` and its JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from briefdesk import cli
from briefdesk.core import i18n
from briefdesk.core.document import DocumentKind, ParagraphKind, ParsedDocument, ParsedParagraph
from briefdesk.core.bodies import BODIES, body_code, body_label, find_body
from briefdesk.core.importer import Importer
from briefdesk.core.languages import (choose_language, default_document_language, interface_language_default,
                                      preferred_languages)
from briefdesk.core.library import Library, _alembic_config, make_engine
from briefdesk.core.search import SearchFilters
from briefdesk.core.symbols import normalise_symbol, work_key
from tests.faults import downgrade, upgrade

LANGS = {"Arabic": "A", "Chinese": "C", "English": "E", "French": "F", "Russian": "R", "Spanish": "S"}


def six(corpus, number="100", session="ga-75"):
    return [corpus / "akn" / session / folder / f"75_{number}_{letter}.xml" for folder, letter in LANGS.items()]


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def test_symbols_normalise_and_bare_numbers_take_their_body():
    assert normalise_symbol(" ａ/res/75/101  a-b ") == "A/RES/75/101 A-B"
    assert work_key("A/RES/75/100") == work_key("a/res/75/100 ") == "A/RES/75/100"
    assert work_key("14/30", "cbd-cop") == "cbd-cop:14/30" != work_key("14/30", "hrc")
    assert work_key("UNEP/CBD/COP/DEC/XII/6", "cbd-cop") == work_key("XII/6", "cbd-cop")
    assert work_key(None) is None and work_key("") is None


def test_bodies_are_canonical_whatever_the_language(english):
    # every name of every body in the table maps back to its code, in every language
    for b in BODIES:
        assert {body_code(None, name) for name in b.names.values()} == {b.code}, b.code
        assert set(b.names) == {"ar", "zh", "en", "fr", "ru", "es"}
    # the symbol's series decides first; written names as the corpus's title pages print them
    assert body_code("A/RES/75/100", "الجمعية العامة") == body_code("A/RES/75/100", "大会") == "ga"
    assert body_code("A/HRC/RES/54/1", "Conseil des droits de l’homme") == "hrc"
    assert body_code("CBD/SBI/2/10", "执行问题附属机构") == "cbd-sbi"
    assert body_code("IT/GB-7/17/19", "管理机构") == "itpgrfa-gb"
    assert body_code("T/PET.11/142", "") == body_code(None, "Conseil de tutelle") == "tc"   # Trusteeship Council
    assert body_code(None, "2020年后全球生物多样性框架不限成员名额工作组") == "cbd-wg2020"
    assert body_code("14/30", "Конференция Сторон Конвенции о биологическом разнообразии") == "cbd-cop"
    assert body_code(None, "The General Assembly,") == "ga"
    # a body in no table keeps its written name: nothing merged by guess
    assert body_code(None, "Test Assembly") == "Test Assembly" and body_label("Test Assembly") == "Test Assembly"
    assert body_label("ga") == "General Assembly" and body_label("ga", "ar") == "الجمعية العامة"
    assert body_label("hrc", "zh") == "人权理事会" and body_label("cbd-cop", "fr").startswith("Conférence des Parties")
    assert find_body("Asamblea General") == find_body("GA") == "ga"


def test_preferences_choose_the_version(monkeypatch, english):
    monkeypatch.delenv("BRIEFDESK_LANG", raising=False)
    assert preferred_languages() == ["en", "fr", "es", "ru", "zh", "ar"]
    assert preferred_languages("ar") == ["ar", "en", "fr", "es", "ru", "zh"]
    assert choose_language({"zh", "ru", "ar"}) == "ru"
    assert choose_language({"zh", "ar"}, ["ar", "zh"]) == "ar"
    assert choose_language({"de"}) == "de" and choose_language(set()) == ""
    # the interface language: BRIEFDESK_LANG, else the OS locale (LC_ALL, LC_MESSAGES, LANG)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "es_ES.UTF-8")
    assert interface_language_default() == "es"
    monkeypatch.setenv("LC_MESSAGES", "ru_RU.UTF-8")
    assert interface_language_default() == "ru"
    monkeypatch.setenv("BRIEFDESK_LANG", "fr")
    assert interface_language_default() == "fr"
    assert i18n.set_language() == "fr" and default_document_language() == "fr"
    assert preferred_languages()[0] == "fr"
    monkeypatch.setenv("BRIEFDESK_LANG", "de")
    i18n.set_language()
    assert default_document_language() == "en"  # not a UN language: packs and drafts in English


def test_new_packs_and_drafts_default_to_the_interface_language(library, monkeypatch):
    from briefdesk.core.drafting.service import DraftService
    from briefdesk.core.packs.service import PackService

    try:
        i18n.set_language("es")
        pack = PackService(library).create(title="Reunión")
        assert PackService(library).list()[0].language == "es"
        drafts = DraftService(library)
        draft = drafts.new("decision", None, "Proyecto", "La Conferencia de las Partes,")
        assert [d.language for d in drafts.drafts() if d.id == draft] == ["es"]
    finally:
        i18n.set_language("en")
    assert pack


def test_six_language_versions_are_one_document(library, corpus, english):
    results = Importer(library).import_paths(six(corpus) + six(corpus, "101A-B")[:2])
    assert all(r.document_id for r in results), [r.describe() for r in results]
    assert library.count() == 8
    works = library.works()
    assert [w.version.symbol for w in works] == ["A/RES/75/100", "A/RES/75/101 A-B"]
    first = works[0]
    assert first.languages == ["ar", "en", "es", "fr", "ru", "zh"] and first.version.language == "en"
    assert {w.body_code for w in works} == {"ga"} and first.as_dict()["body_name"] == "General Assembly"
    assert works[1].languages == ["ar", "zh"] and works[1].version.language == "zh"  # en not held: next is zh
    assert library.works(preferred=["ar"])[0].version.language == "ar"
    versions = library.versions(first.id)
    assert set(versions) == set(first.languages) and versions == first.versions
    # one session: the six written names of the 75th session are one group, named in the preferred language
    assert len({w.session_key for w in works}) == 1
    assert library.document(first.versions["en"]).session == "75"  # as the AKN files write it
    assert works[0].session == "Session 75"  # named in the interface language
    # filters by canonical body: a name in any language or the code
    every = {h.paragraph_id for h in library.search("Assembly", limit=500)}
    assert every
    for name in ("ga", "الجمعية العامة", "Assemblée générale"):
        hits = library.search("Assembly", filters=SearchFilters(body=name), limit=500)
        assert {h.paragraph_id for h in hits} == every, name
    assert library.search("Assembly", filters=SearchFilters(body="hrc")) == []
    assert library.facets()["body"] == ["ga"]


def test_session_filter_is_one_session_in_every_language(library, corpus, english):
    """Issue 14: the session filter follows the one-document model: one entry per session, named
    in the preferred language, and choosing it (or any language's name of it) finds every version."""
    results = Importer(library).import_paths(six(corpus) + six(corpus, "101A-B")[:2])
    assert all(r.document_id for r in results), [r.describe() for r in results]
    assert {library.document(r.document_id).session for r in results} == {"75"}  # as the AKN files write it
    assert library.facets()["session"] == ["Session 75"]
    i18n.set_language("zh")
    assert library.facets()["session"] == ["第75届会议"]
    i18n.set_language("en")
    for query in ("Assembly", "大会"):
        every = {h.document_id for h in library.search(query, limit=1000)}
        assert every, query
        for name in ("Session 75", "75"):
            hits = library.search(query, filters=SearchFilters(session=name), limit=1000)
            assert {h.document_id for h in hits} == every, name
            assert {r.document_id for r in library.document_results(query, filters=SearchFilters(session=name))} \
                == every, name
    assert library.search("Assembly", filters=SearchFilters(session="Eightieth session")) == []


def test_sessions_group_by_number_and_by_language_versions(library, english):
    """Issue 14: ``第十二届会议`` and ``twelfth meeting`` of the COP are one session (same number,
    same body), named as the reader's language writes it; an unnumbered name joins through the
    language versions of one document; another body's twelfth session stays apart."""
    docs = [("UNEP/CBD/COP/DEC/XII/6", "zh", "第十二届会议", "生物多样性公约缔约方大会"),
            ("UNEP/CBD/COP/DEC/XII/7", "en", "Twelfth meeting", "Conference of the Parties to the Convention on Biological Diversity"),
            ("UNEP/CBD/COP/DEC/XII/7", "es", "Duodécima reunión", "Conferencia de las Partes en el Convenio sobre la Diversidad Biológica"),
            ("A/RES/12/1", "en", "Twelfth session", "General Assembly")]
    for i, (symbol, lang, session, body) in enumerate(docs):
        library.add(ParsedDocument(symbol=symbol, language=lang, session=session, body=body,
                                   kind=DocumentKind.DECISION,
                                   paragraphs=[ParsedParagraph(ParagraphKind.OPERATIVE, f"Decides {i}", "1.")]),
                    content_hash=f"s{i}", source_name=f"{i}.txt")
    groups = library.sessions_of_library()
    cop = {g.key for (body, _name), g in groups.items() if body == "cbd-cop"}
    assert len(cop) == 1 and len({g.key for g in groups.values()}) == 2
    group = next(g for (body, _name), g in groups.items() if body == "cbd-cop")
    assert group.number == 12 and set(group.all_names) == {"第十二届会议", "Twelfth meeting", "Duodécima reunión"}
    assert group.name(["zh", "en"]) == "第十二届会议" and group.name(["en"]) == "Twelfth meeting"
    assert group.name(["es"]) == "Duodécima reunión"
    assert group.name(["ru", "en"]) == "Session 12"  # no Russian name held: the interface's words
    assert library.facets()["session"] == ["Twelfth meeting", "Twelfth session"]
    for name in ("第十二届会议", "Duodécima reunión", "Twelfth meeting"):
        hits = library.search("Decides", filters=SearchFilters(session=name), limit=50)
        assert {h.symbol for h in hits} == {"UNEP/CBD/COP/DEC/XII/6", "UNEP/CBD/COP/DEC/XII/7"}, name


def test_cli_list_groups_languages_and_filters_by_language(tmp_path, corpus, capsys, english):
    db = str(tmp_path / "cli.sqlite")
    assert cli.main(["import", *map(str, six(corpus)), "--db", db]) == 0
    assert cli.main(["import", str(six(corpus, "101A-B")[1]), "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["list", "--json", "--db", db]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(d["symbol"], d["language"], d["languages"]) for d in listed] == [
        ("A/RES/75/100", "en", ["ar", "en", "es", "fr", "ru", "zh"]), ("A/RES/75/101 A-B", "zh", ["zh"])]
    assert listed[0]["body_code"] == "ga" and len(listed[0]["versions"]) == 6
    assert listed[0]["id"] == listed[0]["versions"]["en"]
    assert cli.main(["show", "A/RES/75/100", "--lang", "ru", "--json", "--db", db]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["language"] == "ru" and shown["languages"] == listed[0]["languages"]
    assert shown["versions"] == listed[0]["versions"] and shown["body_code"] == "ga"
    assert cli.main(["list", "--lang", "fr", "--json", "--db", db]) == 0
    (french,) = json.loads(capsys.readouterr().out)
    assert french["language"] == "fr" and french["id"] == listed[0]["versions"]["fr"]
    assert cli.main(["list", "--lang", "zh", "--db", db]) == 0
    out = capsys.readouterr().out
    assert out.count("General Assembly") == 1 and "ar en es fr ru zh" in out and "A/RES/75/101 A-B" in out
    assert cli.main(["list", "--lang", "de", "--db", db]) == 0
    assert "No document in the library is held in de." in capsys.readouterr().out


def test_migration_converts_a_library_made_at_0006(tmp_path, corpus, english):
    """A library at the previous head (0006, no work/body_code columns) opens converted: its language
    versions are one document and its bodies canonical, without re-import."""
    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0006")
    document = sa.table("document", *(sa.column(c) for c in (
        "symbol", "title", "body", "session", "language", "kind", "venue", "agenda_item", "sponsors",
        "source_name", "source_format", "content_hash", "imported_at", "date")))
    rows = [("A/RES/75/100", "ar", "الجمعية العامة"), ("A/RES/75/100", "en", "General Assembly"),
            ("a/res/75/100", "fr", "Assemblée générale"), ("14/30", "es",
             "Conferencia de las Partes en el Convenio sobre la Diversidad Biológica"),
            ("14/30", "ru", "Конференция Сторон Конвенции о биологическом разнообразии"),
            (None, "zh", "管理机构")]
    with engine.begin() as connection:
        assert "work" not in {c["name"] for c in sa.inspect(connection).get_columns("document")}
        connection.execute(sa.insert(document), [dict(
            symbol=s, title=f"t{i}", body=b, session="", language=lang, kind="resolution", venue="",
            agenda_item="", sponsors="[]", source_name=f"f{i}", source_format="akn", content_hash=f"h{i}",
            imported_at=dt.datetime(2026, 1, 1), date=dt.date(2020, 12, 7)) for i, (s, lang, b) in enumerate(rows)])
    engine.dispose()

    library = Library(path)
    try:
        works = {w.version.symbol: w for w in library.works()}
        assert works["A/RES/75/100"].languages == ["ar", "en", "fr"] and works["A/RES/75/100"].body_code == "ga"
        assert works["14/30"].languages == ["es", "ru"] and works["14/30"].body_code == "cbd-cop"
        assert works[None].body_code == "itpgrfa-gb" and works[None].languages == ["zh"]
        assert len(library.works()) == 3 and library.count() == 6
        with library.engine.connect() as connection:
            head = ScriptDirectory.from_config(_alembic_config()).get_current_head()   # 0007 or a later head
            assert connection.execute(sa.text("select version_num from alembic_version")).scalar() == head
    finally:
        library.close()


def test_migration_0007_goes_down_and_up_keeping_every_document(tmp_path, corpus, english):
    library = Library(tmp_path / "lib.sqlite")
    Importer(library).import_paths(six(corpus)[:3])
    paragraphs = sum(s.paragraph_count for s in library.summaries())
    downgrade(library.engine, "0006")
    upgrade(library.engine)
    library.close()
    library = Library(tmp_path / "lib.sqlite")
    try:
        (work,) = library.works()
        assert work.languages == ["ar", "en", "zh"] and work.body_code == "ga"
        assert sum(s.paragraph_count for s in library.summaries()) == paragraphs
    finally:
        library.close()


def test_a_draft_from_a_symbol_starts_from_the_chosen_language_version(library, corpus, english):
    """``A/RES/75/100`` names six documents: ``draft new --from … --lang`` starts from that
    language's version (it took the first imported, here Arabic, whatever --lang said)."""
    from briefdesk.core.drafting.service import DraftService

    Importer(library).import_paths(six(corpus))
    assert library.document(library.resolve("A/RES/75/100", language="fr")).language == "fr"
    drafts = DraftService(library)
    zh = drafts.snapshot(drafts.from_document("A/RES/75/100", language="zh"))
    en = drafts.snapshot(drafts.from_document("A/RES/75/100", language="en"))
    assert zh.language == "zh" and en.language == "en"
    assert en.title == library.document(library.resolve("A/RES/75/100", language="en")).title
