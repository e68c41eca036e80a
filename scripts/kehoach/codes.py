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
    # document numbers (data/documents.yml)
    "KH201": ("Số hiệu văn bản không đúng dạng chuẩn <số>-<loại>/<ký hiệu cơ quan>.", "Viết lại theo dạng được gợi ý, ví dụ 43-NQ/TW, không có dấu cách."),
    "KH202": ("Ký hiệu loại trong số hiệu không khớp với loại văn bản (kind).", "Sửa ký hiệu loại (NQ, KH, KL, CT…) hoặc sửa kind cho khớp."),
    "KH203": ("Loại văn bản (kind) không có trong danh mục.", "Dùng một loại trong danh mục: Nghị quyết, Kế hoạch, Kết luận, Chỉ thị…"),
    "KH204": ("Ký hiệu cơ quan trong số hiệu không khớp với code của đơn vị ban hành.", "Sửa phần sau dấu «/» của số hiệu, hoặc sửa issuer."),
    "KH205": ("Đơn vị ban hành chưa có ký hiệu (code) để đối chiếu số hiệu.", "Thêm code cho đơn vị trong data/units.yml, hoặc sửa issuer."),
    "KH206": ("Hai văn bản trong sổ có cùng số hiệu.", "Sửa số hiệu sai, hoặc gộp hai mục thành một."),
    # relations between entries
    "KH301": ("implements nhắc tới một văn bản không có trong sổ.", "Sửa id theo gợi ý, hoặc thêm văn bản vào data/documents.yml."),
    "KH302": ("issuer, superior, parent hoặc owner nhắc tới một đơn vị không có.", "Sửa id theo gợi ý, hoặc thêm đơn vị vào data/units.yml."),
    "KH303": ("section hoặc assigned nhắc tới một mục không có trong Kế hoạch.", "Sửa mã trích dẫn theo gợi ý (muc-ii-2-4 …)."),
    "KH304": ("Vòng lặp triển khai: văn bản gián tiếp triển khai chính nó.", "Bỏ id được chỉ ra khỏi implements."),
    "KH305": ("Vòng lặp cấp trên: đơn vị gián tiếp là cấp trên của chính nó.", "Sửa parent của đơn vị được chỉ ra."),
    "KH306": ("Văn bản triển khai một văn bản ban hành sau nó.", "Kiểm tra lại ngày (date) của hai văn bản, hoặc implements."),
    "KH307": ("Kế hoạch trích dẫn một văn bản ban hành sau ngày của Kế hoạch.", "Kiểm tra lại ngày của văn bản trong sổ, hoặc văn bản được trích dẫn."),
    "KH308": ("Văn bản triển khai văn bản của một đơn vị không phải cấp trên của đơn vị ban hành.", "Kiểm tra issuer của hai văn bản, hoặc parent của các đơn vị."),
    # the text of docs/
    "KH401": ("Trang ghi một số hiệu không có trong sổ văn bản.", "Sửa số hiệu theo gợi ý, hoặc thêm văn bản vào data/documents.yml."),
    "KH402": ("Trang ghi số hiệu chưa đúng dạng chuẩn.", "Viết số hiệu dạng chuẩn, hoặc dùng macro doc_number."),
    "KH403": ("Ngày ghi sau số hiệu khác với ngày trong sổ văn bản.", "Sửa ngày cho khớp (trong trang hoặc trong sổ); dùng doc_date với đúng id."),
    "KH404": ("Đơn vị ghi sau số hiệu («của …») khác với đơn vị ban hành trong sổ.", "Sửa tên đơn vị trong trang, hoặc issuer trong sổ."),
    "KH405": ("Mục giao việc (assigned) không nhắc tới tên đơn vị.", "Sửa assigned cho đúng mục, hoặc thêm cách gọi của Kế hoạch vào aliases."),
    "KH406": ("Cảnh báo: văn bản hoặc đơn vị trong sổ không được dùng ở đâu.", "Trích dẫn hoặc dùng mục đó, hoặc xoá nó khỏi data/."),
    # pages
    "KH501": ("Trang gọi một macro không tồn tại.", "Sửa tên macro theo danh sách trong hướng dẫn."),
    "KH502": ("Macro được gọi với một id không có trong dữ liệu.", "Sửa id theo gợi ý, hoặc thêm mục vào data/."),
    "KH503": ("Macro cần một thông tin mà dữ liệu chưa có (số hiệu, ngày).", "Dùng doc_link, hoặc bổ sung dữ liệu đã kiểm chứng."),
    "KH504": ("Mã trích dẫn { #muc-… } không có trong Kế hoạch.", "Sửa mã theo cấu trúc của Kế hoạch (muc-ii-2-4 …)."),
    "KH505": ("Một mã trích dẫn được dùng hai lần.", "Mỗi mục chỉ mang một mã; xoá mã thừa."),
    # text hygiene (docs/ and data/)
    "KH600": ("Trang không đọc được hoặc không phải UTF-8.", "Lưu lại tệp với mã hoá UTF-8."),
    "KH601": ("Chữ viết bằng dấu tổ hợp tách rời, không ở dạng chuẩn NFC.", "Gõ lại bằng bộ gõ Unicode dựng sẵn (Unikey: bảng mã Unicode)."),
    "KH602": ("Ký tự vô hình: độ rộng 0, điều khiển, đổi chiều chữ.", "Xoá ký tự ở cột được chỉ ra."),
    "KH603": ("Chữ mã cũ TCVN3 (ABC) hoặc VNI bị hiển thị sai, ví dụ «§¶ng» thay cho «Đảng».", "Chuyển mã sang Unicode (Unikey: Công cụ chuyển mã) hoặc gõ lại."),
    "KH604": ("Dòng bắt đầu bằng dấu gạch liền dấu cách không ngắt: không thành ý gạch đầu dòng.", "Thay dấu cách không ngắt bằng dấu cách thường: «- Nội dung»."),
    # text lock and amendments (data/amendments.yml)
    "KH701": ("Sửa đổi ghi một mục không có trong Kế hoạch.", "Sửa «section» thành mã trích dẫn đúng, ví dụ muc-ii-2-4."),
    "KH702": ("Lời văn «before» của sửa đổi không có trong mục đó của văn bản gốc.",
              "Chép đúng từng chữ của bản đã ký trong mục đó (khoảng trắng không tính)."),
    "KH703": ("Ngày sửa đổi hoặc ngày của quyết định ở tương lai.", "Chỉ ghi sửa đổi đã có hiệu lực, với ngày thật."),
    "KH704": ("«decision» không phải «đính chính» cũng không phải số hiệu và ngày của văn bản phê duyệt.",
              "Ghi «đính chính», hoặc {number: 45-QĐ/ĐU, date: 2024-03-01}."),
    "KH705": ("Sửa đổi đã ghi trong data/amendments.yml nhưng chữ trên trang chưa được sửa theo.",
              "Sửa chữ trên trang cho khớp lời văn sau sửa đổi («after»); không cần ghi thêm gì."),
    "KH710": ("Chữ trên trang khác văn bản gốc mà không có sửa đổi nào được ghi nhận (trang không được dựng).",
              "Trả lại đúng chữ của bản đã ký; nếu thay đổi đã được phê duyệt, ghi nó vào data/amendments.yml."),
    # raw HTML in docs/ and data/
    "KH801": ("Trang hoặc dữ liệu có thẻ <script>.", "Xoá thẻ; trang của Kế hoạch không chạy mã riêng."),
    "KH802": ("Thẻ HTML có thuộc tính sự kiện (onclick, onload…) chạy mã.", "Xoá thuộc tính đó."),
    "KH803": ("Liên kết «javascript:» chạy mã khi bấm.", "Dùng liên kết thường tới một trang."),
    "KH804": ("Thẻ nhúng khung hoặc trình cắm (<iframe>, <object>, <embed>…).", "Thay bằng một liên kết thường."),
    "KH805": ("Ảnh, mã, kiểu chữ hoặc tài nguyên khác tải từ trang web khác.", "Lưu tệp vào docs/assets/ và dẫn tới bản lưu đó."),
}
