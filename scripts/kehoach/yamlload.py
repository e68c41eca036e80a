"""Read a YAML data file into plain Python values, keeping the line of every value.

PyYAML alone keeps the last of two equal keys and turns `2024-02-30` into a crash; editors need
both reported at their line instead. So the file is composed into nodes and built here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .codes import rule
from .findings import Finding

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


def load_yaml(path: Path, display_path: str) -> YamlFile:
    result = YamlFile(display_path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        result.error((), "KH100", "không tìm thấy tệp dữ liệu; cần có tệp này trong thư mục data/")
        return result
    except UnicodeDecodeError as exc:
        result.error((), "KH100", f"tệp không phải văn bản UTF-8 (byte lỗi ở vị trí {exc.start}); hãy lưu lại tệp với mã hoá UTF-8")
        return result
    except OSError as exc:
        result.error((), "KH100", f"không đọc được tệp: {exc.strerror}")
        return result

    fast = _load_fast(text, display_path)
    if fast is not None:
        return fast
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        col = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        result.findings.append(rule("KH101").at(display_path, line, col,
                                                f"lỗi cú pháp YAML: ký tự điều khiển U+{exc.character:04X} không được phép; "
                                       "xoá ký tự này"))
        return result
    try:
        node = loader.get_single_node()
        if node is not None:
            result.value = _build(loader, node, (), result)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = _translate_yaml_problem(exc.problem or exc.context or "lỗi cú pháp")
        result.findings.append(rule("KH101").at(display_path, line, col, f"lỗi cú pháp YAML: {problem}"))
        result.value = None
    except yaml.YAMLError as exc:
        result.findings.append(rule("KH101").at(display_path, 1, 1, f"lỗi cú pháp YAML: {exc}"))
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


_PROBLEMS = {
    "found character '\\t' that cannot start any token": "có ký tự tab; YAML chỉ dùng dấu cách để thụt lề",
    "mapping values are not allowed here": "dấu hai chấm không đúng chỗ (giá trị có dấu hai chấm cần đặt trong ngoặc kép)",
    "could not find expected ':'": "thiếu dấu hai chấm sau tên khoá",
    "expected <block end>, but found '-'": "dấu gạch đầu dòng thụt lề không khớp với các dòng trên",
    "found unexpected end of stream": "tệp kết thúc giữa chừng (thiếu dấu đóng ngoặc hoặc ngoặc kép)",
}


def _translate_yaml_problem(problem: str) -> str:
    for english, vietnamese in _PROBLEMS.items():
        if problem.startswith(english):
            return vietnamese
    return f"cú pháp không hợp lệ ({problem})"


def _build(loader: _Loader | yaml.CSafeLoader, node: yaml.Node, at: Path_, result: YamlFile) -> Any:
    result.positions[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                line = key_node.start_mark.line + 1
                result.findings.append(rule("KH101").at(result.path, line, key_node.start_mark.column + 1,
                                                        "lỗi cú pháp YAML: tên khoá phải là chữ, không phải danh sách hay bảng"))
                continue
            if key in mapping:
                first_line = result.positions[at + (key,)][0]
                result.findings.append(rule("KH102").at(
                    result.path, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                    f"khoá «{key}» bị lặp lại (đã có ở dòng {first_line}); mỗi khoá chỉ được ghi một lần"))
                continue
            result.positions[at + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mapping[key] = _build(loader, value_node, at + (key,), result)
            # a value's own position is where its key is: that is the line an editor changes
            result.positions[at + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, child, at + (index,), result) for index, child in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
