"""The build adapter for MkDocs (and ProperDocs, its fork): the only module of the project that
imports the site generator. Everything it calls is a plain function over files and strings
(checker, macros, text lock, CSP, exports, search, dates, publishing), so supporting another engine is
one more file like this one.

Declared in pyproject.toml as the `kehoach` entry point of `mkdocs.plugins`; mkdocs.yml names it.

Each build gets a fresh `BuildState` in on_config. Handlers follow the build's lifecycle; the priority of
every handler, with its reason, is in PRIORITIES below (MkDocs runs higher numbers first; plugins at the
same priority run in the order mkdocs.yml lists them, and `kehoach` is listed last).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import gc
import json
import logging
import os
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import mkdocs_macros.context
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

from kehoach import (
    amendments,
    assets,
    checks,
    citations,
    collection,
    csp,
    gitdates,
    pagetemplates,
    printing,
    publish,
    redirects,
    repofiles,
    textlock,
    units,
    verdicts,
    views,
)
from kehoach.findings import DataError, Finding, errors_only
from kehoach.model import Project, load_project
from kehoach.pages import Page, parse_page, read_pages, remembered_pages
from kehoach.plantext import OPENING_ID

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page as MkDocsPage
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger("kehoach")
# The engine's own logger: "mkdocs", or "properdocs" when ProperDocs runs this plugin (it aliases mkdocs.*).
ENGINE_LOGGER = BasePlugin.__module__.split(".")[0]

HISTORY_PAGE = "lich-su-cap-nhat.md"
CALENDAR_PAGE = "moc-thoi-gian.md"
SEARCH_INDEX = Path("search") / "search_index.json"

# Every handler's priority and why (MkDocs: higher runs first, default 0).
PRIORITIES = {
    # Before mkdocs-macros (0): our macros are registered before it builds its Jinja environment; and
    # before Material's offline plugin (0): with the iframe-worker polyfill already in place it adds no
    # https://unpkg.com script. The checker runs first of all: a mistake stops the build, in full.
    "config": 100,
    # After Material's search plugin has read the file list; nothing else of ours depends on order.
    "files": 0,
    # Before mkdocs-macros renders the page (0): the page is checked to hold macro calls only, and the
    # macros plugin renders in our page sandbox, never in its own unsandboxed Jinja environment.
    "page_markdown": 100,
    # After mkdocs-macros rendered the page (0): a macro that failed stops the build here, cleanly.
    "page_rendered": -100,
    # The page's content as every other plugin leaves it: text lock, amendment note, search items.
    "page_content": -90,
    # After every page is rendered, before anything is written.
    "env": 0,
    # Alongside Material's search (0): only adds our own context.
    "page_context": 0,
    # Last: the written page as other plugins leave it (a print plugin may assemble a whole-plan
    # page here); then its Content-Security-Policy, which must see every inline script.
    "post_page": -90,
    "post_template": -90,
    # After Material's search plugin wrote search_index.json (0), before the offline plugin copies it
    # into its script (-100).
    "post_build": -50,
    # After everything, the offline plugin (-100) included: the finished site is moved into place.
    "publish": -1000,
}


# mkdocs leaves Config.__init_subclass__ unannotated: hence the ignore below
class KehoachConfig(Config):  # type: ignore[no-untyped-call]
    # Off only for scripts/search_eval.py, which measures Material's own search against ours.
    vietnamese_search = config_options.Type(bool, default=True)
    # Files published under a name that has since changed: old name -> the file it is a copy of. A file
    # cannot redirect; a link to the old name keeps working (a page's old address: the redirects plugin).
    kept_names = config_options.Type(dict, default={})
    # The offline copy of the whole collection (make offline): its file name.
    offline_name = config_options.Type(str, default=printing.OFFLINE_NAME)


class WarningCounter(logging.Handler):
    """Counts the warnings MkDocs would count in strict mode, so the site is published only if MkDocs
    will not abort the build for them right after on_post_build."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@dataclass
class BuildState:
    """What one build knows: made in on_config, read and filled by the handlers that follow."""

    root: Path
    target: Path  # where the site is published (site_dir as given)
    staging: Path  # where this build writes it until everything passed
    project: Project
    pages: list[Page]
    offline: bool
    strict: bool
    warnings: WarningCounter
    parts_of_page: dict[str, list[str]] = field(default_factory=dict)
    page_by_path: dict[str, Page] = field(default_factory=dict)  # the pages of docs/ as read in on_config
    last_changes: dict[str, gitdates.LastChange] = field(default_factory=dict)
    own_assets: list[str] = field(default_factory=list)
    lock_findings: list[Finding] = field(default_factory=list)
    render_failures: list[str] = field(default_factory=list)  # what the page sandbox could not render
    search_items: dict[str, Any] = field(default_factory=dict)
    akn_validator: ThreadPoolExecutor | None = None
    akn_verdict: Future[None] | None = None
    macro_names: tuple[str, ...] = ()  # the page macros registered with mkdocs-macros
    downloads: dict[str, printing.Downloads] = field(default_factory=dict)  # document id -> its file names
    docx: dict[str, bytes] = field(default_factory=dict)  # file name -> the Word copy of a print page
    backlinks: dict[tuple[str, str], list[collection.Backlink]] = field(default_factory=dict)
    data_key: bytes | None = None  # every file of data/, as a key part of the outputs made from it
    sources: dict[str, Page] = field(default_factory=dict)  # each built page's source (_source)
    checkout: bytes | None = None  # verdicts.checkout_key of docs/, data/, overrides/ (None: docs_dir elsewhere)
    render_inputs: bytes | None = None  # every input of the macros but the page, digested (_remembered_render)


# mkdocs leaves BasePlugin.__init_subclass__ unannotated: hence the ignore below
class KehoachPlugin(BasePlugin[KehoachConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        super().__init__()
        self.state: BuildState | None = None
        self.failed_target: Path | None = None
        self.command: str | None = None
        self.failure: str | None = None  # what the last failed build said (make serve shows it)
        self.port_checked = False

    # --- lifecycle -------------------------------------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Having this handler keeps one plugin object for a whole `mkdocs serve` (MkDocs' rule)."""
        self.command = command
        if command == "serve":
            _quiet_preview()

    @event_priority(PRIORITIES["config"])
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.state = None
        self.failure = None
        _forget_logged_errors()
        for name in {"mkdocs", ENGINE_LOGGER}:  # mkdocs-macros names its logger "mkdocs.plugins.…" itself
            logging.getLogger(f"{name}.plugins.mkdocs_macros").setLevel(logging.WARNING)  # its INFO chatter
        root = Path(config.config_file_path).parent.resolve()
        target = Path(config.site_dir)
        self.failed_target = target
        if self.command == "serve" and not self.port_checked:  # before the first build, not after it
            self.port_checked = True
            host, port = config.dev_addr
            if publish.port_in_use(host, port):
                raise Abort(publish.port_message(host, port))
        # every entry of docs/, data/ and overrides/, taken before anything is read: a key part of the
        # checker's verdict, the menu and the pages' renderings
        checkout = verdicts.checkout_key(root, *repofiles.CHECKED_FOLDERS)
        project = _checked_project(root, checkout)
        offline = _offline_enabled(config)
        if offline and not (root / printing.SHIM_SOURCE).is_file():
            raise PluginError(
                f"Thiếu {printing.SHIM_SOURCE} cho bản dùng không cần mạng: chạy `make offline` "
                "(lệnh này cài gói npm iframe-worker bằng `npm ci --prefix tools/node/offline`)."
            )
        counter = WarningCounter()
        logging.getLogger(ENGINE_LOGGER).addHandler(counter)
        docs_read = Path(config.docs_dir).resolve() == root / "docs"  # the folder `checkout` covers
        pages = remembered_pages(Path(config.docs_dir), checkout) if docs_read else read_pages(Path(config.docs_dir))
        self.state = BuildState(
            root=root,
            target=target,
            staging=publish.staging_dir(target),
            project=project,
            pages=pages,
            offline=offline,
            strict=bool(config.strict),
            warnings=counter,
            parts_of_page={page.path: page.plan_part_ids() for page in pages},
            page_by_path={page.path: page for page in pages},
            checkout=checkout if docs_read else None,
        )
        config.site_dir = str(self.state.staging)

        self._register_macros(config)
        self._spare_unused_work(config)
        if offline:
            config.extra["polyfills"] = [printing.SHIM_TARGET]
        for doc_id, view in project.views.items():
            # the offline copy is itself the zip: no button for it there
            offline_name = None if offline else self.config.offline_name
            self.state.downloads[doc_id] = dataclasses.replace(printing.downloads(view), offline=offline_name)
        config.extra["kh_downloads"] = None  # per page: on_page_context
        # the offline copy holds the whole collection: offered on the home page too (overrides/main.html)
        config.extra["kh_offline"] = None if offline else self.config.offline_name
        self.state.backlinks = collection.backlinks(project, pages)
        # The menu: the site's own pages as mkdocs.yml lists them, each document's pages from the registry
        # after the first entry (the home page).
        if config.nav is not None:
            config.nav[1:1] = self._document_nav()
        # The buttons shown: the Word copy (this build writes it) and what `make pdf`/`make offline` announce.
        offered = {"docx"} | publish.announced_downloads(os.environ)
        config.extra["kh_offered"] = sorted(offered - ({"offline"} if offline else set()))
        # What lives for the whole build (imports, the checked project, the templates) is set aside from
        # the garbage collector until the build ends (_end_build): each full collection while pages
        # render would otherwise walk it again. Measured by `make bench`: about a tenth of the build.
        gc.freeze()
        return config

    @event_priority(PRIORITIES["files"])
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        state = self._state()
        state.last_changes = gitdates.last_changes(state.root)
        docs = os.path.join(config.docs_dir, "")  # the theme's own files are elsewhere
        state.own_assets = [
            file.dest_uri
            for file in files
            if (file.is_css() or file.is_javascript()) and file.abs_src_path and file.abs_src_path.startswith(docs)
        ]
        urls = self._part_urls(files)
        self._add_unit_pages(files, config, urls)
        self._add_exports(files, config, urls)
        return files

    @event_priority(PRIORITIES["page_markdown"])
    def _sandbox_page(self, markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        """The checker has refused every page of docs/ with template code (on_config); a page the build
        generates (a unit page) is held to the same rule here. The sandbox is installed before the first
        page renders."""
        generated = page.file.generated_by is not None
        findings = pagetemplates.template_findings(f"docs/{page.file.src_uri}", markdown) if generated else []
        if findings:
            raise PluginError(
                "Trang có cú pháp mẫu không được phép, chưa dựng trang:\n" + "\n".join(f.as_text() for f in findings)
            )
        macros_plugin: Any = config.plugins.get("macros")  # mkdocs-macros' plugin object
        # mkdocs-macros 1.5 has no option for its Jinja environment: its `env` property returns `_env`,
        # made unsandboxed in its on_config, which is replaced here before any page renders.
        failures = self._state().render_failures
        if getattr(macros_plugin.env, "failures", None) is not failures:
            macros_plugin._env = pagetemplates.PageSandbox(
                {name: macros_plugin.macros[name] for name in self._state().macro_names},
                failures,
                remember=functools.partial(self._remembered_render, macros_plugin, config),
            )
        return markdown

    def _document_nav(self) -> list[Any]:
        """collection.document_nav, remembered by its inputs (the code, every entry of data/ and docs/):
        each page's menu title is read from its front matter."""
        state = self._state()
        if state.checkout is None:  # the pages are not those of docs/
            return collection.document_nav(state.project, state.pages)
        nav = verdicts.remembered_output(
            "document-nav",
            [verdicts.code_key(), state.checkout],
            lambda: json.dumps(collection.document_nav(state.project, state.pages), ensure_ascii=False).encode(),
        )
        return cast("list[Any]", json.loads(nav.decode()))

    def _remembered_render(
        self, macros_plugin: Any, config: MkDocsConfig, markdown: str, render: Callable[[], str]
    ) -> str:
        """`render()`, the page's Markdown with its macro calls rendered, or what it gave before for the
        same inputs of the macros (kehoach.macros reads the data, the pages and the templates, the
        environment's announced downloads and the build date): the code and libraries, every entry of
        data/, overrides/ and the pages' folder, mkdocs.yml, the environment (_environment_for_key), the dates, the page
        being rendered (links are relative to it) and the Markdown. A rendering that fails is never
        remembered (it raises)."""
        state = self._state()
        if state.render_inputs is None:
            from kehoach import reports

            docs = os.path.relpath(config.docs_dir, state.root)
            state.render_inputs = verdicts.digest(
                verdicts.code_key(),
                state.checkout or verdicts.checkout_key(state.root, "data", "overrides", docs),
                docs.encode(),
                Path(config.config_file_path).read_bytes(),
                json.dumps(_environment_for_key()).encode("utf-8", "surrogateescape"),
                reports.as_of().isoformat().encode(),
                datetime.date.today().isoformat().encode(),
            )
        page = macros_plugin.page.file.src_uri.encode("utf-8", "surrogatepass")
        content = verdicts.remembered_output(
            "page-render",
            [state.render_inputs, page, markdown.encode("utf-8", "surrogatepass")],
            lambda: render().encode("utf-8", "surrogatepass"),
        )
        return content.decode("utf-8", "surrogatepass")

    @event_priority(PRIORITIES["page_rendered"])
    def _stop_on_render_failure(self, markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        failures = self._state().render_failures
        if failures:
            raise PluginError(f"Không dựng được trang docs/{page.file.src_uri}: {failures[0]}")
        return markdown

    on_page_markdown = CombinedEvent(_sandbox_page, _stop_on_render_failure)

    @event_priority(PRIORITIES["page_content"])
    def on_page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        state = self._state()
        source = self._source(page)
        view = collection.view_of(state.project, page.file.src_uri)
        part_ids = textlock.locked_part_ids(source, view.official, page.meta)
        if not textlock.is_whole_plan(page.meta):  # a whole-plan page is checked as written: on_post_page
            # every input of the lock (the code, the document's text and amendments in data/, the page as
            # written and as rendered): a page it passed before is not compared again
            key = [verdicts.code_key(), self._data_key(), page.file.src_uri.encode(), source.markdown.encode()]
            key.append("\0".join(part_ids).encode())
            if not verdicts.known_valid(verdicts.cache_dir(), "page-lock", *key, html.encode()):
                findings = textlock.lock_page(view.official, view.amendments, source, html, part_ids)
                state.lock_findings.extend(findings)
                if not findings:
                    verdicts.remember_valid(verdicts.cache_dir(), "page-lock", *key, html.encode())
        if page.file.src_uri.startswith(units.UNIT_PAGES_DIR + "/"):  # quotes of the plan on a unit page
            quote_findings = units.check_quotes(state.project, page.file.src_uri, html)
            if quote_findings:
                raise PluginError(
                    "Lời trích Kế hoạch trên trang đơn vị khác văn bản gốc, chưa dựng trang:\n"
                    + "\n".join(f.as_text() for f in quote_findings)
                )
        html = printing.keep_short_blocks(html)  # short paragraphs stay whole on paper
        if page.file.src_uri == CALENDAR_PAGE:  # what comes next, on the build date in Việt Nam
            from kehoach import calendar_export, reports

            html = calendar_export.with_next_milestone(html, state.project, reports.as_of())
        history = files.get_file_from_path(HISTORY_PAGE)
        html = amendments.after_title(
            html, amendments.note_html(view, part_ids, history.url_relative_to(page.file) if history else "")
        )
        if collection.document_of(page.file.src_uri) == view.document_id and view.document_id:
            html = collection.with_backlinks(html, view, state.backlinks, page.file, files)
        if self.config.vietnamese_search:
            from kehoach.search import in_index, remembered_page_items

            items = remembered_page_items(html, set(view.citation_ids))
            own_ids = state.parts_of_page.get(page.file.src_uri, [])
            items.heading = own_ids[0] if own_ids else None
            items.document = view.plan.label if collection.document_of(page.file.src_uri) == view.document_id else None
            state.search_items[page.url] = items
            in_index(page.file.src_uri, page.meta)  # before Material's search reads it (page_context)
        return html

    @event_priority(PRIORITIES["env"])
    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        state = self._state()
        if state.lock_findings:
            raise PluginError(_LOCK_MESSAGE + "\n".join(f.as_text() for f in sorted(state.lock_findings)))
        return env

    @event_priority(PRIORITIES["page_context"])
    def on_page_context(
        self, context: TemplateContext, page: MkDocsPage, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        state = self._state()
        source = Path(page.file.abs_src_path).resolve() if page.file.abs_src_path else None
        path = source.relative_to(state.root).as_posix() if source and source.is_relative_to(state.root) else None
        # the page as read in on_config (parsed once), unless it changed since
        sources = gitdates.page_sources(path, has_macros=bool(self._source(page).macros) if path else None)
        own = cast("dict[str, Any]", context)  # MkDocs' TemplateContext types its own keys only; ours are added
        own["last_updated"] = gitdates.vietnamese_date(gitdates.last_updated(state.last_changes, sources))
        part_ids = state.parts_of_page.get(page.file.src_uri, [])
        view = collection.view_of(state.project, page.file.src_uri)
        in_document = collection.document_of(page.file.src_uri) == view.document_id
        config.extra["kh_downloads"] = state.downloads.get(view.document_id) if in_document else None
        # A document's opening page (docs/<id>/index.md): its downloads and the way into its parts.
        opening = in_document and page.file.src_uri == collection.path_in(view, collection.OPENING_PAGE)
        own["kh_opening"] = view.plan.label if opening else None
        own["kh_citations"] = citations.page_citations(view, part_ids)
        # the plan's force above a section page; the opening (home and print pages) has it in plan_header
        section_page = bool(part_ids) and OPENING_ID not in part_ids and not textlock.is_whole_plan(page.meta)
        own["kh_status"] = views.status_line(view, view.plan) if section_page else None
        if not page.meta.get("description"):
            description = citations.page_description(view, part_ids)
            if description:
                page.meta["description"] = description
        return context

    @event_priority(PRIORITIES["post_page"])
    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        state = self._state()
        view = collection.view_of(state.project, page.file.src_uri)
        if textlock.is_whole_plan(page.meta):
            source = self._source(page)
            # every input of the lock: the code, the document's text and amendments (data/), the page as
            # written and as built; a page it passed before is not compared again
            key = [verdicts.code_key(), self._data_key(), page.file.src_uri.encode(), source.markdown.encode()]
            if not verdicts.known_valid(verdicts.cache_dir(), "whole-plan-lock", *key, output.encode()):
                findings = textlock.lock_page(
                    view.official, view.amendments, source, output, textlock.whole_plan_ids(view.official)
                )
                if findings:
                    raise PluginError(_LOCK_MESSAGE + "\n".join(f.as_text() for f in sorted(findings)))
                verdicts.remember_valid(verdicts.cache_dir(), "whole-plan-lock", *key, output.encode())
        # the Word copy, from the print page
        downloads = state.downloads.get(view.document_id)
        if collection.is_print_page(page.file.src_uri) and downloads is not None and downloads.docx:
            project, html = view, output

            def word_copy() -> bytes:
                from kehoach import docx_export

                return docx_export.docx_bytes(project, html)

            state.docx[downloads.docx] = verdicts.remembered_output(
                "docx",
                [
                    verdicts.source_of("docx_export.py"),
                    verdicts.library_version("python-docx").encode(),
                    self._data_key(),
                    output.encode("utf-8"),
                ],
                word_copy,
            )
        if 'id="__toc"' not in output:
            # Material's contents title names the menu toggle of the page, which a page outside the
            # menu (a unit's, a document's tracking page) does not have; a label may not point at
            # nothing (HTML checker).
            output = output.replace('<label class="md-nav__title" for="__toc">', '<label class="md-nav__title">')
        return self._protect(output)

    @event_priority(PRIORITIES["post_template"])
    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """404.html is a theme template, not a page: it gets its policy here."""
        return self._protect(output_content) if template_name.endswith(".html") else output_content

    @event_priority(PRIORITIES["post_build"])
    def _finish_site(self, config: MkDocsConfig) -> None:
        state = self._state()
        site = Path(config.site_dir)
        wait_for_akn(state.akn_verdict)
        for name, content in state.docx.items():
            (site / name).write_bytes(content)
        for old_name, name in self.config.kept_names.items():
            if (site / name).is_file():  # a Word copy (written above) or an export
                (site / old_name).write_bytes((site / name).read_bytes())
        for redirect in redirects.written(config, site):  # pages left at an old address: the same policy
            redirect.write_text(
                self._protect(redirects.vietnamese(redirect.read_text(encoding="utf-8"))), encoding="utf-8"
            )
        if state.offline:
            target = site / printing.SHIM_TARGET
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((state.root / printing.SHIM_SOURCE).read_bytes())
        for name in state.own_assets:
            path = site / name
            if path.exists():
                path.write_text(assets.without_comments(path.read_text(encoding="utf-8")), encoding="utf-8")
        index = site / SEARCH_INDEX
        if self.config.vietnamese_search and index.exists():  # absent when the search plugin is off
            from kehoach.search import enrich_index

            data = json.loads(index.read_text(encoding="utf-8"))
            index.write_text(
                json.dumps(enrich_index(data, state.search_items), ensure_ascii=False, separators=(",", ":")),
                encoding="utf-8",
            )

    @event_priority(PRIORITIES["publish"])
    def _publish(self, config: MkDocsConfig) -> None:
        """The explicit publish step: the site built aside replaces site_dir, unless MkDocs is about to
        abort the build for strict-mode warnings (it checks right after this event)."""
        state = self._state()
        _end_build(state)
        if state.strict and state.warnings.count:
            return  # MkDocs raises next; on_build_error discards the staging directory
        publish.publish(state.staging, state.target)
        config.site_dir = str(state.target)

    on_post_build = CombinedEvent(_finish_site, _publish)

    def on_build_error(self, error: Exception) -> None:
        """Whatever failed (checker, text lock, export, strict-mode warnings, a plugin): no staging
        directory left behind, and site_dir emptied, never an older or half-written site."""
        state, self.state = self.state, None
        if state is not None:
            _end_build(state)
            publish.discard(state.staging, state.target)
        elif self.failed_target is not None:
            publish.discard(None, self.failed_target)
        self.failure = _failure_text(error)

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., Any]) -> LiveReloadServer:
        """`make serve`: every failed rebuild says why again, and the browser shows it instead of waiting."""
        rebuild = server.builder

        def rebuild_and_report() -> None:
            log.info("Đang dựng lại trang…")
            try:
                rebuild()
            except (Exception, SystemExit) as error:
                text = self.failure or _failure_text(error)
                if not isinstance(error, Abort):  # MkDocs logged the errors it turns into Abort, not others
                    print(text, file=sys.stderr)
                print(
                    "Dựng trang thất bại: sửa lỗi nêu trên rồi lưu tệp, trang sẽ tự dựng lại. "
                    "Trình duyệt đang hiện trang báo lỗi.",
                    file=sys.stderr,
                )
                publish.write_error_page(Path(server.root), text, _reload_script(server._wanted_epoch))
                return
            log.info("Đã dựng xong; trình duyệt tự tải lại trang.")

        server.builder = rebuild_and_report
        host, port = config.dev_addr
        log.info(f"Xem trang tại http://{host}:{port}/ — sửa và lưu tệp, trang tự dựng lại. Dừng: Ctrl+C.")
        return server

    # --- steps -----------------------------------------------------------------------------------

    def _state(self) -> BuildState:
        if self.state is None:
            raise PluginError("kehoach: sự kiện dựng trang đến trước on_config (lỗi của phần dán, báo người bảo trì)")
        return self.state

    def _source(self, page: MkDocsPage) -> Page:
        """A page's source as the checker read it; a page the build generates (a unit page) is read now."""
        state = self._state()
        known = state.sources.get(page.file.src_uri)  # asked again for the same page in this build
        if known is None:
            read = state.page_by_path.get(page.file.src_uri)
            content = page.file.content_string
            known = read if read is not None and read.markdown == content else parse_page(page.file.src_uri, content)
            state.sources[page.file.src_uri] = known
        return known

    def _data_key(self) -> bytes:
        """Every file of data/ as one key part (verdicts.checkout_key), read once per build."""
        state = self._state()
        if state.data_key is None:
            state.data_key = verdicts.checkout_key(state.root, "data")
        return state.data_key

    def _register_macros(self, config: MkDocsConfig) -> None:
        macros_plugin = config.plugins.get("macros")
        if macros_plugin is None:
            raise PluginError("mkdocs.yml thiếu plugin «macros» (mkdocs-macros-plugin), cần để dựng các macro")
        macros = site_macros(self._state().project, self._state().pages, macros_plugin)
        self._state().macro_names = tuple(macros)
        macros_plugin.register_macros(macros)

    def _spare_unused_work(self, config: MkDocsConfig) -> None:
        """Work other plugins would do on every build for results this site never uses (each measured
        by `make bench`). Runs before their on_config."""
        search_plugin = config.plugins.get("material/search")
        if self.config.vietnamese_search and search_plugin is not None:
            # Material would look each of these up in the theme's language files, a template environment
            # per setting (about a twentieth of the build), and the index ends with ours anyway.
            from kehoach.search import engine_settings

            search_plugin.config.update(engine_settings())
        # mkdocs-macros runs git twelve times in its on_config to offer pages a `git` variable. No page
        # can read a variable (PageSandbox), so it gets the answer it gives outside a repository.
        mkdocs_macros.context.get_git_info = _no_git_info

    def _part_urls(self, files: Files) -> dict[str, dict[str, str]]:
        """Document id -> citation id -> the site address of the part (page URL and anchor); the opening
        on the document's opening page."""
        state = self._state()
        urls: dict[str, dict[str, str]] = {}
        for doc_id, view in state.project.views.items():
            own = urls.setdefault(doc_id, {})
            opening = collection.path_in(view, collection.OPENING_PAGE)
            for page in collection.own_pages(view, state.pages):
                file = files.get_file_from_path(page.path)
                for part_id in page.plan_part_ids():
                    if file is not None and (part_id != OPENING_ID or page.path == opening):
                        own.setdefault(part_id, f"{file.url.removeprefix('./')}#{part_id}")
        return urls

    def _add_unit_pages(self, files: Files, config: MkDocsConfig, urls: dict[str, dict[str, str]]) -> None:
        """A page per unit that has work (don-vi/<id>.md, generated from data: which pages exist depends
        on the data; not in the menu, linked from the tree on /don-vi/), a tracking page per published
        document (theo-doi/<id>.md, linked from /theo-doi/ and the document's opening), and the calendar."""
        from kehoach import reports, tracking, units
        from kehoach.macros import document_tracking_page, unit_page

        state = self._state()
        for unit in units.paged_units(state.project):
            files.append(
                File.generated(
                    config,
                    units.page_path(unit.id),
                    content=unit_page(state.project, state.pages, unit.id),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        for doc_id in state.project.views:
            files.append(
                File.generated(
                    config,
                    tracking.page_path(doc_id),
                    content=document_tracking_page(state.project, state.pages, doc_id),
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
            )
        project, as_of = state.project, reports.as_of()

        def calendar() -> bytes:
            from kehoach import calendar_export

            return calendar_export.calendar_bytes(project, urls, config.site_url, as_of)

        content = verdicts.remembered_output(
            "ics",
            [
                verdicts.source_of("calendar_export.py"),
                verdicts.library_version("icalendar").encode(),
                self._data_key(),
                json.dumps([urls, config.site_url, as_of.isoformat()], sort_keys=True).encode("utf-8"),
            ],
            calendar,
        )
        files.append(File.generated(config, printing.CALENDAR_NAME, content=content))

    def _add_exports(self, files: Files, config: MkDocsConfig, urls: dict[str, dict[str, str]]) -> None:
        from kehoach import exports

        state = self._state()
        built: dict[str, bytes] = {}
        trees = []
        try:
            for doc_id, view in state.project.views.items():
                cited_by = {
                    cited: [
                        {
                            "document": link.citing_document,
                            "section": link.citing,
                            "url": urls.get(link.citing_document, {}).get(link.citing),
                        }
                        for link in links
                    ]
                    for (target, cited), links in state.backlinks.items()
                    if target == doc_id
                }
                own, akn_tree = exports.remembered_exports(
                    view, collection.own_pages(view, state.pages), urls[doc_id], cited_by, self._data_key()
                )
                built.update(own)
                trees.append((akn_tree, own[exports.akn_name(view)]))
        except exports.ExportError as error:
            raise PluginError(f"Bản xuất dữ liệu không hợp lệ theo lược đồ, chưa dựng trang:\n{error}") from None
        # The Akoma Ntoso schema takes longer to load than the rest of the build's additions: it is
        # validated on another thread while pages render; _finish_site waits for the verdict.
        state.akn_validator = ThreadPoolExecutor(max_workers=1, thread_name_prefix="akn-validation")
        state.akn_verdict = state.akn_validator.submit(exports.validate_akn_all, trees, verdicts.cache_dir())
        for name, content in built.items():
            files.append(File.generated(config, name, content=content))
        for old_name, name in self.config.kept_names.items():
            if name in built:
                files.append(File.generated(config, old_name, content=built[name]))

    def _protect(self, html: str) -> str:
        state = self._state()
        return csp.protect(html, **(csp.OFFLINE if state.offline else {}))


_LOCK_MESSAGE = (
    "Khoá văn bản: chữ trên trang khác văn bản gốc (đã tính các sửa đổi ghi nhận trong "
    "data/amendments.yml), chưa dựng trang:\n"
)


def site_macros(project: Project, pages: list[Page], macros_plugin: Any) -> dict[str, Callable[..., str]]:
    """The page macros (kehoach.macros) as mkdocs-macros calls them: the page being rendered and the
    renderer come from its plugin object; a macro's own error stops the build with its message."""
    from kehoach.macros import MacroError, page_macros

    def as_build_error(function: Callable[..., str]) -> Callable[..., str]:
        @functools.wraps(function)
        def macro(*args: Any, **kwargs: Any) -> str:
            try:
                return function(*args, **kwargs)
            except MacroError as error:
                raise PluginError(str(error)) from None

        return macro

    macros = page_macros(
        project,
        pages,
        current_page=lambda: macros_plugin.page.file.src_path,
        render_markdown=lambda markdown: macros_plugin.render(markdown, force_rendering=True),
    )
    return {name: as_build_error(function) for name, function in macros.items()}


# Variables that say where and how a command was started, never what a page says: left out of the
# environment as a key part, so that a build started from another folder or through make still finds
# what the build before it rendered. Every other variable is part of the key.
_UNRELATED_VARIABLES = frozenset(
    {"_", "PWD", "OLDPWD", "SHLVL", "COLUMNS", "LINES", "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKE_TERMOUT"}
    | {"MAKE_TERMERR", "XDG_CACHE_HOME", "PYTHONPYCACHEPREFIX", "PYTHONDONTWRITEBYTECODE"}
)


def _environment_for_key() -> list[tuple[str, str]]:
    """The environment as a key part of the pages' renderings (a macro may read it: KH_DOWNLOADS)."""
    return sorted((name, value) for name, value in os.environ.items() if name not in _UNRELATED_VARIABLES)


def _checked_project(root: Path, checkout: bytes | None = None) -> Project:
    """The project, checked: errors stop the build with the checker's own lines; warnings are shown.
    When the checker found no error before for exactly the same inputs (checks.checker_inputs: the
    code, every entry of docs/, data/ and overrides/, the dates), it is not run again: the warnings it
    gave then are shown again."""
    try:
        # every entry of docs/, data/ and overrides/, taken before anything is read (`checkout`: the
        # caller's, taken the same way)
        checkout = verdicts.checkout_key(root, *repofiles.CHECKED_FOLDERS) if checkout is None else checkout
        inputs = checks.checker_inputs(checkout)
        project = load_project(root)
        known = None if project.errors else checks.remembered_warnings(inputs)
        if known is not None:
            for line in known:
                log.info(line)
            return project
        findings = checks.check_project(project, checkout=checkout)
        if not errors_only(findings):
            checks.remember_warnings(inputs, findings)
    except DataError as error:
        findings = error.findings
    except Exception as error:  # never a traceback in the build log
        raise PluginError(
            f"Trình kiểm tra dữ liệu gặp lỗi nội bộ ({type(error).__name__}: {error}); "
            "hãy chạy `make check` và báo cho người bảo trì"
        ) from None
    if errors_only(findings):
        raise PluginError(
            "Kiểm tra dữ liệu và trích dẫn thấy lỗi, chưa dựng trang:\n" + "\n".join(f.as_text() for f in findings)
        )
    for finding in findings:  # warnings only: shown, never failing
        log.info(finding.as_text())
    return project


def _no_git_info() -> dict[str, Any]:
    return {"status": False, "date": None}


def _offline_enabled(config: MkDocsConfig) -> bool:
    """The one place that reads whether this is the offline copy (Material's offline plugin on)."""
    plugin = config.plugins.get("material/offline")
    return bool(plugin is not None and plugin.config.enabled)


def wait_for_akn(verdict: Future[None] | None) -> None:
    """The Akoma Ntoso export's schema verdict: an invalid export stops the build rather than ship."""
    if verdict is None:
        return
    from kehoach import exports

    try:
        verdict.result()
    except exports.ExportError as error:
        raise PluginError(f"Bản xuất dữ liệu không hợp lệ theo lược đồ, không công bố trang:\n{error}") from None


def _end_build(state: BuildState) -> None:
    """Whether the build published or failed: the counter and the validator stop, and the objects set
    aside in on_config go back to the collector (`mkdocs serve` builds again in the same process)."""
    gc.unfreeze()
    logging.getLogger(ENGINE_LOGGER).removeHandler(state.warnings)
    if state.akn_validator is not None:
        state.akn_validator.shutdown(wait=False)


def _failure_text(error: BaseException) -> str:
    """What a failed build said, for the preview's error page."""
    cause = error.__context__ if isinstance(error, Abort) and error.__context__ is not None else error
    if isinstance(error, SystemExit) and not isinstance(error, Abort):
        return "Một macro trong trang bị lỗi (xem dòng báo lỗi của mkdocs-macros ở trên)."
    text = str(cause).strip()
    if "in strict mode" in text:
        return "Dựng trang có cảnh báo (liên kết hỏng, ảnh thiếu…): xem các dòng WARNING ở trên."
    return text or type(cause).__name__


def _forget_logged_errors() -> None:
    """MkDocs logs a build error through a filter that drops any message it has shown before: the same
    mistake saved twice in `make serve` would show no finding the second time. Forget them each build."""
    for logger_name in (f"{ENGINE_LOGGER}.commands.build", ENGINE_LOGGER):
        for log_filter in logging.getLogger(logger_name).filters:
            if hasattr(log_filter, "msgs"):
                log_filter.msgs.clear()


def _quiet_preview() -> None:
    """`make serve`: MkDocs' own English INFO lines off (and the server's log of each 404 while the
    error page is shown); warnings, errors and our own lines stay."""

    def keep(record: logging.LogRecord) -> bool:
        if record.name == log.name:
            return True
        if record.name == f"{ENGINE_LOGGER}.livereload":
            return record.levelno >= logging.ERROR
        return record.levelno >= logging.WARNING

    for handler in logging.getLogger(ENGINE_LOGGER).handlers:
        handler.addFilter(keep)


def _reload_script(epoch: int) -> str:
    """Reloads the error page as soon as the preview server has a newer build (its livereload protocol)."""
    return (
        "<script>(function poll(){fetch('/livereload/" + str(int(epoch)) + "/'+Date.now())"
        ".then(function(r){return r.text()}).then(function(t){if(parseFloat(t)>"
        + str(int(epoch))
        + ")location.reload();else poll()}).catch(function(){setTimeout(poll,1000)})})();</script>"
    )
