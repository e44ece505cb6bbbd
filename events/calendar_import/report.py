"""What an import did, in words for the group's editors: one line per event that needed a decision,
and a sentence of counts. Stored on the feed and printed by `manage.py import_calendars`."""

import dataclasses
from collections import Counter

# In the order the summary gives them.
STATUSES = ("added", "changed", "withdrawn", "unchanged", "not imported")


@dataclasses.dataclass
class Line:
    title: str
    status: str
    text: str = ""

    def __str__(self):
        return f'{self.status.capitalize()}: "{self.title}"' + (f": {self.text}" if self.text else "")


@dataclasses.dataclass
class Report:
    lines: list = dataclasses.field(default_factory=list)
    finished: int = 0
    problem: str = ""
    drafts: bool = False

    @property
    def succeeded(self) -> bool:
        return not self.problem

    @property
    def counts(self) -> Counter:
        return Counter(line.status for line in self.lines)

    @property
    def changed_anything(self) -> bool:
        counts = self.counts
        return bool(counts["added"] or counts["changed"] or counts["withdrawn"])

    def add(self, title: str, status: str, text: str = "") -> None:
        self.lines.append(Line(title, status, text))

    def summary(self) -> str:
        """One sentence: what changed, or why nothing did."""
        if self.problem:
            return f"Nothing was changed. {self.problem}"
        counts = self.counts
        parts = [f"{counts[status]} {status}" for status in STATUSES if counts[status]]
        text = (", ".join(parts) or "no events") + "."
        if self.finished:
            text += f" {self.finished} finished event{'s' if self.finished != 1 else ''} left out."
        if not self.changed_anything:
            return f"Nothing changed: {text}"
        if self.drafts:
            text += " New and changed events wait for a coordinator to approve them."
        return text

    def text(self) -> str:
        """The whole report: the lines worth reading (everything but unchanged events), then the summary."""
        lines = [str(line) for line in self.lines if line.status != "unchanged"]
        return "\n".join([*lines, self.summary()]) if lines else self.summary()
