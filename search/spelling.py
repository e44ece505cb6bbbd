"""Forgiving misspelt words, for the database engine (OpenSearch forgives them its own way).

Residents type "emial" and "univeral credit". A word that is neither in the vocabulary residents use
(help topics' names and synonyms, listing and organisation names, place names) nor found in any live
listing is swapped for the nearest vocabulary word, by edit distance, with the limits OpenSearch's
fuzzy matching uses: none for words of one or two letters, one change for three to five letters, two
for longer words, and the first letter kept. A swap of two neighbouring letters is one change.
Among equally near words, the one used most in the directory wins.
"""

import re
from collections import Counter, defaultdict

from django.core.cache import cache
from rapidfuzz import process
from rapidfuzz.distance import OSA

from caching.generation import per_request

from .understanding import FILLER_WORDS, tokens

VOCABULARY_CACHE_KEY = "search:spelling-vocabulary"


def allowed_changes(word: str) -> int:
    """As OpenSearch's `fuzziness: AUTO`."""
    if len(word) < 3:
        return 0
    return 1 if len(word) < 6 else 2


def _vocabulary() -> dict:
    """Vocabulary words by first letter, the most used first ("" holds them all): read from the shared
    cache once a request, however many words are checked (each read fetches and unpickles some 10,000
    words at 10,000 listings). Not prefetched with every page's keys: only misspelt searches need it."""
    return per_request(VOCABULARY_CACHE_KEY, _read_vocabulary)


def _read_vocabulary() -> dict:
    vocabulary = cache.get(VOCABULARY_CACHE_KEY)
    if vocabulary is None:
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
        by_letter: dict[str, list[str]] = defaultdict(list)
        for word, _count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            by_letter[word[0]].append(word)
        vocabulary = {"": set(counts), **by_letter}
        cache.set(VOCABULARY_CACHE_KEY, vocabulary, 300)
    return vocabulary


def forget_vocabulary(**kwargs) -> None:
    cache.delete(VOCABULARY_CACHE_KEY)


def nearest_word(word: str) -> str:
    """The vocabulary word nearest `word` within the changes allowed, or "" if there is none."""
    allowed = allowed_changes(word)
    vocabulary = _vocabulary()
    if not allowed or word in vocabulary[""]:
        return ""
    candidates = vocabulary.get(word[:1], [])
    # Candidates are most used first, and extractOne keeps the first of equally near ones.
    best = process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=allowed)
    return best[0] if best else ""


def corrections(text: str, is_known) -> dict[str, str]:
    """Misspelt words of `text` and the word each is taken for. `is_known(word)` says whether a word
    not in the vocabulary is still right (the database engine asks its full-text search)."""
    found = {}
    for word in dict.fromkeys(tokens(text)):
        if word in FILLER_WORDS or not word.isalpha():
            continue
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
