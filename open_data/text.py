"""Rich text to plain text and back, for open data and spreadsheets.

Open data and spreadsheets carry plain text: paragraphs separated by a blank line, list items as
lines starting "- ". Importing turns that back into paragraphs and bullet lists; bold, italics and
links are not carried. The importer compares plain text, so a listing whose words have not changed
keeps its formatting.
"""

import functools
import re
from html import escape
from html.parser import HTMLParser

BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "div"}
LIST_ITEM_RE = re.compile(r"^\s*[-*•]\s+")


class _TextExtractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.list_items: list[str] = []
        self.in_item = False

    def _finish_block(self):
        text = "".join(self.current)
        text = "\n".join(re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in text.split("\n")).strip()
        if text:
            if self.in_item:
                self.list_items.append(f"- {text}")
            else:
                self.blocks.append(text)
        self.current = []

    def _finish_list(self):
        if self.list_items:
            self.blocks.append("\n".join(self.list_items))
            self.list_items = []

    def _boundary(self, tag):
        """A block, a list item or a list starts or ends here (either way): the text so far is a
        block, and at a list's edge the list so far is one too."""
        if tag in BLOCKS or tag in {"li", "ul", "ol"}:
            self._finish_block()
        if tag in {"ul", "ol"}:
            self._finish_list()

    def handle_starttag(self, tag, attrs):
        self._boundary(tag)
        if tag == "li":
            self.in_item = True
        elif tag == "br":
            self.current.append("\n")

    def handle_endtag(self, tag):
        self._boundary(tag)
        if tag == "li":
            self.in_item = False

    def handle_data(self, data):
        self.current.append(data.replace("\n", " "))

    def text(self) -> str:
        self._finish_block()
        self._finish_list()
        return "\n\n".join(self.blocks)


@functools.lru_cache(maxsize=2048)
def html_to_text(html: str) -> str:
    """Wagtail rich text as plain text: paragraphs separated by a blank line, list items as "- item".

    Cached: an organisation's description is repeated in every one of its listings."""
    if not html:
        return ""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    return parser.text()


def normalise_text(text: str) -> str:
    """Line endings, spaces and blank lines tidied, so equal texts compare equal."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def text_to_html(text: str) -> str:
    """Plain text as Wagtail rich text: paragraphs, line breaks and bullet lists, everything escaped."""
    html = []
    for block in normalise_text(text).split("\n\n"):
        lines = [line for line in block.split("\n") if line]
        if not lines:
            continue
        if all(LIST_ITEM_RE.match(line) for line in lines):
            items = "".join(f"<li>{escape(LIST_ITEM_RE.sub('', line), quote=False)}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br/>".join(escape(line, quote=False) for line in lines) + "</p>")
    return "".join(html)


def same_text(html: str, text: str) -> bool:
    return normalise_text(html_to_text(html)) == normalise_text(text)


def split_summary(text: str, limit: int = 300) -> tuple[str, str]:
    """An Open Referral description as (summary, description): the first paragraph is the summary
    when it is short enough; otherwise the summary is its first words and the description is all of it."""
    text = normalise_text(text)
    if not text:
        return "", ""
    first, _, rest = text.partition("\n\n")
    if len(first) <= limit and "\n" not in first:
        return first, rest
    cut = first.replace("\n", " ")[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return f"{cut}…", text


def join_summary(summary: str, description_html: str) -> str:
    """The reverse of split_summary: the summary, then the description, as one plain text."""
    description = html_to_text(description_html)
    summary = normalise_text(summary)
    if summary and description.startswith(summary.rstrip("…")):
        return description
    return "\n\n".join(part for part in (summary, description) if part)
