"""The Porter stemmer exactly as lunr.js 2.3.9 runs it, so that index and browser agree.

lunr.py ships a different Porter implementation (Martin Porter's reference code) that turns a
final "y" after a vowel into "i" ("delay" -> "delai") and keeps "y" after a consonant in short
words ("try"), where lunr.js does the opposite. An index stemmed by lunr.py and searched by
lunr.js then finds nothing for "delay", "money" or "journey". This module is a line-by-line port
of `lunr.stemmer` from lunr.js 2.3.9: the same regular expressions, tried in the same order.
"""

from __future__ import annotations

import functools
import re

_STEP2 = {
    "ational": "ate",
    "tional": "tion",
    "enci": "ence",
    "anci": "ance",
    "izer": "ize",
    "bli": "ble",
    "alli": "al",
    "entli": "ent",
    "eli": "e",
    "ousli": "ous",
    "ization": "ize",
    "ation": "ate",
    "ator": "ate",
    "alism": "al",
    "iveness": "ive",
    "fulness": "ful",
    "ousness": "ous",
    "aliti": "al",
    "iviti": "ive",
    "biliti": "ble",
    "logi": "log",
}

_STEP3 = {
    "icate": "ic",
    "ative": "",
    "alize": "al",
    "iciti": "ic",
    "ical": "ic",
    "ful": "",
    "ness": "",
}

_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence

_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)  # [C]VC... is m>0
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?$")  # [C]VC[V] is m=1
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)  # [C]VCVC... is m>1
_S_V = re.compile("^(" + _C + ")?" + _v)  # vowel in stem

_1A = re.compile(r"^(.+?)(ss|i)es$")
_1A_2 = re.compile(r"^(.+?)([^s])s$")
_1B = re.compile(r"^(.+?)eed$")
_1B_2 = re.compile(r"^(.+?)(ed|ing)$")
_LAST_CHAR = re.compile(r".$")
_1B_AT_BL_IZ = re.compile(r"(at|bl|iz)$")
_1B_DOUBLE = re.compile(r"([^aeiouylsz])\1$")
_1B_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")
_1C = re.compile(r"^(.+?[^aeiou])y$")
_2 = re.compile(
    r"^(.+?)(ational|tional|enci|anci|izer|bli|alli|entli|eli|ousli|ization|ation|ator|alism"
    r"|iveness|fulness|ousness|aliti|iviti|biliti|logi)$"
)
_3 = re.compile(r"^(.+?)(icate|ative|alize|iciti|ical|ful|ness)$")
_4 = re.compile(r"^(.+?)(al|ance|ence|er|ic|able|ible|ant|ement|ment|ent|ou|ism|ate|iti|ous|ive|ize)$")
_4_2 = re.compile(r"^(.+?)(s|t)(ion)$")
_5 = re.compile(r"^(.+?)e$")
_5_CVC = re.compile("^" + _C + _v + "[^aeiouwxy]$")


def _js_length(word: str) -> int:
    """String length as JavaScript counts it (UTF-16 code units), for the "< 3" guard."""
    return len(word) if word.isascii() else len(word.encode("utf-16-le")) // 2


# Each step's regular expression ends in one of these suffixes: a word that ends in none of them
# skips the expression (most words skip most steps). `str.endswith` means what JavaScript's "$"
# means without the "m" flag, the end of the string (Python's "$" would also match before a final
# line break, which no word has: the tokenizer splits on them).
_STEP2_ENDS = tuple(_STEP2)
_STEP3_ENDS = tuple(_STEP3)
_STEP4_ENDS = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ou", "ism", "ate",
               "iti", "ous", "ive", "ize")


@functools.lru_cache(maxsize=65536)
def stem_word(w: str) -> str:
    """Stem one lower-cased word the way lunr.js's `porterStemmer` does."""
    if _js_length(w) < 3:
        return w

    firstch = w[0]
    if firstch == "y":
        w = "Y" + w[1:]

    # Step 1a
    if w.endswith("s"):
        # lunr.js replaces the match with "$1$2"; the match runs to the end of the word.
        fp = _1A.search(w) or _1A_2.search(w)
        if fp:
            w = fp.group(1) + fp.group(2) + w[fp.end():]

    # Step 1b
    fp = _1B.search(w) if w.endswith("eed") else None
    if fp:
        if _MGR0.search(fp.group(1)):
            w = _LAST_CHAR.sub("", w, count=1)
    elif w.endswith(("ed", "ing")):
        fp = _1B_2.search(w)
        if fp:
            stem = fp.group(1)
            if _S_V.search(stem):
                w = stem
                if _1B_AT_BL_IZ.search(w):
                    w = w + "e"
                elif _1B_DOUBLE.search(w):
                    w = _LAST_CHAR.sub("", w, count=1)
                elif _1B_CVC.search(w):
                    w = w + "e"

    # Step 1c: a final y after a consonant becomes i ("cry" -> "cri"); after a vowel it stays.
    fp = _1C.search(w) if w.endswith("y") else None
    if fp:
        w = fp.group(1) + "i"

    # Step 2
    fp = _2.search(w) if w.endswith(_STEP2_ENDS) else None
    if fp and _MGR0.search(fp.group(1)):
        w = fp.group(1) + _STEP2[fp.group(2)]

    # Step 3
    fp = _3.search(w) if w.endswith(_STEP3_ENDS) else None
    if fp and _MGR0.search(fp.group(1)):
        w = fp.group(1) + _STEP3[fp.group(2)]

    # Step 4
    fp = _4.search(w) if w.endswith(_STEP4_ENDS) else None
    if fp:
        if _MGR1.search(fp.group(1)):
            w = fp.group(1)
    elif w.endswith(("sion", "tion")):
        fp = _4_2.search(w)
        if fp:
            stem = fp.group(1) + fp.group(2)
            if _MGR1.search(stem):
                w = stem

    # Step 5
    fp = _5.search(w) if w.endswith("e") else None
    if fp:
        stem = fp.group(1)
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _5_CVC.search(stem)):
            w = stem

    if w.endswith("ll") and _MGR1.search(w):
        w = _LAST_CHAR.sub("", w, count=1)

    # and turn initial Y back to y
    if firstch == "y":
        w = "y" + w[1:]

    return w
