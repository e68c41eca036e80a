"""Every finding code the checks can report, with what it means and the usual fix, for editors.

CONTRIBUTING.md documents each code; a test keeps the two in agreement. Codes are stable: a code
that is retired is never reused.
"""

CODES: dict[str, tuple[str, str]] = {
    # data files
    "KH100": ("Không đọc được tệp dữ liệu hoặc văn bản gốc.", "Khôi phục tệp, lưu với mã hoá UTF-8."),
    "KH101": ("Lỗi cú pháp YAML.", "Sửa dòng được chỉ ra: thụt lề bằng dấu cách, đặt giá trị có dấu hai chấm trong ngoặc kép."),
    "KH102": ("Một khoá bị ghi hai lần trong cùng một mục.", "Xoá một trong hai dòng, giữ giá trị đúng."),
    "KH103": ("Thiếu khoá bắt buộc, hoặc tệp không phải danh sách các mục.", "Thêm khoá còn thiếu (giá trị null nếu chưa rõ)."),
    "KH104": ("Khoá không có trong lược đồ (thường do gõ sai).", "Sửa tên khoá theo gợi ý."),
    "KH105": ("Giá trị sai kiểu (ví dụ chữ thay cho danh sách).", "Ghi giá trị đúng kiểu như lược đồ mô tả."),
    "KH106": ("id không đúng dạng.", "Chỉ dùng chữ thường không dấu, chữ số và dấu gạch nối."),
    "KH107": ("id bị trùng.", "Đổi id của một mục cho khác đi, rồi sửa các chỗ dùng id đó."),
    "KH108": ("Ngày không có thật hoặc sai dạng.", "Viết ngày có thật dạng YYYY-MM-DD."),
    # pages
    "KH501": ("Trang gọi một macro không tồn tại.", "Sửa tên macro theo danh sách trong hướng dẫn."),
    "KH502": ("Macro được gọi với một id không có trong dữ liệu.", "Sửa id theo gợi ý, hoặc thêm mục vào data/."),
    "KH503": ("Macro cần một thông tin mà dữ liệu chưa có (số hiệu, ngày).", "Dùng doc_link, hoặc bổ sung dữ liệu đã kiểm chứng."),
    "KH504": ("Mã trích dẫn { #muc-… } không có trong Kế hoạch.", "Sửa mã theo cấu trúc của Kế hoạch (muc-ii-2-4 …)."),
    "KH505": ("Một mã trích dẫn được dùng hai lần.", "Mỗi mục chỉ mang một mã; xoá mã thừa."),
    # text lock and amendments (data/amendments.yml)
    "KH701": ("Sửa đổi ghi một mục không có trong Kế hoạch.", "Sửa «section» thành mã trích dẫn đúng, ví dụ muc-ii-2-4."),
    "KH702": ("Lời văn «before» của sửa đổi không có trong mục đó của văn bản gốc.",
              "Chép đúng từng chữ của bản đã ký trong mục đó (khoảng trắng không tính)."),
    "KH703": ("Ngày sửa đổi hoặc ngày của quyết định ở tương lai.", "Chỉ ghi sửa đổi đã có hiệu lực, với ngày thật."),
    "KH704": ("«decision» không phải «đính chính» cũng không phải số hiệu và ngày của văn bản phê duyệt.",
              "Ghi «đính chính», hoặc {number: 45-QĐ/ĐU, date: 2024-03-01}."),
    "KH710": ("Chữ trên trang khác văn bản gốc mà không có sửa đổi nào được ghi nhận (trang không được dựng).",
              "Trả lại đúng chữ của bản đã ký; nếu thay đổi đã được phê duyệt, ghi nó vào data/amendments.yml."),
    # raw HTML in docs/ and data/
    "KH801": ("Trang hoặc dữ liệu có thẻ <script>.", "Xoá thẻ; trang của Kế hoạch không chạy mã riêng."),
    "KH802": ("Thẻ HTML có thuộc tính sự kiện (onclick, onload…) chạy mã.", "Xoá thuộc tính đó."),
    "KH803": ("Liên kết «javascript:» chạy mã khi bấm.", "Dùng liên kết thường tới một trang."),
    "KH804": ("Thẻ nhúng khung hoặc trình cắm (<iframe>, <object>, <embed>…).", "Thay bằng một liên kết thường."),
    "KH805": ("Ảnh, mã, kiểu chữ hoặc tài nguyên khác tải từ trang web khác.", "Lưu tệp vào docs/assets/ và dẫn tới bản lưu đó."),
}
