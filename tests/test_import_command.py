"""`make import` (kehoach-import, kehoach.importing.cli): a document from a file written into a copy of the
project, what it asks a person to check, and every input it refuses with nothing left behind.

The document imported is made up (tests/fixtures/import/ke-hoach-gia-dinh.txt, "văn bản giả định dùng để
kiểm thử"): a plan of the Đảng uỷ Sở citing clauses of plan 32, one of which (mục II.7) does not exist.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kehoach import importing, model, plantext
from kehoach.importing import cli, write
from support import office
from support.project import ROOT, copy_project, mkdocs_build

FIXTURES = ROOT / "tests" / "fixtures" / "import"
FICTIONAL = FIXTURES / "ke-hoach-gia-dinh.txt"


def project_copy(destination: Path) -> Path:
    copy_project(destination)
    (destination / ".github").mkdir(exist_ok=True)
    shutil.copy2(ROOT / ".github" / "CODEOWNERS", destination / ".github" / "CODEOWNERS")
    return destination


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def tree(root: Path) -> dict[str, bytes]:
    """Every file of the project copy with its content (what an import may change)."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for folder in ("data", "docs", ".github")
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
    } | {"(top)": "\n".join(sorted(p.name for p in root.iterdir())).encode()}


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return project_copy(tmp_path_factory.mktemp("import-base") / "project")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The fictional document imported into a fresh copy: (project root, exit code, printed report)."""
    root = project_copy(tmp_path_factory.mktemp("import-fictional") / "project")
    code, out, err = run(FICTIONAL, "--root", root)
    assert code == 0, err
    return root, out


# --- a document written ---------------------------------------------------------------------------------


def test_the_fictional_document_is_written_as_the_layout_says(imported):
    root, out = imported
    assert (root / "data" / "ke-hoach-58-KH-DU.txt").read_bytes() == FICTIONAL.read_bytes()  # byte for byte
    pin = (root / "data" / "ke-hoach-58-KH-DU.sha256").read_text(encoding="utf-8")
    assert pin == f"{hashlib.sha256(FICTIONAL.read_bytes()).hexdigest()}  data/ke-hoach-58-KH-DU.txt\n"
    pages = sorted(p.name for p in (root / "docs" / "ke-hoach-58").iterdir())
    assert pages == ["ban-in.md", "index.md", "muc-i.md", "muc-ii.md", "muc-iii.md"]
    owners = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    assert re.search(r"^/data/ke-hoach-58-KH-DU\.txt +@dang-uy-so-vhttdl/bao-tri$", owners, re.M)
    assert re.search(r"^/data/ke-hoach-58-KH-DU\.sha256 +@dang-uy-so-vhttdl/bao-tri$", owners, re.M)
    assert not list(root.glob(".kehoach-import-*"))  # the staging folder is gone
    assert "Đã ghi văn bản mã «ke-hoach-58»" in out


def test_the_pages_carry_the_sites_citation_ids_and_clause_calls(imported):
    root, _ = imported
    docs = root / "docs" / "ke-hoach-58"
    ids = re.findall(
        r"\{ #([a-z0-9-]+) \}", "".join((docs / p).read_text() for p in ("muc-i.md", "muc-ii.md", "muc-iii.md"))
    )
    assert ids == importing.read_file(FICTIONAL).citation_ids()
    assert ids[:6] == ["muc-i", "muc-i-1", "muc-i-2", "muc-ii", "muc-ii-1", "muc-ii-1-1"]
    section_ii = (docs / "muc-ii.md").read_text(encoding="utf-8")
    assert (
        '- Kiểm tra việc thực hiện {{ clause("ke-hoach-32", "muc-ii-1-2", "mục II.1, ý 2 Kế hoạch số 32-KH/ĐU") }} '
        "về công tác tuyên truyền.\n  { #muc-ii-1-1 }" in section_ii
    )
    assert '{{ clause("ke-hoach-32", "muc-ii-3", "điểm 3 mục II Kế hoạch số 32-KH/ĐU") }}' in section_ii
    assert '{{ clause("ke-hoach-32", "muc-iii-1", "mục III.1 Kế hoạch số 32-KH/ĐU") }}' in section_ii
    # the clause that plan 32 does not have stays as written, its number a macro call
    assert 'theo mục II.7 Kế hoạch số {{ doc_number("ke-hoach-32") }}.' in section_ii
    assert '{{ clause("ke-hoach-32", "muc-ii-1", "mục II.1 Kế hoạch số 32-KH/ĐU") }}' in (docs / "muc-i.md").read_text()
    opening = (docs / "index.md").read_text(encoding="utf-8")
    assert opening.startswith("---\nmenu: Mở đầu\n---\n\n")  # the menu's words, as plan 32's pages have them
    assert (docs / "muc-ii.md").read_text(encoding="utf-8").startswith("---\nmenu: II. Nội dung kiểm tra\n---\n\n#")
    opening = opening.split("---\n\n", 1)[1]
    assert opening.startswith(
        '{{ plan_header() }}\n\nThực hiện Kế hoạch số {{ doc_number("ke-hoach-32") }}, ngày '
        '{{ doc_date("ke-hoach-32") }} của Đảng uỷ Sở Văn hóa, Thể thao và Du lịch và Kế hoạch số '
        '{{ doc_number("ke-hoach-215") }}, ngày {{ doc_date("ke-hoach-215") }} của Ban Thường vụ Tỉnh uỷ'
    )
    print_page = (docs / "ban-in.md").read_text(encoding="utf-8")
    assert "Toàn văn Kế hoạch số 58-KH/ĐU trên một trang" in print_page and "{{ print_plan() }}" in print_page
    assert "kh_print_plan: true" in print_page
    # the closing: on the print page (and so in its Word copy), in no section
    assert print_page.endswith(
        "{{ print_plan() }}\n\nNơi nhận:\n\n- Đảng uỷ Khối (b/c),\n- Các chi bộ,\n- Lưu VP.\n\n"
        "T/M ĐẢNG UỶ\n\nBÍ THƯ\n\n(Đã ký)\n\nTrần Văn B\n"
    )
    assert "Nơi nhận" not in "".join(p.read_text() for p in docs.iterdir() if p.name != "ban-in.md")


def test_the_registry_entries_come_from_the_header_and_the_opening(imported):
    root, _ = imported
    entry = yaml.safe_load((root / "data" / "documents" / "ke-hoach-58.yml").read_text(encoding="utf-8"))
    assert entry == {
        "number": "58-KH/ĐU",
        "kind": "Kế hoạch",
        "date": entry["date"],
        "issuer": "dang-uy-so",
        "superior": "dang-bo-khoi",
        "place": "Hải Dương",
        "text": "ke-hoach-58-KH-DU",
        "title": "kiểm tra việc thực hiện Kế hoạch số 32-KH/ĐU (văn bản giả định dùng để kiểm thử)",
        "implements": ["ke-hoach-32", "ke-hoach-215"],
    }
    assert str(entry["date"]) == "2024-05-20" and "id" not in entry


def test_a_cited_document_not_registered_gets_an_entry_marked_unverified(imported):
    root, out = imported
    text = (root / "data" / "documents" / "ke-hoach-215.yml").read_text(encoding="utf-8")
    entry = yaml.safe_load(text)
    assert (entry["number"], entry["kind"], str(entry["date"]), entry["issuer"]) == (
        "215-KH/TU",
        "Kế hoạch",
        "2024-03-12",
        "ban-thuong-vu-tinh-uy",
    )
    assert entry["title"] is None and "source" not in entry  # nothing beyond what the text says
    line = next(i for i, text in enumerate(FICTIONAL.read_text().split("\n"), start=1) if "215-KH/TU" in text)
    assert f"# chưa kiểm chứng: số hiệu và ngày ghi theo lời văn của Kế hoạch số 58-KH/ĐU (dòng {line} bản gốc)" in text
    assert f"data/documents/ke-hoach-215.yml: Kế hoạch số 215-KH/TU (12/03/2024; dòng {line})" in out


def test_what_needs_a_persons_eye_is_printed_with_the_broken_reference_at_its_line(imported):
    _, out = imported
    line = (
        FICTIONAL.read_text(encoding="utf-8")
        .split("\n")
        .index("- Kiểm tra việc báo cáo theo mục II.7 Kế hoạch số 32-KH/ĐU.")
    )
    assert (
        f"dòng {line + 1}: văn bản số 32-KH/ĐU không có «mục II.7» (mã «muc-ii-7»); kiểm tra lại số mục được dẫn" in out
    )
    assert "«ĐẢNG UỶ SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH» (cơ quan ban hành): đơn vị «dang-uy-so»" in out
    assert "«ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH» (cấp trên): đơn vị «dang-bo-khoi»" in out
    assert "phần cuối (Nơi nhận: …, 8 dòng: nơi nhận, chữ ký) giữ nguyên trong bản gốc" in out
    assert "KẾT QUẢ KIỂM TRA (như make check):" in out
    references = out.split("Trích dẫn chưa giải quyết được:")[1].split("Điều đã bỏ")[0].split("\n")
    assert [item for item in references if item.startswith("  - ")] == [
        f"  - dòng {line + 1}: văn bản số 32-KH/ĐU không có «mục II.7» (mã «muc-ii-7»); kiểm tra lại số mục được dẫn"
    ]  # "mục I Kế hoạch này" is a clause this document has


def test_units_and_fields_it_could_not_read_are_said(tmp_path):
    """The office's made-up chi bộ plan: its issuer and superior are no units of data/units.yml."""
    root = project_copy(tmp_path / "project")
    source = tmp_path / "ke-hoach-05.docx"
    source.write_bytes(office.office_docx())
    code, out, _ = run(source, "--root", root)
    assert code == 0
    assert "«CHI BỘ VĂN PHÒNG» (cơ quan ban hành): không có đơn vị nào tên như vậy trong data/units.yml" in out
    assert "issuer «chi-bo-van-phong» là mã đặt tạm theo tên «CHI BỘ VĂN PHÒNG»" in out
    assert "ngoặc kép cong" in out and "NFD" in out  # what the Word reader changed
    entry = (root / "data" / "documents" / "ke-hoach-05.yml").read_text(encoding="utf-8")
    assert "# chưa nhận ra đơn vị ban hành «CHI BỘ VĂN PHÒNG»" in entry and "superior" not in entry
    cited = (root / "data" / "documents" / "huong-dan-12.yml").read_text(encoding="utf-8")
    assert "number: 12-HD/BTCTW" in cited and "date: null" in cited and "chưa biết đơn vị ban hành" in cited
    # the text of a .docx: the words as a reader sees them, which the same parser reads back
    written = importing.read_file(root / "data" / "ke-hoach-05-KH-CB.txt")
    assert written.citation_ids() == importing.read_bytes(office.plain_text().encode()).citation_ids()
    assert written.closing == office.RECIPIENTS + office.SIGNATURE


def test_a_menu_title_is_the_heading_in_sentence_case_keeping_the_texts_capitals():
    proper = {"Đảng", "Sở"}
    assert write.menu_title("I.", "MỤC ĐÍCH, YÊU CẦU", proper) == "I. Mục đích, yêu cầu"
    assert write.menu_title("II.", "XÂY DỰNG ĐẢNG, CÔNG TÁC CỦA SỞ", proper) == "II. Xây dựng Đảng, công tác của Sở"
    assert write.menu_title("III.", "Tổ chức thực hiện", proper) == "III. Tổ chức thực hiện"  # not in capitals: as is
    assert "Đảng" in write.proper_words(importing.read_file(ROOT / "data" / "ke-hoach-32-KH-DU.txt"))


def fictional_docx() -> bytes:
    """The fictional document as an office makes it in Word (tests/support/office.py): automatic numbering,
    the two-column header table, the closing table."""
    read = importing.read_file(FICTIONAL)
    levels = {"section": 0, "item": 1, "subitem": 2, "bullet": 3}
    signature_at = next(i for i, line in enumerate(read.closing) if line.startswith("T/M"))
    return office.office_docx(
        superior=read.header.superior or "",
        issuer=read.header.issuer or "",
        number="Số 58-KH/ĐU",
        place_date="Hải Dương, ngày 20 tháng 5 năm 2024",
        subject=read.header.subject,
        preamble=read.preamble,
        body=[(levels[part.kind], part.text) for part in read.parts()],
        recipients=read.closing[:signature_at],
        signature=read.closing[signature_at:],
    )


def test_the_fictional_document_made_in_word_gives_the_pages_of_its_plain_text(imported, tmp_path):
    root = project_copy(tmp_path / "project")
    source = tmp_path / "ke-hoach-58.docx"
    source.write_bytes(fictional_docx())
    code, out, err = run(source, "--root", root)
    assert code == 0, err
    text_root, _ = imported
    for page in ("index.md", "muc-i.md", "muc-ii.md", "muc-iii.md", "ban-in.md"):
        from_word = (root / "docs" / "ke-hoach-58" / page).read_text(encoding="utf-8")
        assert from_word == (text_root / "docs" / "ke-hoach-58" / page).read_text(encoding="utf-8"), page
    entry = "data/documents/ke-hoach-58.yml"
    assert (root / entry).read_text(encoding="utf-8") == (text_root / entry).read_text(encoding="utf-8")
    cited = "data/documents/ke-hoach-215.yml"  # the same but for the line its comment names (of its own text)
    assert yaml.safe_load((root / cited).read_text(encoding="utf-8")) == yaml.safe_load(
        (text_root / cited).read_text(encoding="utf-8")
    )
    written = (root / "data" / "ke-hoach-58-KH-DU.txt").read_text(encoding="utf-8")
    assert plantext.words(written) == plantext.words(FICTIONAL.read_text(encoding="utf-8"))
    assert "dòng" in out and "không có «mục II.7»" in out


def test_names_and_ids_are_made_from_kind_and_number():
    assert write.text_name("Kế hoạch", "32-KH/ĐU") == "ke-hoach-32-KH-DU"
    assert write.default_id("Kế hoạch", "32-KH/ĐU") == "ke-hoach-32"
    assert write.text_name("Nghị quyết", "43-NQ/TW") == "nghi-quyet-43-NQ-TW"
    assert write.default_id("Chương trình hành động", "07-CTr/ĐU") == "chuong-trinh-hanh-dong-07"
    assert model.ID_FORM.match(write.default_id("Quyết định", "112-QĐ/ĐUK"))


def test_an_id_can_be_given(tmp_path):
    root = project_copy(tmp_path / "project")
    code, out, _ = run(FICTIONAL, "--root", root, "--id", "kh-kiem-tra")
    assert code == 0 and (root / "docs" / "kh-kiem-tra" / "index.md").is_file()
    assert (root / "data" / "documents" / "kh-kiem-tra.yml").is_file()


# --- input it refuses: a message, a non-zero exit, nothing left behind -----------------------------------


def _docx_cut() -> bytes:
    data = office.office_docx()
    return data[: len(data) // 2]


BAD_INPUTS = {
    "old-doc": (
        "van-ban.doc",
        bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "WordDocument".encode("utf-16-le"),
        "lưu thành .docx",
    ),
    "pdf": ("van-ban.pdf", b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "tệp PDF"),
    "scan": ("ban-quet.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "bản quét"),
    "encrypted": (
        "mat-khau.docx",
        bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + "EncryptedPackage".encode("utf-16-le"),
        "bỏ mật khẩu",
    ),
    "corrupt": ("hong.docx", None, "bị hỏng"),
    "empty": ("trong.txt", b"", "Tệp trống"),
    "no-header": ("ghi-chep.txt", "Một ghi chép\nI. PHẦN MỘT\n1. Nội dung.\n".encode(), "Không nhận ra phần đầu"),
    "no-sections": ("khong-muc.txt", None, "Không tìm thấy mục nào"),
    "not-utf8": ("cp1258.txt", None, "UTF-8"),
    "missing": ("khong-co.docx", False, "Không đọc được tệp"),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(case, base, tmp_path):
    name, data, expected = BAD_INPUTS[case]
    if case == "corrupt":
        data = _docx_cut()
    elif case == "no-sections":
        data = office.plain_text().split("I. MỤC ĐÍCH")[0].encode()
    elif case == "not-utf8":
        data = office.plain_text().encode("cp1258", errors="replace")
    source = tmp_path / name
    if data is not False:
        source.write_bytes(data)
    before = tree(base)
    code, out, err = run(source, "--root", base)
    assert code == 1 and out == ""
    assert expected in err and "Không có tệp nào được ghi." in err and "Traceback" not in err
    assert tree(base) == before


def test_an_id_that_exists_is_refused_and_nothing_is_written(base):
    before = tree(base)
    code, _, err = run(FICTIONAL, "--root", base, "--id", "ke-hoach-32")
    assert code == 1 and "Mã «ke-hoach-32» đã có" in err and "không ghi đè" in err
    assert tree(base) == before


def test_a_document_already_registered_is_refused_and_nothing_is_written(base):
    """Plan 32's own text: its number is in the registry already."""
    before = tree(base)
    code, _, err = run(ROOT / "data" / "ke-hoach-32-KH-DU.txt", "--root", base, "--id", "ke-hoach-32-lan-hai")
    assert code == 1 and "Văn bản số 32-KH/ĐU đã có trong sổ đăng ký với mã «ke-hoach-32»" in err
    assert tree(base) == before


def test_an_id_not_in_the_id_form_is_refused(base):
    code, _, err = run(FICTIONAL, "--root", base, "--id", "Kế hoạch 58")
    assert code == 1 and "không đúng dạng" in err


def test_a_failure_while_moving_into_place_takes_back_what_was_moved(base, monkeypatch):
    before = tree(base)
    calls = []
    real_rename = os.rename

    def failing_rename(source, destination):
        calls.append(destination)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real_rename(source, destination)

    monkeypatch.setattr(write.os, "rename", failing_rename)
    code, _, err = run(FICTIONAL, "--root", base)
    assert code == 1 and "No space left on device" in err and "Không có tệp nào được ghi." in err
    assert len(calls) == 4 and tree(base) == before
    assert not list(base.glob(".kehoach-import-*"))


def test_wrong_use_of_the_command_says_how_to_use_it(base):
    code, _, err = run("--root", base)
    assert code == 2 and "make import FILE=" in err


def test_make_import_without_a_file_says_what_to_write():
    result = subprocess.run(
        ["make", "--no-print-directory", "-s", "import"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "FILE": ""},
    )
    assert result.returncode != 0 and "make import FILE=" in result.stderr
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile[makefile.index("\nimport:") : makefile.index("\n\n", makefile.index("\nimport:"))]
    assert "kehoach-import" in target and "32" not in target and "ke-hoach" not in target


def test_the_model_reads_an_imported_text_as_the_importer_wrote_it():
    """kehoach.plantext (what the checker, the text lock and the build read) gives the importer's parts:
    sub-items, and the "Nơi nhận" and signature kept out of the last part."""
    text = office.plain_text()
    official = plantext.parse(text)
    imported = importing.read_bytes(text.encode("utf-8"))
    assert official.citation_ids() == imported.citation_ids()
    assert [(p.label, p.text, p.kind) for p in official.parts()] == [
        (p.label, p.text, p.kind) for p in imported.parts()
    ]
    assert official.title == office.SUBJECT and official.preamble == office.PREAMBLE
    assert not any("Nơi nhận" in part.text or "Đã ký" in part.text for part in official.parts())
    assert plantext.citation_number("muc-ii-2-a") == "II.2.a"
    assert plantext.citation_number("muc-ii-2-a-1") == "II.2.a, ý 1"
    assert plantext.citation_number("muc-ii-2-4") == "II.2, ý 4"


def test_a_kind_line_longer_than_the_registrys_kind_is_read_as_that_kind(tmp_path):
    root = project_copy(tmp_path / "project")
    source = tmp_path / "chuong-trinh.txt"
    text = FICTIONAL.read_text(encoding="utf-8").replace("KẾ HOẠCH\n", "CHƯƠNG TRÌNH HÀNH ĐỘNG\n")
    source.write_text(text.replace("58  - KH/ĐU", "07-CTr/ĐU"), encoding="utf-8")
    code, out, _ = run(source, "--root", root)
    assert code == 0 and (root / "data" / "chuong-trinh-07-CTr-DU.txt").is_file()
    entry = yaml.safe_load((root / "data" / "documents" / "chuong-trinh-07.yml").read_text(encoding="utf-8"))
    assert (entry["kind"], entry["number"]) == ("Chương trình", "07-CTr/ĐU")
    assert "kind «Chương trình» là loại văn bản của sổ ứng với tên loại «CHƯƠNG TRÌNH HÀNH ĐỘNG»" in out


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Thực hiện mục II.2, ý 4 Kế hoạch số 32-KH/ĐU.", [("mục II.2, ý 4", "muc-ii-2-4", "32-KH/ĐU", True)]),
        ("Theo tiểu mục 3, mục II của Kế hoạch số 32 - KH/ĐU.", [("tiểu mục 3, mục II", "muc-ii-3", "32-KH/ĐU", True)]),
        ("Theo khoản 1 phần III Kế hoạch số 32-KH/ĐU.", [("khoản 1 phần III", "muc-iii-1", "32-KH/ĐU", True)]),
        (
            "Gạch đầu dòng thứ 2, điểm 1, mục II Kế hoạch số 32-KH/ĐU.",
            [("Gạch đầu dòng thứ 2, điểm 1, mục II", "muc-ii-1-2", "32-KH/ĐU", True)],
        ),
        ("Theo Kế hoạch số 32-KH/ĐU (mục III.2).", [("mục III.2", "muc-iii-2", "32-KH/ĐU", False)]),
        ("Các chi bộ báo cáo theo mục I Kế hoạch này.", [("mục I", "muc-i", None, False)]),
        (
            "Thực hiện mục II.1 và mục II.3 Kế hoạch số 32-KH/ĐU.",
            [("mục II.1", "muc-ii-1", "32-KH/ĐU", False), ("mục II.3", "muc-ii-3", "32-KH/ĐU", True)],
        ),
    ],
)
def test_clauses_are_found_however_a_clerk_writes_them(sentence, expected):
    from kehoach.importing.structure import clause_spans

    found = [(sentence[s.start : s.clause_end], s.citation_id, s.number, s.joined) for s in clause_spans(sentence)]
    assert found == expected


def test_a_clause_named_before_its_document_is_attributed_to_it_and_left_as_written(project):
    from kehoach.importing.render import with_macros

    text = "Theo Kế hoạch số 32-KH/ĐU (mục III.2) và mục II.9, mục II.1 và mục II.3 Kế hoạch số 32-KH/ĐU."
    published = {"32-KH/ĐU": ("ke-hoach-32", set(project.official.citation_ids()))}
    assert with_macros(text, project.documents, published) == (
        'Theo Kế hoạch số {{ doc_number("ke-hoach-32") }} (mục III.2) và mục II.9, mục II.1 và '
        '{{ clause("ke-hoach-32", "muc-ii-3", "mục II.3 Kế hoạch số 32-KH/ĐU") }}.'
    )


# --- the document in the collection: checked, built, linked ----------------------------------------------


def test_the_imported_document_checks_with_no_error_and_the_broken_reference_is_warned_at_its_line(imported):
    root, _ = imported
    model._cache.clear()
    project = model.load_project(root)
    assert "ke-hoach-58" in project.views
    assert project.views["ke-hoach-58"].citation_ids == importing.read_file(FICTIONAL).citation_ids()
    findings = cli.check(root)
    assert [f.as_text() for f in findings if f.severity == "error"] == []
    page = (root / "docs" / "ke-hoach-58" / "muc-ii.md").read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(page, start=1) if "mục II.7" in text)
    broken = [f for f in findings if f.code == "KH514"]
    assert [(f.path, f.line) for f in broken] == [("docs/ke-hoach-58/muc-ii.md", line)]


def test_importing_plan_32_into_a_project_without_it_gives_plan_32(tmp_path):
    """The write-level round trip: plan 32 taken out of a copy (its pages, text, pin, registry entry and
    CODEOWNERS lines) and imported back. Text, pin, registry entry and CODEOWNERS come back byte for byte,
    and the pages I and III with their menu titles; the others differ as tests/test_importing.py says
    (section II on one page; one elliptical link), and the print page's comment says "document" where
    plan 32's says "plan"."""
    root = project_copy(tmp_path / "project")
    owners = root / ".github" / "CODEOWNERS"
    original_owners = owners.read_text(encoding="utf-8")
    owners.write_text(
        "".join(line for line in original_owners.splitlines(True) if "ke-hoach-32-KH-DU" not in line),
        encoding="utf-8",
    )
    shutil.rmtree(root / "docs" / "ke-hoach-32")
    for name in ("documents/ke-hoach-32.yml", "ke-hoach-32-KH-DU.txt", "ke-hoach-32-KH-DU.sha256"):
        (root / "data" / name).unlink()
    code, out, err = run(ROOT / "data" / "ke-hoach-32-KH-DU.txt", "--root", root)
    assert code == 0, err
    for name in ("documents/ke-hoach-32.yml", "ke-hoach-32-KH-DU.txt", "ke-hoach-32-KH-DU.sha256"):
        assert (root / "data" / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name
    assert owners.read_text(encoding="utf-8") == original_owners
    for name in ("index.md", "muc-i.md", "muc-iii.md"):
        written = (root / "docs" / "ke-hoach-32" / name).read_text(encoding="utf-8")
        assert written == (ROOT / "docs" / "ke-hoach-32" / name).read_text(encoding="utf-8"), name
    assert "Trích dẫn chưa giải quyết được: không có" in out and "  Không có lỗi" in out


def test_an_issuer_not_in_the_units_is_left_for_a_person_and_the_checker_points_at_it(tmp_path):
    root = project_copy(tmp_path / "project")
    source = tmp_path / "ke-hoach-05.txt"
    source.write_text(office.plain_text(), encoding="utf-8")
    code, out, _ = run(source, "--root", root)
    assert code == 0
    entry = (root / "data" / "documents" / "ke-hoach-05.yml").read_text(encoding="utf-8").split("\n")
    line = entry.index("issuer: chi-bo-van-phong") + 1
    assert re.search(rf"data/documents/ke-hoach-05\.yml:{line}:\d+: KH302 ", out)


@pytest.mark.build
def test_the_imported_document_builds_linked_to_plan_32_and_plan_32_shows_the_backlinks(imported, tmp_path):
    root, _ = imported
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    section_ii = (site / "ke-hoach-58" / "muc-ii" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../ke-hoach-32/muc-ii-1/#muc-ii-1-2">mục II.1, ý 2 Kế hoạch số 32-KH/ĐU</a>' in section_ii
    assert "theo mục II.7 Kế hoạch số" in section_ii  # the broken reference: the words as written, no link
    cited = (site / "ke-hoach-32" / "muc-ii-1" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../ke-hoach-58/muc-ii/#muc-ii-1-1"' in cited and "Được dẫn chiếu tại" in cited
    printed = (site / "ke-hoach-58" / "ban-in" / "index.html").read_text(encoding="utf-8")
    assert "Nơi nhận:" in printed and "Trần Văn B" in printed
    assert (site / "ke-hoach-58-KH-DU.docx").is_file() and (site / "ke-hoach-58-KH-DU.json").is_file()
