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
}
