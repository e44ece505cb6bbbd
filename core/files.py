"""Reading a file a person named (a management command's argument), with a plain-English reason
when it cannot be read."""

from pathlib import Path


class UnreadableFile(Exception):
    """The file could not be read; the message says why, in words for the person who named it."""


def read_named_file(name: str) -> bytes:
    try:
        return Path(name).read_bytes()
    except FileNotFoundError:
        raise UnreadableFile(f"There is no file called {name}.") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{name} is a folder, not a file.") from None
    except OSError as error:
        raise UnreadableFile(f"{name} could not be read: {error.strerror}.") from None


def read_named_text(name: str) -> str:
    """The file as UTF-8 text (a spreadsheet's byte order mark taken off)."""
    try:
        return read_named_file(name).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(f"{name} is not a UTF-8 text (CSV) file.") from None
