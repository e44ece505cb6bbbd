"""The repository explains itself: every link in its docs leads to a file (and a heading) inside it."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", ROOT / "CONTRIBUTING.md", *(ROOT / "docs").glob("*.md")])
# [text](target) in Markdown; images too. Targets with a scheme (https:, mailto:) are outside the repository.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def heading_anchors(path: Path) -> set[str]:
    """GitHub's anchors: headings lower-cased, punctuation dropped, spaces as hyphens."""
    anchors = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"#+\s+(.*)", line):
            text = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower())
            anchors.add(text.replace(" ", "-"))
    return anchors


def links(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # code blocks are not links
    return [target for target in LINK.findall(text) if not SCHEME.match(target)]


def test_the_docs_folder_has_a_page_per_topic():
    names = {path.name for path in (ROOT / "docs").glob("*.md")}
    assert {"README.md", "architecture.md", "glossary.md", "search.md", "decisions.md"} <= names


def test_the_readme_is_short():
    assert len((ROOT / "README.md").read_bytes()) < 8 * 1024


def test_the_licence_named_in_pyproject_is_in_the_repository():
    assert 'license = "BSD-3-Clause"' in (ROOT / "pyproject.toml").read_text()
    assert "BSD 3-Clause License" in (ROOT / "LICENSE").read_text()


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_link_resolves_to_a_file_in_the_repository(doc):
    broken = []
    for target in links(doc):
        file_part, _, anchor = target.partition("#")
        destination = (doc.parent / file_part).resolve() if file_part else doc
        if (
            not destination.is_relative_to(ROOT)
            or not destination.exists()
            or anchor
            and destination.suffix == ".md"
            and anchor not in heading_anchors(destination)
        ):
            broken.append(target)
    assert not broken, f"{doc.name} links to what is not in the repository: {broken}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_doc_points_outside_the_repository(doc):
    assert "../shared" not in doc.read_text(encoding="utf-8")
