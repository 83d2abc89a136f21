"""Canonical bodies: one code per intergovernmental body, its name in the six UN languages.

A document names its body as written in its own language (``الجمعية العامة``,
``大会``, ``General Assembly``…).  :func:`body_code` maps that, with the
document's symbol, to one code (``"ga"``), so the library files the General
Assembly once whatever language its documents are in; :func:`body_label` names
a code in the interface language.  The symbol's series decides first
(``A/RES/`` → General Assembly, ``A/HRC/`` → Human Rights Council,
``CBD/SBI/`` → Subsidiary Body on Implementation…: UN Dag Hammarskjöld Library,
"United Nations Document Symbols"; CBD and FAO document series), then the name
as written in any of the six languages.  A body in neither keeps its written
name as its code, so nothing is lost or merged by guess.

Names: the official names in each language as the bodies' own documents print
them (UN General Assembly and Security Council resolutions in the corpus; CBD
decisions and notes; ITPGRFA Governing Body resolutions); UNTERM for the rest.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from . import i18n
from .symbols import normalise_symbol

#: The six UN languages (ISO 639-1), in the order of the UN's own lists of them.
UN_LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


@dataclass(frozen=True)
class Body:
    """One canonical body: its ``code``, its names by language, the symbol series that are
    its documents (regular expressions matched at the start of a normalised symbol), and
    other names it is written under (short forms as printed on title pages)."""

    code: str
    names: dict[str, str]
    series: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()

    def name(self, language: str | None = None) -> str:
        """The name in ``language`` (ISO 639-1; ``zh_CN`` → ``zh``), else in English."""
        lang = i18n.base_language(language)
        return self.names.get(lang) or self.names["en"]


BODIES: tuple[Body, ...] = (
    Body("ga", {
        "ar": "الجمعية العامة", "zh": "大会", "en": "General Assembly",
        "fr": "Assemblée générale", "ru": "Генеральная Ассамблея", "es": "Asamblea General"},
        series=(r"A/RES/", r"A/DEC/", r"A/(?:ES-\d+/)?(?:L|C\.\d)\b", r"A/\d+/")),
    Body("hrc", {
        "ar": "مجلس حقوق الإنسان", "zh": "人权理事会", "en": "Human Rights Council",
        "fr": "Conseil des droits de l’homme", "ru": "Совет по правам человека",
        "es": "Consejo de Derechos Humanos"},
        series=(r"A/HRC/",), aliases=("Conseil des droits de l'homme",)),
    Body("sc", {
        "ar": "مجلس الأمن", "zh": "安全理事会", "en": "Security Council",
        "fr": "Conseil de sécurité", "ru": "Совет Безопасности", "es": "Consejo de Seguridad"},
        series=(r"S/",), aliases=("安理会",)),
    Body("ecosoc", {
        "ar": "المجلس الاقتصادي والاجتماعي", "zh": "经济及社会理事会", "en": "Economic and Social Council",
        "fr": "Conseil économique et social", "ru": "Экономический и Социальный Совет",
        "es": "Consejo Económico y Social"},
        series=(r"E/RES/", r"E/DEC/")),
    Body("tc", {   # a principal organ (Charter, Chapter XIII), suspended since 1994; its records stay cited
        "ar": "مجلس الوصاية", "zh": "托管理事会", "en": "Trusteeship Council",
        "fr": "Conseil de tutelle", "ru": "Совет по Опеке", "es": "Consejo de Administración Fiduciaria"},
        series=(r"T/",)),
    Body("cbd-cop", {
        "ar": "مؤتمر الأطراف في اتفاقية التنوع البيولوجي", "zh": "生物多样性公约缔约方大会",
        "en": "Conference of the Parties to the Convention on Biological Diversity",
        "fr": "Conférence des Parties à la Convention sur la diversité biologique",
        "ru": "Конференция Сторон Конвенции о биологическом разнообразии",
        "es": "Conferencia de las Partes en el Convenio sobre la Diversidad Biológica"},
        series=(r"(?:UNEP/)?CBD/COP/",),
        aliases=("缔约方大会", "Conference of the Parties", "Conférence des Parties",
                 "Conferencia de las Partes", "Конференция Сторон", "مؤتمر الأطراف")),
    Body("cbd-sbstta", {
        "ar": "الهيئة الفرعية للمشورة العلمية والتقنية والتكنولوجية",
        "zh": "科学、技术和工艺咨询附属机构",
        "en": "Subsidiary Body on Scientific, Technical and Technological Advice",
        "fr": "Organe subsidiaire chargé de fournir des avis scientifiques, techniques et technologiques",
        "ru": "Вспомогательный орган по научным, техническим и технологическим консультациям",
        "es": "Órgano Subsidiario de Asesoramiento Científico, Técnico y Tecnológico"},
        series=(r"(?:UNEP/)?CBD/SBSTTA/",), aliases=("SBSTTA", "科咨机构")),
    Body("cbd-sbi", {
        "ar": "الهيئة الفرعية للتنفيذ", "zh": "执行问题附属机构",
        "en": "Subsidiary Body on Implementation",
        "fr": "Organe subsidiaire chargé de l’application",
        "ru": "Вспомогательный орган по осуществлению",
        "es": "Órgano Subsidiario sobre la Aplicación"},
        series=(r"(?:UNEP/)?CBD/SBI/",),
        aliases=("SBI", "Organe subsidiaire chargé de l'application", "履行问题附属机构")),
    Body("cbd-wg2020", {
        "ar": "الفريق العامل المفتوح العضوية المعني بالإطار العالمي للتنوع البيولوجي لما بعد عام 2020",
        "zh": "2020年后全球生物多样性框架不限成员名额工作组",
        "en": "Open-ended Working Group on the Post-2020 Global Biodiversity Framework",
        "fr": "Groupe de travail à composition non limitée sur le cadre mondial de la biodiversité "
              "pour l’après-2020",
        "ru": "Рабочая группа открытого состава по глобальной рамочной программе в области "
              "биоразнообразия на период после 2020 года",
        "es": "Grupo de Trabajo de Composición Abierta sobre el Marco Mundial de la Diversidad "
              "Biológica posterior a 2020"},
        series=(r"CBD/WG2020/",), aliases=("WG2020",)),
    Body("cbd-wg8j", {
        "ar": "الفريق العامل المخصص المفتوح العضوية فيما بين الدورات المعني بالمادة 8(ي) والأحكام المتصلة بها",
        "zh": "第8(j)条和相关规定问题不限成员名额闲会期特设工作组",
        "en": "Ad Hoc Open-ended Inter-Sessional Working Group on Article 8(j) and Related Provisions",
        "fr": "Groupe de travail spécial intersessions à composition non limitée sur l’article 8 j) "
              "et les dispositions connexes",
        "ru": "Специальная межсессионная рабочая группа открытого состава по статье 8 j) "
              "и связанным с ней положениям",
        "es": "Grupo de Trabajo Especial de Composición Abierta entre Períodos de Sesiones sobre "
              "el Artículo 8 j) y Disposiciones Conexas"},
        series=(r"(?:UNEP/)?CBD/WG8J/",)),
    Body("itpgrfa-gb", {
        "ar": "الهيئة الرئاسية للمعاهدة الدولية بشأن الموارد الوراثية النباتية للأغذية والزراعة",
        "zh": "粮食和农业植物遗传资源国际条约管理机构",
        "en": "Governing Body of the International Treaty on Plant Genetic Resources for Food and Agriculture",
        "fr": "Organe directeur du Traité international sur les ressources phytogénétiques "
              "pour l’alimentation et l’agriculture",
        "ru": "Руководящий орган Международного договора о генетических ресурсах растений "
              "для производства продовольствия и ведения сельского хозяйства",
        "es": "Órgano Rector del Tratado Internacional sobre los Recursos Fitogenéticos "
              "para la Alimentación y la Agricultura"},
        series=(r"IT/GB-",),
        aliases=("管理机构", "Governing Body", "Organe directeur", "Órgano Rector", "Руководящий орган",
                 "الهيئة الرئاسية")),
)

_BY_CODE = {b.code: b for b in BODIES}
_SERIES = [(re.compile(pattern), b.code) for b in BODIES for pattern in b.series]


def _fold(name: str) -> str:
    """A written name as compared: NFKC, case-folded, typographic apostrophes and articles
    plain (``The General Assembly,`` → ``general assembly``)."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").casefold()
    text = re.sub(r"^(?:the|la|le|l'|el)\s*", "", text.strip(" ,，.、:："))
    return re.sub(r"\s+", " ", text).strip()


_BY_NAME: dict[str, str] = {}
_FULL_NAMES: dict[str, str] = {}
for _b in BODIES:
    for _name in (*_b.names.values(), *_b.aliases):
        _BY_NAME.setdefault(_fold(_name), _b.code)
    for _name in _b.names.values():
        _FULL_NAMES[_fold(_name)] = _b.code


def body_code(symbol: str | None, written: str | None) -> str:
    """The canonical code of a document's body, from its symbol's series, else its written name.

    ``("A/RES/75/100", "الجمعية العامة")`` → ``"ga"``; ``("14/30", "Conférence des Parties à
    la Convention sur la diversité biologique")`` → ``"cbd-cop"``; a body in no table keeps its
    written name (stripped) as its code; ``""`` when there is neither.  A written name decides
    over a generic series only when the series is unknown.
    """
    norm = normalise_symbol(symbol)
    for pattern, code in _SERIES:
        if pattern.match(norm):
            return code
    name = (written or "").strip()
    if not name:
        return ""
    folded = _fold(name)
    if folded in _BY_NAME:
        return _BY_NAME[folded]
    # a longer written form ending with a full name ("生物多样性公约 执行问题附属机构")
    for known, code in _FULL_NAMES.items():
        if len(known) >= 4 and folded.endswith(known):
            return code
    return name


def body(code: str) -> Body | None:
    """The :class:`Body` with ``code``, or ``None`` (a body in no table)."""
    return _BY_CODE.get(code)


def body_label(code: str, language: str | None = None) -> str:
    """The name of body ``code`` in ``language`` (default: the interface language); a code in
    no table is a written name and shows as it is; ``""`` for ``""``."""
    known = _BY_CODE.get(code)
    if known is None:
        return code
    return known.name(language or i18n.current_language())


def find_body(text: str | None) -> str:
    """The code a user means by ``text``: a code (``"ga"``, ``"CBD-COP"``) or a body's name in any
    of the six languages (``"Assemblée générale"``); other text is taken as a written name
    (:func:`body_code` without a symbol); ``""`` for none."""
    value = (text or "").strip()
    if value.lower() in _BY_CODE:
        return value.lower()
    return body_code(None, value)
