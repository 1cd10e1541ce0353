"""Text typed by people: printable characters only, and a canonical form for matching names."""

import re
import unicodedata

_INVISIBLE = re.compile(r"[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def printable(text: str) -> str:
    """Drop control and invisible formatting characters (NUL, zero-width spaces, bidi marks…)."""
    return _INVISIBLE.sub("", text or "")


def match_key(text: str) -> str:
    """A form of a name for matching: full-width to half-width, traditional to simplified Chinese,
    lower case, without spaces, punctuation or invisible characters. "補 課-費" → "补课费"."""
    import zhconv

    text = unicodedata.normalize("NFKC", printable(text))
    text = zhconv.convert(text, "zh-cn")
    return _NOT_WORD.sub("", text).lower()
