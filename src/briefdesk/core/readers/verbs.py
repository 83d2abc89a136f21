"""Leading verbs and phrases of preambular and operative paragraphs, per language.

A decision or resolution paragraph opens with a verb or phrase that the
official text sets apart (italics in English, a space or bold in Chinese
conversions): ``Recalling``, ``Requests``, ``回顾``, ``请``.  These lists give
the usual openers, taken from the UN Editorial Manual ("Resolutions and other
formal texts", lists of preambular and operative openers) and from the
official Chinese, French, Spanish, Russian and Arabic texts of CBD decisions
and General Assembly resolutions.  They are not exhaustive; readers also accept
a phrase the source sets apart itself (see :func:`leading_verb`).

Public API: :func:`leading_verb`, :func:`verb_role`, :data:`VERBS`.
"""

from __future__ import annotations

import re
import unicodedata

from ..scripts import HAN

# Chinese openers; "又/还/并/也" + verb variants are generated below.
_ZH_BASE = [
    "回顾", "忆及", "注意到", "注意", "表示注意到", "赞赏地注意到", "关切地注意到",
    "满意地注意到", "欣见", "欢迎", "表示欢迎", "感谢", "表示感谢", "称赞", "赞扬",
    "赞赏", "表示赞赏", "请", "邀请", "鼓励", "敦促", "促请", "吁请", "呼吁", "再次呼吁",
    "决定", "确认", "强调", "强调指出", "重申", "认识到", "承认", "意识到", "深信",
    "确信", "考虑到", "铭记", "申明", "指出", "建议", "通过", "核可", "核准", "批准",
    "同意", "要求", "期待", "表示关切", "深表关切", "关切", "希望", "支持", "授权",
    "指示", "留意到", "审议了", "注意", "商定", "认可", "欣悉", "遗憾地注意到",
    "谴责", "宣布", "提醒", "敦请", "重视", "强调必须", "认为", "相信",
    "着重指出", "深为关切", "表示深为关切", "严重关切", "极为关切地注意到", "遵循", "念及",
    "肯定", "强烈谴责", "深感关切", "表示关注", "关注", "坚决谴责", "吁请", "决心", "满意地回顾",
    "回顾并重申", "深信", "深感震惊", "忆及", "赞赏地确认", "确认", "宣告", "核准", "赞同",
    "表示严重关切", "重点指出", "特别指出", "大力鼓励", "感到震惊的是", "审查了", "知悉",
    "感到关切的是", "痛惜", "提及", "强烈敦促", "最强烈地谴责", "承诺", "深为关切", "表示深为关注",
    "感到遗憾的是", "表示支持", "正式决定", "深感遗憾的是", "斥责", "感兴趣地注意到", "坚信",
    "提请", "适当考虑到", "特别注意到", "深切关注", "反对", "表示满意地注意到",
]
_ZH_PREFIXES = ["又", "还", "并", "也", "再次", "进一步", "仍", "依然"]

_EN = [
    # preambular
    "Recalling", "Also recalling", "Further recalling", "Recalling also", "Recalling further",
    "Noting", "Also noting", "Further noting", "Noting also", "Noting with appreciation",
    "Noting with concern", "Noting with satisfaction", "Taking note", "Welcoming",
    "Also welcoming", "Recognizing", "Also recognizing", "Recognising", "Acknowledging",
    "Reaffirming", "Emphasizing", "Stressing", "Bearing in mind", "Considering",
    "Convinced", "Aware", "Mindful", "Concerned", "Deeply concerned", "Expressing",
    "Affirming", "Underlining", "Having considered", "Guided by", "Determined",
    "Desiring", "Reiterating", "Taking into account", "Taking into consideration",
    "Appreciating", "Believing", "Cognizant", "Alarmed", "Encouraged", "Highlighting",
    # operative
    "Requests", "Also requests", "Further requests", "Invites", "Also invites",
    "Further invites", "Encourages", "Also encourages", "Further encourages", "Urges",
    "Also urges", "Calls upon", "Calls on", "Also calls upon", "Decides", "Also decides",
    "Further decides", "Welcomes", "Also welcomes", "Notes", "Also notes", "Notes with appreciation",
    "Notes with concern", "Takes note", "Also takes note", "Recognizes", "Also recognizes",
    "Reaffirms", "Emphasizes", "Stresses", "Recommends", "Adopts", "Endorses", "Approves",
    "Agrees", "Expresses its appreciation", "Expresses appreciation", "Expresses its gratitude",
    "Expresses", "Acknowledges", "Recalls", "Reiterates", "Affirms", "Underlines",
    "Appreciates", "Commends", "Thanks", "Supports", "Authorizes", "Instructs", "Confirms",
    "Declares", "Proclaims", "Condemns", "Regrets",
]

_FR = [
    "Rappelant", "Rappelant également", "Rappelant en outre", "Notant", "Notant également",
    "Notant avec satisfaction", "Notant avec préoccupation", "Prenant note", "Se félicitant",
    "Accueillant avec satisfaction", "Reconnaissant", "Réaffirmant", "Soulignant",
    "Considérant", "Consciente", "Conscient", "Convaincue", "Convaincu", "Préoccupée",
    "Tenant compte", "Ayant examiné", "Constatant", "Sachant", "Estimant", "Insistant",
    "Prie", "Prie également", "Prie en outre", "Invite", "Invite également", "Encourage",
    "Encourage également", "Exhorte", "Demande", "Demande également", "Décide",
    "Décide également", "Se félicite", "Note", "Note également", "Prend note",
    "Prend acte", "Reconnaît", "Réaffirme", "Souligne", "Recommande", "Adopte",
    "Approuve", "Accueille avec satisfaction", "Remercie", "Engage", "Salue", "Exprime",
    "Affirme", "Rappelle", "Confirme", "Souscrit", "Autorise", "Charge",
]

_ES = [
    "Recordando", "Recordando también", "Recordando además", "Observando", "Observando también",
    "Observando con reconocimiento", "Observando con preocupación", "Tomando nota",
    "Acogiendo con beneplácito", "Acogiendo con satisfacción", "Reconociendo",
    "Reafirmando", "Destacando", "Subrayando", "Considerando", "Consciente",
    "Convencida", "Convencido", "Preocupada", "Preocupado", "Teniendo presente",
    "Teniendo en cuenta", "Habiendo examinado", "Poniendo de relieve", "Expresando",
    "Solicita", "Pide", "Pide también", "Invita", "Invita también", "Alienta", "Alienta también",
    "Insta", "Exhorta", "Decide", "Decide también", "Acoge con beneplácito",
    "Acoge con satisfacción", "Observa", "Toma nota", "Reconoce", "Reafirma", "Destaca",
    "Subraya", "Recomienda", "Aprueba", "Adopta", "Expresa", "Agradece", "Encomia",
    "Afirma", "Recuerda", "Confirma", "Autoriza", "Encarga", "Hace suyo", "Hace suya",
]

_RU = [
    "Ссылаясь", "Ссылаясь также", "Напоминая", "Напоминая также", "Отмечая", "Отмечая также",
    "Отмечая с удовлетворением", "Отмечая с обеспокоенностью", "Принимая к сведению",
    "Приветствуя", "Признавая", "Вновь подтверждая", "Подчеркивая", "Учитывая",
    "Будучи убеждена", "Будучи убежден", "Сознавая", "Выражая", "Будучи обеспокоена",
    "Принимая во внимание", "Рассмотрев", "Подтверждая", "Памятуя",
    "Просит", "Просит также", "Предлагает", "Предлагает также", "Призывает",
    "Настоятельно призывает", "Рекомендует", "Постановляет", "Постановляет также",
    "Приветствует", "Отмечает", "Принимает к сведению", "Признает", "Вновь подтверждает",
    "Подчеркивает", "Утверждает", "Одобряет", "Поощряет", "Выражает", "Принимает",
    "Благодарит", "Напоминает", "Подтверждает", "Поручает", "Уполномочивает",
]

_AR = [
    "إذ يشير", "وإذ يشير", "إذ تشير", "وإذ تشير", "إذ يلاحظ", "وإذ يلاحظ", "إذ تلاحظ",
    "وإذ تلاحظ", "إذ يرحب", "وإذ يرحب", "إذ ترحب", "وإذ ترحب", "إذ يسلم", "وإذ يسلم",
    "إذ تسلم", "وإذ تسلم", "إذ يؤكد", "وإذ يؤكد", "إذ تؤكد", "وإذ تؤكد", "إذ تعترف",
    "وإذ تعترف", "إذ يعترف", "وإذ يعترف", "إذ تدرك", "وإذ تدرك", "إذ يدرك", "وإذ يدرك",
    "إذ تضع في اعتبارها", "وإذ تضع في اعتبارها", "إذ تحيط علما", "وإذ تحيط علما",
    "يطلب", "تطلب", "يطلب أيضا", "تطلب أيضا", "يدعو", "تدعو", "يدعو أيضا", "تدعو أيضا",
    "يشجع", "تشجع", "يحث", "تحث", "يقرر", "تقرر", "يقرر أيضا", "تقرر أيضا", "يرحب",
    "ترحب", "يلاحظ", "تلاحظ", "يحيط علما", "تحيط علما", "يسلم", "تسلم", "يؤكد", "تؤكد",
    "يوصي", "توصي", "يعتمد", "تعتمد", "يعرب", "تعرب", "يكرر", "تكرر", "يشدد", "تشدد",
    "يهيب", "تهيب", "يعيد تأكيد", "تعيد تأكيد", "يوافق", "توافق", "يقر", "تقر",
]


#: Words that may follow the verb inside the phrase the official text sets apart
#: ("Recognizing also", "Notes with appreciation", "تؤكد من جديد", "ссылаясь далее").
_AFTER = {
    "en": ["also", "further", "again", "once again", "with appreciation", "with great appreciation",
           "with concern", "with great concern", "with deep concern", "with grave concern",
           "with serious concern", "with satisfaction", "with interest", "with gratitude",
           "concern", "deep concern", "grave concern", "serious concern", "its deep concern",
           "its concern", "its grave concern", "its serious concern", "its appreciation",
           "its deep appreciation", "its gratitude", "its commitment", "its request",
           "its call upon", "its call", "its full support", "its support", "concerned",
           "alarmed", "with", "in mind", "into account", "note"],
    "fr": ["également", "en outre", "aussi", "de nouveau", "à nouveau", "avec satisfaction",
           "avec préoccupation", "avec une profonde préoccupation", "avec une vive préoccupation",
           "avec inquiétude", "avec intérêt", "avec gratitude", "avec appréciation", "acte", "note",
           "instamment", "à l’esprit", "à l'esprit", "préoccupée", "consciente", "convaincue",
           "alarmée", "profondément préoccupée", "gravement préoccupée", "vivement préoccupée",
           "fermement", "vivement", "sa gratitude", "en considération", "sa préoccupation",
           "son attachement", "gré", "hommage", "sa vive préoccupation", "avec une vive inquiétude",
           "examiné", "un appel", "avec une profonde inquiétude", "sa profonde préoccupation"],
    "es": ["también", "además", "asimismo", "nuevamente", "con reconocimiento", "con preocupación",
           "con satisfacción", "con profunda preocupación", "con aprecio", "con beneplácito",
           "con gran preocupación", "con interés", "nota", "de relieve", "preocupación",
           "profunda preocupación", "su reconocimiento", "su profunda preocupación", "suyas",
           "suya", "suyos", "suyo", "notar", "presente", "presentes", "preocupada", "alarmada",
           "seria preocupación", "grave preocupación", "su preocupación", "su apoyo",
           "su solicitud", "enérgicamente", "su aprecio", "en consideración", "un llamamiento",
           "considerado", "en cuenta", "encarecidamente", "su exhortación", "su grave preocupación",
           "su compromiso", "referencia", "con grave preocupación"],
    "ru": ["также", "далее", "вновь", "с удовлетворением", "с обеспокоенностью",
           "с признательностью", "с глубокой обеспокоенностью", "с озабоченностью",
           "с серьезной обеспокоенностью", "к сведению", "во внимание", "признательность",
           "обеспокоенность", "глубокую обеспокоенность", "свою признательность",
           "особое внимание", "озабоченность", "глубокую озабоченность", "серьезную озабоченность",
           "серьезную обеспокоенность", "сожаление", "удовлетворение", "свою приверженность",
           "глубоко обеспокоена", "глубоко обеспокоен", "озабочена", "серьезно обеспокоена",
           "встревожена", "преисполнена решимости", "обеспокоена", "и поддерживает"],
    "ar": ["أيضا", "أيضاً", "كذلك", "من جديد", "مع التقدير", "مع القلق", "مع الارتياح",
           "مع الاهتمام", "بقلق", "بقلق بالغ", "مجددا", "تأكيد", "التأكيد", "عن تقديرها",
           "عن قلقها", "عن بالغ قلقها", "عن القلق", "عن بالغ القلق", "علما", "علماً",
           "في اعتبارها", "منها", "بالغ القلق", "القلق", "شديد القلق", "بشدة", "بقوة", "طلبها",
           "دعوتها", "في الاعتبار", "في اعتباره", "جزعها", "البالغ", "عن استيائها",
           "عن امتنانها", "الإعراب عن قلقها", "مع بالغ القلق"],
}


def _marks(text: str, end: int) -> int:
    """``end`` moved past combining marks (Arabic tanwin ``ً``, shadda) that belong to the last word."""
    while end < len(text) and unicodedata.category(text[end]).startswith("M"):
        end += 1
    return end


def _extend(text: str, verb: str, language: str) -> str:
    """``verb`` with the words that belong to the set-apart phrase after it (see :data:`_AFTER`)."""
    end = _marks(text, len(verb))
    for _ in range(3):
        rest = text[end:]
        m = re.match(r"[ \u00a0]+", rest)
        if not m:
            break
        tail = rest[m.end():]
        low = tail.lower()
        found = next((w for w in sorted(_AFTER.get(language, ()), key=len, reverse=True)
                      if low.startswith(w) and not tail[len(w):len(w) + 1].isalnum()), None)
        if found is None:
            break
        end = _marks(text, end + m.end() + len(found))
    return text[:end]


def _by_form(text: str, language: str) -> str | None:
    """The opening verb found by its grammatical form (:func:`verb_role`) when no list has it:
    adverbs before it and the verb itself (``Strongly condemns``, ``وإذ تشدد``)."""
    role = verb_role(text, language)
    if role is None:
        return None
    if language == "ar":
        words = text.split()
        n = 2 if words[0] in ("إذ", "وإذ", "وقد", "قد") and len(words) > 1 else 1
        return " ".join(words[:n])
    words = list(re.finditer(r"[^\W\d_][\w’'\-]*", text[:120]))
    i = 0
    while i < len(words) - 1 and words[i].group(0).lower().strip("’'") in _ADVERBS.get(language, ()):
        i += 1
    if not words:
        return None
    if language == "fr" and words[i].group(0).lower() in ("est", "se", "s’", "s'") and i + 1 < len(words):
        i += 1   # "Est consciente", "Se déclare"
    return text[:words[i].end()]


def _zh_list() -> list[str]:
    out = set(_ZH_BASE)
    for verb in _ZH_BASE:
        for prefix in _ZH_PREFIXES:
            out.add(prefix + verb)
    return sorted(out)


#: Openers per ISO 639-1 language code, each list sorted longest first.
VERBS: dict[str, list[str]] = {
    lang: sorted(set(words), key=lambda w: (-len(w), w))
    for lang, words in {
        "zh": _zh_list(), "en": _EN, "fr": _FR, "es": _ES, "ru": _RU, "ar": _AR,
    }.items()
}

#: A short Chinese phrase set apart by a space, as PDF text renders italic verbs.
_ZH_SET_APART = re.compile(rf"^([{HAN}]{{1,8}})[ \u3000\t]+(?=[{HAN}《“‘（(])")


def set_apart_verb(text: str) -> str | None:
    """The 1–8 Han characters that open ``text`` set apart by a space (``"注意到 执行秘书…"``
    → ``"注意到"``), as PDF text renders the emphasised verb of Chinese decisions; else ``None``."""
    m = _ZH_SET_APART.match(text)
    return m.group(1) if m else None


def leading_verb(text: str, language: str) -> str | None:
    """The leading verb or phrase of ``text``, or ``None``.

    ``text`` is a paragraph's clean text without its number.  For Chinese, a
    run of 1–8 Han characters followed by a space is taken as the verb the
    source set apart (``"注意到 执行秘书…"`` → ``"注意到"``) unless a listed
    opener is a shorter prefix of that run (then the opener wins); otherwise the
    longest opener of :data:`VERBS` ``[language]`` that prefixes ``text`` wins;
    failing that, in the other languages, the verb is recognised by its form
    (:func:`verb_role`: ``Strongly condemns``, ``Considère``, ``وإذ تشدد``).
    The phrase then takes the words the UN sets apart with the verb
    (``Recognizing also``, ``Notes with appreciation``, ``تؤكد من جديد``).
    In alphabetic languages the opener must end at a word boundary (``"Notes"``
    does not match ``"Notesx"``) and case is ignored (Russian General Assembly
    texts open in lower case: ``"просит"``); the verb is returned as printed.  Unknown languages try every list.
    """
    text = text.lstrip()
    if not text:
        return None
    langs = [language] if language in VERBS else list(VERBS)
    for lang in langs:
        if lang == "zh":
            apart = set_apart_verb(text)
            if apart:
                listed = next((v for v in VERBS["zh"] if apart.startswith(v)), None)
                return apart if listed is None or listed == apart else listed
        head = text[:60].lower() if lang != "zh" else text
        for verb in VERBS[lang]:
            if head.startswith(verb if lang == "zh" else verb.lower()):
                if lang == "zh":
                    return verb
                rest = text[len(verb):len(verb) + 1]
                if not rest or not (rest.isalnum() or rest in "-'’"):
                    return _extend(text, text[:len(verb)], lang)
        if lang != "zh" and language in VERBS:
            found = _by_form(text, lang)
            if found:
                return _extend(text, found, lang)
    return None


# ---------------------------------------------------------------- preambular or operative

#: Words that may open a paragraph before its verb ("Also requests", "Strongly condemns",
#: "настоятельно призывает", "Prie également"); skipped when judging the verb's form.
_ADVERBS = {
    "en": {"also", "further", "again", "once", "strongly", "firmly", "fully", "deeply", "gravely",
           "seriously", "profoundly", "extremely", "highly"},
    "fr": {"se", "s", "également", "en", "outre", "de", "nouveau", "aussi", "vivement", "fermement",
           "énergiquement", "instamment", "profondément", "gravement", "sérieusement", "extrêmement",
           "particulièrement", "tout"},
    "es": {"también", "además", "asimismo", "nuevamente", "firmemente", "enérgicamente",
           "encarecidamente", "de", "nuevo", "se", "profundamente", "gravemente", "sumamente",
           "hondamente", "seriamente", "muy", "particularmente"},
    "ru": {"вновь", "также", "настоятельно", "решительно", "особо", "еще", "ещё", "твердо",
           "самым", "далее", "снова", "вместе", "с", "тем", "удовлетворением", "признательностью",
           "обеспокоенностью", "озабоченностью", "большой", "глубокой", "серьезной", "тревогой",
           "высоко", "глубоко", "серьезно"},
}
#: Preambular openers that are adjectives, not participles (UN Editorial Manual lists).
_PREAMBULAR_WORDS = {
    "en": {"aware", "mindful", "convinced", "concerned", "determined", "guided", "alarmed",
           "encouraged", "cognizant", "conscious", "desirous", "deeply", "gravely", "seriously",
           "profoundly", "fully", "having", "bearing", "reaffirming", "appalled", "dismayed",
           "disturbed", "shocked", "resolved", "recognizing", "emphasizing", "convinced"},
    "fr": {"consciente", "conscient", "convaincue", "convaincu", "préoccupée", "préoccupé",
           "profondément", "gravement", "vivement", "résolue", "résolu", "soucieuse", "soucieux",
           "alarmée", "inquiète", "déterminée", "guidée", "attachée", "sachant", "ayant",
           "encouragée", "réaffirmant", "consternée", "tenant", "vu", "désireuse", "désireux",
           "persuadée", "persuadé", "favorable", "guidé"},
    "es": {"consciente", "conscientes", "convencida", "convencido", "preocupada", "preocupado",
           "profundamente", "gravemente", "decidida", "resuelta", "alarmada", "deseosa",
           "guiada", "alentada", "habiendo", "teniendo", "sumamente", "hondamente", "seriamente",
           "reafirmando", "observando", "firmemente", "conocedora", "conocedor", "comprometida",
           "comprometido"},
    "ru": {"будучи", "глубоко", "серьезно", "вновь", "памятуя", "рассмотрев", "руководствуясь",
           "исходя", "желая", "преисполненная", "будучи", "встревоженная"},
}
_AR_PREAMBULAR = ("إذ", "وإذ", "وقد", "قد", "وإدراكا", "إدراكا", "واقتناعا", "اقتناعا", "وتصميما",
                  "تصميما", "وإيمانا", "إيمانا", "ورغبة", "رغبة", "وتسليما", "تسليما", "وحرصا",
                  "حرصا", "وتأكيدا", "تأكيدا", "واعترافا", "اعترافا", "وتقديرا", "تقديرا",
                  "وانطلاقا", "انطلاقا", "واسترشادا", "استرشادا", "وتذكيرا", "وإقرارا", "إقرارا",
                  "وإذا", "ولما")
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
#: French finite verbs that open an operative paragraph before an adjective
#: ("Est consciente que…", "Se déclare profondément préoccupé…", "Se dit résolu…").
_FR_FINITE = {"est", "déclare", "dit", "demeure", "reste", "sait"}


def verb_role(text: str, language: str) -> str | None:
    """Whether ``text`` opens with a preambular or an operative verb form.

    Returns ``"preambular"``, ``"operative"`` or ``None`` (unknown, and always
    for Chinese, whose verbs do not change form: ``回顾`` opens both).  The
    rule is the grammar the UN Editorial Manual prescribes ("Resolutions":
    preambular paragraphs open with a present participle or an adjective,
    operative paragraphs with a verb in the present tense, third person):

    * en: ``-ing`` or a listed adjective (``Mindful``) → preambular; ``-s`` → operative;
    * fr: ``-ant`` or a listed adjective (``Consciente``) → preambular; other verb → operative;
    * es: ``-ando``/``-endo`` or a listed adjective → preambular; ``-a``/``-e`` → operative;
    * ru: gerund (``-я``, ``-в``, ``-сь``) → preambular; ``-ет``/``-ит``/``-ют``/``-ят`` → operative;
    * ar: ``إذ``/``وإذ``/``وقد`` or a circumstantial noun (``وإدراكا منها``) → preambular;
      a present-tense verb (``تطلب``, ``يقرر``) → operative.

    Adverbs before the verb (``Also``, ``настоятельно``, ``également``) are skipped.
    """
    text = text.strip()
    if not text:
        return None
    if language == "ar":
        first = text.split(None, 1)[0]
        if first in _AR_PREAMBULAR:
            return "preambular"
        if first[:1] in "تي" and len(first) >= 3:
            return "operative"
        return None
    if language not in _ADVERBS:
        return None
    words = [w.lower().strip("’'-") for w in _WORD.findall(text[:120])]
    words = [w for w in words if w]
    if language == "fr":
        rest = words[1:] if words[:1] in (["se"], ["s"]) else words
        if rest[:1] and rest[0] in _FR_FINITE:
            return "operative"
    i = 0
    while i < len(words) - 1 and words[i] in _ADVERBS[language]:
        i += 1
    if i >= len(words):
        return None
    w = words[i]
    if w in _PREAMBULAR_WORDS.get(language, ()):
        return "preambular"
    if language == "en":
        if w.endswith("ing"):
            return "preambular"
        if w.endswith("s") and not w.endswith("ss"):
            return "operative"
    elif language == "fr":
        if w.endswith(("ant", "ée", "ées")):   # participle, feminine past participle
            return "preambular"
        if w.endswith(("e", "t", "d")):
            return "operative"
    elif language == "es":
        # gerund ("Recordando", "Comprometiéndose"), feminine past participle used as an
        # adjective ("Convencida", "Decepcionada", "Determinada")
        if w.endswith(("ando", "endo", "ándose", "iéndose")) or (len(w) > 6 and w.endswith(("ada", "ida"))):
            return "preambular"
        if w.endswith(("a", "e")):
            return "operative"
    elif language == "ru":
        if w.endswith(("ет", "ит", "ют", "ят", "ется", "ится")):
            return "operative"
        if w.endswith(("я", "в", "сь", "вши")):
            return "preambular"
    return None
