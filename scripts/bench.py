#!/usr/bin/env python3
"""Benchmark (`make bench`): prints figures, asserts nothing. Not part of `make test`.

1. The checker (kehoach.checks.check_project, data loading included) on the real site.
2. The checker on a synthetic registry of 1,000 documents and 100 pages carrying 10,000 references,
   and on one ten times smaller: the ratio of the two times shows linear growth (about 10x).
3. `make import` of a document of plan 32's size (its text under another number) into a copy of the
   site: reading, writing the pages and registry entries, and the checker run on the result.
4. `mkdocs build` of the real site against the same pages built with plain Material (our plugin and
   mkdocs-macros off, macros rendered out beforehand), and the same for a synthetic site fifty times
   larger: builds alternate (ours, plain, ours, plain…) and the figure is the median of the pairs' ratios,
   so a change of load on the shared machine hits both sides of a pair alike.

`python scripts/bench.py --only collection-build` runs only the 40-document build comparison (issue 19),
once with the cache folder kept between builds (warm: what a second build on the same machine costs) and
once with an empty one for each of our builds (cold: CI's fresh clone); BENCH_PAIRS sets the pairs (3).

Targets: checker < 0.5 s real, < 2 s large synthetic (issue 3); import < 2 s, checker included (issue 20);
build ratio <= 1.5x real (issue 11), <= 1.3x large.
"""

from __future__ import annotations

import hashlib
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kehoach import model
from kehoach.checks import check_project
from kehoach.pages import PART_ID, parse_page
from kehoach.projectcopy import copy_project

ROOT = Path(__file__).resolve().parents[1]
# Both sides read compiled Python from one cache outside the sources (as `make` runs them): the first
# (warm-up) build of each side fills it.
ENV = {
    **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONPYCACHEPREFIX": str(Path.home() / ".cache" / "kehoach" / "pycache"),
}
PAIRS = 7

CAPTURE_HOOK = '''"""Benchmark only: write each page's Markdown after every plugin and hook has changed it."""
import os
from pathlib import Path
from mkdocs.plugins import event_priority


@event_priority(-10000)
def on_page_markdown(markdown, page, config, files):
    out = Path(os.environ["KEHOACH_CAPTURE_DIR"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown, encoding="utf-8")
    return markdown
'''


# --- the checker ---------------------------------------------------------------------------------


def time_checker(root: Path, runs: int = 5) -> tuple[float, int, int]:
    """Best CPU time of `runs` fresh checks (model cache emptied each time), and the findings counts."""
    times = []
    findings = []
    for _ in range(runs):
        model._cache.clear()
        start = time.process_time()
        findings = check_project(model.load_project(root))
        times.append(time.process_time() - start)
    errors = sum(1 for f in findings if f.severity == "error")
    return min(times), errors, len(findings) - errors


KINDS = [
    ("Nghị quyết", "NQ", "ban-chap-hanh-trung-uong", "Ban Chấp hành Trung ương Đảng"),
    ("Kế hoạch", "KH", "ban-thuong-vu-tinh-uy", "Ban Thường vụ Tỉnh uỷ"),
    ("Kết luận", "KL", "ban-chap-hanh-trung-uong", "Ban Chấp hành Trung ương Đảng"),
]


def synthetic_registry(destination: Path, documents: int, pages: int, references: int) -> Path:
    """The real data and official text, plus `documents` generated documents and `pages` pages that
    carry `references` mentions of them (half typed with a date and issuer, half through macros)."""
    shutil.copytree(ROOT / "data", destination / "data")
    (destination / "docs").mkdir()
    for i in range(documents):
        kind, code, issuer, _ = KINDS[i % 3]
        day = 1 + i % 28
        (destination / "data" / "documents" / f"syn-{i}.yml").write_text(
            f"number: {1000 + i}-{code}/{'TU' if code == 'KH' else 'TW'}\n"
            f"kind: {kind}\ndate: 2024-01-{day:02d}\nissuer: {issuer}\ntitle: null\n"
            f"implements: [nq-43-tw]\n",
            encoding="utf-8",
        )
    per_page = references // pages
    for p in range(pages):
        lines = [f"# Trang tổng hợp {p + 1}", ""]
        for r in range(0, per_page, 2):
            i = (p * per_page + r) % documents
            j = (i + 1) % documents
            kind, code, _, issuer_name = KINDS[j % 3]
            lines.append(
                f'Thực hiện {KINDS[i % 3][0]} số {{{{ doc_number("syn-{i}") }}}}, ngày '
                f'{{{{ doc_date("syn-{i}") }}}} và {kind} số {1000 + j}-{code}/{"TU" if code == "KH" else "TW"}, '
                f"ngày {1 + j % 28:02d}/01/2024 của {issuer_name}, các chi bộ tổ chức quán triệt."
            )
            lines.append("")
        (destination / "docs" / f"tong-hop-{p + 1:03d}.md").write_text("\n".join(lines), encoding="utf-8")
    return destination


# --- the import ----------------------------------------------------------------------------------


def time_import(work: Path, runs: int = 3) -> tuple[float, int]:
    """Best wall time of `kehoach-import` (in process, as `make import` runs it after Python starts) of plan
    32's text under another number, each run into a fresh copy of the site; and the number of pages written."""
    import io

    from kehoach.importing import cli

    source = work / "ke-hoach-99.txt"
    text = (ROOT / "data" / "ke-hoach-32-KH-DU.txt").read_text(encoding="utf-8")
    source.write_text(text.replace("Số   32  - KH/ĐU", "Số   99  - KH/ĐU", 1), encoding="utf-8")
    times = []
    pages = 0
    for run in range(runs):
        project = copy_project(work / f"import-{run}")
        (project / ".github").mkdir(exist_ok=True)
        shutil.copy2(ROOT / ".github" / "CODEOWNERS", project / ".github" / "CODEOWNERS")
        model._cache.clear()
        out, err = io.StringIO(), io.StringIO()
        start = time.perf_counter()
        code = cli.main([str(source), "--root", str(project)], stdout=out, stderr=err)
        times.append(time.perf_counter() - start)
        if code:
            sys.exit(f"bench: nhập văn bản thất bại:\n{err.getvalue()}")
        pages = len(list((project / "docs" / "ke-hoach-99").glob("*.md")))
    return min(times), pages


# --- the build -----------------------------------------------------------------------------------


def top_level_blocks(config: str) -> list[tuple[str | None, str]]:
    """mkdocs.yml cut into (key, text) blocks at each top-level key; comments go with the next key."""
    blocks: list[tuple[str | None, str]] = []
    pending = ""
    for line in config.splitlines(keepends=True):
        match = re.match(r"^([A-Za-z_]\w*):", line)
        if match:
            blocks.append((match.group(1), pending + line))
            pending = ""
        elif blocks and (line.startswith((" ", "\t")) or not line.strip()) and not pending:
            key, text = blocks[-1]
            blocks[-1] = (key, text + line)
        else:
            pending += line
    if pending:
        blocks.append((None, pending))
    return blocks


def edit_config(config: str, drop: set[str], replace: dict[str, str]) -> str:
    out = []
    for key, text in top_level_blocks(config):
        if key in drop:
            continue
        out.append(replace.get(key, text) if key in replace else text)
    return "".join(out)


def make_large(project: Path, factor: int) -> None:
    """Add `factor` copies of every page, without their citation ids (each id is used once).

    Pages that would still publish the plan (the opening, the whole-plan print page) are not copied:
    the text lock rightly refuses a plan published twice."""
    docs = project / "docs"
    originals = []
    for page in sorted(docs.rglob("*.md")):
        text = PART_ID.sub("", page.read_text(encoding="utf-8"))
        if not parse_page(page.name, text).plan_part_ids() and "kh_print_plan" not in text:
            originals.append((page.relative_to(docs).as_posix().replace("/", "-"), text))
    for n in range(1, factor):
        for name, text in originals:
            (docs / f"ban-sao-{n:02d}-{name}").write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    # no nav: MkDocs lists every page itself, for our build and the plain one alike
    config.write_text(edit_config(config.read_text(encoding="utf-8"), {"nav"}, {}), encoding="utf-8")


def make_collection(project: Path, documents: int) -> Path:
    """`project` with `documents` published documents in all: plan 32 and copies of it, each a document of
    its own as CONTRIBUTING (mục 11) adds one: its text (the number changed), pin, registry entry, pages.
    Made up for the benchmark, in a temporary folder; never published."""
    source = (project / "data" / "ke-hoach-32-KH-DU.txt").read_text(encoding="utf-8")
    entry = (project / "data" / "documents" / "ke-hoach-32.yml").read_text(encoding="utf-8")
    for i in range(1, documents):
        number, doc_id, text = 100 + i, f"ban-sao-{i:02d}", f"ban-sao-{i:02d}-KH-DU"
        official = re.sub(r"Số\s+32\s*-\s*KH/ĐU", f"Số {number}-KH/ĐU", source, count=1)
        (project / "data" / f"{text}.txt").write_text(official, encoding="utf-8")
        digest = hashlib.sha256(official.encode("utf-8")).hexdigest()
        (project / "data" / f"{text}.sha256").write_text(f"{digest}  data/{text}.txt\n", encoding="utf-8")
        (project / "data" / "documents" / f"{doc_id}.yml").write_text(
            entry.replace("number: 32-KH/ĐU", f"number: {number}-KH/ĐU").replace(
                "text: ke-hoach-32-KH-DU", f"text: {text}"
            ),
            encoding="utf-8",
        )
        shutil.copytree(project / "docs" / "ke-hoach-32", project / "docs" / doc_id)
    return project


def time_cli(root: Path, runs: int = 3) -> float:
    """Best wall time of the whole `kehoach-check` command, Python start-up and imports included."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kehoach.cli", "--root", str(root)], env=ENV, capture_output=True)
        times.append(time.perf_counter() - start)
    return min(times)


def plain_twin(project: Path, destination: Path) -> Path:
    """The same pages as `project` builds them, with macros rendered out, for plain Material."""
    captured = destination / "docs"
    shutil.copytree(project / "docs", captured, ignore=shutil.ignore_patterns("*.md"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "capture_hook.py").write_text(CAPTURE_HOOK, encoding="utf-8")
    capturing = config + "\nhooks:\n  - capture_hook.py\n"
    (project / "mkdocs-capture.yml").write_text(capturing, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(project / "mkdocs-capture.yml"),
            "-d",
            str(destination / "capture-site"),
        ],
        env={**ENV, "KEHOACH_CAPTURE_DIR": str(captured)},
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"bench: không dựng được trang để chép Markdown:\n{result.stderr}")
    # no nav: our plugin adds each document's menu from the registry; plain Material lists the pages itself
    plain = edit_config(config, {"hooks", "watch", "nav"}, {"plugins": "plugins:\n  - search:\n      lang: vi\n"})
    plain = re.sub(r"^  custom_dir: .*\n", "", plain, flags=re.M)
    # our own wording lives in overrides/ (language: custom); plain Material speaks its own Vietnamese
    plain = re.sub(r"^  language: custom\b", "  language: vi", plain, flags=re.M)
    (destination / "mkdocs.yml").write_text(plain, encoding="utf-8")
    return destination


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_build(project: Path, cold: bool = False) -> float:
    """CPU time (user + system) of one strict build, Python start-up included. CPU time, not wall time:
    the machine is shared, and wall time measured there varies by a factor of three between two
    identical runs. `cold`: with an empty cache folder (verdicts.cache_dir, as on CI's fresh clone), so
    every validation runs and every Word copy is made; compiled Python stays (PYTHONPYCACHEPREFIX)."""
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-")) if cold else None
    env = {**ENV, "XDG_CACHE_HOME": str(cache)} if cache else ENV
    start = _children_cpu()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = _children_cpu() - start
    shutil.rmtree(site, ignore_errors=True)
    if cache:
        shutil.rmtree(cache, ignore_errors=True)
    if result.returncode:
        sys.exit(f"bench: dựng {project} thất bại:\n{result.stderr}")
    return elapsed


def compare_builds(label: str, project: Path, work: Path, pairs: int, cold: bool = False) -> float:
    """The median ratio of `pairs` alternating builds (ours, then plain Material), after one warm-up
    build of each (file caches, the verdict cache). `cold`: each of our builds starts from an empty
    cache folder (time_build), as CI's first build does."""
    plain = plain_twin(project, work / f"plain-{label}")
    pages = len(list((project / "docs").rglob("*.md")))
    time_build(project), time_build(plain)
    ours_times, plain_times = [], []
    for _ in range(pairs):
        ours_times.append(time_build(project, cold=cold))
        plain_times.append(time_build(plain))
    ratio = statistics.median(o / p for o, p in zip(ours_times, plain_times, strict=True))
    print(
        f"  {label:<28} {pages:>4} trang   của ta {statistics.median(ours_times):6.2f} s   "
        f"Material thuần {statistics.median(plain_times):6.2f} s   tỉ lệ (trung vị {pairs} cặp) {ratio:4.2f}x "
        f"[{min(o / p for o, p in zip(ours_times, plain_times, strict=True)):.2f}–{max(o / p for o, p in zip(ours_times, plain_times, strict=True)):.2f}]"
    )
    return ratio


def collection_build(pairs: int) -> int:
    """`--only collection-build`: the 40-document build comparison alone (issue 19), warm cache then cold."""
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        work = Path(tmp)
        forty = make_collection(copy_project(work / "van-ban-40"), 40)
        print("mkdocs build (thời gian CPU), 40 văn bản, trang của ta so với cùng các trang dựng bằng Material thuần:")
        compare_builds("40 văn bản, bộ nhớ đệm ấm", forty, work, pairs)
        compare_builds("40 văn bản, bộ nhớ đệm trống", forty, work, pairs, cold=True)
        print("  mục tiêu: <= 1.3x (bộ nhớ đệm ấm: bản dựng thứ hai trở đi; trống: bản dựng đầu tiên, như trên CI)")
    return 0


ONLY = {"collection-build": collection_build}


def main() -> int:
    if "--only" in sys.argv:
        index = sys.argv.index("--only") + 1
        name = sys.argv[index] if index < len(sys.argv) else ""
        if name not in ONLY:
            sys.exit(f"bench: --only cần một trong: {', '.join(sorted(ONLY))}")
        pairs = int(os.environ.get("BENCH_PAIRS", "3"))
        return ONLY[name](pairs)
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        work = Path(tmp)
        print("Trình kiểm tra (đọc dữ liệu + mọi quy tắc; thời gian CPU, lần nhanh nhất):")
        real, errors, warnings = time_checker(ROOT)
        print(f"  trang thật                   {real:6.3f} s   ({errors} lỗi, {warnings} cảnh báo)   mục tiêu < 0.5 s")
        print(f"  cả lệnh kehoach-check trên trang thật (khởi động Python, thời gian thực) {time_cli(ROOT):5.2f} s")
        small_root = synthetic_registry(work / "syn-small", 100, 10, 1_000)
        large_root = synthetic_registry(work / "syn-large", 1_000, 100, 10_000)
        small, s_err, s_warn = time_checker(small_root, 5)
        large, l_err, l_warn = time_checker(large_root, 5)
        print(f"  100 văn bản, 10 trang, 1.000 trích dẫn      {small:6.3f} s   ({s_err} lỗi, {s_warn} cảnh báo)")
        print(
            f"  1.000 văn bản, 100 trang, 10.000 trích dẫn  {large:6.3f} s   ({l_err} lỗi, {l_warn} cảnh báo)"
            "   mục tiêu < 2 s"
        )
        print(
            f"  tỉ lệ lớn/nhỏ {large / small:5.1f} (dữ liệu gấp 10: tuyến tính ≈ 10, bình phương ≈ 100); "
            "cảnh báo: các văn bản thật mà trang tổng hợp không trích dẫn"
        )

        ten = make_collection(copy_project(work / "van-ban-10"), 10)
        forty = make_collection(copy_project(work / "van-ban-40"), 40)
        ten_time, ten_err, _ = time_checker(ten, 3)
        forty_time, forty_err, _ = time_checker(forty, 3)
        print(f"  10 văn bản được đăng (cỡ Kế hoạch 32)         {ten_time:6.3f} s   ({ten_err} lỗi)")
        print(
            f"  40 văn bản được đăng                           {forty_time:6.3f} s   ({forty_err} lỗi)   "
            f"tỉ lệ {forty_time / ten_time:4.1f} (gấp 4 văn bản: tuyến tính ≈ 4)"
        )

        took, pages = time_import(work)
        print(
            "Nhập văn bản (make import), cỡ Kế hoạch 32, đọc + ghi + chạy trình kiểm tra; thời gian thực, lần nhanh nhất:"
        )
        print(f"  tệp .txt, {pages} trang   {took:6.3f} s   mục tiêu < 2 s")

        print(
            "mkdocs build (thời gian CPU, lần nhanh nhất), trang của ta so với cùng các trang dựng bằng Material thuần:"
        )
        real_project = copy_project(work / "real")
        compare_builds("trang thật", real_project, work, PAIRS)
        if "--real-only" not in sys.argv:
            compare_builds("40 văn bản", forty, work, 3)
            large_project = copy_project(work / "large")
            make_large(large_project, 50)
            compare_builds("trang lớn gấp 50 (số trang)", large_project, work, 3)
        print(
            "  mục tiêu: trang thật <= 1.5x, 40 văn bản và trang lớn <= 1.3x. Với 500 trang, Material vẽ cả mục lục 500 mục"
        )
        print("  trên mỗi trang: chi phí bình phương, như nhau ở hai bên.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
