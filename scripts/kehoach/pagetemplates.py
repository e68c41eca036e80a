"""Pages are text with a closed set of macro calls.

mkdocs-macros renders every page of docs/ as a Jinja template. A page may hold only calls of the
documented macros with literal arguments, `{{ doc_number("nq-43-tw") }}`; anything else Jinja would
read (expressions, attribute access, filters, `{% %}` statements, include/import, comments) is refused
by `template_findings` before anything is rendered. It reads the page with Jinja's own lexer, so it
sees exactly what the renderer would see, and it executes nothing.

`render_calls` is the second wall, and the one renderer of pages: the build (through `PageSandbox`,
the environment mkdocs-macros is given) and the checker's text lock replace each accepted call by
what its macro returns, and refuse anything else. Nothing of a page is compiled or run as Jinja
code, so it cannot reach Python internals, attributes, includes or any variable but the macros.
"""

from __future__ import annotations

import ast
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from .findings import Finding, grouped

# An anchor typed without its space, `{#muc-iii-1}`: Jinja reads `{#` as the start of a comment.
ANCHOR_TYPO = re.compile(r"\{#\s*(?P<id>muc(?:-[a-z0-9]+)*)\s*\}")

_LITERALS = {"string", "integer", "float"}
_CONSTRUCTS = {
    "block_begin": "câu lệnh mẫu «{% … %}»",
    "raw_begin": "khối «{% raw %}»",
    "comment_begin": "chú thích mẫu «{# … #}»",
    "linestatement_begin": "câu lệnh mẫu",
    "linecomment_begin": "chú thích mẫu",
}
_HOW = (
    'trang chỉ được gọi macro có trong hướng dẫn với đối số là chữ trong ngoặc kép, ví dụ {{ doc_number("nq-43-tw") }}'
)


class _Position:
    """Line and column of offsets in a text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [match.end() for match in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = _bisect(self.starts, offset)
        return line + 1, offset - self.starts[line] + 1


def _bisect(starts: list[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


Token = tuple[int, str, str]  # offset, Jinja's token type, token text


def _tokens(text: str) -> Iterable[Token]:
    """(offset, token type, token text) of every token Jinja reads in `text`. Jinja's lexer gives no
    offsets; each token's text is found from where the previous one ended (whitespace control may
    have dropped blanks between tokens, nothing else)."""
    offset = 0
    for _line, kind, value in SandboxedEnvironment().lexer.tokeniter(text, "page"):
        found = text.find(value, offset) if value else offset
        start = found if found >= 0 else offset
        yield start, kind, value
        offset = start + len(value)


def template_findings(path: str, text: str) -> list[Finding]:
    """A finding for each template construct of a page that is not a plain macro call with literal
    arguments. At most one finding per construct; none if the page holds only allowed calls."""
    position = _Position(text)
    findings: list[Finding] = []

    def refuse(offset: int, code: str, message: str) -> None:
        line, col = position.at(offset)
        findings.append(Finding(path, line, col, code, message))

    # The anchor typo first: Jinja would only say that a comment is not closed, somewhere else.
    typos = list(ANCHOR_TYPO.finditer(text))
    for match in typos:
        refuse(
            match.start(),
            "KH507",
            f"mã trích dẫn viết liền «{match.group()}» bị đọc thành chú thích mẫu và nuốt mất chữ phía sau; "
            f"viết có dấu cách: «{{ #{match['id']} }}»",
        )
    if typos:
        return findings

    call: list[Token] | None = None  # tokens of the {{ … }} being read
    skip_until: str | None = None  # end token of a refused construct
    try:
        for offset, kind, value in _tokens(text):
            if skip_until:
                if kind == skip_until:
                    skip_until = None
                continue
            if call is not None:
                if kind == "whitespace":
                    continue
                call.append((offset, kind, value))
                if kind == "variable_end":
                    problem = _call_problem(call)
                    if problem:
                        refuse(problem[0], "KH506", f"{problem[1]}; {_HOW}")
                    call = None
                continue
            if kind == "variable_begin":
                call = [(offset, kind, value)]
            elif kind in _CONSTRUCTS:
                refuse(offset, "KH506", f"{_CONSTRUCTS[kind]} không được phép trong trang; {_HOW}")
                skip_until = {"block_begin": "block_end", "raw_begin": "raw_end", "comment_begin": "comment_end"}.get(
                    kind, "linestatement_end"
                )
    except jinja2.TemplateSyntaxError as error:
        start = call[0][0] if call else _line_offset(position, error.lineno or 1)
        what = "lời gọi macro «{{ … }}» chưa đúng" if call else "cú pháp mẫu chưa đóng"
        refuse(start, "KH508", f"{what} ({_syntax_hint(error.message or '')}); {_HOW}")
        return _first_of_page(findings)
    if call is not None:
        refuse(call[0][0], "KH508", f"lời gọi macro «{{{{ … }}}}» thiếu dấu đóng «}}}}»; {_HOW}")
    elif skip_until:
        refuse(len(text), "KH508", f"cú pháp mẫu chưa đóng; {_HOW}")
    return _first_of_page(findings)


# Python-Markdown reads some runs of characters in time that grows with the square of their number
# (measured: 20,000 «[» take 36 s, 10,000 «![» 4 s, 3,000 «<a » 0.5 s), and each macro call renders a
# template (print_plan the whole plan). The plan's pages hold a few of each, the busiest a dozen calls:
# a page with hundreds is not a page of the plan, and would stall every build.
PAGE_BUDGET = {"[": (300, "dấu «[»"), "<": (1000, "dấu «<»"), "{{": (100, "lời gọi macro")}


def markup_findings(path: str, text: str) -> list[Finding]:
    """KH110 for a page with more of a slow-to-read character, or more macro calls, than any page of
    the plan needs."""
    findings = []
    for needle, (budget, what) in PAGE_BUDGET.items():
        count = text.count(needle)
        if count > budget:
            line, col = _Position(text).at(_nth(text, needle, budget + 1))
            message = f"trang có {grouped(count)} {what}, quá giới hạn {grouped(budget)} của một trang"
            findings.append(Finding(path, line, col, "KH110", message))
    return findings


def _nth(text: str, needle: str, n: int) -> int:
    """The offset of the n-th occurrence of `needle` in `text` (there are at least n)."""
    offset = -1
    for _ in range(n):
        offset = text.index(needle, offset + 1)
    return offset


# Where every template construct starts, for the lexer of the environment below (Jinja's default
# delimiters; no line statements or line comments): a text without any of them is one data token.
_BEGINS = ("{{", "{%", "{#")


def _constructs(text: str) -> Iterator[list[Token]]:
    """The tokens of each template construct in `text`, in order: a whole `{{ … }}` (whitespace left
    out), or the first token of anything else. The one walk behind macro_calls and render_calls."""
    if not any(begin in text for begin in _BEGINS):  # all data to the lexer: no need to run it
        return
    call: list[Token] | None = None
    for offset, kind, value in _tokens(text):
        if kind == "variable_begin":
            call = [(offset, kind, value)]
        elif call is not None and kind != "whitespace":
            call.append((offset, kind, value))
            if kind == "variable_end":
                yield call
                call = None
        elif kind not in ("data", "whitespace"):
            yield [(offset, kind, value)]


def _is_call(tokens: list[Token]) -> bool:
    return tokens[0][1] == "variable_begin" and _call_problem(tokens) is None


def macro_calls(text: str) -> list[tuple[int, int, str, list[str]]]:
    """(line, column, macro name, its string arguments in order) of each call `{{ name(literal, …) }}` in
    `text`, found as the renderer finds them: with Jinja's lexer, so in code blocks too, and a call
    written over several lines or with a parenthesis in an argument. Anything else, which
    template_findings refuses, is passed over; reading stops where the lexer stops."""
    position = _Position(text)
    calls = []
    try:
        for tokens in _constructs(text):
            if _is_call(tokens):
                arguments = [str(ast.literal_eval(value)) for _, kind, value in tokens if kind == "string"]
                calls.append((*position.at(tokens[0][0]), tokens[1][2], arguments))
    except jinja2.TemplateSyntaxError:
        pass
    return calls


def call_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each template construct in `text` as the renderer reads it (a whole
    `{{ … }}` call): what the HTML checks blank out, since a macro's output is the site's, not the page's."""
    spans = []
    try:
        for tokens in _constructs(text):
            end_offset, _, end = tokens[-1]
            spans.append((tokens[0][0], end_offset + len(end)))
    except jinja2.TemplateSyntaxError:
        pass
    return spans


def render_calls(text: str, macros: dict[str, Callable[..., str]]) -> str:
    """`text` with each `{{ name(literal, …) }}` replaced by what the macro returns: how the build and
    the checker render a page that template_findings accepted, without compiling it as a template (no
    Jinja code runs, and rendering costs a lexer pass, not a compilation). Raises for anything else."""
    pieces: list[str] = []
    done = 0
    for tokens in _constructs(text):
        start, kind, _ = tokens[0]
        if not _is_call(tokens):
            raise SecurityError(f"template construct {kind} at offset {start}: not a macro call")
        end_offset, _, end = tokens[-1]
        pieces += [text[done:start], str(_evaluate(tokens, macros))]
        done = end_offset + len(end)
    return "".join(pieces) + text[done:]


def _evaluate(call: list[Token], macros: dict[str, Callable[..., str]]) -> str:
    """The result of a call that _call_problem accepted: name, `(`, literals and name=literal, `)`."""
    _begin, (offset, _, name), _open, *arguments, _close, _end = call
    if name not in macros:
        raise SecurityError(f"«{name}» at offset {offset} is not a macro")
    positional: list[object] = []
    named: dict[str, object] = {}
    index = 0
    while index < len(arguments):
        _, kind, value = arguments[index]
        if kind == "name":  # name=literal
            named[value] = ast.literal_eval(arguments[index + 2][2])
            index += 3
        elif kind in _LITERALS:
            positional.append(ast.literal_eval(value))
            index += 1
        else:  # a comma
            index += 1
    return macros[name](*positional, **named)


def _first_of_page(findings: list[Finding]) -> list[Finding]:
    """One message for a page's template mistakes: the first, saying how many more there are (a
    `{% for %}` loop is one mistake for the editor, not one per tag)."""
    if len(findings) <= 1:
        return findings
    first = findings[0]
    more = f" (trang còn {len(findings) - 1} chỗ khác như vậy)"
    return [Finding(first.path, first.line, first.col, first.code, first.message + more)]


def _line_offset(position: _Position, line: int) -> int:
    return position.starts[min(line, len(position.starts)) - 1]


def _syntax_hint(message: str) -> str:
    if message.startswith("unexpected '}'") or "expected ')'" in message:
        return "thiếu dấu «)» trước «}}»"
    if "end of comment" in message:
        return "«{#» mở một chú thích mẫu không bao giờ đóng"
    if "end of print statement" in message or "unexpected end of template" in message:
        return "thiếu dấu đóng «}}»"
    if "unexpected char" in message:
        return "có ký tự không được phép trong lời gọi"
    return "cú pháp không hợp lệ"


def _call_problem(tokens: list[Token]) -> tuple[int, str] | None:
    """Why `{{ … }}` is not `{{ name(literal, …) }}`, with the offset to point at; None if it is."""
    begin, *inner, end = tokens
    if begin[2] != "{{" or end[2] != "}}":
        return begin[0], "dấu kiểm soát khoảng trắng «{{-», «-}}» không được phép"
    if len(inner) < 3 or inner[0][1] != "name" or inner[1][2] != "(" or inner[-1][2] != ")":
        offset = inner[0][0] if inner else begin[0]
        return offset, "trong «{{ … }}» chỉ được có một lời gọi macro, không có biểu thức, thuộc tính hay bộ lọc"
    arguments = inner[2:-1]
    expect_value = True
    index = 0
    while index < len(arguments):
        offset, kind, value = arguments[index]
        if expect_value:
            if kind == "name" and index + 1 < len(arguments) and arguments[index + 1][2] == "=":
                index += 2  # keyword argument: name=literal
                if index >= len(arguments):
                    return offset, "đối số có tên thiếu giá trị"
                offset, kind, value = arguments[index]
            if kind not in _LITERALS:
                return offset, f"đối số «{value}» không phải chữ trong ngoặc kép hay số"
            expect_value = False
        else:
            if value != ",":
                return offset, f"sau một đối số chỉ được có dấu phẩy, không phải «{value}»"
            expect_value = True
        index += 1
    return None


# The keys a page's front matter may set, and what each may hold. The theme writes these values into
# the page's <head> without escaping them (MkDocs' theme environment has no autoescape), so a value
# may hold no HTML: `description: '"><script>…'` would otherwise become a script the page runs.
FRONT_MATTER_KEYS = {
    "title": str,
    "description": str,
    "kh_print_plan": bool,
    "search": {"exclude": bool},
    "hide": [str],
    "menu": str,  # the short title of a document's page in the menu (kehoach.collection.document_nav)
}
_HTML_CHARACTERS = re.compile(r"[<>\"&\n]")
_TEMPLATE_MARKS = re.compile(r"\{[{%#]")


def front_matter_findings(path: str, text: str, meta: object) -> list[Finding]:
    """KH509 for a front matter key that is not in FRONT_MATTER_KEYS, a value of another shape, or a
    text value holding characters of HTML. `text` is the front matter between its --- lines (line 2
    of the page on), `meta` its parsed value (data only already)."""
    where = "phần đầu trang (giữa hai dòng ---)"
    if not isinstance(meta, dict):
        return [Finding(path, 2, 1, "KH509", f"{where} phải là các dòng «khoá: giá trị»")]
    lines = text.split("\n")
    findings = []
    for key, value in meta.items():
        line = 2 + next((index for index, row in enumerate(lines) if row.startswith(f"{key}:")), 0)
        if key not in FRONT_MATTER_KEYS:
            allowed = ", ".join(FRONT_MATTER_KEYS)
            findings.append(
                Finding(path, line, 1, "KH509", f"{where}: khoá «{key}» không được dùng; chỉ dùng {allowed}")
            )
            continue
        problem = _shape_problem(value, FRONT_MATTER_KEYS[key])
        if problem:
            findings.append(Finding(path, line, 1, "KH509", f"{where}: «{key}» {problem}"))
    return findings


def _shape_problem(value: object, shape: object) -> str | None:
    if isinstance(shape, dict):
        if not isinstance(value, dict) or set(value) - set(shape):
            return f"chỉ được có {', '.join(shape)}"
        return next((problem for key, item in value.items() if (problem := _shape_problem(item, shape[key]))), None)
    if isinstance(shape, list):
        if not isinstance(value, list):
            return "phải là một danh sách"
        return next((problem for item in value if (problem := _shape_problem(item, shape[0]))), None)
    if not isinstance(value, cast(type, shape)) or (shape is bool) != isinstance(value, bool):
        return "sai kiểu giá trị" if shape is not str else "phải là một dòng chữ"
    if isinstance(value, str) and _HTML_CHARACTERS.search(value):
        return 'không được chứa ký tự HTML (< > " &) hay xuống dòng'
    if isinstance(value, str) and _TEMPLATE_MARKS.search(value):
        # nothing renders the front matter: a macro call there would reach the site as typed
        return "không được chứa lời gọi macro hay cú pháp mẫu ({{ }}, {% %}, {# #}): phần đầu trang không được dựng"
    return None


# (the page's Markdown, its rendering) -> the rendering, made now or remembered from a build before
Remember = Callable[[str, Callable[[], str]], str]


class _PageCalls:
    """A page as the environment below gives it to its renderer: rendering replaces its macro calls
    (render_calls); whatever variables a renderer passes (mkdocs-macros passes the configuration, the
    page, the navigation) are not used. With a `failures` list, a failure is written there and the
    page is returned as written: the caller stops the build with it (mkdocs-macros would answer any
    error with a Python traceback and an exit that skips the build's clean-up)."""

    def __init__(
        self,
        source: str,
        macros: dict[str, Callable[..., str]],
        failures: list[str] | None,
        remember: Remember | None = None,
    ) -> None:
        self.source = source
        self.macros = macros
        self.failures = failures
        self.remember = remember

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            if self.remember is not None:
                return self.remember(self.source, functools.partial(render_calls, self.source, self.macros))
            return render_calls(self.source, self.macros)
        except Exception as error:
            if self.failures is None:
                raise
            self.failures.append(str(error) or type(error).__name__)
            return self.source


class PageSandbox(SandboxedEnvironment):
    """The environment mkdocs-macros renders pages with. A page never becomes a Jinja template:
    `from_string` gives it to render_calls. Should anything compile one all the same, it gets Jinja's
    sandbox, narrowed: an empty loader (include, import and extends find nothing), no attribute at
    all, no global but the macros, and only the macros can be called."""

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:  # noqa: A002 - Jinja's name
        return _PageCalls(str(source), self.macros, self.failures, self.remember)

    def __init__(
        self,
        macros: dict[str, Callable[..., str]],
        failures: list[str] | None = None,
        remember: Remember | None = None,
        **options: Any,
    ) -> None:
        super().__init__(loader=jinja2.DictLoader({}), undefined=jinja2.StrictUndefined, autoescape=False, **options)
        self.macros = dict(macros)
        self.failures = failures
        self.remember = remember
        self.globals.clear()
        self.globals.update(self.macros)
        self.filters.clear()
        self.tests.clear()

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        return any(obj is function for function in self.macros.values())
