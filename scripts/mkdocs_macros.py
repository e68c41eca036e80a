"""mkdocs-macros glue: the macros that pages call, each a few lines over kehoach.

Every macro named here is documented for editors in CONTRIBUTING.md (a test keeps the two in step).
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError

from kehoach import printing, views
from kehoach.findings import DataError
from kehoach.model import UnknownId, load_project_or_fail
from kehoach.pages import read_pages


def define_env(env):
    root = Path(env.conf["config_file_path"]).parent
    try:
        project = load_project_or_fail(root)
    except DataError as error:
        raise PluginError("Dữ liệu trong data/ có lỗi, chưa thể dựng trang:\n" + str(error)) from None
    pages = read_pages(Path(env.conf["docs_dir"]))
    # HTML and Markdown fragments live in Jinja templates under overrides/macros, not in Python.
    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(str(root / "overrides" / "macros")),
                                   undefined=jinja2.StrictUndefined, keep_trailing_newline=True)

    def render(template: str, **data) -> str:
        return templates.get_template(template).render(project=project, **data)

    def lookup(getter, wanted):
        try:
            return getter(wanted)
        except UnknownId as error:
            raise PluginError(str(error)) from None

    @env.macro
    def doc_number(doc_id: str) -> str:
        """The number of a cited document, linked to its entry: 43-NQ/TW."""
        doc = lookup(project.document, doc_id)
        if not doc.number:
            raise PluginError(f"văn bản «{doc_id}» không có số hiệu trong data/documents.yml; dùng doc_link")
        return f"[{doc.number}](van-ban-lien-quan.md#{doc.id})"

    @env.macro
    def doc_date(doc_id: str) -> str:
        """The date of issue of a cited document as the plan writes it: 24/11/2023."""
        doc = lookup(project.document, doc_id)
        if not doc.date_text:
            raise PluginError(f"văn bản «{doc_id}» chưa có ngày ban hành (date) trong data/documents.yml")
        return doc.date_text

    @env.macro
    def doc_link(doc_id: str, words: str) -> str:
        """The plan's own words for a document, linked to its entry in the register."""
        doc = lookup(project.document, doc_id)
        return f"[{words}](van-ban-lien-quan.md#{doc.id})"

    @env.macro
    def plan_header() -> str:
        """The opening block of the plan as the official format lays it out, from data."""
        plan = project.plan
        return render("plan_header.html", plan=plan, issuer=lookup(project.unit, plan.issuer),
                      superior=lookup(project.unit, plan.superior), party=project.units["dang-cong-san-viet-nam"])

    @env.macro
    def section_contents(section_id: str) -> str:
        """The list of the items of a section, each linked to the page that holds it."""
        if env.page.file.src_path == printing.PRINT_PAGE:
            return ""  # on the whole-plan page the items follow at once: no list of links to other pages
        section = lookup(project.part, section_id)
        pages_by_id = views.page_of_parts(pages)
        return render("section_contents.md", section=section, pages_by_id=pages_by_id)

    @env.macro
    def documents_register() -> str:
        """The "Văn bản liên quan" page: each document's attributes, the chain, where it is cited."""
        return render("documents_register.md", rows=views.documents_view(project, pages), chain=views.chain(project))

    @env.macro
    def units_register() -> str:
        """The "Đơn vị" page: each unit, its parent, and the items that give it work."""
        return render("units_register.md", rows=views.units_view(project, pages))

    @env.macro
    def deadlines_register() -> str:
        """The "Mốc thời gian" page: the plan's time points and duties, in order."""
        return render("deadlines_register.md", rows=views.deadlines_view(project, pages))

    @env.macro
    def print_plan() -> str:
        """The whole plan on one page for printing: the plan pages' own Markdown, macros rendered."""
        return "\n\n".join(env.render(markdown, force_rendering=True)
                             for markdown in printing.print_markdown(project, pages))

    @env.macro
    def amendments_history() -> str:
        """The "Lịch sử cập nhật" page: the recorded amendments, newest first, or that there is none."""
        return render("amendments_history.md", rows=views.amendments_view(project, pages), plan=project.plan)
