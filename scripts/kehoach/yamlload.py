"""Read a YAML data file into plain Python values, keeping the line of every value.

PyYAML alone keeps the last of two equal keys and turns `2024-02-30` into a crash; editors need
both reported at their line instead. So the file is composed into nodes and built here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import repofiles
from .codes import rule
from .findings import Finding, grouped
from .yamlerrors import explain as explain_yaml_error

TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings: the model checks that a date exists."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != TIMESTAMP_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# libyaml parses a large registry some thirty times faster; on an error the pure-Python parser runs
# again, so that messages (translated below) are the same whichever parser is installed.
_FastLoader: type[yaml.CSafeLoader] | None = None
if getattr(yaml, "__with_libyaml__", False):

    class _LibyamlLoader(yaml.CSafeLoader):
        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

    _FastLoader = _LibyamlLoader

Path_ = tuple[Any, ...]  # a path into the data, e.g. (3, "issuer")


@dataclass
class YamlFile:
    """A parsed file: its value, the (line, col) of every path in it, and what went wrong."""

    path: str
    value: Any = None
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def where(self, at: Path_) -> tuple[int, int]:
        """The position of `at`, or of its nearest parent that has one."""
        at = tuple(at)
        while at not in self.positions and at:
            at = at[:-1]
        return self.positions.get(at, (1, 1))

    def error(self, at: Path_, code: str, message: str) -> Finding:
        """Record a finding of rule `code` at the position of `at` (its severity from the registry)."""
        line, col = self.where(at)
        finding = rule(code).at(self.path, line, col, message)
        self.findings.append(finding)
        return finding


# Bounds that no real data file comes near (the largest is a few KB): a hostile file is judged fast.
MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 24
MAX_STRING = 5_000  # the longest paragraph of the plan, which an amendment may quote, is 1,821


def data_only_findings(text: str, display_path: str) -> list[Finding]:
    """YAML as data only, judged on the parser's events before anything is built: anchors, aliases
    (an alias "bomb" expands to billions of values), merge keys, tags (`!!python/…`, any `!tag`) and
    %TAG directives are refused; nesting depth and string length are bounded. The first problem
    stops the reading: one message, at its line and column. Syntax errors are left to the loader."""

    def refuse(mark: yaml.Mark | yaml._yaml.Mark | None, code: str, message: str) -> list[Finding]:
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return [Finding(display_path, line, col, code, message)]

    depth = 0
    parser = (yaml.CSafeLoader if _FastLoader is not None else yaml.SafeLoader)(text)
    try:
        while (event := parser.get_event()) is not None:
            mark = event.start_mark
            if isinstance(event, yaml.DocumentStartEvent) and event.tags:
                return refuse(mark, "KH109", "chỉ thị %TAG không được phép; dữ liệu chỉ là chữ, số và danh sách")
            if isinstance(event, yaml.AliasEvent):
                return refuse(
                    mark,
                    "KH109",
                    f"bí danh «*{event.anchor}» không được phép; chép lại giá trị thay vì dùng neo (&) và bí danh (*)",
                )
            if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
                return refuse(
                    mark,
                    "KH109",
                    f"neo «&{event.anchor}» không được phép; xoá «&{event.anchor}» và chép lại "
                    "giá trị ở mỗi chỗ cần dùng",
                )
            tag = getattr(event, "tag", None)  # None unless the file writes one
            if tag is not None:
                return refuse(
                    mark,
                    "KH109",
                    f"thẻ kiểu «{_short(tag, 40)}» không được phép; bỏ thẻ (phần bắt đầu bằng «!»), chỉ ghi giá trị",
                )
            if isinstance(event, yaml.ScalarEvent):
                if event.value == "<<" and event.style is None:
                    return refuse(mark, "KH109", "khoá gộp «<<» không được phép; ghi đủ từng khoá của mục")
                if len(event.value) > MAX_STRING:
                    return refuse(
                        mark,
                        "KH110",
                        f"giá trị dài {grouped(len(event.value))} ký tự, quá giới hạn "
                        f"{grouped(MAX_STRING)} ký tự của một giá trị",
                    )
            elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return refuse(mark, "KH110", f"dữ liệu lồng nhau quá {MAX_DEPTH} tầng; mỗi mục chỉ cần vài tầng")
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        if "nesting depth" in str(error.problem):  # libyaml's own bound (1,000 levels), met while looking ahead
            return refuse(
                error.problem_mark, "KH110", f"dữ liệu lồng nhau quá {MAX_DEPTH} tầng; mỗi mục chỉ cần vài tầng"
            )
        return []  # a syntax error: reported by the loader, in Vietnamese
    except yaml.YAMLError:
        return []
    finally:
        parser.dispose()
    return []


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def load_yaml(path: Path, display_path: str, one_entry: bool = False) -> YamlFile:
    """The file at `path`, shown as `display_path` in findings. `one_entry`: the file is one mapping (an
    entry of a registry kept one entry per file), which shapes the explanation of a syntax error."""
    result = YamlFile(display_path)
    try:
        if os.path.lexists(path) and not repofiles.is_plain_file(path):
            result.findings.append(repofiles.refused(path, display_path))
            return result
        if path.stat().st_size > MAX_FILE_BYTES:
            result.error(
                (),
                "KH110",
                f"tệp nặng {grouped(path.stat().st_size // 1024)} KB, quá giới hạn "
                f"{MAX_FILE_BYTES // 1024} KB của một tệp dữ liệu",
            )
            return result
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        result.error((), "KH100", "không tìm thấy tệp dữ liệu; cần có tệp này trong thư mục data/")
        return result
    except UnicodeDecodeError as exc:
        result.error(
            (),
            "KH100",
            f"tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {exc.start}); hãy lưu lại tệp với mã hoá UTF-8",
        )
        return result
    except OSError as exc:
        result.error((), "KH100", f"không đọc được tệp: {exc.strerror}")
        return result

    refused = data_only_findings(text, display_path)
    if refused:
        result.findings.extend(refused)
        return result
    fast = _load_fast(text, display_path)
    if fast is not None:
        return fast
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        result.findings.append(
            rule("KH101").at(
                display_path,
                line,
                col,
                f"lỗi cú pháp YAML: ký tự điều khiển U+{exc.character:04X} không được phép; xoá ký tự này",
            )
        )
        return result
    try:
        node = loader.get_single_node()
        if node is not None:
            result.value = _build(loader, node, (), result)
    except yaml.MarkedYAMLError as exc:
        line, col, problem = explain_yaml_error(text, exc, one_entry)
        result.findings.append(rule("KH101").at(display_path, line, col, f"lỗi cú pháp YAML: {problem}"))
        result.value = None
    except yaml.YAMLError:
        # an error without a position (PyYAML gives one for every syntax error; this is the rest)
        result.findings.append(
            rule("KH101").at(
                display_path,
                1,
                1,
                "lỗi cú pháp YAML: tệp không đọc được thành "
                "danh sách các mục; so với các tệp mẫu trong CONTRIBUTING.md",
            )
        )
        result.value = None
    except RecursionError:
        result.findings.append(rule("KH101").at(display_path, 1, 1, "lỗi cú pháp YAML: cấu trúc lồng nhau quá sâu"))
        result.value = None
    finally:
        loader.dispose()
    return result


def _load_fast(text: str, display_path: str) -> YamlFile | None:
    """The file parsed with libyaml, or None if libyaml is missing or the file has a YAML error."""
    if _FastLoader is None:
        return None
    result = YamlFile(display_path)
    try:
        loader = _FastLoader(text)
    except yaml.YAMLError:
        return None
    try:
        node = loader.get_single_node()
        if node is not None:
            result.value = _build(loader, node, (), result)
        return result
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()


def _build(loader: _Loader | yaml.CSafeLoader, node: yaml.Node, at: Path_, result: YamlFile) -> Any:
    result.positions[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                line = key_node.start_mark.line + 1
                result.findings.append(
                    rule("KH101").at(
                        result.path,
                        line,
                        key_node.start_mark.column + 1,
                        "lỗi cú pháp YAML: tên khoá phải là chữ, không phải danh sách hay bảng",
                    )
                )
                continue
            if key in mapping:
                first_line = result.positions[at + (key,)][0]
                result.findings.append(
                    rule("KH102").at(
                        result.path,
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                        f"khoá «{key}» bị lặp lại (đã có ở dòng {first_line}); mỗi khoá chỉ được ghi một lần",
                    )
                )
                continue
            result.positions[at + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mapping[key] = _build(loader, value_node, at + (key,), result)
            # a value's own position is where its key is: that is the line an editor changes
            result.positions[at + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, child, at + (index,), result) for index, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
