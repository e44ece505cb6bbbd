"""Checks on a page's HTML as the server sent it (before a browser repairs it)."""

from html.parser import HTMLParser

from bs4 import BeautifulSoup


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


def raw_python_values(client, urls) -> list[str]:
    """Each "None", "True" or "False" a reader sees on the pages at `urls` (each must answer 200):
    a value shown as Python wrote it rather than in words. Wagtail's own hidden counters and
    templates are never read, so they are left out."""
    shown = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        soup = BeautifulSoup(response.content, "html.parser")
        for hidden in soup.select("[hidden], script, template"):
            hidden.decompose()
        shown += [
            f"{url} shows {text.strip()!r} in <{text.parent.name}>: {text.parent}"
            for text in soup.find_all(string=True)
            if text.strip() in ("None", "True", "False")
        ]
    return shown
