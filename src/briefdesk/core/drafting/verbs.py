"""The verb palette: standard preambular and operative openers in the six UN languages.

Each :class:`PaletteVerb` is one phrase with its equivalents, as the official
language versions of CBD decisions and General Assembly resolutions print
them (UN Editorial Manual, lists of preambular and operative phrases;
UNTERM equivalents; Chinese as in the CBD decisions of COP 12–14).  The
palette the editor offers is :data:`PALETTE`; :func:`in_palette` also accepts
every opener the readers know (:data:`briefdesk.core.readers.verbs.VERBS`), so
a draft started from an official text does not fail the check on its own verbs.

Public API: :class:`PaletteVerb`, :data:`PALETTE`, :func:`palette`, :func:`in_palette`,
:func:`leading_verb`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..readers.verbs import VERBS, leading_verb as _reader_leading_verb

LANGUAGES = ("en", "zh", "fr", "es", "ru", "ar")


@dataclass(frozen=True)
class PaletteVerb:
    """One standard phrase: ``kind`` ``"preambular"`` or ``"operative"``; ``forms`` by ISO 639-1 code."""

    key: str
    kind: str
    forms: dict[str, str]

    def form(self, language: str) -> str:
        """The phrase in ``language`` (English where the palette has no form)."""
        return self.forms.get(language) or self.forms["en"]


def _v(key: str, kind: str, en: str, zh: str, fr: str, es: str, ru: str, ar: str) -> PaletteVerb:
    return PaletteVerb(key, kind, {"en": en, "zh": zh, "fr": fr, "es": es, "ru": ru, "ar": ar})


#: The palette, preambular phrases first, in the order the editor lists them.
PALETTE: tuple[PaletteVerb, ...] = (
    _v("recalling", "preambular", "Recalling", "回顾", "Rappelant", "Recordando", "Ссылаясь на", "إذ تشير إلى"),
    _v("also_recalling", "preambular", "Also recalling", "又回顾", "Rappelant également", "Recordando también",
       "Ссылаясь также на", "وإذ تشير أيضا إلى"),
    _v("noting", "preambular", "Noting", "注意到", "Notant", "Observando", "Отмечая", "إذ تلاحظ"),
    _v("noting_concern", "preambular", "Noting with concern", "关切地注意到", "Notant avec préoccupation",
       "Observando con preocupación", "Отмечая с обеспокоенностью", "وإذ تلاحظ مع القلق"),
    _v("welcoming", "preambular", "Welcoming", "欢迎", "Se félicitant", "Acogiendo con beneplácito",
       "Приветствуя", "وإذ ترحب"),
    _v("recognizing", "preambular", "Recognizing", "认识到", "Reconnaissant", "Reconociendo", "Признавая",
       "وإذ تسلم"),
    _v("acknowledging", "preambular", "Acknowledging", "确认", "Constatant", "Reconociendo", "Признавая",
       "وإذ تقر"),
    _v("reaffirming", "preambular", "Reaffirming", "重申", "Réaffirmant", "Reafirmando", "Вновь подтверждая",
       "وإذ تعيد تأكيد"),
    _v("emphasizing", "preambular", "Emphasizing", "强调", "Soulignant", "Destacando", "Подчеркивая",
       "وإذ تؤكد"),
    _v("bearing_in_mind", "preambular", "Bearing in mind", "铭记", "Ayant à l’esprit", "Teniendo presente",
       "Памятуя", "وإذ تضع في اعتبارها"),
    _v("considering", "preambular", "Considering", "考虑到", "Considérant", "Considerando", "Учитывая",
       "وإذ تضع في الاعتبار"),
    _v("convinced", "preambular", "Convinced", "深信", "Convaincue", "Convencida", "Будучи убеждена",
       "واقتناعا منها"),
    _v("concerned", "preambular", "Concerned", "关切", "Préoccupée", "Preocupada", "Будучи обеспокоена",
       "وإذ يساورها القلق"),
    _v("having_considered", "preambular", "Having considered", "审议了", "Ayant examiné", "Habiendo examinado",
       "Рассмотрев", "وقد نظرت"),
    _v("takes_note", "operative", "Takes note of", "表示注意到", "Prend note de", "Toma nota de",
       "Принимает к сведению", "تحيط علما"),
    _v("notes", "operative", "Notes", "注意到", "Note", "Observa", "Отмечает", "تلاحظ"),
    _v("welcomes", "operative", "Welcomes", "欢迎", "Se félicite de", "Acoge con beneplácito", "Приветствует",
       "ترحب"),
    _v("decides", "operative", "Decides", "决定", "Décide", "Decide", "Постановляет", "تقرر"),
    _v("also_decides", "operative", "Also decides", "又决定", "Décide également", "Decide también",
       "Постановляет также", "تقرر أيضا"),
    _v("requests_es", "operative", "Requests the Executive Secretary", "请执行秘书",
       "Prie la Secrétaire exécutive", "Pide a la Secretaria Ejecutiva", "Просит Исполнительного секретаря",
       "تطلب إلى الأمينة التنفيذية"),
    _v("also_requests_es", "operative", "Also requests the Executive Secretary", "又请执行秘书",
       "Prie également la Secrétaire exécutive", "Pide también a la Secretaria Ejecutiva",
       "Просит также Исполнительного секретаря", "تطلب أيضا إلى الأمينة التنفيذية"),
    _v("requests_sg", "operative", "Requests the Secretary-General", "请秘书长", "Prie le Secrétaire général",
       "Solicita al Secretario General", "Просит Генерального секретаря", "تطلب إلى الأمين العام"),
    _v("requests", "operative", "Requests", "请", "Prie", "Pide", "Просит", "تطلب"),
    _v("invites", "operative", "Invites", "邀请", "Invite", "Invita", "Предлагает", "تدعو"),
    _v("invites_parties", "operative", "Invites Parties", "邀请缔约方", "Invite les Parties", "Invita a las Partes",
       "Предлагает Сторонам", "تدعو الأطراف"),
    _v("encourages", "operative", "Encourages", "鼓励", "Encourage", "Alienta", "Рекомендует", "تشجع"),
    _v("urges", "operative", "Urges", "敦促", "Exhorte", "Insta", "Настоятельно призывает", "تحث"),
    _v("calls_upon", "operative", "Calls upon", "吁请", "Demande", "Exhorta", "Призывает", "تهيب"),
    _v("recognizes", "operative", "Recognizes", "认识到", "Reconnaît", "Reconoce", "Признает", "تسلم"),
    _v("emphasizes", "operative", "Emphasizes", "强调", "Souligne", "Destaca", "Подчеркивает", "تؤكد"),
    _v("reaffirms", "operative", "Reaffirms", "重申", "Réaffirme", "Reafirma", "Вновь подтверждает",
       "تعيد تأكيد"),
    _v("adopts", "operative", "Adopts", "通过", "Adopte", "Aprueba", "Принимает", "تعتمد"),
    _v("endorses", "operative", "Endorses", "核可", "Fait siennes", "Hace suyas", "Одобряет", "تؤيد"),
    _v("recommends", "operative", "Recommends", "建议", "Recommande", "Recomienda", "Рекомендует", "توصي"),
    _v("expresses_appreciation", "operative", "Expresses its appreciation", "表示赞赏",
       "Se déclare satisfaite", "Expresa su reconocimiento", "Выражает признательность", "تعرب عن تقديرها"),
    _v("acknowledges", "operative", "Acknowledges", "承认", "Prend acte", "Reconoce", "Признает", "تقر"),
)


def palette(language: str, kind: str | None = None) -> list[tuple[str, PaletteVerb]]:
    """``(phrase in language, entry)`` pairs of the palette, optionally of one ``kind``."""
    return [(v.form(language), v) for v in PALETTE if kind is None or v.kind == kind]


#: Adverbs that may precede a standard phrase ("Strongly condemns", "Deeply concerned").
_ADVERBS = ("also ", "further ", "once again ", "again ", "strongly ", "deeply ", "firmly ", "fully ",
            "emphatically ", "resolutely ", "gravely ", "seriously ", "expressly ", "further also ")


def in_palette(verb: str, language: str) -> bool:
    """Whether ``verb`` is a palette phrase of ``language`` or an opener the readers know.

    Case is ignored.  Also accepted, as the official texts set verbs apart: a
    shorter form of a known phrase (``Guided`` for ``Guided by``), a known
    phrase with its complement (``Expressing alarm``, ``Requests the Office of
    the High Commissioner``), the same after an adverb (``Strongly condemns``);
    in Chinese a known opener of two or more characters followed by more
    (``又表示注意到``).
    """
    v = " ".join(verb.split()).casefold()
    if not v:
        return False
    forms = {p.form(language).casefold() for p in PALETTE}
    forms |= {w.casefold() for w in VERBS.get(language, [])}
    if v in forms:
        return True
    if language == "zh":
        return any(v.startswith(f) and len(f) >= 2 for f in forms)
    candidates = [v]
    for adverb in _ADVERBS:
        if v.startswith(adverb):
            candidates.append(v[len(adverb):])
    for c in candidates:
        if c in forms:
            return True
        for f in forms:
            if (f.startswith(c + " ") and len(c) >= 4) or c.startswith(f + " "):
                return True
            if c.startswith(f) and c[len(f):len(f) + 1] in (" ", ""):
                return True
    # "Condemns" where the list knows "Condemns" only as the third person of another form
    return any(c.split(" ")[0] in {f.split(" ")[0] for f in forms if " " not in f} for c in candidates)


def leading_verb(text: str, language: str) -> str | None:
    """The palette phrase or known opener that begins ``text`` (longest first), or ``None``."""
    stripped = text.lstrip()
    best = None
    for form, _entry in palette(language):
        if stripped.startswith(form) and (best is None or len(form) > len(best)):
            rest = stripped[len(form):len(form) + 1]
            if language == "zh" or not rest or not rest.isalnum():
                best = form
    reader = _reader_leading_verb(stripped, language)
    if reader and (best is None or len(reader) > len(best)):
        best = reader
    return best
