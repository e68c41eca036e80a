"""Input the importer cannot read: one exception type carrying a Vietnamese message saying what to do.

The kind of a file is told by its first bytes, never by its name: a `.doc` renamed `.docx` still gets
the answer for a `.doc`.
"""

from __future__ import annotations

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of Word 97-2003 files and of encrypted .docx
ZIP_MAGIC = b"PK\x03\x04"
PDF_MAGIC = b"%PDF"
RTF_MAGIC = b"{\\rtf"
IMAGE_MAGICS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*", b"GIF8")
# An encrypted .docx is an OLE container with these streams (MS-OFFCRYPTO), names in UTF-16LE.
ENCRYPTED_MARKERS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))


class ImportFailed(Exception):
    """A file the importer cannot read, with a Vietnamese message: what is wrong, what to do instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sniff(data: bytes) -> str:
    """ "docx" or "txt" for a file the importer can read; ImportFailed for anything else."""
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFailed(
            "Tệp trống: không có chữ nào để nhập. Hãy chọn đúng tệp văn bản (.docx hoặc .txt) đã có nội dung."
        )
    if data.startswith(OLE_MAGIC[:4]):
        if any(marker in data for marker in ENCRYPTED_MARKERS):
            raise ImportFailed(
                "Tệp Word này được đặt mật khẩu (mã hoá) nên không đọc được. Hãy mở bằng Word, bỏ mật khẩu "
                "(Tệp > Thông tin > Bảo vệ tài liệu > Mã hoá bằng mật khẩu, xoá mật khẩu rồi bấm OK), "
                "lưu lại thành .docx rồi nhập lại."
            )
        raise ImportFailed(
            "Đây là tệp Word kiểu cũ (.doc, Word 97-2003), không đọc được. Hãy mở bằng Word và lưu thành .docx "
            "(Tệp > Lưu thành > Tài liệu Word (*.docx)) rồi nhập lại tệp .docx đó."
        )
    if data.startswith(PDF_MAGIC):
        raise ImportFailed(
            "Đây là tệp PDF (bản in hoặc bản quét): không lấy được lời văn chính xác từ tệp này. Hãy xin văn phòng "
            "bản Word (.docx) của văn bản, hoặc bản chữ (.txt), rồi nhập tệp đó."
        )
    if any(data.startswith(magic) for magic in IMAGE_MAGICS):
        raise ImportFailed(
            "Đây là tệp ảnh (bản chụp hoặc bản quét), không có lời văn để nhập. Hãy xin văn phòng bản Word (.docx) "
            "của văn bản, hoặc bản chữ (.txt), rồi nhập tệp đó."
        )
    if data.startswith(RTF_MAGIC):
        raise ImportFailed(
            "Đây là tệp RTF, không đọc được. Hãy mở bằng Word và lưu thành .docx rồi nhập lại tệp .docx đó."
        )
    if data.startswith(ZIP_MAGIC):
        return "docx"
    if b"\x00" in data[:4096]:
        raise ImportFailed(
            "Tệp này không phải văn bản chữ (.txt) cũng không phải tệp Word (.docx). Hãy mở văn bản bằng Word "
            "và lưu thành .docx rồi nhập tệp .docx đó."
        )
    return "txt"


def corrupt_docx(reason: str) -> ImportFailed:
    return ImportFailed(
        f"Tệp Word (.docx) bị hỏng hoặc không đầy đủ ({reason}). Hãy mở tệp bằng Word; nếu Word mở được, lưu lại "
        "thành một tệp .docx mới rồi nhập lại; nếu không, xin văn phòng gửi lại tệp."
    )
