"""Name matching that ignores script, case, accents and common transliteration differences.

"Balasauskandyk", "Balasausqandiq" and "Баласаускандык" all fold to the same key, so a user finds a place in
whichever spelling their source used. A search looks at everything a user might type: names and aliases, who is
involved, and the words of the quotes and figures, and says where it matched.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable

from anyascii import anyascii

if TYPE_CHECKING:
    from geo.model import Place

# The project's spelling where anyascii's differs, so that the official Latin alphabet of each country and its
# Cyrillic one meet: Uzbek ў is oʻ (Ўзбекистон = Oʻzbekiston), Kazakh ң is n as in the usual English spellings
# (Жаңа = Zhana), and the Turkmen and Kazakh Latin letters ş, ç, ž stand for sh, ch, zh (Türkmenbaşy = Туркменбаши).
_PROJECT_LETTERS = str.maketrans({"ў": "o", "ң": "n", "ş": "sh", "ç": "ch", "ž": "zh"})
# Applied in order to the Latin text: spellings that different transliteration systems use for one sound. Uzbek
# Latin x is the Cyrillic х (Xorazm = Хоразм), so it joins kh before kh joins k.
_FOLDS = (
    ("shch", "sh"), ("dzh", "zh"), ("dj", "zh"), ("j", "zh"), ("gh", "g"), ("x", "kh"), ("kh", "k"), ("q", "k"),
    ("w", "v"), ("yu", "u"), ("ya", "a"), ("y", "i"),
)
_NOT_WORD = re.compile(r"[\W_]+")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")
_REPEATS = re.compile(r"(.)\1+")


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """A comparison key: Latin letters and digits only, transliteration variants merged. Punctuation and symbols
    are dropped before transliterating, so "°" or "€" never turn into letters."""
    letters = _NOT_WORD.sub("", text.casefold()).translate(_PROJECT_LETTERS)
    latin = _NOT_ALNUM.sub("", anyascii(letters).lower())
    for old, new in _FOLDS:
        latin = latin.replace(old, new)
    return _REPEATS.sub(r"\1", latin)


def matches(query: str, names: Iterable[str]) -> bool:
    """True when the query, folded, appears inside any of the names; an empty query matches everything."""
    key = fold(query)
    return not key or any(key in fold(name) for name in names)


def _fields(place: "Place") -> Iterable[tuple[str, str]]:
    """(where, text) pairs in the order a match is reported: the name first, quotes last."""
    yield "name", place.name
    yield "id", place.id
    for alias in place.aliases:
        yield "also written", alias
    for involved in place.actors:
        yield "involved", involved.name
    if place.admin_region:
        yield "region", place.admin_region
    for figure in place.facts:
        yield "figure", f"{figure.label}: {figure.value}"
    for quote in place.quotes:
        yield "quote", quote.text
    for figure in place.facts:
        if figure.quote is not None:
            yield "quote", figure.quote.text
    for involved in place.actors:
        yield "quote", involved.quote.text
    for check in place.checks:
        for quote in check.evidence:
            yield "record", quote.text
    yield "location", f"{place.location_source.title}. {place.precision.description}"


# Where a match was found, most specific first: a name hit lists before a place that only quotes the name.
MATCH_RANK = {"name": 0, "id": 0, "also written": 0, "involved": 1, "region": 1, "figure": 2, "quote": 3,
              "record": 4, "location": 5}


_NAMING = {"name", "id", "also written"}


@lru_cache(maxsize=256)
def acronym(query: str) -> re.Pattern | None:
    """A query typed in capitals ("FAR", "EBRD", "DFC") is an acronym: it matches that word in capitals, so "FAR"
    finds Ferro-Alloy Resources' abbreviation and not "far cheaper". None for any other query."""
    text = query.strip()
    if 2 <= len(text) <= 6 and text.isascii() and text.isalpha() and text.isupper():
        return re.compile(rf"(?<![A-Za-z]){text}(?![A-Za-z])")
    return None


_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=65536)
def _folded_words(text: str) -> tuple[str, frozenset[int]]:
    """The text folded word by word, and where in it each word starts."""
    folded, starts = [], set()
    length = 0
    for word in _WORD.findall(text):
        piece = fold(word)
        if piece:
            starts.add(length)
            folded.append(piece)
            length += len(piece)
    return "".join(folded), frozenset(starts)


def _at_word_start(key: str, text: str) -> bool:
    """True when the folded key starts where a word of the text starts: "far" is not found in "of Arkalyk"."""
    folded, starts = _folded_words(text)
    at = folded.find(key)
    while at != -1:
        if at in starts:
            return True
        at = folded.find(key, at + 1)
    return False


def _hits(query: str, where: str, text: str) -> bool:
    """Names match anywhere, in any spelling; running text from the start of a word, and an acronym only in
    capitals."""
    pattern = acronym(query)
    if where in _NAMING:
        return _at_word_start(fold(query), text) if pattern is not None else fold(query) in fold(text)
    if pattern is not None:
        return pattern.search(text) is not None
    return _at_word_start(fold(query), text)


def matching_text(place: "Place", query: str) -> tuple[str, str] | None:
    """Where the query matches the place, as (where, text), or None; an empty query matches at the name.
    An acronym still matches a name or code in any case ("KAZ" finds Kazakhstan), but running text only in capitals."""
    if not fold(query):
        return "name", place.name
    return next(((where, text) for where, text in _fields(place) if _hits(query, where, text)), None)


def snippet(text: str, query: str, context: int = 6) -> str:
    """The words around the first match of the query, with an ellipsis where text was cut, so a result list shows
    why a place matched. Folding changes lengths, so the match is found word by word."""
    words, key, pattern = text.split(), fold(query), acronym(query)
    for start in range(len(words)):
        for end in range(start, min(start + 12, len(words))):
            part = " ".join(words[start:end + 1])
            if (pattern.search(part) is not None) if pattern is not None else key in fold(part):
                first, last = max(0, start - context), min(len(words), end + 1 + context)
                return ("… " if first else "") + " ".join(words[first:last]) + (" …" if last < len(words) else "")
    return text
