"""The editors' guide (CONTRIBUTING.md) and the code agree: every macro the build defines, every
finding code the checks report and every key of every data file is documented, and the guide
names nothing that does not exist."""

from __future__ import annotations

import ast
import json
import re
from html import unescape
from types import SimpleNamespace

import jinja2
import pytest
import yaml

from kehoach.codes import RULES
from kehoach.macros import macro_arguments
from kehoach.model import DATA_FILES, REGISTRIES
from kehoach.yamlload import load_yaml
from support.project import ROOT

# What readers of the guide see: HTML comments (notes for whoever merges) do not count.
GUIDE = re.sub(r"<!--.*?-->", "", (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"), flags=re.S)
MACRO_HEADING = re.compile(r"^### `(\w+)\(", re.M)
MACRO_MENTION = re.compile(r"\{\{\s*(\w+)\s*\(|`(\w+)\([^`]*\)`")
MACRO_EXAMPLE = re.compile(r"\{\{\s*(?P<name>\w+)\((?P<args>[^)]*)\)\s*\}\}")
CODE_ROW = re.compile(r"^\| (KH\d{3}) \| (.*?) \| (.*?) \|$", re.M)
CODE_MENTION = re.compile(r"\bKH\d{3}\b")
DATA_HEADING = "### `{file}`"
KEY_ROW = re.compile(r"^\| `([^`]+)` \| (.*?) \| (.*?) \| (.*?) \|$", re.M)


def section(heading: str) -> str:
    """The guide's text from `heading` to the next heading of the same or a higher level (lines
    inside code blocks, such as a YAML comment, are not headings)."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = GUIDE[GUIDE.index(heading) + len(heading) :].split("\n")
    in_code = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith("```"):
            in_code = not in_code
        elif not in_code and re.match(rf"#{{1,{level}}} ", line):
            return "\n".join(lines[:number])
    return "\n".join(lines)


# --- macros ------------------------------------------------------------------------------------


class RecordingEnv:
    """Stands in for mkdocs-macros' env: records what define_env registers."""

    def __init__(self):
        class Tagless(yaml.SafeLoader):
            pass

        Tagless.add_multi_constructor("", lambda loader, suffix, node: None)
        self.conf = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Tagless)
        self.conf.update(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"))
        self.project_dir = str(ROOT)
        # the page being rendered: an ordinary page of the site
        self.page = SimpleNamespace(
            file=SimpleNamespace(src_path="index.md", src_uri="index.md"), meta={}, title="", url=""
        )
        self.variables: dict = {}
        self.macros: dict = {}
        self.filters: dict = {}

    def _register(self, table, function=None, name=None):
        def register(f):
            table[name or f.__name__] = f
            return f

        return register(function) if callable(function) else register

    def render(self, markdown: str, force_rendering: bool = False) -> str:
        """Render Markdown with the macros, as mkdocs-macros does for a page."""
        environment = jinja2.Environment(undefined=jinja2.StrictUndefined)
        return environment.from_string(markdown).render(**self.variables, **self.macros)

    def macro(self, function=None, name=None):
        return self._register(self.macros, function, name)

    def filter(self, function=None, name=None):
        return self._register(self.filters, function, name)


@pytest.fixture(scope="module")
def macros() -> dict:
    from kehoach.mkdocs_plugin import site_macros
    from kehoach.model import load_project
    from kehoach.pages import read_pages

    env = RecordingEnv()
    env.macros.update(site_macros(load_project(ROOT), read_pages(ROOT / "docs"), env))
    assert env.macros, "define_env registered no macro"
    return env.macros


def test_every_macro_is_documented_and_every_documented_macro_exists(macros):
    documented = MACRO_HEADING.findall(GUIDE)
    assert len(documented) == len(set(documented)), "a macro has two sections in the guide"
    assert set(documented) == set(macros)
    mentioned = {a or b for a, b in MACRO_MENTION.findall(GUIDE)}
    assert mentioned <= set(macros), f"the guide names macros that do not exist: {mentioned - set(macros)}"


def test_the_checker_accepts_exactly_the_macros_the_build_defines(macros, project, doc_pages):
    assert set(macro_arguments(project, doc_pages)) == set(macros)


def visible(markdown: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_each_macro_has_a_working_example_and_its_result(macros):
    for name in macros:
        text = section(f"### `{name}(")
        examples = [m for m in MACRO_EXAMPLE.finditer(text) if m["name"] == name]
        assert examples, f"{name}: no example «{{{{ {name}(…) }}}}» in its section"
        assert "Kết quả" in text, f"{name}: no «Kết quả» in its section"
        for example in examples:
            args = ast.literal_eval(f"({example['args']},)") if example["args"].strip() else ()
            output = visible(macros[name](*args))  # the ids in the example exist in data/
            if len(output) < 80:
                assert output in " ".join(text.split()), f"{name}: the guide does not show its result «{output}»"


# --- finding codes -----------------------------------------------------------------------------


def test_every_finding_code_is_documented_and_every_documented_code_exists():
    rows = CODE_ROW.findall(section("## 7. Bảng mã lỗi"))
    documented = [code for code, _, _ in rows]
    assert len(documented) == len(set(documented)), "a code has two rows in the table"
    assert set(documented) == set(RULES)
    for code, meaning, fix in rows:
        assert meaning.strip() and fix.strip(), f"{code}: meaning and usual fix must both be written"
    mentioned = set(CODE_MENTION.findall(GUIDE))
    assert mentioned <= set(RULES), f"the guide names codes that do not exist: {mentioned - set(RULES)}"


# --- data keys ---------------------------------------------------------------------------------

# The schemas of the data files editors edit (data/schema/ may hold others, e.g. for exports).
# The heading of each in the guide: the list file, or the registry's entry file (data/documents/<id>.yml).
SCHEMAS = {
    **{f"data/{name}.yml": ROOT / "data" / "schema" / f"{name}.schema.json" for name in DATA_FILES},
    **{
        f"data/{name}/<id>.yml": ROOT / "data" / "schema" / f"{schema}.schema.json"
        for name, schema in REGISTRIES.items()
    },
}


def resolve(node: dict, root: dict) -> dict:
    """Follow local $refs ("#/$defs/…")."""
    while isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
        target = root
        for part in node["$ref"][2:].split("/"):
            target = target[part]
        node = target
    return node


def key_paths(node: dict, root: dict, prefix: str = "") -> dict[str, bool]:
    """Every key a data file may hold, as a path ("id", "changes[].before"), with whether it is
    required in its object."""
    node = resolve(node, root)
    paths: dict[str, bool] = {}
    if isinstance(node.get("items"), dict):
        paths.update(key_paths(node["items"], root, f"{prefix}[]" if prefix else ""))
    for combinator in ("allOf", "anyOf", "oneOf"):
        for branch in node.get(combinator, []):
            for path, required in key_paths(branch, root, prefix).items():
                paths[path] = paths.get(path, False) or required
    required = set(node.get("required", []))
    for key, child in node.get("properties", {}).items():
        path = f"{prefix}.{key}" if prefix else key
        paths[path] = paths.get(path, False) or key in required
        paths.update(key_paths(child, root, path))
    return paths


@pytest.mark.parametrize("file", SCHEMAS)
def test_every_key_of_every_data_file_is_documented_with_an_example(file):
    schema_file = SCHEMAS[file]
    name = schema_file.name.removesuffix(".schema.json")
    heading = DATA_HEADING.format(file=file)
    assert heading in GUIDE, f"no section «{heading}» in CONTRIBUTING.md"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    expected = key_paths(schema, schema)
    rows = {key: (required, meaning, example) for key, required, meaning, example in KEY_ROW.findall(section(heading))}
    assert set(rows) == set(expected)
    for key, (required, meaning, example) in rows.items():
        # "có", "không", or "có, khi …" for a key required only in one form of its parent
        assert required.split(",")[0].strip() == ("có" if expected[key] else "không"), f"{name}.yml: «{key}» bắt buộc?"
        assert meaning.strip() and example.strip(), f"{name}.yml: «{key}» needs a meaning and an example"


@pytest.mark.parametrize("file", SCHEMAS)
def test_the_example_entries_in_the_guide_are_valid(file, tmp_path):
    import jsonschema

    schema_file = SCHEMAS[file]
    name = schema_file.name.removesuffix(".schema.json")
    blocks = re.findall(r"```yaml\n(.*?)```", section(DATA_HEADING.format(file=file)), re.S)
    assert blocks, f"no example in the section of {file}"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    for number, block in enumerate(blocks):
        path = tmp_path / f"{name}-{number}.yml"
        path.write_text(block, encoding="utf-8")
        parsed = load_yaml(path, path.name)
        assert not parsed.findings, [f.as_text() for f in parsed.findings]
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(parsed.value)]
        assert not errors, errors


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_the_guides_internal_links_lead_to_its_headings():
    anchors = {github_slug(h) for h in re.findall(r"^#{1,6} (.+)$", GUIDE, re.M)}
    links = re.findall(r"\]\(#([^)]+)\)", GUIDE)
    assert links
    assert [link for link in links if link not in anchors] == []
