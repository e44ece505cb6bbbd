"""Importing listings from a spreadsheet (CSV) or Open Referral UK JSON (a file or a feed's address).

read(source) -> units and problems     (csv_reader, oruk_reader)
Importer(options).run(units, problems) -> Report   (importer)
"""

from core.files import UnreadableFile, read_named_file

from .csv_reader import FileProblem, read_csv
from .importer import Importer, Options, Report
from .oruk_reader import load_file, load_url, read_oruk
from .vocabulary import Vocabularies

__all__ = ["FileProblem", "Importer", "Options", "Report", "import_listings", "read", "read_bytes"]


def looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def read(source: str, vocabularies: Vocabularies):
    """The units to import from a file path or an http(s) address, and the problems found reading them."""
    if "://" in source:
        return read_oruk(load_url(source), vocabularies)
    try:
        data = read_named_file(source)
    except UnreadableFile as error:
        raise FileProblem(str(error)) from None
    return read_bytes(data, source, vocabularies)


def read_bytes(data: bytes, name: str, vocabularies: Vocabularies):
    """The units in a file's contents (an upload in the admin, or a file on disk): ORUK JSON if it looks
    like JSON, otherwise the spreadsheet template as CSV."""
    if looks_like_json(data):
        return read_oruk(load_file(data, name), vocabularies)
    return read_csv(data, vocabularies)


def import_listings(source: str, options: Options) -> Report:
    """Read `source` and import it; a FileProblem means the file could not be read and nothing changed."""
    vocabularies = Vocabularies()
    units, problems = read(source, vocabularies)
    return Importer(options).run(units, problems)
