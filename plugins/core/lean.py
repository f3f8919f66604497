"""Scripts without their whole-line comments and indentation (plugins/lean_scripts serves search.js
this way; plugins/search_index inlines search-early.js this way).

Only whole-line comments go (a line that starts, after spaces, with `//`, or a `/* … */` block that
starts a line), and the spaces that start a line: nothing inside a line of code is touched, so a
regular expression or a string holding "//" or "/*" is safe. It relies on one rule of the scripts:
no string or template literal spans lines (ES5, without backticks outside regular expressions and
comments; a test runs the lean file in Node and in chromium).
"""

from __future__ import annotations

import re

_LINE_COMMENT = re.compile(r"^[ \t]*//[^\n]*\n", re.M)
_BLOCK_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n", re.M | re.S)
_INDENT = re.compile(r"^[ \t]+", re.M)
_BLANK = re.compile(r"\n{2,}")


def lean(source: str) -> str:
    """The script without whole-line comments, indentation and blank lines."""
    text = _BLOCK_COMMENT.sub("", source)
    text = _LINE_COMMENT.sub("", text)
    text = _INDENT.sub("", text)
    return _BLANK.sub("\n", text).lstrip("\n")
