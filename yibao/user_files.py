"""A file a user gives (claims, history, household, reform): checked before it is opened, read as
UTF-8 text (with or without BOM), one message naming the option or the file for every problem."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

from .errors import InputError
from .inputs import show

#: A claims or history file larger than this is not one (200 000 bills with labels fit in it).
MAX_FILE_BYTES = 20_000_000
_ALLOWED_FILE = "the path of a CSV or JSON file"


def user_file(path: Any, option: str) -> Path:
    """The path given, checked to be a readable regular file before it is opened (a folder, a pipe,
    a device or an empty path get one message; nothing is read from them)."""
    if isinstance(path, str) and not path.strip():
        raise InputError(option, "is empty", _ALLOWED_FILE)
    if not isinstance(path, (str, os.PathLike)):
        raise InputError(option, f"{type(path).__name__} is not a path", _ALLOWED_FILE)
    p = Path(path)
    try:
        info = p.stat()
    except FileNotFoundError:
        raise InputError(option, f"file {show(str(p))} not found", _ALLOWED_FILE) from None
    except (OSError, ValueError) as e:  # a name too long, a NUL in it ...
        why = getattr(e, "strerror", None) or "not a usable path"
        raise InputError(option, f"cannot read {show(str(p))}: {why}", _ALLOWED_FILE) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(option, f"{show(str(p))} is a folder, not a file", _ALLOWED_FILE)
    if not stat.S_ISREG(info.st_mode):
        raise InputError(option, f"{show(str(p))} is not a regular file (a pipe, socket or device)", _ALLOWED_FILE)
    if info.st_size > MAX_FILE_BYTES:
        raise InputError(option, f"{show(str(p))} is {info.st_size} bytes: too large for a claims file",
                         f"a file of at most {MAX_FILE_BYTES} bytes")
    return p


def read_user_text(path: Path, option: str) -> str:
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as e:
        raise InputError(option, f"cannot read {show(str(path))}: {e.strerror}",
                         "a readable CSV or JSON file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(path.name, f"not UTF-8 text (byte {e.start}){_gbk_hint(data)}",
                         "a UTF-8 file (with or without BOM); save it from Excel as 'CSV UTF-8'") from None
    if _looks_like_gbk(text, data):
        raise InputError(path.name, "looks like GBK/GB18030 text (Excel's plain 'CSV' on Chinese Windows), "
                         "not UTF-8", "a UTF-8 file (with or without BOM); save it from Excel as 'CSV UTF-8'")
    if "\x00" in text:
        raise InputError(path.name, "contains NUL characters: not a text file", "a CSV or JSON text file")
    return text


def _gbk_hint(data: bytes) -> str:
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return ": it looks like GBK/GB18030"


_OTHER_LETTERS = re.compile("[\u0100-\u07ff]")
_WORD = re.compile(r"[^\W\d_]+")


def _script(ch: str) -> str:
    """The script of a letter: the first word of its Unicode name (LATIN, CYRILLIC, GREEK ...)."""
    return unicodedata.name(ch, "?").split(" ")[0]


def _words_of_one_script(text: str) -> bool:
    """Whether every word holding letters of U+0100–07FF is written in one script and is at least two
    letters long: real words (Москва, Αθήνα, Łódź). GBK misread as UTF-8 gives one letter per Chinese
    character from scripts mixed at random (住院 reads as a Hebrew and an Armenian letter)."""
    words = [w for w in _WORD.findall(text) if _OTHER_LETTERS.search(w)]
    return bool(words) and all(len(w) >= 2 and len({_script(c) for c in w}) == 1 for w in words)
_CHINESE = re.compile("[\u4e00-\u9fff]")


def _looks_like_gbk(text: str, data: bytes) -> bool:
    """Short GBK text can be valid UTF-8 by chance (住院 reads as Hebrew). A claims file has no use for
    the letters between U+0100 and U+07FF (Greek, Cyrillic, Hebrew, Arabic ...): if such letters
    appear, the UTF-8 reading has no Chinese, and the bytes read as GB18030 with Chinese in them, the
    file is GBK, not UTF-8. (Digits of other scripts, ``١٠``, are not letters: a UTF-8 file with them
    is read, and the cell refused as not a number.)"""
    if not any(ch.isalpha() for ch in _OTHER_LETTERS.findall(text)):
        return False
    if _CHINESE.search(text) or _words_of_one_script(text):
        return False
    try:
        other = data.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return bool(_CHINESE.search(other))


# ---------------------------------------------------------------- JSON files a user gives


class JsonObject(dict):
    """A JSON object that remembers the first key given twice (``repeated``): a file is refused for it,
    as a CSV header naming a column twice is, rather than read with the last value."""

    repeated: str | None = None


def json_object(pairs: list[tuple[str, Any]]) -> JsonObject:
    """``object_pairs_hook`` for :func:`json.loads`."""
    out = JsonObject()
    for k, v in pairs:
        if k in out and out.repeated is None:
            out.repeated = k
        out[k] = v
    return out


def repeated_key(data: Any, where: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where the first key given twice sits (``("members", 0, "claims", 1, "cost")``), or None; a key
    that is not a plain name is not shown (``"(key)"``)."""
    if isinstance(data, JsonObject) and data.repeated is not None:
        key = data.repeated
        return (*where, key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,31}", key) else "(key)")
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for k, v in items:
        found = repeated_key(v, (*where, k))
        if found is not None:
            return found
    return None
