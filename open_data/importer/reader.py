"""What the spreadsheet and Open Referral UK readers share (see read in __init__.py)."""

from .data import Problems, Unit
from .vocabulary import Vocabularies


class Reader:
    """Reads one source into units to import and the problems found, matching words (help topics,
    formats, languages and the rest) against the vocabularies."""

    def __init__(self, vocabularies: Vocabularies):
        self.vocabularies = vocabularies
        self.problems = Problems()
        self.units: list[Unit] = []
