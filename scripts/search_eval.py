"""How well the site's search ranks: mean reciprocal rank (MRR) of the first right section.

Drives the real search box of a built site in Chromium (Playwright, Debian's /usr/bin/chromium):
for each query, the rank of the first result that is a right section, 1/rank averaged over the
queries (0 when no right section is listed). A right section is one whose text holds the query's
syllables side by side, in order (compared folded: `cuu chien binh` is right for "Cựu chiến binh").
Each query is typed twice, without and with diacritics (the accented form is read from the plan).

    python scripts/search_eval.py            # builds the site with and without kehoach.search
    python scripts/search_eval.py --site DIR # measures an already built site only

Printed figures, not a test: the budget script runs it too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kehoach.browser import chromium
from kehoach.gzipserve import SiteServer
from kehoach.search_quality import QUERIES, Query, SearchBox, load_queries, ranked, reciprocal_rank

ROOT = Path(__file__).resolve().parents[1]


def measure(site: Path, queries: list[Query], out=sys.stdout, label: str = "") -> dict[str, float]:
    """MRR of the first right section, without and with diacritics, on a built site."""
    figures: dict[str, list[float]] = {"unaccented": [], "accented": []}
    with SiteServer(site) as server, chromium() as browser:
        base = server.url
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        box = SearchBox(page, base)
        for query in queries:
            ranks = []
            for variant, text in (("unaccented", query.unaccented), ("accented", query.accented)):
                rr, rank = reciprocal_rank(ranked(box.search_groups(text), query.right), query.right)
                figures[variant].append(rr)
                ranks.append("-" if rank is None else str(rank))
            print(
                f"  {label}{query.accented:28} hạng {ranks[0]:>2} (không dấu) {ranks[1]:>2} (có dấu)"
                f"  [{len(query.right)} mục đúng]",
                file=out,
            )
    return {variant: sum(values) / len(values) for variant, values in figures.items()}


def build(project: Path, site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode:
        sys.exit(f"Dựng trang thất bại:\n{result.stderr}")


def baseline_project(destination: Path) -> Path:
    """A copy of the project with Material's search as it comes: no index rewriting, no query script."""
    destination.mkdir(parents=True)
    for name in ("mkdocs.yml", "docs", "data", "scripts", "overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    config = destination / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - kehoach\n", "  - kehoach:\n      vietnamese_search: false\n"),
        encoding="utf-8",
    )
    main = destination / "overrides" / "main.html"
    main.write_text(
        re.sub(r'{% include "partials/kehoach-search.html" %}', "", main.read_text(encoding="utf-8")), encoding="utf-8"
    )
    return destination


def site_queries(site: Path, texts: list[str] = QUERIES) -> list[Query]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return load_queries(index, texts)


def report(name: str, figures: dict[str, float]) -> None:
    print(f"MRR {name}: không dấu {figures['unaccented']:.3f}, có dấu {figures['accented']:.3f}")


def sizes(site: Path) -> str:
    """What search costs every first page view: the index and the query script, gzip."""
    parts = [
        ("search_index.json", site / "search" / "search_index.json"),
        ("kehoach-search.js", site / "assets" / "javascripts" / "kehoach-search.js"),
    ]
    return ", ".join(
        f"{name} {len(gzip.compress(path.read_bytes(), 9)) / 1024:.1f} KB" for name, path in parts if path.exists()
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo thứ hạng kết quả tìm kiếm (MRR) trên trang đã dựng.")
    parser.add_argument("--site", type=Path, help="thư mục trang đã dựng (mặc định: dựng lại)")
    parser.add_argument("--quiet", action="store_true", help="chỉ in các con số MRR")
    args = parser.parse_args(argv)
    out = open(os.devnull, "w") if args.quiet else sys.stdout
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        site = args.site
        if site is None:
            site = temp / "site"
            build(ROOT, site)
        queries = site_queries(site)
        print(f"{len(queries)} truy vấn, mỗi truy vấn gõ không dấu và có dấu", file=out)
        after = measure(site, queries, out)
        if args.site is None:
            before_site = temp / "before-site"
            build(baseline_project(temp / "before"), before_site)
            # the same words; right sections as that site cuts its pages
            before_queries = [
                Query(q.unaccented, q.accented, right.right)
                for q, right in zip(queries, site_queries(before_site, [q.unaccented for q in queries]), strict=True)
            ]
            before = measure(before_site, before_queries, out, label="(Material gốc) ")
            report("Material gốc", before)
        report("trang này", after)
        print(f"Dung lượng gzip: {sizes(site)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
