"""Finding people: how a typed term is read, and the normalised name column it is matched with.

The rules (docs/search.md): case, diacritics and the dotless ı do not matter ("Yilmaz" finds
Yılmaz), hyphens, spaces and apostrophes separate words ("Amrani", "El-Amrani" and "el amrani"
find El Amrani), every word must be the start of a word of the name, in any order ("Berg, van
den" finds Van den Berg), a single letter beside other words is an initial ("F. Yilmaz"), a date
dd-mm-jjjj is the date of birth, digits alone are a client number or, nine of them, a BSN.

The database keeps `Client.search_vector` up to date itself: a stored generated column, a
tsvector of the folded name built from immutable built-ins only (translate, replace, lower,
regexp_replace, to_tsvector with the 'simple' configuration), so the embedded PostgreSQL needs no
unaccent or pg_trgm, and the import's COPY, the demo and every save fill it without knowing.
The weights say which part of the name a word came from; a query restricts or ranks by them:

    A  the whole last name without separators  ("elamrani", "berg")
    B  each word of the last name, and tussenvoegsel + last name without separators
       ("el", "amrani"; "vandenberg")
    C  each word of the tussenvoegsel           ("van", "den")
    D  each first name                           ("fatima", "zeynep")

Python folds a term with the same table as the column (`fold`), so both sides agree."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchQuery, SearchVectorExact, SearchVectorField
from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    GeneratedField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from core.bsn import compact

# Latin letters with diacritics, as the BRP writes names (Latin-1, Latin Extended-A, Romanian
# ș/ț with comma, pinyin's caron vowels), and letters without a decomposition (dotless i, ø, ł):
# each to its plain lower-case letter. Ligatures first become their lower-case form and then two
# letters (LIGATURES): translate() maps one character to one. test_search checks the table
# against Unicode's own decompositions.
FOLD_FROM = (
    "ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿ"
    "ĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪū"
    "ŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſȘșȚțǍǎǏǐǑǒǓǔ"
    "ØøÐðĐđŁłĦħıŦŧĸŊŋĿŀŉ"
    "ÆŒÞĲẞ"
)
FOLD_TO = (
    "aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyy"
    "aaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuu"
    "uuuuuuuuwwyyyzzzzzzsssttaaiioouu"
    "ooddddllhhittknnlln"
    "æœþĳß"
)
LIGATURES = (("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"), ("ĳ", "ij"))
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)
_WORD = re.compile(r"[a-z0-9]+")
_NOT_WORD = "[^a-z0-9]+"
# dd-mm-jjjj, also d-m-jjjj, with - / or . between.
_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
MAX_WORDS = 6
# Tussenvoegsels (and the articles of other languages) are typed whole: among other words they
# match whole words, which keeps "de Jong" cheap ('de':* would gather every word from de- on).
PARTICLES = frozenset((
    "van", "de", "den", "der", "het", "te", "ter", "ten", "in", "op", "aan", "bij", "uit", "onder",
    "voor", "over", "la", "le", "les", "da", "das", "do", "dos", "di", "du", "del", "della", "des",
    "el", "al", "von", "vom", "zu", "zum", "zur", "am", "im",
))  # fmt: skip

INVALID_DATE = _("%(value)s is geen bestaande datum. Typ een geboortedatum als dd-mm-jjjj.")


def fold(text: str) -> str:
    """Lower case, diacritics and ligatures folded: "Öztürk-Yılmaz" -> "ozturk-yilmaz"."""
    folded = text.translate(_FOLD)
    for ligature, letters in LIGATURES:
        folded = folded.replace(ligature, letters)
    return folded.lower()


def words(text: str) -> list[str]:
    """The words of a name as the search column holds them: "El-Amrani" -> ["el", "amrani"]."""
    return _WORD.findall(fold(text))


# The same in SQL, for the generated column. Every function is immutable.


def _folded(expression):
    """fold() in SQL. translate() compares each character with every letter of FOLD_FROM (7 µs
    for a name), so a name of ASCII only, most of them, is only lowered: the column of 1,000,000
    imported names cost 44 s of the import with six translate()s a row (issue 22)."""
    folded = Func(expression, Value(FOLD_FROM), Value(FOLD_TO), function="translate")
    for ligature, letters in LIGATURES:
        folded = Func(folded, Value(ligature), Value(letters), function="replace")
    ascii_only = Func(
        expression,
        template="octet_length(%(expressions)s) = char_length(%(expressions)s)",
        output_field=BooleanField(),
    )
    return Lower(Case(When(ascii_only, then=expression), default=folded))


def _joined(*expressions):
    return Func(*expressions, template="(%(expressions)s)", arg_joiner=" || ")


def _separated(expression, by: str):
    """The folded words separated by `by`: " " for the words, "" for all of them run together."""
    return Func(
        _folded(expression), Value(_NOT_WORD), Value(by), Value("g"), function="regexp_replace"
    )


def _weighted(expression, weight: str):
    return Func(
        expression,
        template=f"setweight(to_tsvector('simple'::regconfig, %(expressions)s), '{weight}')",
    )


def last_name_key():
    """The whole folded last name without separators: the one A word of `search_vector`, as an
    expression, so that a B-tree (client_exact_name_idx) reads the best matches in name order."""
    return _separated(F("last_name"), "")


def search_vector_field() -> GeneratedField:
    last, prefix = F("last_name"), F("prefix")
    return GeneratedField(
        expression=_joined(
            _weighted(last_name_key(), "A"),
            _weighted(
                _joined(_separated(last, " "), Value(" "), _separated(_joined(prefix, last), "")),
                "B",
            ),
            _weighted(_separated(prefix, " "), "C"),
            _weighted(_separated(F("first_names"), " "), "D"),
        ),
        output_field=SearchVectorField(),
        db_persist=True,
        editable=False,
    )


# Reading a term.


@dataclass(frozen=True)
class Terms:
    """What a typed term asks for; at most one of bsn and number, or words and/or a birth date."""

    words: tuple[str, ...] = ()
    born: date | None = None
    number: int | None = None
    bsn: str = ""


def parse(term: str) -> Terms:
    """Raises ValidationError (Dutch) for a date that does not exist, such as 31-02-1980."""
    born = None
    rest = []
    for part in term.split():
        found = _DATE.fullmatch(part)
        if found is None:
            rest.append(part)
            continue
        day, month, year = (int(value) for value in found.groups())
        try:
            born = date(year, month, day)
        except ValueError:
            raise ValidationError(INVALID_DATE, params={"value": part}) from None
    digits = compact(" ".join(rest))
    if born is None and digits.isdigit():
        if len(digits) == 9:
            return Terms(bsn=digits)
        return Terms(number=int(digits)) if len(digits) < 12 else Terms(number=0)
    return Terms(words=tuple(words(" ".join(rest)))[:MAX_WORDS], born=born)


def _query(text: str) -> SearchQuery:
    # The operands are [a-z0-9]+ only (words()), so no user text reaches tsquery syntax.
    return SearchQuery(text, config="simple", search_type="raw")


def name_match(found: tuple[str, ...]) -> Q:
    """Every word is the start of a word of the name; beside other words a single letter is an
    initial of a first name (or a tussenvoegsel: "v.d. Berg") and a tussenvoegsel is a whole
    word. The words run together match too: "Mc Donald" finds McDonald."""
    if len(found) == 1:
        return Q(search_vector=_query(f"{found[0]}:*"))
    parts = " & ".join(_operand(word) for word in found)
    return Q(search_vector=_query(f"({parts}) | {''.join(found)}:*"))


def name_match_checked(found: tuple[str, ...]) -> Q:
    """name_match as a check of each row read, not a GIN index condition (an expression of the
    column, which the index does not serve): for rows found by another index."""
    match = name_match(found)
    ((_, query),) = match.children
    vector = Func(
        F("search_vector"),
        template="(%(expressions)s || ''::tsvector)",
        output_field=SearchVectorField(),
    )
    return Q(SearchVectorExact(vector, query))


def _operand(word: str) -> str:
    """One word among others, as a tsquery operand."""
    if len(word) == 1:
        return f"{word}:*CD"  # an initial
    if word in PARTICLES:
        return word
    return f"{word}:*"


def name_rank(found: tuple[str, ...]) -> Case:
    """0: the last name is exactly some of the words ("van den Berg" -> Berg), 1: a word starts
    the last name or one of its words (Bergman, El Amrani for "Amrani"), 2: first names only."""
    exact = " | ".join(f"{group}:A" for group in exact_names(found))
    begins = " | ".join(f"{word}:*AB" for word in found if len(word) > 1 or len(found) == 1)
    whens = [When(search_vector=_query(exact), then=Value(0))]
    if begins:
        whens.append(When(search_vector=_query(begins), then=Value(1)))
    return Case(*whens, default=Value(2), output_field=IntegerField())


def exact_names(found: tuple[str, ...]) -> list[str]:
    """The last names (folded, run together) that make rank 0: each run of adjacent typed words,
    "van den Berg" -> van, den, berg, vanden, denberg, vandenberg."""
    return sorted(
        {
            "".join(found[start:end])
            for start in range(len(found))
            for end in range(start + 1, len(found) + 1)
        }
    )
