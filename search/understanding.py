"""Understanding what a resident typed: which help topics they mean, and which other words to look for.

Residents write "help with e-mail on my ipad" or "UC journal", not our topic names. Each help topic
has synonyms the council edits; a phrase in the query that matches a topic's name or synonym selects
that topic, and the words left over (without filler such as "help with my") are searched as text.
Both search engines start from this same reading of the query, so they agree on what is found.
"""

import dataclasses
import re

from django.core.cache import cache

from caching.generation import per_request, shared_get

TOPIC_PHRASES_CACHE_KEY = "search:topic-phrases"
MAX_QUERY_LENGTH = 200

# Words that carry no meaning in a search for help ("I want help to use my phone" is about phones).
FILLER_WORDS = frozenset(
    """
    a about an and any are am as at be can could do does doing for from get getting give go going have
    help helping helps how i i'd i'm im in into is it its learn learning like me mine my near need
    needs of on or our out please show some someone somewhere support teach the their them there this
    to up us use using want wanting way what where which who with would you your yours
    absolute absolutely bit complete completely just little really so total totally very
    he her hers him his she they we was were been will should
    d ll m re s t ve didn doesn don
    """.split()  # noqa: SIM905 - a word list reads better as words
)
TOKEN_RE = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")


def stem(word: str) -> str:
    """A light English stem, so "emails", "calls" and "banking" meet "email", "call" and "bank"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text.lower())


@dataclasses.dataclass(frozen=True)
class ReadQuery:
    """A query as we understood it: the topics it names and the other words to look for."""

    text: str
    topics: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    # Which words of the query selected each topic, to explain results ("UC" means Universal Credit).
    matched_phrases: tuple[tuple[str, str], ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.topics and not self.words


def _topic_phrases() -> dict[tuple[str, ...], frozenset[str]]:
    return per_request(TOPIC_PHRASES_CACHE_KEY, _read_topic_phrases)


def _read_topic_phrases() -> dict[tuple[str, ...], frozenset[str]]:
    phrases = shared_get(TOPIC_PHRASES_CACHE_KEY)
    if phrases is None:
        from directory.models import HelpTopic

        collected: dict[tuple[str, ...], set[str]] = {}
        for slug, name, synonyms in HelpTopic.objects.values_list("slug", "name", "synonyms"):
            candidates = [name, slug.replace("-", " "), *re.split(r"[,\n;]", synonyms)]
            for phrase in candidates:
                key = tuple(stem(token) for token in tokens(phrase))
                if key and not all(token in FILLER_WORDS for token in key):
                    collected.setdefault(key, set()).add(slug)
        phrases = {key: frozenset(slugs) for key, slugs in collected.items()}
        cache.set(TOPIC_PHRASES_CACHE_KEY, phrases, 300)
    return phrases


def forget_topic_phrases(**kwargs) -> None:
    cache.delete(TOPIC_PHRASES_CACHE_KEY)


def read_query(text: str) -> ReadQuery:
    text = (text or "").strip()[:MAX_QUERY_LENGTH]
    words = tokens(text)
    stems = [stem(word) for word in words]
    phrases = _topic_phrases()
    longest = max((len(key) for key in phrases), default=0)

    topics: set[str] = set()
    matched: list[tuple[str, str]] = []
    remaining: list[str] = []
    position = 0
    while position < len(words):
        for length in range(min(longest, len(words) - position), 0, -1):
            slugs = phrases.get(tuple(stems[position : position + length]))
            if slugs:
                topics |= slugs
                phrase = " ".join(words[position : position + length])
                matched.extend((phrase, slug) for slug in sorted(slugs))
                position += length
                break
        else:
            word = words[position]
            if word not in FILLER_WORDS and len(word) > 1:
                remaining.append(word)
            position += 1
    return ReadQuery(
        text=text,
        topics=frozenset(topics),
        words=tuple(dict.fromkeys(remaining)),
        matched_phrases=tuple(matched),
    )
