"""The rule registry (kehoach.codes) is the one list of finding codes: every code any module emits is
in it, every code has a fixture that shows its exact output, and the guide's code table is generated
from it."""

from __future__ import annotations

import re

import pytest

from kehoach import codes
from kehoach.codes import RULES, rule
from kehoach.findings import ERROR, WARNING, Finding
from support.checker import BAD, bad_cases, expected
from support.project import ROOT

CODE_LITERAL = re.compile(r"[\"'](KH\d{3})[\"']")
CASE_NAME = re.compile(r"^(?P<code>KH\d{3})-(?P<rest>[a-z0-9-]+)$")


def emitted_codes() -> dict[str, list[str]]:
    """Every finding code written as a string in the project's Python code, with where."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / "scripts").rglob("*.py")):
        if path == ROOT / "scripts" / "kehoach" / "codes.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for code in CODE_LITERAL.findall(line):
                found.setdefault(code, []).append(f"{path.relative_to(ROOT)}:{number}")
    return found


def test_every_code_emitted_anywhere_is_in_the_registry():
    emitted = emitted_codes()
    assert {code: where for code, where in emitted.items() if code not in RULES} == {}
    # the scan does see the checks: codes from each family of rules
    assert {"KH101", "KH108", "KH201", "KH406", "KH501", "KH604", "KH710", "KH805"} <= set(emitted)


def test_the_registry_is_well_formed():
    assert list(RULES) == sorted(RULES), "rules in code order, as the guide lists them"
    slugs = [r.slug for r in RULES.values()]
    assert len(slugs) == len(set(slugs)), "two rules share a slug"
    for code, r in RULES.items():
        assert re.fullmatch(r"KH\d{3}", code) and r.code == code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.slug), r.slug
        assert r.severity in (ERROR, WARNING)
        assert r.summary.strip() and r.fix.strip() and "|" not in r.summary + r.fix  # one table cell each


def test_a_rule_emits_with_its_code_and_severity():
    assert rule("KH108").at("data/documents/kh-187-tu.yml", 4, 1, "ngày sai") == Finding(
        "data/documents/kh-187-tu.yml", 4, 1, "KH108", "ngày sai", ERROR
    )
    assert rule("KH406").at("data/units.yml", 1, 3, "không dùng").severity == WARNING
    with pytest.raises(KeyError):
        rule("KH999")


def test_every_code_has_a_fixture_named_after_its_slug():
    cases = bad_cases()
    for case in cases:
        match = CASE_NAME.match(case)
        assert match, f"tests/fixtures/checker/bad/{case}: name it <code>-<slug>[-<variant>]"
        code = match["code"]
        assert code in RULES, f"{case}: {code} is not in the registry"
        slug = RULES[code].slug
        assert match["rest"] == slug or match["rest"].startswith(slug + "-"), f"{case}: slug of {code} is «{slug}»"
    assert sorted(set(RULES) - {case[:5] for case in cases}) == []
    for code, r in RULES.items():
        assert (BAD / f"{code}-{r.slug}").is_dir(), f"{code}: no fixture tests/fixtures/checker/bad/{code}-{r.slug}/"


@pytest.mark.parametrize("case", bad_cases())
def test_each_fixture_reports_its_own_code(case):
    lines = expected(case)
    assert any(f": {case[:5]} " in line or f": {case[:5]} (" in line for line in lines), lines
    for line in lines:
        code = re.search(r":\d+:\d+: (KH\d{3})", line)[1]
        assert (" (cảnh báo) " in line) == (RULES[code].severity == WARNING), line


def test_the_guides_code_table_is_generated_from_the_registry():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert codes.with_code_table(guide) == guide, "the code table is stale: run `make code-table`"
    assert codes.code_table() in guide


def test_a_stale_code_table_is_rewritten_and_a_missing_block_is_refused():
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    stale = guide.replace(f"| {rule('KH108').summary} |", "| Ngày sai. |")
    assert stale != guide and codes.with_code_table(stale) == guide
    with pytest.raises(ValueError):
        codes.with_code_table(guide.replace(codes.TABLE_END, ""))
