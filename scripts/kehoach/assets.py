"""The site's own stylesheets and scripts as readers download them: comments are for maintainers.

The first view of the home page has a budget of 90 KB (scripts/budget.py), Material's CSS and JS
take 73 KB of it, and the comments of our own CSS and JS would be over a kilobyte. Only whole-line
block comments and indentation go, so code and strings stay as written (a multi-line template literal
would lose its indentation: our scripts have none).
"""

from __future__ import annotations

import re

# A comment that fills whole lines (`/* … */`, possibly over several lines); comments after code on
# the same line stay, so that a "/*" inside a string can never be mistaken for one.
WHOLE_LINE_COMMENT = re.compile(r"^[ \t]*/\*.*?\*/[ \t]*\n", re.S | re.M)
INDENT = re.compile(r"^[ \t]+", re.M)


def without_comments(text: str) -> str:
    """`text` without whole-line block comments and indentation; code unchanged otherwise."""
    return INDENT.sub("", WHOLE_LINE_COMMENT.sub("", text))
