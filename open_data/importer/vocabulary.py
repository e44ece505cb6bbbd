"""Matching the words in an import file to the directory's vocabularies.

Help topics match by name, slug or any of their synonyms; the other vocabularies by name or slug,
and languages also by code. Case and spacing do not matter. An unknown word is a problem for that
row, with a suggestion when one is close.
"""

import difflib

from core.choices import SkillLevel
from directory.models import AccessFacility, Audience, Format, HelpTopic, Language

from ..values import ValueProblem
from .data import name_key

KINDS = {
    "topics": (HelpTopic, "help topic"),
    "formats": (Format, "format"),
    "audiences": (Audience, "audience"),
    "languages": (Language, "language"),
    "access_facilities": (AccessFacility, "access facility"),
}


class Vocabulary:
    def __init__(self, model, noun: str):
        self.noun = noun
        self.terms = list(model.objects.all())
        self.by_uuid = {str(term.uuid): term for term in self.terms}
        # Names, slugs and codes win over another term's synonym.
        self.by_word: dict[str, object] = {}
        for term in self.terms:
            for word in (term.name, term.slug, getattr(term, "code", "")):
                if word:
                    self.by_word.setdefault(name_key(word), term)
        synonyms: dict[str, list] = {}
        for term in self.terms:
            for word in getattr(term, "synonym_list", []):
                terms = synonyms.setdefault(name_key(word), [])
                if term not in terms:
                    terms.append(term)
        self.ambiguous = {}
        for key, terms in synonyms.items():
            if key in self.by_word:
                continue
            if len(terms) == 1:
                self.by_word[key] = terms[0]
            else:
                self.ambiguous[key] = terms

    def match(self, word: str):
        key = name_key(word)
        if key in self.ambiguous:
            names = " or ".join(
                f'"{term.name}"' for term in sorted(self.ambiguous[key], key=lambda t: t.name)
            )
            raise ValueProblem(f'{self.noun} "{word}" could mean {names}: use the name')
        term = self.by_word.get(key)
        if term is None:
            close = difflib.get_close_matches(key, [name_key(t.name) for t in self.terms], n=1, cutoff=0.75)
            hint = ""
            if close:
                hint = (
                    f' (did you mean "{next(t.name for t in self.terms if name_key(t.name) == close[0])}"?)'
                )
            raise ValueProblem(f'unknown {self.noun} "{word}"{hint}')
        return term

    def match_all(self, words, problems: list[str]) -> list:
        found = []
        for word in words:
            try:
                term = self.match(word)
            except ValueProblem as problem:
                problems.append(str(problem))
            else:
                if term not in found:
                    found.append(term)
        return found


LEVEL_WORDS = {}
for _level in SkillLevel:
    for _word in (_level.value, _level.framework_name, _level.label):
        LEVEL_WORDS[name_key(_word)] = _level.value


def match_levels(words, problems: list[str]) -> list[str]:
    found = []
    for word in words:
        level = LEVEL_WORDS.get(name_key(word))
        if level is None:
            problems.append(f'unknown skill level "{word}": use Foundation, Life or Work')
        elif level not in found:
            found.append(level)
    return found


class Vocabularies:
    """All the vocabularies, loaded once per import."""

    def __init__(self):
        self.kinds = {field: Vocabulary(model, noun) for field, (model, noun) in KINDS.items()}

    def __getitem__(self, field: str) -> Vocabulary:
        return self.kinds[field]
