"""Checks on a page's HTML as the server sent it (before a browser repairs it)."""

from html.parser import HTMLParser


class _FormNesting(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open_forms: list[str] = []
        self.problems: list[str] = []

    @staticmethod
    def _describe(attrs) -> str:
        attrs = dict(attrs)
        return f"<form action={attrs.get('action')!r} method={attrs.get('method')!r}>"

    def handle_starttag(self, tag, attrs):
        if tag != "form":
            return
        form = self._describe(attrs)
        if self.open_forms:
            self.problems.append(f"{form} (line {self.getpos()[0]}) is inside {self.open_forms[-1]}")
        self.open_forms.append(form)

    def handle_endtag(self, tag):
        if tag == "form" and self.open_forms:
            self.open_forms.pop()


def nested_forms(html: str) -> list[str]:
    """Each <form> that starts inside another. A browser ignores such a form's start tag, so its
    fields and buttons belong to the outer form: "Add to shortlist" would send the search instead."""
    parser = _FormNesting()
    parser.feed(html)
    parser.close()
    return parser.problems
