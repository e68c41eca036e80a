"""The reading core of the importer (kehoach.importing, groundwork for issue 20): a Party document read
from a .txt or a .docx into one structure, and rendered as the site's pages.

Three round trips: plan 32's plain text gives the pages docs/ has; the site's own Word copy gives the same
words and ids; a Word file made as an office makes it (tests/support/office.py, a made-up document)
gives the same words and ids as its plain-text twin. Then one test per kind of input it cannot read.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import zipfile

import docx
import markdown
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from kehoach import docx_export, importing, plantext, printing, textlock
from kehoach.importing import ImportFailed, read_bytes, render_pages
from kehoach.macros import page_macros
from kehoach.pages import strip_front_matter
from kehoach.pagetemplates import render_calls
from support import office
from support.project import ROOT

OFFICIAL = ROOT / "data" / "ke-hoach-32-KH-DU.txt"


@pytest.fixture(scope="module")
def imported():
    return importing.read_file(OFFICIAL)


def site_word_copy(project, doc_pages) -> bytes:
    """The site's Word copy (site/ke-hoach-32-KH-DU.docx), made as the build makes it (kehoach.docx_export
    over the print page), with the print page rendered by the site's own macros instead of mkdocs."""
    functions: dict = {}
    extensions = list(textlock.PLAN_MARKDOWN_EXTENSIONS)

    def render_markdown(text: str) -> str:
        return markdown.Markdown(extensions=extensions).convert(render_calls(text, functions))

    functions.update(
        page_macros(project, doc_pages, current_page=lambda: printing.PRINT_PAGE, render_markdown=render_markdown)
    )
    print_page = strip_front_matter((ROOT / "docs" / "ke-hoach-32" / printing.PRINT_PAGE).read_text(encoding="utf-8"))
    return docx_export.docx_bytes(project, f"<article>{render_markdown(print_page)}</article>")


def part_words(document) -> list[tuple[str, list[str]]]:
    return [(part.id, plantext.words(f"{part.label} {part.text}")) for part in document.parts()]


# --- round trip 1: plan 32's plain text gives the pages docs/ has ---------------------------------------


def test_the_plain_text_of_plan_32_gives_the_pages_of_docs(imported, project, doc_pages):
    """Page by page, character for character. Accepted differences, each undone here before comparing:

    1. docs/ splits section II into a contents page (muc-ii.md: `{{ section_contents("muc-ii") }}`) and one
       page per item (muc-ii-1.md…); the importer writes one page per top-level section, so its muc-ii.md
       is compared with those pages joined as the print page joins them (kehoach.printing.print_markdown:
       an item's heading one level down), without the contents list;
    2. the documents the plan names without a number are linked by their registry `name`
       (`{{ doc_link("nq-dai-hoi-xiii", "Nghị quyết Đại hội XIII của Đảng") }}`), as docs/ links them; but
       docs/ also links the words "khoá XII" of "các Nghị quyết Trung ương 4 khoá XI, khoá XII" to the
       second of them, a reading of the sentence no pattern makes: the importer writes those words as they
       stand, which is what that call publishes.
    """
    pages = render_pages(imported, project.documents)
    assert list(pages) == ["index.md", "muc-i.md", "muc-ii.md", "muc-iii.md"]
    for name, page in pages.items():
        if name == "muc-ii.md":
            section_ii = [
                p
                for p in printing.plan_pages(project, doc_pages)
                if re.fullmatch(r"ke-hoach-32/muc-ii(-\d+)?\.md", p.path)
            ]
            joined = "\n\n".join(printing.print_markdown(project, section_ii)) + "\n"
            expected = joined.replace('\n\n{{ section_contents("muc-ii") }}', "")  # difference 1
        else:
            expected = strip_front_matter((ROOT / "docs" / "ke-hoach-32" / name).read_text(encoding="utf-8")).lstrip(
                "\n"
            )
        elliptical = '{{ doc_link("nq-tw4-khoa-xii", "khoá XII") }}'
        assert page == expected.replace(elliptical, "khoá XII"), name  # difference 2
    assert sum(page.count("{{ doc_link(") for page in pages.values()) == 5


def test_the_plain_text_of_plan_32_gives_the_ids_and_words_the_plan_parser_gives(imported, project):
    assert imported.citation_ids() == project.official.citation_ids()
    for mine, official in zip(imported.parts(), project.official.parts(), strict=True):
        assert (mine.id, mine.label, mine.text, mine.kind) == (
            official.id,
            official.label,
            official.text,
            official.kind,
        )
    assert imported.preamble == project.official.preamble
    assert imported.official_bytes == OFFICIAL.read_bytes()  # byte for byte as received
    assert imported.closing == [] and imported.unread == []


def test_the_header_of_plan_32_gives_its_registry_entry(imported, project):
    header, plan = imported.header, project.plan
    assert (header.kind, header.number, header.date, header.place) == (plan.kind, plan.number, plan.date, plan.place)
    assert header.number_written == "32  - KH/ĐU" and header.date_written == "ngày 06 tháng 02 năm 2024"
    assert header.subject == plan.title
    # the header as the plan writes it ("ĐẢNG UỶ SỞ …"); the unit's name is the site's spelling ("Đảng ủy Sở …")
    assert header.issuer == project.header_name(plan.issuer)
    assert header.superior == project.header_name(plan.superior)
    numbers = {project.documents[doc_id].number: doc_id for doc_id in plan.implements}
    assert [doc.number for doc in imported.implements] == list(numbers)  # in the order the opening names them
    assert [(doc.number_written, doc.date_written, doc.kind) for doc in imported.implements] == [
        ("187-KH/TU", "25/12/2023", "Kế hoạch"),
        ("113 - KH/ĐUK", "29/01/2024", "Kế hoạch"),
        ("43-NQ/TW", "24/11/2023", "Nghị quyết"),
    ]
    for doc in imported.implements:
        assert doc.date == project.documents[numbers[doc.number]].date


def test_every_document_cited_by_number_is_found_where_it_is_cited(imported, project):
    cited = {doc.number: doc for doc in imported.cited}
    assert set(cited) == {"187-KH/TU", "113-KH/ĐUK", "43-NQ/TW", "21-KL/TW"}
    assert {place.part_id for place in cited["43-NQ/TW"].places} == {
        "mo-dau",
        "muc-i-1",
        "muc-i-3",
        "muc-iii-1",
        "muc-iii-2",
    }
    assert [(p.part_id, p.line) for p in cited["21-KL/TW"].places] == [("muc-ii-3-1", 37)]
    line = OFFICIAL.read_text(encoding="utf-8").split("\n")[36]
    assert "21-KL/TW" in line and cited["21-KL/TW"].kind == "Kết luận" and cited["21-KL/TW"].date is None


def test_importing_a_document_of_plan_32s_size_takes_well_under_two_seconds(project):
    data = OFFICIAL.read_bytes()
    read_bytes(data)  # modules loaded
    started = time.perf_counter()
    for _ in range(5):
        render_pages(read_bytes(data), project.documents)
    each = (time.perf_counter() - started) / 5
    print(f"import of plan 32 (.txt), pages rendered: {each * 1000:.1f} ms")
    assert each < 0.5


# --- round trip 2: the site's own Word copy gives the same words and ids ---------------------------------


@pytest.fixture(scope="module")
def word_copy(project, doc_pages):
    return site_word_copy(project, doc_pages)


def test_the_sites_word_copy_gives_the_same_words_and_ids(word_copy, imported):
    from_word = read_bytes(word_copy)
    assert from_word.source_format == "docx"
    assert from_word.citation_ids() == imported.citation_ids()
    assert part_words(from_word) == part_words(imported)
    assert plantext.words(from_word.preamble) == plantext.words(imported.preamble)
    assert plantext.words(from_word.official_text) == plantext.words(imported.official_text)
    header, expected = from_word.header, imported.header
    assert (header.kind, header.number, header.date, header.place, header.issuer, header.superior, header.subject) == (
        expected.kind,
        expected.number,
        expected.date,
        expected.place,
        expected.issuer,
        expected.superior,
        expected.subject,
    )
    assert [d.number for d in from_word.cited] == [d.number for d in imported.cited]
    assert from_word.unread == []


def test_the_word_copy_of_plan_32_takes_well_under_two_seconds(word_copy, project):
    read_bytes(word_copy)
    started = time.perf_counter()
    render_pages(read_bytes(word_copy), project.documents)
    took = time.perf_counter() - started
    print(f"import of plan 32 (.docx), pages rendered: {took * 1000:.1f} ms")
    assert took < 1


# --- round trip 3: an office's Word file gives the words and ids of its plain-text twin ----------------


@pytest.fixture(scope="module")
def twins():
    return read_bytes(office.office_docx()), read_bytes(office.plain_text().encode("utf-8"))


def test_an_office_word_file_gives_the_words_and_ids_of_its_plain_text_twin(twins):
    from_word, from_text = twins
    assert (
        from_word.citation_ids()
        == from_text.citation_ids()
        == [
            "muc-i",
            "muc-i-1",
            "muc-i-2",
            "muc-ii",
            "muc-ii-1",
            "muc-ii-1-1",
            "muc-ii-1-2",
            "muc-ii-2",
            "muc-ii-2-a",
            "muc-ii-2-a-1",
            "muc-ii-2-b",
            "muc-ii-2-b-1",
            "muc-iii",
            "muc-iii-1",
        ]
    )
    assert part_words(from_word) == part_words(from_text)
    # the labels Word draws are read as written: "II.", "2.", "b)", a bullet "–" as "-"
    labels = {part.id: part.label for part in from_word.parts()}
    assert (labels["muc-ii"], labels["muc-ii-2"], labels["muc-ii-2-b"], labels["muc-ii-2-b-1"]) == (
        "II.",
        "2.",
        "b)",
        "-",
    )
    assert plantext.words(from_word.official_text) == plantext.words(from_text.official_text)
    assert from_word.preamble == from_text.preamble == office.PREAMBLE
    assert from_word.closing == from_text.closing == office.RECIPIENTS + office.SIGNATURE


def test_an_office_word_file_gives_the_header_of_its_plain_text_twin(twins):
    from_word, from_text = twins
    for header in (from_word.header, from_text.header):
        assert header.kind == "Kế hoạch" and header.number == "05-KH/CB"
        assert header.date == dt.date(2024, 3, 15) and header.place == "Hải Dương"
        assert (header.superior, header.issuer) == (office.SUPERIOR, office.ISSUER)
        assert header.subject == office.SUBJECT  # the NFD paste comes out NFC
    assert [(d.number, d.date_written) for d in from_word.implements] == [
        ("32-KH/ĐU", "06/02/2024"),
        ("43-NQ/TW", "24/11/2023"),
    ]
    assert from_word.unread == from_text.unread == []


def test_what_the_word_reader_changed_is_said_and_the_text_is_nfc(twins):
    from_word, _ = twins
    text = from_word.official_text
    assert text == __import__("unicodedata").normalize("NFC", text)
    assert "\u00a0" not in text and "“" not in text and '"Bộ đội Cụ Hồ"' in text
    assert any("ngoặc kép cong" in note for note in from_word.notes)
    assert any("NFD" in note for note in from_word.notes)


def test_the_pages_of_an_imported_document_call_macros_for_registered_documents_only(twins, project):
    from_word, _ = twins
    pages = render_pages(from_word, project.documents)
    assert pages["index.md"].startswith(
        '{{ plan_header() }}\n\nThực hiện Kế hoạch số {{ doc_number("ke-hoach-32") }}, ngày {{ doc_date("ke-hoach-32") }}'
    )
    assert "Hướng dẫn số 12-HD/BTCTW" in pages["muc-ii.md"]  # not registered: as written
    assert "## 2. Công tác xây dựng Chi bộ { #muc-ii-2 }" in pages["muc-ii.md"]
    assert "### a) Về tư tưởng { #muc-ii-2-a }" in pages["muc-ii.md"]  # a sub-item with bullets: a heading
    assert (
        "- Nắm bắt tâm tư, nguyện vọng của đảng viên, kịp thời giải quyết những vướng mắc.\n  { #muc-ii-2-a-1 }"
        in pages["muc-ii.md"]
    )
    assert "Nơi nhận" not in "".join(pages.values())  # kept in the official text, not made a section
    assert "Nơi nhận:" in from_word.official_text


def test_word_numbering_restarts_and_continues_as_word_draws_it():
    """Two w:num of one list: the second with a startOverride restarts it, a third without continues."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="80">'
        '<w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/></w:lvl>'
        "</w:abstractNum>"
    )
    first = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    first.addprevious(abstract) if first is not None else numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="81"><w:abstractNumId w:val="80"/></w:num>'))
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="82"><w:abstractNumId w:val="80"/>'
            '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        )
    )
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="83"><w:abstractNumId w:val="80"/></w:num>'))
    for num_id, level, text in [
        (81, 0, "A"),
        (81, 1, "A1"),
        (81, 1, "A2"),
        (81, 0, "B"),
        (81, 1, "B1"),
        (82, 0, "C"),
        (83, 0, "D"),
    ]:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
        )
    buffer = io.BytesIO()
    document.save(buffer)
    lines, _ = importing.docx_reader.read_docx(buffer.getvalue())
    assert lines == ["3. A", "3.1. A1", "3.2. A2", "4. B", "4.1. B1", "1. C", "2. D"]


# --- input it cannot read: one clear message each, nothing read ------------------------------------------


def failure(data: bytes) -> str:
    with pytest.raises(ImportFailed) as raised:
        read_bytes(data)
    return raised.value.message


def test_an_old_word_doc_is_refused_with_how_to_save_it_as_docx():
    message = failure(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "WordDocument".encode("utf-16-le"))
    assert "Word kiểu cũ (.doc" in message and "Hãy mở bằng Word và lưu thành .docx" in message


def test_an_encrypted_docx_is_refused_with_how_to_remove_the_password():
    message = failure(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"))
    assert "đặt mật khẩu" in message and "bỏ mật khẩu" in message and ".doc," not in message


def test_a_pdf_is_refused_with_what_to_ask_for_instead():
    message = failure(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    assert "PDF" in message and "bản Word (.docx)" in message


def test_a_scanned_image_is_refused_with_what_to_ask_for_instead():
    assert "bản quét" in failure(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)


def test_a_corrupt_docx_is_refused_with_how_to_recover_it():
    good = office.office_docx()
    message = failure(good[: len(good) // 2])  # cut off mid-way, as an interrupted download
    assert "bị hỏng" in message and "lưu lại" in message


def test_a_docx_with_a_damaged_part_is_refused_as_corrupt():
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(office.office_docx())) as source, zipfile.ZipFile(buffer, "w") as target:
        for entry in source.infolist():
            data = source.read(entry)
            target.writestr(entry, data[: len(data) // 2] if entry.filename == "word/document.xml" else data)
    assert "bị hỏng" in failure(buffer.getvalue())


def test_a_zip_that_is_not_a_word_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Word")
    assert "không phải tệp Word" in failure(buffer.getvalue())


def test_an_empty_file_is_refused():
    assert "Tệp trống" in failure(b"")
    assert "Tệp trống" in failure(b"\xef\xbb\xbf \r\n\t\n")


def test_a_text_file_not_in_utf8_is_refused_with_how_to_save_it():
    message = failure(office.plain_text().encode("cp1258", errors="replace"))
    assert "UTF-8" in message and "Lưu thành" in message


def test_a_file_with_no_recognisable_header_is_refused():
    text = "Một ghi chép\nI. PHẦN MỘT\n1. Nội dung thứ nhất.\n"
    assert "Không nhận ra phần đầu" in failure(text.encode("utf-8"))


def test_a_file_with_no_sections_is_refused():
    text = office.plain_text().split("I. MỤC ĐÍCH")[0]
    assert "Không tìm thấy mục nào" in failure(text.encode("utf-8"))


def test_a_header_without_number_or_date_is_read_and_what_is_missing_is_said():
    text = office.plain_text().replace(office.NUMBER.replace(" ", "   "), "").replace(office.PLACE_DATE, "")
    document = read_bytes(text.encode("utf-8"))
    assert document.header.number is None and document.header.date is None
    assert document.header.kind == "Kế hoạch" and document.header.issuer == office.ISSUER
    assert any("số hiệu" in item for item in document.unread) and any(
        "ngày ban hành" in item for item in document.unread
    )


def test_markup_in_the_text_is_escaped_in_the_pages(project):
    text = office.plain_text().replace("Quán triệt đầy đủ", "Quán triệt {{ config }} *đầy đủ* <b>")
    pages = render_pages(read_bytes(text.encode("utf-8")), project.documents)
    page = pages["muc-i.md"]
    assert "{{ config" not in page and "<b>" not in page and "\\*đầy đủ\\*" in page
    html = markdown.Markdown(extensions=list(textlock.PLAN_MARKDOWN_EXTENSIONS)).convert(page)
    assert "Quán triệt {{ config }} *đầy đủ* &lt;b&gt;" in html.replace("&#123;", "{")


def test_numbering_set_by_a_paragraph_style_is_drawn_too():
    """Offices often number with a list style ("List Number"): the numPr is on the style, not the paragraph."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    first = numbering.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}num")
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="70">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/></w:lvl>'
        "</w:abstractNum>"
    )
    first.addprevious(abstract) if first is not None else numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="71"><w:abstractNumId w:val="70"/></w:num>'))
    style = document.styles["List Number"]
    for old in (
        style.element.pPr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}numPr")
        if style.element.pPr is not None
        else []
    ):
        style.element.pPr.remove(old)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="71"/></w:numPr>'))
    for text in ("Một", "Hai"):
        document.add_paragraph(text, style="List Number")
    buffer = io.BytesIO()
    document.save(buffer)
    lines, _ = importing.docx_reader.read_docx(buffer.getvalue())
    assert lines == ["a) Một", "b) Hai"]


def test_an_item_number_written_twice_in_a_section_is_reported_at_its_line():
    text = office.plain_text().replace("2. Việc thực hiện", "1. Việc thực hiện")
    document = read_bytes(text.encode("utf-8"))
    line = text.split("\n").index("1. Việc thực hiện phải thiết thực, gắn với nhiệm vụ chuyên môn của Văn phòng.") + 1
    assert any(item.startswith(f"dòng {line}:") and "«muc-i-1»" in item for item in document.unread)


def test_a_signature_block_without_a_recipients_list_is_kept_out_of_the_sections():
    text = office.plain_text().replace("Nơi nhận:\n- Đảng uỷ Sở (b/c),\n- Lưu Chi bộ.\n", "")
    document = read_bytes(text.encode("utf-8"))
    assert document.closing == office.SIGNATURE
    assert document.citation_ids()[-1] == "muc-iii-1"


def test_clauses_cited_by_place_are_found_and_a_clause_that_does_not_exist_is_reported_at_its_line(project):
    """Made-up sentences citing plan 32's clauses: II.2, ý 4 exists; II.9 does not; "mục IV" of this
    document does not either."""
    text = office.plain_text()
    text = text.replace(
        "- Phát huy truyền thống",
        "- Thực hiện mục II.2, ý 4 Kế hoạch số 32-KH/ĐU và điểm 9 mục II Kế hoạch số 32-KH/ĐU. Phát huy truyền thống",
    ).replace("1. Các đảng viên căn cứ Kế hoạch này", "1. Các đảng viên căn cứ mục IV Kế hoạch này")
    document = read_bytes(text.encode("utf-8"))
    lines = text.split("\n")
    bullet_line = next(i for i, line in enumerate(lines, start=1) if "mục II.2, ý 4" in line)
    item_line = next(i for i, line in enumerate(lines, start=1) if "mục IV" in line)
    assert [(r.written, r.part_id, r.number, r.place.part_id, r.place.line) for r in document.references] == [
        ("mục II.2, ý 4", "muc-ii-2-4", "32-KH/ĐU", "muc-ii-1-2", bullet_line),
        ("điểm 9 mục II", "muc-ii-9", "32-KH/ĐU", "muc-ii-1-2", bullet_line),
        ("mục IV", "muc-iv", None, "muc-iii-1", item_line),
    ]
    published = {project.plan.number: project.official.citation_ids()}
    assert importing.unresolved_references(document, published) == [
        f"dòng {bullet_line}: văn bản số 32-KH/ĐU không có «điểm 9 mục II» (mã «muc-ii-9»); kiểm tra lại số mục được dẫn"
    ]
    assert any(item.startswith(f"dòng {item_line}: «mục IV» không có trong văn bản này") for item in document.unread)


def test_dash_bullets_are_bullets_and_a_bullet_under_a_bullet_is_said_to_be_merged():
    text = office.plain_text().replace("- Tổ chức cho đảng viên", "– Tổ chức cho đảng viên")
    text = text.replace("- Phát huy truyền thống", "+ Phát huy truyền thống")
    document = read_bytes(text.encode("utf-8"))
    bullets = [part.text for part in document.parts() if part.id.startswith("muc-ii-1-")]
    assert bullets == [
        "Tổ chức cho đảng viên học tập chuyên đề về đại đoàn kết toàn dân tộc."
        ' + Phát huy truyền thống "Bộ đội Cụ Hồ" trong đảng viên là cựu chiến binh.'
    ]
    assert any("được gộp vào phần «muc-ii-1-1»" in item for item in document.unread)


def test_a_cited_date_written_in_other_ways_is_read():
    text = (
        office.plain_text()
        .replace("ngày 24/11/2023", "ngày 24-11-2023")
        .replace("32-KH/ĐU, ngày 06/02/2024", "32-KH/ĐU, ngày 06 tháng 02 năm 2024")
    )
    document = read_bytes(text.encode("utf-8"))
    assert [(d.number, d.date) for d in document.implements] == [
        ("32-KH/ĐU", dt.date(2024, 2, 6)),
        ("43-NQ/TW", dt.date(2023, 11, 24)),
    ]


def test_a_part_starting_with_a_markdown_block_mark_stays_text(project):
    text = office.plain_text().replace("- Tổ chức cho đảng viên", "- # Tổ chức cho đảng viên")
    page = render_pages(read_bytes(text.encode("utf-8")), project.documents)["muc-ii.md"]
    html = markdown.Markdown(extensions=list(textlock.PLAN_MARKDOWN_EXTENSIONS)).convert(page)
    assert '<li id="muc-ii-1-1"># Tổ chức cho đảng viên' in html and html.count("<h1") == 1


def test_the_bodies_plan_32_names_are_the_units_its_registry_entries_have(imported, project):
    """Upper case in the header, "uỷ"/"ủy" in the text: the same units as data/ (units.yml, documents/)."""
    recognised = {name.role: name.unit_id for name in importing.recognise_units(imported, project.units)}
    plan = project.plan
    assert (recognised["issuer"], recognised["superior"]) == (plan.issuer, plan.superior)
    for doc in project.documents.values():
        if doc.number and f"issuer:{doc.number}" in recognised:
            assert recognised[f"issuer:{doc.number}"] == doc.issuer, doc.id
    assert set(recognised) >= {"issuer:187-KH/TU", "issuer:113-KH/ĐUK", "issuer:43-NQ/TW", "issuer:21-KL/TW"}


def test_a_body_not_in_the_units_is_left_unrecognised(project):
    names = importing.recognise_units(read_bytes(office.plain_text().encode("utf-8")), project.units)
    assert [(n.written, n.role, n.unit_id) for n in names][:2] == [
        (office.ISSUER, "issuer", None),
        (office.SUPERIOR, "superior", None),
    ]


def test_the_documents_implemented_are_read_from_the_thuc_hien_sentence_after_other_grounds():
    text = office.plain_text().replace("Thực hiện Kế hoạch số 32", "Căn cứ Điều lệ Đảng;\nThực hiện Kế hoạch số 32")
    document = read_bytes(text.encode("utf-8"))
    assert [d.number for d in document.implements] == ["32-KH/ĐU", "43-NQ/TW"]
    assert document.preamble.startswith("Căn cứ Điều lệ Đảng; Thực hiện")


def test_every_citation_id_of_an_imported_document_is_an_anchor_of_its_rendered_pages(twins, project, doc_pages):
    """The pages as the site renders them (its macros, its Markdown extensions): each id once, in order."""
    from_word, _ = twins
    functions = page_macros(project, doc_pages)
    converter = markdown.Markdown(extensions=list(textlock.PLAN_MARKDOWN_EXTENSIONS))
    anchors = []
    for page in render_pages(from_word, project.documents).values():
        html = converter.reset().convert(render_calls(page, functions))
        anchors += [anchor for anchor in re.findall(r'\bid="([^"]+)"', html) if anchor.startswith("muc-")]
    assert anchors == from_word.citation_ids()


def test_a_docx_that_unpacks_to_too_much_is_refused_before_it_is_unpacked(monkeypatch):
    monkeypatch.setattr(importing.docx_reader, "MAX_UNPACKED_BYTES", 10_000)
    assert "quá lớn" in failure(office.office_docx())


def test_a_plain_text_header_with_both_columns_on_one_line_is_read():
    header = (
        f"{office.SUPERIOR}\t\tĐẢNG CỘNG SẢN VIỆT NAM\n{office.ISSUER}\n*\n"
        f"Số   05  - KH/CB\t\t\t{office.PLACE_DATE}\n\nKẾ HOẠCH\n"
    )
    text = header + office.plain_text().split("KẾ HOẠCH\n", 1)[1]
    read = read_bytes(text.encode("utf-8")).header
    assert (read.superior, read.issuer, read.number, read.number_written) == (
        office.SUPERIOR,
        office.ISSUER,
        "05-KH/CB",
        "05  - KH/CB",
    )
    assert (read.place, read.date) == ("Hải Dương", dt.date(2024, 3, 15))


def test_a_subject_over_two_lines_without_a_rule_is_read_whole():
    text = office.plain_text().replace("-----------\n", "").replace(" về phát huy sức mạnh", "\nvề phát huy sức mạnh")
    document = read_bytes(text.encode("utf-8"))
    assert document.header.subject == office.SUBJECT and document.preamble == office.PREAMBLE


def test_what_the_word_reader_leaves_out_is_said():
    """Deleted text of tracked changes and pictures are not the words a reader sees: left out, and said."""
    document = docx.Document()
    paragraph = document.add_paragraph("Giữ lại")
    paragraph._p.append(
        parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="A"><w:r><w:delText> bỏ đi</w:delText></w:r></w:del>')
    )
    paragraph.add_run()._r.append(parse_xml(f"<w:drawing {nsdecls('w')}/>"))
    buffer = io.BytesIO()
    document.save(buffer)
    lines, notes = importing.docx_reader.read_docx(buffer.getvalue())
    assert lines == ["Giữ lại"]
    assert any("Track Changes" in note for note in notes) and any("ảnh và hình vẽ" in note for note in notes)
    _, office_notes = importing.docx_reader.read_docx(office.office_docx())
    assert not any("Track Changes" in note or "ảnh" in note for note in office_notes)
