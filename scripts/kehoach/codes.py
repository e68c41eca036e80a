"""The rule registry: every finding code the checks can report, in one table.

Each rule has a stable code (a retired code is never reused), a slug (the name of its fixture folder,
tests/fixtures/checker/bad/<code>-<slug>/), a severity, and what it means and how it is usually fixed
in the editors' words. Every check emits through this table (`rule("KH108").at(path, line, col,
message)`), so the severity of a code is decided here, once; the code table of CONTRIBUTING.md is
generated from it (`make code-table`), and the tests fail when the two drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .findings import ERROR, WARNING, Finding


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    severity: str
    summary: str  # what the finding means (Markdown, Vietnamese)
    fix: str  # the usual fix (Markdown, Vietnamese)

    def at(self, path: str, line: int, col: int, message: str) -> Finding:
        """A finding of this rule at file:line:col."""
        return Finding(path, line, col, self.code, message, self.severity)


_RULES = (
    # --- KH1xx: data files: reading, syntax and schema (data/*.yml, the official text)
    Rule(
        "KH100",
        "unreadable-file",
        ERROR,
        "Không đọc được tệp dữ liệu hoặc văn bản gốc: tệp bị xoá, đổi tên, hoặc không lưu bằng mã hoá UTF-8; hoặc một văn bản ghi `text` mà không có tệp văn bản gốc `data/<text>.txt`.",
        "Khôi phục tệp (trên GitHub: xem lịch sử tệp, *History*); trong trình soạn thảo, lưu lại với mã hoá UTF-8.",
    ),
    Rule(
        "KH101",
        "yaml-syntax",
        ERROR,
        "Lỗi cú pháp YAML: có ký tự Tab, dấu hai chấm không đúng chỗ, thiếu dấu hai chấm sau tên khoá, thụt lề không khớp, thiếu ngoặc đóng.",
        "Sửa đúng dòng được chỉ ra: thụt lề bằng dấu cách; đặt giá trị có dấu hai chấm trong ngoặc kép.",
    ),
    Rule(
        "KH102",
        "duplicate-key",
        ERROR,
        "Một khoá bị ghi hai lần trong cùng một mục, ví dụ hai dòng `date:`.",
        "Xoá một trong hai dòng, giữ giá trị đúng.",
    ),
    Rule(
        "KH103",
        "missing-key",
        ERROR,
        "Thiếu khoá bắt buộc (ví dụ thiếu `title`, hay `document` của một báo cáo), tệp danh sách không còn là danh sách các mục, tệp của một văn bản hay một báo cáo không phải một bảng khoá (viết thành danh sách `- id: …`, hoặc để trống), hoặc thiếu tệp của chính Kế hoạch (văn bản có `place`).",
        "Thêm khoá còn thiếu; nếu chưa biết giá trị thì ghi `null`. Trong `data/documents/` và `data/reports/`, các khoá viết sát đầu dòng, không có `- id:`.",
    ),
    Rule(
        "KH104",
        "unknown-key",
        ERROR,
        "Khoá không có trong lược đồ, thường do gõ sai: `dat:` thay cho `date:`.",
        "Sửa tên khoá theo gợi ý trong thông báo (bảng khoá ở mục 5).",
    ),
    Rule(
        "KH105",
        "wrong-type",
        ERROR,
        "Giá trị sai kiểu, ví dụ `implements: nq-43-tw` (chữ) thay cho danh sách `[nq-43-tw]`.",
        "Ghi giá trị đúng kiểu như bảng ở mục 5 mô tả.",
    ),
    Rule(
        "KH106",
        "bad-id",
        ERROR,
        "id không đúng dạng: có chữ hoa, dấu tiếng Việt hoặc dấu cách (`NQ 43`); trong `data/documents/` và `data/reports/`, tên tệp (là id) không đúng dạng (`NQ 43.yml`); văn bản được đăng có id trùng một thư mục hoặc trang của chính trang (`don-vi`, `theo-doi`, `moc-thoi-gian`…).",
        "Chỉ dùng chữ thường không dấu, chữ số và dấu gạch nối: `nq-43-tw`; đổi tên tệp theo gợi ý: `nq-43.yml`; văn bản được đăng đặt id theo số hiệu: `ke-hoach-45.yml`.",
    ),
    Rule(
        "KH107",
        "duplicate-id",
        ERROR,
        "Hai mục trong cùng tệp danh sách có cùng id.",
        "Đổi id của một mục, rồi sửa mọi chỗ dùng id đó (macro trong `docs/`, các khoá `issuer`, `owner`, `implements`…).",
    ),
    Rule(
        "KH108",
        "bad-date",
        ERROR,
        "Ngày không có thật (`2023-11-31`: thông báo nói vì sao) hoặc viết kiểu ngày/tháng/năm (`24/11/2023`, `24-11-2023`, `24.11.2023`), ở `date` (văn bản, sửa đổi, quyết định phê duyệt) hoặc ở `when` khi `when` là một ngày.",
        "Viết một ngày có thật dạng năm-tháng-ngày, như thông báo gợi ý: `viết 2023-11-24`.",
    ),
    Rule(
        "KH109",
        "yaml-not-data",
        ERROR,
        "Tệp YAML dùng neo (`&ten`), bí danh (`*ten`), khoá gộp (`<<`) hoặc thẻ kiểu (`!!python/…`, mọi `!thẻ`). Dữ liệu chỉ là chữ, số và danh sách: những thứ đó có thể làm máy dựng trang chạy mã hoặc cạn bộ nhớ.",
        "Bỏ neo, bí danh, thẻ; chép lại giá trị ở mỗi chỗ cần dùng.",
    ),
    Rule(
        "KH110",
        "too-large",
        ERROR,
        "Tệp quá lớn (tệp dữ liệu quá 512 KB hoặc quá 2.000 mục, trang quá 512 KB), lồng nhau quá 24 tầng, một giá trị dài quá 5.000 ký tự, hoặc một trang có quá nhiều dấu `[` (300), `<` (1.000) hay lời gọi macro (100): trình dựng trang đọc những thứ đó rất chậm.",
        "Chia nhỏ nội dung; dữ liệu thật chỉ vài tầng và vài chục KB.",
    ),
    Rule(
        "KH111",
        "official-text-changed",
        ERROR,
        "Văn bản gốc `data/<tên>.txt` của một văn bản được đăng khác bản đã ký: mã SHA-256 của tệp không khớp mã ghi trong `data/<tên>.sha256` (ví dụ `data/ke-hoach-32-KH-DU.sha256`).",
        "Trả lại tệp văn bản gốc. Lời văn chỉ được sửa qua `data/amendments.yml` (mục 3 và mục 5); chỉ người bảo trì cập nhật tệp mã.",
    ),
    # --- KH2xx: document numbers (data/documents/<id>.yml)
    Rule(
        "KH201",
        "number-form",
        ERROR,
        "Số hiệu trong sổ văn bản `data/documents/` không đúng dạng chuẩn `<số>-<loại>/<ký hiệu cơ quan>`: `KH-187`, hoặc có dấu cách như `43 - NQ/TW`.",
        "Viết lại theo dạng được gợi ý: `43-NQ/TW`, không có dấu cách.",
    ),
    Rule(
        "KH202",
        "type-code",
        ERROR,
        "Ký hiệu loại trong số hiệu không khớp với `kind`: số hiệu `21-KL/TW` (KL là Kết luận) nhưng `kind: Chỉ thị`.",
        "Sửa ký hiệu loại (NQ, KH, KL, CT…) hoặc sửa `kind` cho khớp.",
    ),
    Rule(
        "KH203",
        "unknown-kind",
        ERROR,
        "`kind` không có trong danh mục loại văn bản, thường do gõ sai: `Kết luân`.",
        "Dùng đúng một loại trong danh mục: Nghị quyết, Kế hoạch, Kết luận, Chỉ thị, Quyết định, Quy định, Hướng dẫn, Báo cáo, Thông báo, Chương trình, Tờ trình, Thông tri, Quy chế, Công văn.",
    ),
    Rule(
        "KH204",
        "issuer-code",
        ERROR,
        "Ký hiệu cơ quan (phần sau dấu `/`) không khớp với `code` của đơn vị ban hành: `187-KH/ĐUK` trong khi đơn vị ban hành có `code: TU`.",
        "Sửa phần sau dấu «/» của số hiệu, hoặc sửa `issuer`.",
    ),
    Rule(
        "KH205",
        "issuer-without-code",
        ERROR,
        "Đơn vị ban hành chưa có `code`, nên không đối chiếu được phần sau dấu «/» của số hiệu.",
        "Thêm `code` cho đơn vị trong `data/units.yml`, hoặc sửa `issuer`.",
    ),
    Rule(
        "KH206",
        "same-number",
        ERROR,
        "Hai văn bản trong sổ có cùng số hiệu.",
        "Sửa số hiệu sai, hoặc gộp hai mục thành một.",
    ),
    # --- KH3xx: relations between entries
    Rule(
        "KH301",
        "implements-missing",
        ERROR,
        "`implements` nhắc tới một id văn bản không có trong sổ: `nq-43` thay cho `nq-43-tw`.",
        "Sửa id theo gợi ý, hoặc thêm tệp của văn bản vào `data/documents/`.",
    ),
    Rule(
        "KH302",
        "unknown-unit",
        ERROR,
        "`issuer`, `superior`, `parent`, `owner` hoặc `reports_to` (`to`, `via`) nhắc tới một đơn vị không có trong `data/units.yml`.",
        "Sửa id theo gợi ý, hoặc thêm đơn vị vào `data/units.yml`.",
    ),
    Rule(
        "KH303",
        "unknown-section",
        ERROR,
        "`section` (trong `data/deadlines.yml`) hoặc `assigned` (trong `data/units.yml`) ghi một mã trích dẫn không có trong Kế hoạch: `muc-i-9`.",
        "Sửa mã trích dẫn theo gợi ý (xem mục 3).",
    ),
    Rule(
        "KH304",
        "implements-cycle",
        ERROR,
        "Vòng lặp triển khai: văn bản A triển khai B, và B (trực tiếp hoặc qua văn bản khác) lại triển khai A.",
        "Bỏ id được chỉ ra khỏi `implements`.",
    ),
    Rule(
        "KH305",
        "unit-cycle",
        ERROR,
        "Vòng lặp cấp trên: qua các khoá `parent`, một đơn vị trở thành cấp trên của chính đơn vị đó.",
        "Sửa `parent` của đơn vị được chỉ ra.",
    ),
    Rule(
        "KH306",
        "implements-later",
        ERROR,
        "Một văn bản triển khai văn bản ban hành sau văn bản đó, thường do nhầm ngày.",
        "Kiểm tra lại `date` của hai văn bản, hoặc `implements`.",
    ),
    Rule(
        "KH307",
        "plan-cites-later",
        ERROR,
        "Kế hoạch trích dẫn một văn bản có ngày ban hành sau ngày của chính Kế hoạch (06/02/2024).",
        "Kiểm tra lại ngày của văn bản trong sổ, hoặc văn bản được trích dẫn.",
    ),
    Rule(
        "KH308",
        "hierarchy",
        ERROR,
        "Văn bản triển khai văn bản của một đơn vị không phải cấp trên của đơn vị ban hành (theo `parent` trong `data/units.yml`).",
        "Kiểm tra `issuer` của hai văn bản, hoặc `parent` của các đơn vị.",
    ),
    Rule(
        "KH309",
        "reporting-line",
        ERROR,
        "Dòng báo cáo (`reports_to` trong `data/units.yml`) không theo Kế hoạch: mục `section` không nêu đơn vị nhận báo cáo (`to`) hay đơn vị chuyển báo cáo (`via`), hoặc không giao việc cho đơn vị.",
        "Chỉ ghi `reports_to` khi Kế hoạch nêu việc báo cáo, với đúng đơn vị và mục mà Kế hoạch nêu; nếu không, bỏ dòng đó.",
    ),
    Rule(
        "KH310",
        "document-status",
        ERROR,
        "Tình trạng hiệu lực (`status` trong tệp của văn bản, `data/documents/<id>.yml`) ghi đã được thay thế mà thiếu văn bản thay thế, hoặc `replaced_by` nhắc tới một văn bản không có trong sổ.",
        "Ghi `replaced_by` là id của văn bản thay thế (thêm văn bản đó vào sổ nếu chưa có); chỉ ghi `replaced_by` khi `state: replaced`.",
    ),
    Rule(
        "KH311",
        "implements-not-in-text",
        ERROR,
        "Một văn bản được đăng ghi `implements` (triển khai) một văn bản mà văn bản gốc của nó không nêu: trang sẽ ghi «Triển khai thực hiện: …» mà văn bản không nói.",
        "Bỏ id đó khỏi `implements`, hoặc sửa id cho đúng văn bản mà văn bản gốc nêu.",
    ),
    Rule(
        "KH312",
        "implements-missing-from-registry",
        WARNING,
        "Cảnh báo: trích yếu hoặc phần mở đầu của một văn bản được đăng ghi «thực hiện» một văn bản có trong sổ, nhưng `implements` không có văn bản đó.",
        "Thêm id của văn bản đó vào `implements`, để mỗi văn bản hiện văn bản kia («Triển khai thực hiện», «Được triển khai bởi»).",
    ),
    # --- KH4xx: the text of docs/ against the registry
    Rule(
        "KH401",
        "unknown-number",
        ERROR,
        "Trang ghi một số hiệu không có trong sổ văn bản, ví dụ gõ nhầm `44-NQ/TW`.",
        "Sửa số hiệu theo gợi ý, hoặc thêm tệp của văn bản vào `data/documents/`; tốt nhất là dùng macro `doc_number`.",
    ),
    Rule(
        "KH402",
        "page-number-form",
        ERROR,
        "Trang gõ tay một số hiệu chưa đúng dạng chuẩn: `43 - NQ/TW`.",
        'Viết `43-NQ/TW`, hoặc dùng `{{ doc_number("nq-43-tw") }}`.',
    ),
    Rule(
        "KH403",
        "date-mismatch",
        ERROR,
        "Ngày ghi sau số hiệu khác với ngày trong sổ, hoặc `doc_date` đi kèm số hiệu lại lấy ngày của một văn bản khác.",
        "Sửa cho khớp (trên trang hoặc trong sổ); dùng `doc_date` với đúng id của văn bản đứng trước.",
    ),
    Rule(
        "KH404",
        "issuer-name",
        ERROR,
        "Đơn vị ghi sau số hiệu («của …») khác với đơn vị ban hành trong sổ.",
        "Sửa tên đơn vị trên trang, hoặc `issuer` trong sổ.",
    ),
    Rule(
        "KH405",
        "assignment",
        ERROR,
        "Một mục ghi trong `assigned` của đơn vị không nhắc tới tên (hay cách viết khác) của đơn vị đó.",
        "Sửa `assigned` cho đúng mục giao việc, hoặc thêm cách gọi của Kế hoạch vào `aliases`.",
    ),
    Rule(
        "KH406",
        "unused",
        WARNING,
        "Cảnh báo (không chặn việc dựng trang): văn bản hoặc đơn vị có trong sổ nhưng không được dùng ở đâu.",
        "Trích dẫn hoặc dùng mục đó, hoặc xoá mục đó khỏi `data/`.",
    ),
    Rule(
        "KH407",
        "owner-not-named",
        ERROR,
        "`owner` của một mốc trong `data/deadlines.yml` là đơn vị mà mục `section` không nêu tên.",
        "Ghi `owner` là đơn vị mà mục đó nêu; nếu Kế hoạch không nêu đơn vị nào, ghi `owner: null`.",
    ),
    Rule(
        "KH408",
        "unassigned-mention",
        WARNING,
        "Cảnh báo: một ý (hoặc mục không chia ý) của Kế hoạch nhắc tới tên một đơn vị do Đảng ủy Sở chỉ đạo nhưng không giao cho đơn vị đó, và chưa ghi lý do; hoặc một lý do trong `not_assigned` không còn đúng.",
        "Thêm mục vào `assigned` của đơn vị nếu mục giao việc cho đơn vị; nếu không, ghi vào `not_assigned` của đơn vị: `section` và `reason` (ví dụ: mục chỉ nêu đơn vị là đối tượng cần nâng cao nhận thức).",
    ),
    # --- KH5xx: pages: macro calls and citation ids
    Rule(
        "KH501",
        "unknown-macro",
        ERROR,
        "Trang gọi một macro không tồn tại, thường do gõ sai tên: `doc_numbr`.",
        "Sửa tên macro theo gợi ý, hoặc theo danh sách ở mục 4.",
    ),
    Rule(
        "KH502",
        "unknown-id",
        ERROR,
        'Macro được gọi với một id không có trong dữ liệu: `doc_date("kh-187")`.',
        "Sửa id theo gợi ý trong thông báo, hoặc thêm mục đó vào `data/`.",
    ),
    Rule(
        "KH503",
        "missing-data",
        ERROR,
        "Macro cần một thông tin mà dữ liệu chưa có: `doc_number` cho văn bản có `number: null`, `doc_date` cho văn bản có `date: null`.",
        "Dùng `doc_link` với đúng lời của Kế hoạch, hoặc bổ sung số hiệu, ngày đã kiểm chứng (kèm `source`).",
    ),
    Rule(
        "KH504",
        "unknown-citation-id",
        ERROR,
        "Mã trích dẫn `{ #muc-… }` không có trong Kế hoạch, ví dụ `{ #muc-iii-5 }` khi phần III chỉ có hai mục.",
        "Sửa mã theo cấu trúc của Kế hoạch (mục 3), thường chỉ là gõ nhầm số.",
    ),
    Rule(
        "KH505",
        "duplicate-citation-id",
        ERROR,
        "Một mã trích dẫn được dùng hai lần (ở cùng trang hoặc hai trang).",
        "Mỗi phần của Kế hoạch chỉ mang một mã; xoá mã thừa, trả lại mã đúng cho phần bị nhầm.",
    ),
    Rule(
        "KH506",
        "template-code",
        ERROR,
        "Trang có cú pháp mẫu không phải lời gọi macro: biểu thức hay biến (`{{ config }}`), thuộc tính (`{{ a.b }}`), bộ lọc (như `safe`, `upper` viết sau dấu gạch đứng), câu lệnh `{% … %}` (vòng lặp, `include`, `import`), chú thích `{# … #}`.",
        'Chỉ gọi macro trong danh sách ở mục 4, đối số là chữ trong ngoặc kép: `{{ doc_number("nq-43-tw") }}`.',
    ),
    Rule(
        "KH507",
        "anchor-typo",
        ERROR,
        "Mã trích dẫn viết liền `{#muc-iii-1}`: `{#` mở một chú thích mẫu và nuốt mất chữ phía sau.",
        "Viết có dấu cách: `{ #muc-iii-1 }`.",
    ),
    Rule(
        "KH508",
        "unclosed-macro-call",
        ERROR,
        'Lời gọi macro chưa đóng hoặc sai ngoặc: `{{ doc_number("nq-43-tw" }}`, hay `{{` không có `}}`.',
        'Viết đủ: `{{ doc_number("nq-43-tw") }}`.',
    ),
    Rule(
        "KH509",
        "front-matter",
        ERROR,
        'Phần đầu trang (giữa hai dòng `---`) có khoá không được dùng, hoặc giá trị có ký tự HTML (`<`, `>`, `"`, `&`) hay xuống dòng: giao diện ghi các giá trị này thẳng vào mã HTML của trang.',
        "Chỉ dùng `title`, `description`, `kh_print_plan`, `search`, `hide`; giá trị là một dòng chữ thường.",
    ),
    # --- KH6xx: text hygiene (docs/ and data/)
    Rule(
        "KH510",
        "folder-not-a-document",
        ERROR,
        "Một thư mục của `docs/` có trang mang lời văn bản (mã trích dẫn `{ #muc-… }` hoặc `plan_header()`) nhưng sổ văn bản không có văn bản được công bố nào mang id là tên thư mục đó (khoá `text`).",
        "Thêm mục của văn bản vào sổ (`data/documents.yml`, có khoá `text`), hoặc đặt trang vào đúng thư mục `docs/<id văn bản>/`.",
    ),
    Rule(
        "KH511",
        "clause-unknown-document",
        ERROR,
        'Lời dẫn chiếu `clause("…", "…")` ghi một id văn bản không có trong sổ văn bản.',
        "Sửa id theo gợi ý trong thông báo, hoặc thêm văn bản đó vào sổ.",
    ),
    Rule(
        "KH512",
        "clause-unpublished-document",
        WARNING,
        'Lời dẫn chiếu `clause("…", "…")` trỏ tới một văn bản có trong sổ nhưng chưa được công bố trên trang: không kiểm tra được mục, trang hiện số hiệu và ngày của văn bản, liên kết tới mục của văn bản trong «Văn bản liên quan».',
        "Giữ nguyên nếu văn bản chưa được đăng; khi đăng văn bản đó, lời dẫn chiếu tự trỏ tới đúng mục.",
    ),
    Rule(
        "KH513",
        "clause-unknown-clause",
        ERROR,
        'Lời dẫn chiếu `clause("ke-hoach-32", "muc-iii-5")` ghi một mã trích dẫn không có trong văn bản được dẫn chiếu.',
        "Sửa mã theo gợi ý trong thông báo (các mã gần nhất của văn bản đó), hoặc dẫn chiếu đúng văn bản.",
    ),
    Rule(
        "KH514",
        "clause-typed-as-text",
        WARNING,
        "Trang gõ tay một lời dẫn chiếu tới mục của một văn bản được công bố («mục II.2 Kế hoạch số 32-KH/ĐU»): lời đó không được kiểm tra, không có liên kết, và mục được dẫn chiếu không biết mình được dẫn chiếu.",
        'Thay bằng macro, giữ nguyên lời của văn bản: `{{ clause("ke-hoach-32", "muc-ii-2", "mục II.2 Kế hoạch số 32-KH/ĐU") }}`.',
    ),
    Rule(
        "KH600",
        "not-utf8",
        ERROR,
        "Trang không đọc được, hoặc không được lưu bằng mã hoá UTF-8.",
        "Lưu lại tệp với mã hoá UTF-8.",
    ),
    Rule(
        "KH601",
        "not-nfc",
        ERROR,
        "Chữ có dấu được ghép bằng dấu tổ hợp tách rời (không ở dạng chuẩn NFC): trông giống nhưng tìm kiếm và kiểm tra coi là chữ khác.",
        "Gõ lại bằng bộ gõ với bảng mã Unicode dựng sẵn (Unikey: bảng mã «Unicode»).",
    ),
    Rule(
        "KH602",
        "invisible-character",
        ERROR,
        "Ký tự vô hình (dấu cách độ rộng 0, ký tự điều khiển, ký tự đổi chiều chữ), hay lẫn vào khi dán từ Word hoặc trang web.",
        "Xoá ký tự ở cột được chỉ ra (xoá cả chữ đó rồi gõ lại).",
    ),
    Rule(
        "KH603",
        "legacy-encoding",
        ERROR,
        "Chữ mã cũ TCVN3 (ABC) hoặc VNI bị hiển thị sai, ví dụ «§¶ng» hay «Ñaûng» thay cho «Đảng».",
        "Chuyển mã sang Unicode (Unikey: Công cụ chuyển mã) hoặc gõ lại.",
    ),
    Rule(
        "KH604",
        "dash-nbsp",
        ERROR,
        "Dòng bắt đầu bằng dấu gạch liền với dấu cách không ngắt: trên trang không thành gạch đầu dòng.",
        "Thay dấu cách không ngắt bằng dấu cách thường: `- Nội dung`.",
    ),
    Rule(
        "KH605",
        "lookalike-letters",
        ERROR,
        "Một chữ lẫn chữ cái Kirin, Hy Lạp (hay bảng chữ khác: chữ toàn khổ, chữ kiểu toán học…, hay chữ Latinh ngoài bảng chữ tiếng Việt như «ı» không chấm, «ɑ») trông giống chữ Latinh (`сhức` với «с» Kirin), hoặc một chữ như thế đứng giữa câu tiếng Việt: người đọc thấy như nhau, nhưng tìm kiếm và mọi phép so sánh đọc thành chữ khác. Kiểm tra ở mọi trang và mọi giá trị trong `data/`.",
        "Xoá chữ được chỉ ra và gõ lại bằng bộ gõ tiếng Việt (đừng dán từ nguồn khác).",
    ),
    # --- KH7xx: text lock and amendments (data/amendments.yml)
    Rule(
        "KH701",
        "amendment-section",
        ERROR,
        "Sửa đổi trong `data/amendments.yml` ghi `section` không có trong Kế hoạch.",
        "Sửa `section` thành mã trích dẫn đúng, ví dụ `muc-ii-2-4`.",
    ),
    Rule(
        "KH702",
        "amendment-before",
        ERROR,
        "Lời văn `before` của sửa đổi không có trong mục đó của văn bản gốc.",
        "Chép đúng từng chữ của bản đã ký trong mục đó (khoảng trắng không tính).",
    ),
    Rule(
        "KH703",
        "amendment-in-future",
        ERROR,
        "Ngày sửa đổi, hoặc ngày của văn bản phê duyệt, ở tương lai.",
        "Chỉ ghi sửa đổi đã có hiệu lực, với ngày thật.",
    ),
    Rule(
        "KH704",
        "amendment-decision",
        ERROR,
        "`decision` không phải «đính chính», cũng không phải số hiệu và ngày của văn bản phê duyệt.",
        "Ghi `đính chính`, hoặc `{number: 45-QĐ/ĐU, date: 2024-03-01}`.",
    ),
    Rule(
        "KH705",
        "recorded-not-applied",
        ERROR,
        "Sửa đổi đã ghi trong `data/amendments.yml` nhưng chữ trên trang vẫn là lời văn cũ (`before`).",
        "Sửa chữ trên trang cho khớp lời văn sau sửa đổi (`after`); sửa đổi đã được ghi, không cần ghi thêm.",
    ),
    Rule(
        "KH710",
        "text-changed",
        ERROR,
        "Chữ trên trang khác văn bản gốc mà không có sửa đổi nào được ghi nhận; trang không được dựng. Thông báo chỉ ra chữ bị khác.",
        "Trả lại đúng chữ của bản đã ký; nếu thay đổi đã được phê duyệt, ghi thay đổi đó vào `data/amendments.yml`.",
    ),
    # --- KH8xx: raw HTML and files in docs/ and data/
    Rule(
        "KH801",
        "script-tag",
        ERROR,
        "Trang hoặc dữ liệu có thẻ `<script>`.",
        "Xoá thẻ; trang của Kế hoạch không chạy mã riêng.",
    ),
    Rule(
        "KH802",
        "event-handler",
        ERROR,
        "Thẻ HTML có thuộc tính sự kiện (`onclick`, `onload`…) chạy mã.",
        "Xoá thuộc tính đó.",
    ),
    Rule(
        "KH803",
        "javascript-url",
        ERROR,
        "Liên kết `javascript:` chạy mã khi bấm, hoặc địa chỉ có lược đồ khác `http:`, `https:`, `mailto:`, `tel:` (như `data:`), kể cả liên kết Markdown viết kiểu tham chiếu.",
        "Dùng liên kết thường tới một trang.",
    ),
    Rule(
        "KH804",
        "embedded-frame",
        ERROR,
        "Thẻ nhúng khung hoặc trình cắm (`<iframe>`, `<object>`, `<embed>`…).",
        "Thay bằng một liên kết thường.",
    ),
    Rule(
        "KH805",
        "third-party-resource",
        ERROR,
        "Ảnh, mã, kiểu chữ hoặc tài nguyên khác tải từ trang web khác.",
        "Lưu tệp vào `docs/assets/` và dẫn tới bản lưu đó.",
    ),
    Rule(
        "KH806",
        "not-a-plain-file",
        ERROR,
        "Trong `docs/`, `data/` hoặc `overrides/` có liên kết tượng trưng (symlink) hay tệp đặc biệt: trang web chỉ công bố tệp thật của kho, không bao giờ chép tệp của máy dựng trang.",
        "Xoá liên kết; chép nội dung cần dùng vào một tệp thường trong kho.",
    ),
    Rule(
        "KH807",
        "html-not-allowed",
        ERROR,
        "Trang có thẻ hay thuộc tính HTML không nằm trong danh sách được phép (chỉ `<br>`, `<abbr title>`, `<sup>`, `<sub>`), chú thích `<!-- … -->`, mã ký tự HTML như `&#1089;`, hoặc danh sách thuộc tính `{ … }` đặt thứ khác ngoài id; hoặc một giá trị trong `data/` có thẻ HTML (giá trị là chữ, trang hiện nguyên văn).",
        "Viết bằng Markdown như thông báo gợi ý (liên kết, ảnh, chữ đậm, bảng), hoặc bỏ thẻ; danh sách và lý do ở mục 3.",
    ),
    Rule(
        "KH808",
        "html-in-official-text",
        ERROR,
        "Trang đăng lời văn của Kế hoạch có HTML (thẻ, chú thích), cách viết Markdown ngoài đoạn, tiêu đề và danh sách (liên kết, chữ đậm, chữ nghiêng, trích dẫn `>`, đường kẻ, khối mã), hoặc danh sách thuộc tính `{ … }` đặt thứ khác ngoài mã trích dẫn: thứ đó có thể ẩn, thu gọn, gạch, thu nhỏ hay đảo chỗ lời văn chính thức.",
        "Xoá thẻ hoặc thuộc tính, giữ nguyên chữ; danh sách thuộc tính trên trang này chỉ ghi `{ #muc-… }`.",
    ),
    Rule(
        "KH810",
        "file-kind",
        ERROR,
        "Trong `docs/` có tệp không thuộc dạng được phép (ngoài `docs/assets/` chỉ có trang `.md`, tệp PDF, ảnh PNG, JPEG), tệp có đuôi không khớp nội dung (các byte đầu), hoặc tệp quá lớn (PDF quá 20 MB, ảnh quá 2 MB). Tệp `.html` trong `docs/` sẽ được đăng như một trang mà không qua kiểm tra nào. Trong `data/documents/` và `data/reports/` có tệp không phải `<id>.yml` (`README.md`, `.yaml`) hoặc có thư mục con.",
        "Xoá tệp, hoặc lưu nó đúng dạng (xuất ra PDF, lưu ảnh PNG/JPEG), nén cho nhỏ hơn giới hạn; tệp của sổ đổi tên thành `<id>.yml`.",
    ),
    # --- KH9xx: the reports register (data/reports/<id>.yml)
    Rule(
        "KH901",
        "report-unit",
        ERROR,
        "Báo cáo trong `data/reports/` ghi `unit` không có trong `data/units.yml`.",
        "Sửa `unit` theo gợi ý, hoặc thêm đơn vị vào `data/units.yml`.",
    ),
    Rule(
        "KH902",
        "report-item",
        ERROR,
        "Báo cáo ghi trong `covers` một mục không có trong Kế hoạch.",
        "Sửa mã trích dẫn theo gợi ý (`muc-iii-2` …).",
    ),
    Rule(
        "KH903",
        "report-unassigned",
        WARNING,
        "Cảnh báo: báo cáo ghi trong `covers` một mục không giao cho đơn vị đó (kể cả mục thừa hưởng từ đơn vị chung).",
        "Kiểm tra `covers`, `unit`, hoặc `assigned` của đơn vị.",
    ),
    Rule(
        "KH904",
        "report-date",
        ERROR,
        "Ngày báo cáo trước ngày ban hành Kế hoạch, hoặc sau hôm nay.",
        "Ghi đúng ngày ghi trên báo cáo đã nhận.",
    ),
    Rule(
        "KH905",
        "report-number",
        ERROR,
        "Số hiệu báo cáo không đúng dạng chuẩn `<số>-BC/<ký hiệu>`.",
        "Viết lại theo gợi ý, ví dụ `07-BC/CB`, không có dấu cách.",
    ),
    Rule(
        "KH906",
        "report-type",
        ERROR,
        "Ký hiệu loại trong số hiệu không phải loại báo cáo (`BC`).",
        "Sửa ký hiệu loại thành `BC`; văn bản không phải báo cáo không ghi vào sổ này.",
    ),
    Rule(
        "KH907",
        "report-issuer",
        ERROR,
        "Ký hiệu cơ quan trong số hiệu báo cáo khác `code` của đơn vị gửi.",
        "Sửa phần sau dấu `/` của số hiệu, hoặc sửa `unit`.",
    ),
    Rule(
        "KH908",
        "report-same-number",
        ERROR,
        "Hai báo cáo trong sổ có cùng số hiệu.",
        "Sửa số hiệu sai, hoặc xoá mục ghi trùng.",
    ),
    Rule(
        "KH909",
        "report-file",
        ERROR,
        "Tệp của báo cáo (`file`) không có trong `docs/`, hoặc ở trang web khác.",
        "Đặt tệp PDF vào `docs/` và ghi đường dẫn tính từ `docs/`, hoặc bỏ khoá `file`.",
    ),
    Rule(
        "KH910",
        "report-not-pdf",
        ERROR,
        "Tệp của báo cáo (`file`) không phải PDF (xét theo các byte đầu `%PDF-`, không theo tên tệp), hoặc nặng quá 20 MB.",
        "Xuất báo cáo ra PDF, quét ở 150 dpi hoặc nén PDF cho dưới 20 MB, rồi ghi đường dẫn tới tệp đó.",
    ),
    Rule(
        "KH911",
        "report-document",
        ERROR,
        "Báo cáo ghi `document` không phải một văn bản được công bố trong sổ văn bản (văn bản có khoá `text` trong `data/documents/`).",
        "Ghi id của văn bản mà báo cáo trả lời, theo gợi ý: `document: ke-hoach-32`.",
    ),
)

RULES: dict[str, Rule] = {r.code: r for r in _RULES}


def rule(code: str) -> Rule:
    """The rule of `code`; a code missing from the table is a programming error (KeyError)."""
    return RULES[code]


# --- the code table of CONTRIBUTING.md -----------------------------------------------------------------

TABLE_START = "<!-- bảng mã lỗi: sinh từ scripts/kehoach/codes.py bằng `make code-table`; đừng sửa tay -->"
TABLE_END = "<!-- hết bảng mã lỗi -->"
_TABLE_BLOCK = re.compile(re.escape(TABLE_START) + r"\n.*?" + re.escape(TABLE_END), re.S)


def code_table() -> str:
    """The Markdown table of every rule, as the editors' guide shows it."""
    rows = [f"| {r.code} | {r.summary} | {r.fix} |" for r in RULES.values()]
    return "\n".join(["| Mã | Ý nghĩa | Cách sửa thường gặp |", "|---|---|---|", *rows]) + "\n"


def with_code_table(guide: str) -> str:
    """`guide` (CONTRIBUTING.md) with the block between TABLE_START and TABLE_END rewritten from RULES."""
    if len(_TABLE_BLOCK.findall(guide)) != 1:
        raise ValueError(f"CONTRIBUTING.md must hold exactly one block from «{TABLE_START}» to «{TABLE_END}»")
    return _TABLE_BLOCK.sub(lambda _: f"{TABLE_START}\n{code_table()}{TABLE_END}", guide)
