"""A YAML syntax error in the words of the editor who made it: the line to change and how.

The parser (PyYAML) says where it noticed a problem, in English and often later than the mistake: a key
without its colon is noticed on the next line, a key indented one space too many is taken as the end of
the previous value. `explain` turns its marks, the tokens it read before stopping and the layout of the
lines (indentation, list dashes, keys, quotes, brackets) into (line, column, message), where line and
column are where the editor must act and the message names the likely fix, in Vietnamese.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

LINE = re.compile(r"^(?P<indent> *)(?P<dash>-(?: +|$))?(?P<rest>.*)$")
KEY = re.compile(r"^(?P<key>[^\s\-?:,#'\"\[\]{}&*!|>%@`][^\s:#]*):(?: |$)")
# A line whose key or dash comes after a stray character: ":  name: …", "!  code: …", "-` id: …".
STRAY_START = re.compile(
    r"^(?P<before> *(?:- +)?)[^\w\s\-#'\"\[{(«“](?P<rest> *(?:- |#|[^\W\d][\w-]*:(?: |$)).*)$"
    r"|^(?P<dash> *-)[^\w\s](?P<rest2> +[^\W\d][\w-]*: .*)$"
)
GENERIC = (
    "dòng này không đúng cú pháp YAML; kiểm tra thụt lề (chỉ dùng dấu cách, các khoá cùng cấp thẳng "
    "hàng), dấu hai chấm và một dấu cách sau mỗi tên khoá, ngoặc kép và ngoặc vuông đóng mở đủ đôi"
)


@dataclass(frozen=True)
class Line:
    """One line of the file as an editor sees its layout."""

    text: str
    indent: int  # spaces before the first character
    dash: bool  # a list item: "- …"
    content_col: int  # where the text after the indentation (and the dash) starts
    key: str | None  # "key" of "key: value" at content_col

    @property
    def blank(self) -> bool:
        stripped = self.text.strip()
        return not stripped or stripped.startswith("#")

    @property
    def value_col(self) -> int | None:
        """Where the value of "key: value" starts, if the line has both."""
        if self.key is None:
            return None
        after = self.content_col + len(self.key) + 1
        rest = self.text[after:]
        stripped = rest.lstrip(" ")
        return after + len(rest) - len(stripped) if stripped and not stripped.startswith("#") else None


def layout(text: str) -> list[Line]:
    lines = []
    for raw in text.split("\n"):
        raw = raw.rstrip("\r")
        match = LINE.match(raw)
        assert match is not None  # LINE matches every line
        indent = len(match["indent"])
        content_col = indent + len(match["dash"] or "")
        key = KEY.match(raw[content_col:])
        lines.append(Line(raw, indent, bool(match["dash"]), content_col, key["key"] if key else None))
    return lines


def explain(text: str, error: yaml.MarkedYAMLError, one_entry: bool = False) -> tuple[int, int, str]:
    """(line, column, message) of a YAML syntax error, 1-based, in Vietnamese; never raises. `one_entry`:
    the file is one entry (data/documents/<id>.yml: keys at the start of the line), not a list of them."""
    mark = error.problem_mark or error.context_mark
    if error.problem and not re.sub(r"'[^']*'|\"[^\"]*\"", "", error.problem).isascii() and mark:
        return mark.line + 1, mark.column + 1, error.problem  # the project's own words (a refused construct)
    try:
        found = _explain(text, error, one_entry)
    except Exception:  # noqa: BLE001 - a message about the file, whatever went wrong while explaining it
        found = None
    if found is None:
        return (mark.line + 1, mark.column + 1, GENERIC) if mark else (1, 1, GENERIC)
    line, col, message = found
    return line + 1, col + 1, message


def _explain(text: str, error: yaml.MarkedYAMLError, one_entry: bool) -> tuple[int, int, str] | None:
    lines = layout(text)
    problem, context = error.problem or "", error.context or ""
    mark, context_mark = error.problem_mark, error.context_mark
    if mark is None:
        return None
    tokens = _tokens(text)

    tab = _first_tab(lines, mark.line)
    if tab:
        return tab
    for number, line in enumerate(lines[: mark.line + 1]):
        glued = re.match(r"^( *)-([^\W\d][\w-]*: .*)$", line.text)
        if glued:
            return (
                number,
                len(glued[1]) + 1,
                f"sau dấu gạch đầu dòng «-» cần một dấu cách: viết «- {glued[2].rstrip()}»",
            )
        stray = STRAY_START.match(line.text)
        if stray:
            col = len(stray["before"] if stray["before"] is not None else stray["dash"])
            rest = (stray["rest"] or stray["rest2"]).strip()
            where = "ở đầu dòng" if stray["before"] is not None else "sau dấu gạch đầu dòng «-»"
            return (
                number,
                col,
                f"thừa ký tự «{line.text[col]}» {where}: xoá nó, để dòng viết như các dòng trên "
                f"(«{'- ' if stray['dash'] else ''}{rest[:40]}»)",
            )
    # a data file is a list: its first line that is not a comment starts an entry ("- id: …") or is "[]"
    first = next((n for n, line in enumerate(lines) if not line.blank), None)
    if (
        not one_entry
        and first is not None
        and first < mark.line
        and not lines[first].dash
        and not lines[first].text.lstrip().startswith("[")
    ):
        return (
            first,
            0,
            "dòng này nằm ngoài mọi mục của tệp: nếu là lời ghi chú, bắt đầu dòng bằng «#»; "
            "mỗi mục bắt đầu bằng «- id: …»",
        )
    if problem.startswith("expected the node content") and mark.line < len(lines):
        char = lines[mark.line].text[mark.column : mark.column + 1]
        if context.startswith("while parsing a flow node"):
            return (
                mark.line,
                mark.column,
                f"trong ngoặc có dấu «{char}» thừa, hoặc thiếu một mục trước nó: xoá dấu đó",
            )
        return _needs_quotes(lines, mark.line, mark.column, f"không được bắt đầu bằng «{char}»")
    if problem.startswith("mapping keys are not allowed") and mark.line < len(lines):
        char = lines[mark.line].text[mark.column : mark.column + 1]
        return _needs_quotes(lines, mark.line, mark.column, f"có dấu «{char}» mà YAML đọc là cú pháp")
    if "quoted scalar" in context and context_mark:
        if problem.startswith("found unknown escape character"):
            backslash = lines[mark.line].text.rfind("\\", 0, mark.column + 1) if mark.line < len(lines) else -1
            return (
                mark.line,
                backslash if backslash >= 0 else mark.column,
                "trong ngoặc kép, dấu «\\» mở đầu một ký tự đặc biệt: viết «\\\\», "
                "hoặc đặt cả giá trị trong ngoặc đơn '…' thay cho ngoặc kép",
            )
        return _unclosed_quote(lines, context_mark.line, context_mark.column)
    quote = _quote_spanning_lines(tokens, mark)
    if quote:
        return _unclosed_quote(lines, quote.start_mark.line, quote.start_mark.column)
    if context.startswith(("while parsing a flow sequence", "while parsing a flow mapping")) and context_mark:
        return _flow_problem(lines, context_mark, mark)
    if problem.startswith("could not find expected ':'") and context_mark:
        return _missing_colon(lines, context_mark.line, context_mark.column)
    if problem.startswith("mapping values are not allowed"):
        return _misplaced_colon(lines, tokens, mark)
    if problem.startswith("expected <block end>") or problem.startswith("expected <block mapping start>"):
        return _block_problem(lines, tokens, mark)
    if re.match(r"found character '.' that cannot start any token|found undefined alias", problem) and mark.line < len(
        lines
    ):
        col = mark.column
        if problem.startswith("found undefined alias"):
            col = lines[mark.line].text.rfind("*", 0, col + 1)
        char = lines[mark.line].text[col : col + 1]
        return _needs_quotes(lines, mark.line, col, f"không được bắt đầu bằng «{char}»")
    if (
        context.startswith(("while scanning an alias", "while scanning an anchor", "while scanning a tag"))
        and context_mark
        and context_mark.line < len(lines)
    ):
        char = lines[context_mark.line].text[context_mark.column : context_mark.column + 1]
        return _needs_quotes(lines, context_mark.line, context_mark.column, f"không được bắt đầu bằng «{char}»")
    if problem.startswith("found unexpected end of stream"):
        return (
            mark.line,
            mark.column,
            "tệp kết thúc giữa chừng: một ngoặc kép, ngoặc vuông hoặc ngoặc nhọn chưa được đóng",
        )
    return None


# --- the tokens the scanner read -----------------------------------------------------------------


def _tokens(text: str) -> list[yaml.Token]:
    """Every token the scanner read, up to the point where it stopped (those it had queued included)."""
    loader = yaml.BaseLoader(text)
    seen: list[yaml.Token] = []
    try:
        while True:
            # types-PyYAML leaves Scanner.get_token unannotated: hence the ignore below
            token = loader.get_token()  # type: ignore[no-untyped-call]
            if token is None or isinstance(token, yaml.StreamEndToken):
                break
            seen.append(token)
    except yaml.YAMLError:
        seen.extend(loader.tokens)
    finally:
        loader.dispose()
    return seen


def _scalar_before(tokens: list[yaml.Token], mark: yaml.Mark) -> yaml.ScalarToken | None:
    scalars = [t for t in tokens if isinstance(t, yaml.ScalarToken) and t.start_mark.index < mark.index]
    return scalars[-1] if scalars else None


def _quote_spanning_lines(tokens: list[yaml.Token], mark: yaml.Mark) -> yaml.ScalarToken | None:
    """A quoted value that runs over several lines before the error: its quote was not closed on its line
    (the data files never need a quoted value longer than a line)."""
    for token in tokens:
        if token.start_mark.index > mark.index:
            break
        if (
            isinstance(token, yaml.ScalarToken)
            and token.style in ("'", '"')
            and token.end_mark.line > token.start_mark.line
        ):
            return token
    return None


# --- one family of mistakes each ---------------------------------------------------------------


def _first_tab(lines: list[Line], last: int) -> tuple[int, int, str] | None:
    """The first tab in the indentation of a line, or after a key's colon, up to the error."""
    for number, line in enumerate(lines[: last + 1]):
        lead_match = re.match(r"^[ \t]*", line.text)
        assert lead_match is not None  # the pattern matches every text
        lead = lead_match.group()
        if "\t" in lead and line.text.strip():
            col = lead.index("\t")
            expected = _expected_indent(lines, number, line.text.lstrip(" \t").startswith("- "), len(lead))
            return (
                number,
                col,
                "có ký tự Tab ở đầu dòng; YAML chỉ thụt lề bằng dấu cách: xoá Tab, "
                f"{_indent_words(expected)} như các dòng trên",
            )
        after_colon = re.match(r"^[^#\t]*?:( *)\t", line.text)
        if after_colon and not line.blank:
            col = after_colon.end() - 1
            return (number, col, "có ký tự Tab sau dấu hai chấm; YAML chỉ dùng dấu cách: thay Tab bằng một dấu cách")
    return None


def _unclosed_quote(lines: list[Line], number: int, col: int) -> tuple[int, int, str]:
    quote = lines[number].text[col : col + 1] or '"'
    name, other = ("ngoặc kép", "ngoặc đơn") if quote == '"' else ("ngoặc đơn", "ngoặc kép")
    return (
        number,
        col,
        f"{name} «{quote}» mở ở đây chưa được đóng trên cùng dòng: thêm «{quote}» vào cuối giá trị "
        f"(giá trị có {name} bên trong thì đặt cả giá trị trong {other})",
    )


def _flow_problem(lines: list[Line], opened: yaml.Mark, mark: yaml.Mark) -> tuple[int, int, str]:
    bracket = lines[opened.line].text[opened.column : opened.column + 1] or "["
    closing = {"[": "]", "{": "}"}.get(bracket, "]")
    if mark.line != opened.line or closing not in lines[opened.line].text[opened.column :]:
        return (opened.line, opened.column, f"dấu «{bracket}» mở ở đây chưa được đóng: thêm «{closing}» vào cuối dòng")
    return (
        mark.line,
        mark.column,
        f"trong «{bracket}…{closing}» các mục cách nhau bằng dấu phẩy và một dấu cách; mục có "
        "dấu hai chấm, dấu phẩy hay ngoặc thì đặt trong ngoặc kép",
    )


def _missing_colon(lines: list[Line], number: int, col: int) -> tuple[int, int, str]:
    """A key written without its colon (or without the space after it): "parent dang-uy-so"."""
    text = lines[number].text[col:]
    glued = re.match(r"(?P<key>[^\s:#]+):(?P<value>\S.*)", text)
    if glued:
        at = col + len(glued["key"]) + 1
        return (
            number,
            at,
            f"thiếu dấu cách sau dấu hai chấm của «{glued['key']}»: viết «{glued['key']}: {glued['value'].rstrip()}»",
        )
    word = re.match(r"(?P<key>[^\s:#]+)(?P<gap>[ \t]*)(?P<value>[^#]*)", text)
    if not word or not word["key"]:
        return (number, col, GENERIC)
    key, value = word["key"], word["value"].rstrip()
    fix = f"viết «{key}: {value}»" if value else f"viết «{key}:» rồi giá trị"
    return (number, col + len(key), f"thiếu dấu hai chấm sau «{key}»: {fix}")


def _misplaced_colon(lines: list[Line], tokens: list[yaml.Token], mark: yaml.Mark) -> tuple[int, int, str] | None:
    """A colon where no key can start: in a value, or on a line that the parser read as the rest of the
    value above it (a key indented deeper than its neighbours, or the key above lacking its own colon)."""
    scalar = _scalar_before(tokens, mark)
    line = lines[mark.line]
    if scalar is not None and scalar.start_mark.line < mark.line:
        start = lines[scalar.start_mark.line]
        if (
            scalar.start_mark.column == start.content_col
            and start.key is None
            and re.match(r"[^\W\d][\w-]*(?: |:)\S", start.text[start.content_col :])
        ):
            # the value above began where a key begins, "key value" or "key:value": that line is a key missing
            # its colon, or the space after it
            return _missing_colon(lines, scalar.start_mark.line, scalar.start_mark.column)
        if line.key is not None and mark.column == line.content_col + len(line.key):
            return _misindented(lines, mark.line, line)
        return (
            mark.line,
            mark.column,
            "dấu hai chấm ở dòng này bị đọc như phần tiếp theo của giá trị ở dòng "
            f"{scalar.start_mark.line + 1}: kiểm tra thụt lề của dòng này, hoặc đặt giá trị có dấu hai chấm trong "
            "ngoặc kép",
        )
    if line.key is None and re.match(r"[^\W\d][\w-]* ", line.text[line.content_col :]):
        return _missing_colon(lines, mark.line, line.content_col)  # "decision {number: …}"
    return _needs_quotes(lines, mark.line, mark.column, "có dấu hai chấm và dấu cách («: »)")


def _needs_quotes(lines: list[Line], number: int, col: int, why: str) -> tuple[int, int, str]:
    """A plain value that YAML reads as syntax: quoting the whole value is the fix."""
    line = lines[number]
    value_col = line.value_col
    if line.key is not None and value_col is not None and value_col <= col:
        value = line.text[value_col:].rstrip()
        quoted = f'"{value}"' if '"' not in value else "'" + value.replace("'", "''") + "'"
        return (
            number,
            value_col,
            f"giá trị của «{line.key}» {why}: đặt cả giá trị trong ngoặc kép, viết «{line.key}: {quoted}»",
        )
    return (number, col, f"giá trị {why}: đặt cả giá trị trong ngoặc kép")


def _block_problem(lines: list[Line], tokens: list[yaml.Token], mark: yaml.Mark) -> tuple[int, int, str] | None:
    """The parser expected the block to end or continue at another indentation."""
    if mark.line >= len(lines):
        return None
    line = lines[mark.line]
    scalar = _scalar_before(tokens, mark)
    if (
        scalar is not None
        and scalar.style in ("'", '"')
        and scalar.end_mark.line == mark.line
        and scalar.end_mark.index <= mark.index
    ):
        quote = scalar.style
        other = "'" if quote == '"' else '"'
        name, other_name = ("ngoặc kép", "ngoặc đơn") if quote == '"' else ("ngoặc đơn", "ngoặc kép")
        fix = f"đặt cả giá trị trong {other_name} {other}…{other}"
        value_col = line.value_col
        if line.key is not None and value_col is not None and line.text[value_col : value_col + 1] == quote:
            inner = line.text[value_col:].rstrip()
            inner = inner[1:-1] if inner.endswith(quote) and len(inner) > 1 else inner[1:]
            if other not in inner:
                fix = f"viết «{line.key}: {other}{inner}{other}»"
        return (mark.line, mark.column, f"còn chữ sau {name} đóng giá trị: giá trị có dấu {quote} bên trong thì {fix}")
    char = line.text[mark.column : mark.column + 1]
    if char in ("]", "}") and line.key is None and re.match(r"[^\W\d][\w-]* [\[{]", line.text[line.content_col :]):
        return _missing_colon(lines, mark.line, line.content_col)  # "assigned {ke-hoach-32: […]}"
    if char in ("]", "}"):
        return (
            mark.line,
            mark.column,
            f"thừa dấu «{char}»: không có dấu «{'[' if char == ']' else '{'}» nào mở trước nó",
        )
    previous = [t for t in tokens if t.start_mark.index < mark.index]
    if (
        previous
        and isinstance(previous[-1], (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken))
        and previous[-1].start_mark.line == mark.line
    ):
        closing = line.text[previous[-1].start_mark.column]
        return (
            mark.line,
            mark.column,
            f"sau dấu «{closing}» đóng còn chữ «{line.text[mark.column :].strip()[:30]}»: "
            f"đưa chữ đó vào trong ngoặc, hoặc xoá dấu «{closing}» thừa",
        )
    misaligned = _misaligned_item(lines, mark.line)
    if misaligned is not None:
        return (misaligned, 0, _indent_message("dấu gạch đầu dòng «-»", lines[misaligned].indent, 0, "các mục"))
    if (line.dash or line.key is not None) and _expected_indent(
        lines, mark.line, line.dash, line.indent
    ) != line.indent:
        return _misindented(lines, mark.line, line)
    return (
        mark.line,
        mark.column,
        "dòng này không khớp với cấu trúc của các dòng trên: kiểm tra thụt lề (các khoá "
        "cùng cấp thẳng hàng, bằng dấu cách) và dấu hai chấm sau tên khoá ở dòng này và dòng trên",
    )


# --- indentation ---------------------------------------------------------------------------------


def _misaligned_item(lines: list[Line], last: int) -> int | None:
    """The first list item, up to `last`, indented although nothing above opens a block for it: the
    entries of a data file start at the beginning of the line."""
    least_indent = least_open_key = None  # over the lines above: a block can open at a deeper indentation
    for number, line in enumerate(lines[: last + 1]):
        if line.blank:
            continue
        if line.dash and line.indent > 0:
            opened = (least_indent is not None and least_indent < line.indent) or (
                least_open_key is not None and least_open_key <= line.indent
            )
            if not opened:
                return number
        least_indent = line.indent if least_indent is None else min(least_indent, line.indent)
        if line.key is not None and line.value_col is None:
            least_open_key = line.content_col if least_open_key is None else min(least_open_key, line.content_col)
    return None


def _expected_indent(lines: list[Line], number: int, item: bool, actual: int) -> int:
    """The indentation, among those open at `number`, nearest to `actual`: of keys for a key, of dashes
    for a list item."""
    stack: list[tuple[int, str]] = []
    for line in lines[:number]:
        if line.blank or "\t" in line.text[: len(line.text) - len(line.text.lstrip(" \t"))]:
            continue
        if not line.dash and line.key is None:
            continue  # the rest of a value, a flow collection on its own line …
        while stack and stack[-1][0] > line.indent:
            stack.pop()
        if line.dash:
            if stack[-1:] != [(line.indent, "item")]:
                stack.append((line.indent, "item"))
            if line.key is not None:
                stack.append((line.content_col, "key"))
        elif stack[-1:] != [(line.indent, "key")]:
            stack.append((line.indent, "key"))
    candidates = [col for col, kind in stack if kind == ("item" if item else "key")]
    if not candidates:
        return 0
    return min(candidates, key=lambda col: (abs(col - actual), -col))


def _indent_words(spaces: int) -> str:
    return "không thụt lề (viết sát đầu dòng)" if spaces == 0 else f"thụt lề {spaces} dấu cách"


def _misindented(lines: list[Line], number: int, line: Line) -> tuple[int, int, str]:
    """The finding for a list item or key at line `number` that is not where the lines above put it."""
    expected = _expected_indent(lines, number, line.dash, line.indent)
    if line.dash:
        return (number, 0, _indent_message("dấu gạch đầu dòng «-»", line.indent, expected, "các mục cùng cấp"))
    return (number, 0, _indent_message(f"khoá «{line.key}»", line.indent, expected, "các khoá cùng cấp"))


def _indent_message(what: str, actual: int, expected: int, siblings: str) -> str:
    have = "không thụt lề" if actual == 0 else f"thụt lề {actual} dấu cách"
    return f"{what} {have}, {siblings} ở các dòng trên thụt lề {expected}: {_indent_words(expected)} như các dòng trên"
