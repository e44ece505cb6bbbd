"""Forgiving misspelt words, for the database engine (OpenSearch forgives them its own way).

Residents type "emial" and "univeral credit". A word that is neither in the vocabulary residents use
(help topics' names and synonyms, listing and organisation names, place names) nor found in any live
listing is swapped for the nearest vocabulary word, by edit distance, with the limits OpenSearch's
fuzzy matching uses: none for words of one or two letters, one change for three to five letters, two
for longer words, and the first letter kept. A swap of two neighbouring letters is one change.
Among equally near words, the one used most in the directory wins.
"""

import re
import string
from collections import Counter

from django.core.cache import cache
from rapidfuzz import process
from rapidfuzz.distance import OSA

from caching.generation import per_request

from .understanding import FILLER_WORDS, tokens

VOCABULARY_CACHE_KEY = "search:spelling-vocabulary"
LETTERS = string.ascii_lowercase


def allowed_changes(word: str) -> int:
    """As OpenSearch's `fuzziness: AUTO`."""
    if len(word) < 3:
        return 0
    return 1 if len(word) < 6 else 2


def _vocabulary(letters) -> dict[str, tuple[str, ...]]:
    """The vocabulary words starting with each of `letters`, the most used first: each letter's words
    are read from the shared cache once a request, all the letters a request lacks in one read. Only
    the letters of the words typed are read: the whole vocabulary (some 10,000 words at 10,000
    listings) took longer to fetch and unpickle than the correction. Not prefetched with every page's
    keys: only misspelt searches need it."""
    known = per_request(VOCABULARY_CACHE_KEY, dict)  # this request's letters so far
    missing = set(letters) - known.keys()
    if missing:
        known.update(_read_vocabulary(missing))
    return known


def letter_key(letter: str) -> str:
    return f"{VOCABULARY_CACHE_KEY}:{letter}"


def _read_vocabulary(letters) -> dict[str, tuple[str, ...]]:
    """Each letter's words from the shared cache; if any is missing, the whole vocabulary is built
    again and stored, every letter under its own key."""
    keys = {letter: letter_key(letter) for letter in letters}
    found = cache.get_many(keys.values())
    if len(found) == len(keys):
        return {letter: found[key] for letter, key in keys.items()}
    by_letter = build_vocabulary()
    cache.set_many({letter_key(letter): words for letter, words in by_letter.items()}, 300)
    return {letter: by_letter[letter] for letter in letters}


def build_vocabulary() -> dict[str, tuple[str, ...]]:
    """Every word residents may mean, by first letter (each of a to z, perhaps with none), the most
    used in the directory first."""
    from directory.models import HelpTopic

    from .models import DirectoryEntry, Place, PlaceKind

    counts: Counter[str] = Counter()
    phrases = [
        part
        for name, synonyms in HelpTopic.objects.values_list("name", "synonyms")
        for part in (name, *re.split(r"[,\n;]", synonyms))
    ]
    phrases += DirectoryEntry.objects.values_list("title", flat=True).distinct()
    phrases += DirectoryEntry.objects.values_list("organisation", flat=True).distinct()
    phrases += Place.objects.filter(kind=PlaceKind.PLACE).values_list("name", flat=True)
    for phrase in phrases:
        counts.update(word for word in tokens(phrase) if len(word) > 2 and word not in FILLER_WORDS)
    by_letter: dict[str, list[str]] = {letter: [] for letter in LETTERS}
    for word, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        if word[0] in by_letter:  # a word starting with a digit is never a correction
            by_letter[word[0]].append(word)
    return {letter: tuple(words) for letter, words in by_letter.items()}


def forget_vocabulary(**kwargs) -> None:
    cache.delete_many([letter_key(letter) for letter in LETTERS])


def nearest_word(word: str) -> str:
    """The vocabulary word nearest `word` (a word of letters a to z) within the changes allowed, or ""
    if there is none or it is a vocabulary word itself."""
    allowed = allowed_changes(word)
    if not allowed:
        return ""
    candidates = _vocabulary(word[0])[word[0]]
    if word in candidates:
        return ""
    # Candidates are most used first, and extractOne keeps the first of equally near ones.
    best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=allowed)
    return best[0] if best else ""


def corrections(text: str, is_known) -> dict[str, str]:
    """Misspelt words of `text` and the word each is taken for. `is_known(word)` says whether a word
    not in the vocabulary is still right (the database engine asks its full-text search)."""
    words = [word for word in dict.fromkeys(tokens(text)) if word not in FILLER_WORDS and word.isalpha()]
    _vocabulary({word[0] for word in words if allowed_changes(word)})  # every letter needed, in one read
    found = {}
    for word in words:
        fixed = nearest_word(word)
        if fixed and not is_known(word):
            found[word] = fixed
    return found


def in_the_case_of(typed: str, fixed: str) -> str:
    """A corrected word written as the resident wrote the word it replaces: "UNIVERAL" gives
    "UNIVERSAL", "Univeral" gives "Universal" and "univeral" gives "universal"."""
    if len(typed) > 1 and typed.isupper():
        return fixed.upper()
    if typed[:1].isupper():
        return fixed[:1].upper() + fixed[1:]
    return fixed


def replace_words(text: str, corrections: dict[str, str]) -> str:
    """The resident's text with misspelt words swapped for the suggested ones, keeping everything else:
    the words that were right stay exactly as typed, and each corrected word takes the case of the word
    it replaces ("Univeral Credit journal" gives "Universal Credit journal")."""

    def swap(match):
        typed = match.group(0)
        fixed = corrections.get(typed.lower())
        return in_the_case_of(typed, fixed) if fixed else typed

    return re.sub(r"[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*", swap, text)
