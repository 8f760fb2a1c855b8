"""The one message catalogue: every text a user reads, in Vietnamese and English, keyed by error code.

Library errors carry a code and parameters (:mod:`qrsign.errors`); this module
turns them into sentences that say what is wrong and how to fix it. The CLI
adds where (file, sheet, row, column). Vietnamese is the default language; the
CLI switches with ``--lang en`` or ``QRSIGN_LANG=en``. JSON keys, field names and
codes never change with the language.
"""

from __future__ import annotations

import string
from typing import Any

LANGS = ("vi", "en")

#: How each field is called in each language (matches the starter workbook's headers).
FIELD_NAMES: dict[str, dict[str, str]] = {
    "name": {"vi": "Họ và tên", "en": "name"},
    "stall": {"vi": "Số quầy", "en": "stall"},
    "bank": {"vi": "Ngân hàng", "en": "bank"},
    "bank_bin": {"vi": "Ngân hàng", "en": "bank"},
    "account": {"vi": "Số tài khoản", "en": "account number"},
    "trade": {"vi": "Ngành hàng", "en": "trade"},
    "phone": {"vi": "Số điện thoại", "en": "phone"},
    "market": {"vi": "Chợ", "en": "market"},
    "zone": {"vi": "Khu", "en": "zone"},
    "note": {"vi": "Ghi chú", "en": "note"},
    "index": {"vi": "STT", "en": "row number (STT)"},
    "holder": {"vi": "Tên chủ tài khoản", "en": "holder's name"},
    "stall_line": {"vi": "Dòng quầy và chợ", "en": "stall and market line"},
    "bank_name": {"vi": "Tên đầy đủ của ngân hàng", "en": "bank's full name"},
    "account_grouped": {"vi": "Số tài khoản", "en": "account number"},
    "amount": {"vi": "Số tiền", "en": "amount"},
    "purpose": {"vi": "Nội dung chuyển khoản", "en": "purpose"},
}

# Each entry: code -> (Vietnamese, English). Placeholders: {field} (display name), {value}, and the
# error's params. Keep them short: what is wrong, then how to fix it.
CATALOGUE: dict[str, tuple[str, str]] = {
    # --- payload codec -------------------------------------------------------------------------
    "E-PAYLOAD-BIN": (
        "Mã BIN ngân hàng phải có đúng 6 chữ số, đang là “{value}”.",
        "The bank BIN must be exactly 6 digits, got “{value}”.",
    ),
    "E-PAYLOAD-FIELD-EMPTY": (
        "Trường {field} của mã QR bị rỗng: VietQR không cho phép trường rỗng.",
        "Field {field} of the payload is empty; VietQR does not allow empty fields.",
    ),
    "E-PAYLOAD-FIELD-LEN": (
        "Trường {field} dài {length} ký tự, vượt giới hạn {limit} của VietQR.",
        "Field {field} is {length} characters long, over VietQR's limit of {limit}.",
    ),
    "E-PAYLOAD-TRUNCATED": (
        "Mã QR bị cụt ở trường {field}: thiếu ký tự. Hãy sao chép lại toàn bộ nội dung mã.",
        "The payload is truncated at field {field}: characters are missing. Copy the whole payload again.",
    ),
    "E-PAYLOAD-TLV": (
        "Mã QR sai cấu trúc ở trường {field} (“{value}” không phải mã + độ dài 2 chữ số).",
        "The payload is malformed at field {field} (“{value}” is not a 2-digit ID and length).",
    ),
    "E-PAYLOAD-DUPLICATE": (
        "Trường {field} xuất hiện hai lần trong mã QR.",
        "Field {field} appears twice in the payload.",
    ),
    "E-PAYLOAD-NO-CRC": (
        "Mã QR không kết thúc bằng mã kiểm tra CRC (6304 + 4 ký tự).",
        "The payload does not end with its CRC field (6304 + 4 hex digits).",
    ),
    "E-PAYLOAD-CRC": (
        "Mã kiểm tra CRC sai: mã ghi {value}, tính ra {expected}. Nội dung mã đã bị sửa hoặc chép sai.",
        "Wrong CRC: the payload says {value}, the content gives {expected}. The payload was altered or mistyped.",
    ),
    "E-PAYLOAD-FORMAT": (
        "Mã QR phải bắt đầu bằng 000201 (định dạng 01), đang là “{value}”.",
        "The payload must start with 000201 (payload format 01), got “{value}”.",
    ),
    "E-PAYLOAD-INITIATION": (
        "Trường 01 phải là 11 (mã tĩnh) hoặc 12 (mã động), đang là “{value}”.",
        "Field 01 must be 11 (static) or 12 (dynamic), got “{value}”.",
    ),
    "E-PAYLOAD-NO-NAPAS": (
        "Mã QR không có khối NAPAS (trường 38): đây không phải mã chuyển khoản VietQR.",
        "The payload has no NAPAS block (field 38): it is not a VietQR transfer code.",
    ),
    "E-PAYLOAD-GUID": (
        "Khối 38 phải có GUID A000000727 của NAPAS, đang là “{value}”.",
        "Field 38 must carry NAPAS's GUID A000000727, got “{value}”.",
    ),
    "E-PAYLOAD-SERVICE": (
        "Mã dịch vụ phải là QRIBFTTA (tới tài khoản) hoặc QRIBFTTC (tới thẻ), đang là “{value}”.",
        "The service code must be QRIBFTTA (to an account) or QRIBFTTC (to a card), got “{value}”.",
    ),
    "E-PAYLOAD-NO-BENEFICIARY": (
        "Khối 38 thiếu thông tin người nhận (38/01: BIN và số tài khoản).",
        "Field 38 has no beneficiary (38/01: BIN and account).",
    ),
    "E-PAYLOAD-CURRENCY": (
        "Tiền tệ (trường 53) phải là 704 (VND), đang là “{value}”.",
        "The currency (field 53) must be 704 (VND), got “{value}”.",
    ),
    "E-PAYLOAD-COUNTRY": (
        "Quốc gia (trường 58) phải là VN, đang là “{value}”.",
        "The country (field 58) must be VN, got “{value}”.",
    ),
    "E-PAYLOAD-TOO-LONG": (
        "Mã QR dài quá {limit} ký tự.",
        "The payload is longer than {limit} characters.",
    ),
    "E-PAYLOAD-CHARS": (
        "Mã QR chứa ký tự không phải ASCII: VietQR chỉ dùng chữ không dấu.",
        "The payload contains non-ASCII characters; VietQR uses plain ASCII only.",
    ),
    "E-AMOUNT": (
        "Số tiền phải là số nguyên VND lớn hơn 0, tối đa 13 chữ số, đang là “{value}”.",
        "The amount must be a whole number of VND above 0, at most 13 digits, got “{value}”.",
    ),
    "E-PURPOSE-LEN": (
        "Nội dung chuyển khoản dài {length} ký tự, tối đa {limit}. Hãy viết ngắn lại.",
        "The purpose is {length} characters long, at most {limit}. Shorten it.",
    ),
    "W-PURPOSE-LONG": (
        "Nội dung chuyển khoản dài {length} ký tự: một số app ngân hàng chỉ hiện {limit} ký tự đầu.",
        "The purpose is {length} characters long; some banking apps show only the first {limit}.",
    ),
    "E-CARD-FORMAT": (
        "Số thẻ nội địa NAPAS phải có 16–19 chữ số và bắt đầu bằng 9704, đang là “{value}”.",
        "A NAPAS domestic card number has 16–19 digits starting with 9704, got “{value}”.",
    ),
    # --- account -------------------------------------------------------------------------------
    "E-ACCOUNT-EMPTY": (
        "Thiếu số tài khoản. Nhập số tài khoản của chủ quầy.",
        "The account number is missing. Enter the stall holder's account number.",
    ),
    "E-ACCOUNT-LEN": (
        "Số tài khoản “{value}” dài {length} ký tự, tối đa {limit}. Kiểm tra lại với thẻ hoặc app ngân hàng.",
        "Account number “{value}” is {length} characters long, at most {limit}. Check it against the bank card or app.",
    ),
    "E-ACCOUNT-CHARS": (
        "Số tài khoản “{value}” chỉ được có chữ số và chữ cái không dấu (dấu cách, chấm, gạch được tự bỏ).",
        "Account number “{value}” may hold only digits and plain letters (spaces, dots and dashes are removed).",
    ),
    "W-ACCOUNT-NUMBER": (
        "Số tài khoản “{value}” được lưu dạng số: nếu nó bắt đầu bằng 0 thì Excel đã làm mất số 0. "
        "So lại với thẻ/app ngân hàng; định dạng cột là Văn bản (Text) và nhập lại nếu thiếu.",
        "Account number “{value}” is stored as a number: if it started with 0, Excel dropped the zeros. "
        "Compare with the bank card or app; format the column as Text and retype it if anything is missing.",
    ),
    "W-ACCOUNT-ZEROS-RESTORED": (
        "Số tài khoản được lưu dạng số; đã khôi phục số 0 ở đầu theo định dạng ô “{format}”: {value}.",
        "The account number is stored as a number; leading zeros restored from the cell format “{format}”: {value}.",
    ),
    "E-ACCOUNT-DIGITS-LOST": (
        "Số tài khoản đang là số {value}: Excel đã làm mất chữ số (chỉ giữ 15 chữ số). "
        "Định dạng cột là Văn bản (Text) và nhập lại.",
        "The account number is the number {value}: Excel has lost digits (it keeps only 15). "
        "Format the column as Text and type it again.",
    ),
    "E-ACCOUNT-DECIMAL": (
        "Số tài khoản đang là số thập phân {value}. Định dạng cột là Văn bản (Text) và nhập lại.",
        "The account number is the decimal number {value}. Format the column as Text and type it again.",
    ),
    "E-ACCOUNT-SCIENTIFIC": (
        "Số tài khoản “{value}” là dạng số mũ của Excel: các chữ số đã mất. "
        "Định dạng cột là Văn bản (Text) trong file gốc, nhập lại rồi xuất lại.",
        "Account number “{value}” is in Excel's exponent form: the digits are lost. "
        "Format the column as Text in the original file, retype and export again.",
    ),
    # --- banks ---------------------------------------------------------------------------------
    "E-BANK-EMPTY": (
        "Thiếu tên ngân hàng. Nhập tên viết tắt (VCB, BIDV, MB…) hoặc mã BIN.",
        "The bank is missing. Enter its short name (VCB, BIDV, MB…) or its BIN.",
    ),
    "E-BANK-UNKNOWN": (
        "Không nhận ra ngân hàng “{value}”.{suggestion_vi} Xem danh sách: qrsign banks",
        "Unknown bank “{value}”.{suggestion_en} See the list: qrsign banks",
    ),
    "E-BANK-AMBIGUOUS": (
        "“{value}” có thể là nhiều ngân hàng: {candidates}. Ghi rõ tên ngân hàng.",
        "“{value}” could be several banks: {candidates}. Write the bank's name in full.",
    ),
    # --- text ----------------------------------------------------------------------------------
    "E-REQUIRED": (
        "Thiếu {field}. Điền vào ô này.",
        "{field} is missing. Fill in this cell.",
    ),
    "E-FORMAT": (
        "{field} không hợp lệ: “{value}”.",
        "{field} is not valid: “{value}”.",
    ),
    "E-TEXT-HIDDEN": (
        "{field} chứa ký tự ẩn hoặc ký tự đảo chiều ({chars}): chữ in ra có thể khác chữ nhìn thấy. Gõ lại ô này.",
        "{field} contains hidden or direction-changing characters ({chars}); what is printed could differ from "
        "what you see. Retype the cell.",
    ),
    "E-TEXT-LEN": (
        "{field} dài {length} ký tự, tối đa {limit}. Hãy viết ngắn lại.",
        "{field} is {length} characters long, at most {limit}. Shorten it.",
    ),
    "E-NAME-SCRIPT": (
        "{field} “{value}” có chữ cái không phải chữ Latin nhìn giống chữ Việt ({chars}). Gõ lại tên bằng bàn phím tiếng Việt.",
        "{field} “{value}” contains non-Latin look-alike letters ({chars}). Retype the name with a Vietnamese keyboard.",
    ),
    "E-NAME-CHARS": (
        "{field} “{value}” có ký tự không dùng trong tên người: {chars}. Chỉ để chữ cái, dấu cách và . - '",
        "{field} “{value}” contains characters that are not used in names: {chars}. Use letters, spaces and . - ' only.",
    ),
    # --- cells ---------------------------------------------------------------------------------
    "E-CELL-DATE": (
        "Excel đã đổi {field} thành ngày tháng ({value}). Định dạng cột là Văn bản (Text) và nhập lại (ví dụ 3/12).",
        "Excel turned {field} into a date ({value}). Format the column as Text and type it again (e.g. 3/12).",
    ),
    "E-CELL-FORMULA": (
        "Ô {field} là công thức “{value}” chưa có giá trị lưu sẵn. Mở file bằng Excel rồi lưu lại, hoặc dán giá trị (Paste Values).",
        "Cell {field} is the formula “{value}” with no stored value. Open and save the file in Excel, or paste values.",
    ),
    "E-CELL-ERROR": (
        "Ô {field} đang báo lỗi Excel {value}. Sửa công thức hoặc nhập giá trị.",
        "Cell {field} shows the Excel error {value}. Fix the formula or type the value.",
    ),
    # --- rows and the whole list ---------------------------------------------------------------
    "W-STALL-EMPTY": (
        "Thiếu số quầy: biển vẫn được in nhưng không có số quầy.",
        "The stall is missing: the sign is made without a stall number.",
    ),
    "W-STALL-SHARED": (
        "Quầy “{value}” có hai chủ khác nhau ({names}, dòng {rows}): cả hai đều được in. Kiểm tra lại nếu không phải quầy chung.",
        "Stall “{value}” has different holders ({names}, rows {rows}); both are built. Check it if the stall is not shared.",
    ),
    "W-ACCOUNT-SHARED": (
        "Tài khoản {value} ({bank}) có ở nhiều quầy ({stalls}, dòng {rows}). Kiểm tra lại: tiền sẽ về cùng một người.",
        "Account {value} ({bank}) is on several stalls ({stalls}, rows {rows}). Check it: the money goes to the same person.",
    ),
    "W-ROW-DUPLICATE": (
        "Dòng này lặp lại y hệt dòng {first}: chỉ in một biển.",
        "This row repeats row {first} exactly: only one sign is made.",
    ),
    "W-TOO-MANY-ACCOUNTS": (
        "{value} có {count} tài khoản; một biển chứa tối đa {limit} mã, phần còn lại in ở biển thứ hai.",
        "{value} has {count} accounts; a sign holds at most {limit} codes, the rest go on a second sign.",
    ),
    "W-EXAMPLE-ROW": (
        "Dòng này có STT “Ví dụ” nên được coi là dòng mẫu và không được in, dù có tên “{value}”. "
        "Nếu đây là tiểu thương thật, xoá chữ “Ví dụ” ở cột STT.",
        "This row's STT says “Ví dụ” (example), so it is skipped and not printed, although it names “{value}”. "
        "If this is a real vendor, clear “Ví dụ” from the STT column.",
    ),
    "W-NO-STALL-COLUMN": (
        "Trang tính không có cột Số quầy: biển sẽ không ghi số quầy.",
        "The sheet has no stall column: signs will carry no stall number.",
    ),
    # --- files and sheets ----------------------------------------------------------------------
    "E-FILE-NOT-FOUND": (
        "Không tìm thấy file “{value}”. Kiểm tra tên và thư mục.",
        "File “{value}” not found. Check the name and the folder.",
    ),
    "E-FILE-UNREADABLE": (
        "Không đọc được file “{value}” ({detail}).",
        "Cannot read file “{value}” ({detail}).",
    ),
    "E-FILE-EMPTY": (
        "File “{value}” rỗng.",
        "File “{value}” is empty.",
    ),
    "E-FILE-TYPE": (
        "“{value}” không phải file Excel (.xlsx) hay CSV. Mở bằng Excel và lưu thành .xlsx.",
        "“{value}” is neither an Excel (.xlsx) nor a CSV file. Open it in Excel and save it as .xlsx.",
    ),
    "E-XLS-OLD": (
        "“{value}” là file Excel cũ (.xls) hoặc có mật khẩu. Mở bằng Excel, bỏ mật khẩu và lưu thành .xlsx.",
        "“{value}” is an old Excel file (.xls) or password-protected. Open it in Excel, remove the password and save as .xlsx.",
    ),
    "E-SHEET-CORRUPT": (
        "File “{value}” bị hỏng hoặc không phải workbook hợp lệ ({detail}). Mở bằng Excel và lưu lại.",
        "File “{value}” is damaged or not a valid workbook ({detail}). Open it in Excel and save it again.",
    ),
    "E-SHEET-UNSAFE": (
        "File “{value}” chứa cấu trúc XML nguy hiểm (entity/DTD) nên không được mở. Xin file gốc từ người gửi.",
        "File “{value}” contains unsafe XML (entities/DTD) and was not opened. Ask the sender for the original file.",
    ),
    "E-SHEET-UNSAFE-PARSER": (
        "Bộ đọc XML an toàn (defusedxml) đang bị tắt (OPENPYXL_DEFUSEDXML). Bỏ biến môi trường này rồi chạy lại.",
        "The safe XML reader (defusedxml) is switched off (OPENPYXL_DEFUSEDXML). Unset that variable and run again.",
    ),
    "E-SHEET-TOO-LARGE": (
        "File “{value}” quá lớn khi giải nén ({detail}): có thể là file độc hại (zip bomb). Không mở.",
        "File “{value}” is too large once unpacked ({detail}); it may be a zip bomb and was not opened.",
    ),
    "E-SHEET-TOO-MANY-ROWS": (
        "Trang “{sheet}” có hơn {limit} dòng. Chia danh sách thành nhiều file hoặc trang tính.",
        "Sheet “{sheet}” has more than {limit} rows. Split the list into several files or sheets.",
    ),
    "E-SHEET-NO-HEADER": (
        "Không tìm thấy dòng tiêu đề trong “{value}”. Cần các cột: Họ và tên, Ngân hàng, Số tài khoản "
        "(và nên có Số quầy).{found_vi} Tạo file mẫu: qrsign init mau.xlsx",
        "No header row found in “{value}”. Needed columns: name (Họ và tên), bank (Ngân hàng), account "
        "(Số tài khoản), and preferably stall (Số quầy).{found_en} Make a starter file: qrsign init template.xlsx",
    ),
    "E-SHEET-DUP-HEADER": (
        "Trang “{sheet}” có hai cột cùng là {field} ({columns}). Đổi tên hoặc xoá một cột.",
        "Sheet “{sheet}” has two {field} columns ({columns}). Rename or delete one of them.",
    ),
    "E-SHEET-NOT-FOUND": (
        "Không có trang tính “{value}”. Các trang có: {sheets}.",
        "There is no sheet “{value}”. The sheets are: {sheets}.",
    ),
    "E-CSV-TOO-LARGE": (
        "File CSV “{value}” quá lớn ({detail}). Chia thành nhiều file.",
        "CSV file “{value}” is too large ({detail}). Split it into several files.",
    ),
    "E-CELL-TOO-LONG": (
        "Ô quá dài ({length} ký tự, tối đa {limit}).",
        "The cell is too long ({length} characters, at most {limit}).",
    ),
    # --- rendering -----------------------------------------------------------------------------
    "E-GLYPH-MISSING": (
        "{field} có ký tự phông chữ không in được ({chars}). Xoá ký tự đó (biểu tượng cảm xúc, ký hiệu) khỏi ô.",
        "{field} has characters the font cannot print ({chars}). Remove them (emoji, symbols) from the cell.",
    ),
    "W-MODULE-SMALL": (
        "Mã QR của {value} có ô vuông {module_mm} mm, nhỏ hơn mức tối thiểu {limit} mm của mẫu {template}: "
        "khó quét từ xa. Dùng mẫu lớn hơn.",
        "The QR of {value} has {module_mm} mm modules, below template {template}'s minimum of {limit} mm: "
        "hard to scan from afar. Use a larger template.",
    ),
    "W-TEXT-SMALL": (
        "{field} của {value} phải thu nhỏ còn {size} pt để vừa ô trên mẫu {template}.",
        "{field} of {value} had to shrink to {size} pt to fit template {template}.",
    ),
    # --- templates -----------------------------------------------------------------------------
    "E-TEMPLATE-UNKNOWN": (
        "Không có mẫu “{value}”. Các mẫu có: {names}. Xem: qrsign templates",
        "No template “{value}”. Available: {names}. See: qrsign templates",
    ),
    "E-TEMPLATE-INVALID": (
        "Mẫu “{value}” không hợp lệ: {detail}",
        "Template “{value}” is not valid: {detail}",
    ),
    "E-LOGO": (
        "Không dùng được logo “{value}” ({detail}).",
        "Cannot use logo “{value}” ({detail}).",
    ),
    # --- output --------------------------------------------------------------------------------
    "E-REPORT-SAME-AS-INPUT": (
        "Báo cáo lỗi không được ghi đè lên file danh sách “{value}”. Chọn tên khác cho --report, ví dụ loi.xlsx.",
        "The problem report must not overwrite the vendor list “{value}”. Choose another name for --report, "
        "e.g. problems.xlsx.",
    ),
    "E-OUTPUT-NOT-DIR": (
        "“{value}” đã có và là một file, không phải thư mục. Chọn thư mục khác cho -o.",
        "“{value}” exists and is a file, not a folder. Choose another folder for -o.",
    ),
    "E-OUTPUT-UNWRITABLE": (
        "Không ghi được vào “{value}” ({detail}). Chọn thư mục khác hoặc kiểm tra quyền ghi.",
        "Cannot write to “{value}” ({detail}). Choose another folder or check permissions.",
    ),
    "E-OUTPUT-TYPE": (
        "Không biết ghi file “{value}”: dùng đuôi .pdf, .png hoặc .svg.",
        "Don't know how to write “{value}”: use a .pdf, .png or .svg name.",
    ),
    "E-REPORT-TYPE": (
        "Báo cáo lỗi là file Excel: đặt tên kết thúc bằng .xlsx (ví dụ loi.xlsx), đang là “{value}”.",
        "The problem report is an Excel file: give it a name ending in .xlsx (e.g. problems.xlsx), got “{value}”.",
    ),
    "E-NOTHING-TO-BUILD": (
        "Không có dòng hợp lệ nào để in biển. Sửa các lỗi ở trên rồi chạy lại.",
        "No valid row to build a sign from. Fix the problems above and run again.",
    ),
    # --- verify --------------------------------------------------------------------------------
    "E-VERIFY-NO-QR": (
        "Không tìm thấy mã QR nào trong {value}. Chụp lại gần hơn, đủ sáng, không bị loá.",
        "No QR code found in {value}. Take the photo closer, with enough light and no glare.",
    ),
    "E-VERIFY-UNKNOWN": (
        "MÃ LẠ: mã QR này không phải biển nào trong danh sách; nó chuyển tiền tới {holder_hint}. "
        "Có thể là mã bị dán đè: gỡ ra và báo ban quản lý chợ.",
        "UNKNOWN CODE: this QR is not one of the signs it knows; it pays {holder_hint}. "
        "It may be a sticker pasted over the sign: remove it and tell the market board.",
    ),
    "E-VERIFY-INVALID": (
        "Mã QR không phải VietQR hợp lệ: {detail}",
        "The QR code is not a valid VietQR payload: {detail}",
    ),
    "E-VERIFY-MISMATCH": (
        "SAI TÀI KHOẢN: biển {sign_id} (quầy {stall}) phải chuyển tới {expected}, nhưng mã QR chuyển tới {value}.",
        "WRONG ACCOUNT: sign {sign_id} (stall {stall}) should pay {expected}, but its QR pays {value}.",
    ),
    "E-VERIFY-MISSING": (
        "Trang {page} của {file} thiếu mã QR của {value}.",
        "Page {page} of {file} lacks the QR of {value}.",
    ),
    "E-VERIFY-TEXT": (
        "Trang {page} của {file}: không thấy số tài khoản {value} in trên trang.",
        "Page {page} of {file}: the account number {value} is not printed on the page.",
    ),
    "E-VERIFY-FILE-MISSING": (
        "Thiếu file {value} có trong manifest.",
        "File {value} listed in the manifest is missing.",
    ),
    "E-VERIFY-NO-REFERENCE": (
        "Mã VietQR hợp lệ, chuyển tới {value}, nhưng không có danh sách để đối chiếu. "
        "Thêm --against manifest.json (thư mục biển đã in) hoặc file danh sách tiểu thương.",
        "A valid VietQR paying {value}, but there is nothing to compare it with. "
        "Add --against manifest.json (the build folder) or the vendor sheet.",
    ),
    "E-MANIFEST": (
        "Không đọc được manifest “{value}” ({detail}).",
        "Cannot read manifest “{value}” ({detail}).",
    ),
    "E-IMAGE-UNREADABLE": (
        "Không mở được ảnh/PDF “{value}” ({detail}).",
        "Cannot open image/PDF “{value}” ({detail}).",
    ),
    "E-USAGE": (
        "{detail}",
        "{detail}",
    ),
    # ---- CATALOGUE entries of issue 11a (keep yours between these two lines) ----
    "E-SHEET-XLSB": (
        "“{value}” là sổ làm việc nhị phân Excel (.xlsb), qrsign không đọc được. Mở bằng Excel: "
        "Tệp → Lưu thành → Sổ làm việc Excel (.xlsx), rồi chạy lại với file .xlsx.",
        "“{value}” is an Excel binary workbook (.xlsb), which qrsign does not read. Open it in Excel: "
        "File → Save As → Excel Workbook (.xlsx), then run again on the .xlsx file.",
    ),
    "E-SHEET-STRICT": (
        "“{value}” được lưu dạng “Strict Open XML”, qrsign không đọc được. Mở bằng Excel: "
        "Tệp → Lưu thành → Sổ làm việc Excel (.xlsx) (không chọn “Strict”), rồi chạy lại.",
        "“{value}” is saved as “Strict Open XML”, which qrsign does not read. Open it in Excel: "
        "File → Save As → Excel Workbook (.xlsx) (not “Strict”), then run again.",
    ),
    "E-SHEET-PASSWORD": (
        "“{value}” có mật khẩu nên không đọc được. Mở bằng Excel, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ sổ làm "
        "việc → Mã hóa bằng mật khẩu, xoá mật khẩu), rồi Tệp → Lưu thành → Sổ làm việc Excel (.xlsx).",
        "“{value}” is password-protected and cannot be read. Open it in Excel, remove the password (File → Info → "
        "Protect Workbook → Encrypt with Password, clear it), then File → Save As → Excel Workbook (.xlsx).",
    ),
    "W-ROW-HIDDEN": (
        "Dòng này bị ẩn hoặc bị bộ lọc che (“{value}”) nên không làm biển. Nếu tiểu thương này vẫn bán, "
        "hiện dòng ra (bỏ lọc) hoặc chạy lại với --include-hidden.",
        "This row is hidden or filtered out (“{value}”), so no sign is made for it. If this vendor still trades, "
        "unhide the row (clear the filter) or run again with --include-hidden.",
    ),
    "W-ROW-STRUCK": (
        "Dòng này bị gạch ngang (“{value}”) nên được coi là đã xoá và không làm biển. Nếu tiểu thương này vẫn "
        "bán, bỏ gạch ngang hoặc chạy lại với --include-hidden.",
        "This row is struck through (“{value}”), so it is taken as removed and no sign is made for it. If this "
        "vendor still trades, remove the strikethrough or run again with --include-hidden.",
    ),
    "W-COLUMN-HIDDEN": (
        "Cột này bị ẩn và trùng loại với cột {value} đang hiện: qrsign dùng cột {value}. Nếu cột ẩn mới đúng, "
        "hiện nó ra và xoá (hoặc đổi tên) cột kia.",
        "This column is hidden and holds the same field as the visible column {value}: qrsign uses column "
        "{value}. If the hidden one is right, unhide it and delete (or rename) the other.",
    ),
    # ---- end of issue 11a ----

    # ---- CATALOGUE entries of issue 11b (keep yours between these two lines) ----
    # ---- end of issue 11b ----

    # ---- CATALOGUE entries of issue 12 (keep yours between these two lines) ----
    # ---- end of issue 12 ----

    # ---- CATALOGUE entries of issue 13 (keep yours between these two lines) ----
    # ---- end of issue 13 ----

    # ---- CATALOGUE entries of issue 14 (keep yours between these two lines) ----
    # ---- end of issue 14 ----

    # ---- CATALOGUE entries of issue 15 (keep yours between these two lines) ----
    # ---- end of issue 15 ----

    # ---- CATALOGUE entries of issue 16 (keep yours between these two lines) ----
    # ---- end of issue 16 ----

}


class _Params(dict):
    """Format parameters that leave unknown placeholders visible instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return ", ".join(_show(v) for v in value)
    return str(value)


def field_name(field: str | None, lang: str) -> str:
    """The display name of ``field`` ("account" → "Số tài khoản" in Vietnamese)."""
    if not field:
        return "—"
    names = FIELD_NAMES.get(field)
    return names[lang] if names else field


def render(code: str, lang: str = "vi", **params: Any) -> str:
    """The message for ``code`` in ``lang`` with ``params`` filled in."""
    lang = lang if lang in LANGS else "vi"
    texts = CATALOGUE.get(code)
    if texts is None:
        texts = ("Lỗi {code}: {value}", "Error {code}: {value}")
    values = _Params({k: _show(v) for k, v in params.items()})
    values["code"] = code
    values["field"] = field_name(params.get("field"), lang)
    suggestions = params.get("suggestions") or []
    values["suggestion_vi"] = f" Có phải là: {', '.join(suggestions)}?" if suggestions else ""
    values["suggestion_en"] = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
    found = params.get("found") or []
    values["found_vi"] = f" Chỉ thấy: {', '.join(found)}." if found else ""
    values["found_en"] = f" Found only: {', '.join(found)}." if found else ""
    return string.Formatter().vformat(texts[0 if lang == "vi" else 1], (), values)


def where(lang: str, *, file: str | None = None, sheet: str | None = None, row: int | None = None,
          column: str | None = None, field: str | None = None) -> str:
    """A location prefix: ``Trang “Khu A”, dòng 17, cột E (Số tài khoản)``."""
    parts = []
    if file:
        parts.append(f"{file}")
    if sheet:
        parts.append(("trang “{}”" if lang == "vi" else "sheet “{}”").format(sheet))
    if row:
        parts.append(("dòng {}" if lang == "vi" else "row {}").format(row))
    if column:
        col = ("cột {}" if lang == "vi" else "column {}").format(column)
        if field:
            col += f" ({field_name(field, lang)})"
        parts.append(col)
    return ", ".join(parts)


UI: dict[str, tuple[str, str]] = {
    "error": ("Lỗi", "Error"),
    "warning": ("Cảnh báo", "Warning"),
    # --- command line (qrsign/cli.py); {placeholders} are filled with str.format
    "cli.stopped": ("Đã dừng.", "Stopped."),
    "cli.internal": (
        "Lỗi nội bộ của qrsign ({kind}): {detail}. Hãy báo lỗi kèm file và lệnh đã chạy.",
        "Internal qrsign error ({kind}): {detail}. Please report it with the file and the command.",
    ),
    "decode.bank": ("Ngân hàng", "Bank"),
    "decode.account": ("Số tài khoản", "Account"),
    "decode.card": ("Số thẻ", "Card"),
    "decode.kind": ("Loại mã", "Kind"),
    "decode.amount": ("Số tiền", "Amount"),
    "decode.purpose": ("Nội dung", "Purpose"),
    "decode.static": ("tĩnh (dùng nhiều lần)", "static (reusable)"),
    "decode.dynamic": ("động (một lần, có số tiền)", "dynamic (one payment, with amount)"),
    "decode.unknown": ("không rõ", "unknown"),
    "check.report_written": ("Đã ghi báo cáo lỗi: {path}", "Problem report written: {path}"),
    "check.empty": (
        "Chưa có dòng tiểu thương nào trong danh sách. Điền các dòng dưới tiêu đề rồi chạy lại.",
        "The list has no vendor rows yet. Fill in rows under the header and run again.",
    ),
    "summary.read": (
        "Đã đọc {rows_read} dòng: {vendors} tiểu thương sẵn sàng ({accounts} tài khoản), "
        "{rows_rejected} dòng bị loại, {rows_duplicate} dòng trùng.",
        "Read {rows_read} rows: {vendors} vendors ready ({accounts} accounts), "
        "{rows_rejected} rows rejected, {rows_duplicate} duplicate rows.",
    ),
    "summary.problems": ("Lỗi: {errors}, cảnh báo: {warnings}. Ngân hàng: {banks}.",
                         "Errors: {errors}, warnings: {warnings}. Banks: {banks}."),
    "summary.share": ("Tỉ lệ tiểu thương sẵn sàng nhận thanh toán QR: {share}.",
                      "Share of vendors ready to take QR payments: {share}."),
    "summary.why": ("Lý do bị loại: {reasons}.", "Why rows were rejected: {reasons}."),
    "build.progress": ("Đang in biển", "Building signs"),
    "build.done": ("Đã in {signs} biển ({pages} trang) vào {folder}", "Built {signs} signs ({pages} pages) in {folder}"),
    "build.file": ("  {file}  ({pages} trang)", "  {file}  ({pages} pages)"),
    "make.done": ("Đã ghi {path} (mã biển {sign_id})", "Wrote {path} (sign ID {sign_id})"),
    "preview.done": ("Đã ghi mẫu {name} vào {path}", "Wrote a sample of {name} to {path}"),
    "init.exists": ("{path} đã có; thêm --force để ghi đè.", "{path} exists; add --force to overwrite it."),
    "init.done": ("Đã tạo {path}. Điền danh sách rồi chạy: qrsign check {path}",
                  "Wrote {path}. Fill it in, then run: qrsign check {path}"),
    # --- verify
    "verify.ok": ("ĐÚNG: quầy {stall}, {name}, {bank} {account} (mã biển {sign_id})",
                  "OK: stall {stall}, {name}, {bank} {account} (sign {sign_id})"),
    "verify.quiet_zone": (
        "Trang {page} của {file}: vùng trắng quanh mã QR của {name} bị lấn (cần 4 ô). Sửa mẫu biển.",
        "Page {page} of {file}: the white margin around the QR of {name} is not clear (4 modules needed). "
        "Fix the template.",
    ),
    "verify.summary": (
        "Đã kiểm tra {pages} trang, {images} ảnh: {found} mã QR, {ok} đúng, {bad} có vấn đề.",
        "Checked {pages} pages, {images} images: {found} QR codes, {ok} OK, {bad} with problems.",
    ),
    # --- starter workbook (qrsign init). Sheet names stay Vietnamese in both languages: the bank
    # dropdown refers to the bank sheet by name, and volunteers share files across languages.
    "starter.sheet.list": ("Danh sách", "Danh sách"),
    "starter.sheet.banks": ("Ngân hàng", "Ngân hàng"),
    "starter.sheet.help": ("Hướng dẫn", "Hướng dẫn"),
    "starter.index": ("STT", "STT"),
    "starter.example": ("Ví dụ", "Ví dụ"),
    # Never write "chợ"/"cho" followed by a word in these two rows except with the market name:
    # qrsign reads the market's name from "Chợ X" in the rows above the header.
    "starter.title": ("DANH SÁCH TIỂU THƯƠNG", "VENDOR LIST"),
    "starter.market_prefix": ("Chợ", "Chợ"),
    "starter.subtitle": (
        "Mỗi dòng là một tài khoản nhận tiền. Số tài khoản, số điện thoại, số quầy: gõ đủ, kể cả số 0 ở đầu. "
        "Xem trang “Hướng dẫn”.",
        "One row per receiving account. Type account, phone and stall numbers in full, with any leading zeros. "
        "See the “Hướng dẫn” (instructions) sheet.",
    ),
    "starter.example.stall": ("12", "12"),
    "starter.example.trade": ("Rau củ", "Vegetables"),
    "starter.example.note": ("Dòng mẫu: không được in. Có thể xoá.", "Example row: never printed. You may delete it."),
    "starter.banks.bin": ("Mã BIN", "BIN"),
    "starter.banks.short": ("Tên viết tắt (chọn trong cột Ngân hàng)", "Short name (pick it in the bank column)"),
    "starter.banks.full": ("Tên đầy đủ", "Full name"),
    "starter.comment.account": (
        "Cột này đã định dạng Văn bản (Text) để Excel giữ số 0 ở đầu và không làm tròn số dài. "
        "Đừng đổi sang Số (Number). Dán từ file khác: dùng Dán giá trị (Ctrl+Shift+V).",
        "This column is formatted as Text so Excel keeps leading zeros and does not round long numbers. "
        "Do not change it to Number. Pasting from another file: use Paste Values (Ctrl+Shift+V).",
    ),
    "starter.comment.phone": (
        "Định dạng Văn bản (Text) để giữ số 0 ở đầu.",
        "Formatted as Text to keep the leading 0.",
    ),
    "starter.comment.stall": (
        "Định dạng Văn bản (Text) để Excel không đổi 3/12 thành ngày tháng.",
        "Formatted as Text so Excel does not turn 3/12 into a date.",
    ),
    "starter.bank.prompt_title": ("Ngân hàng", "Bank"),
    "starter.bank.prompt": (
        "Chọn ngân hàng trong danh sách. Tên đầy đủ và mã BIN: xem trang “Ngân hàng”.",
        "Pick the bank from the list. Full names and BINs: see the “Ngân hàng” sheet.",
    ),
    "starter.bank.error_title": ("Không có trong danh sách", "Not in the bank list"),  # Excel: ≤ 32 characters
    "starter.bank.error": (
        "Tên này không có trong danh sách ngân hàng. Nên chọn trong danh sách thả xuống; "
        "nếu giữ, qrsign check sẽ báo khi không nhận ra.",
        "This name is not in the bank list. Better pick it from the dropdown; "
        "if you keep it, qrsign check reports it when it cannot recognise it.",
    ),
    "starter.help.title": ("HƯỚNG DẪN ĐIỀN DANH SÁCH", "HOW TO FILL IN THE LIST"),
    "starter.help.rows": (
        "Mỗi dòng là một tài khoản nhận tiền. Tiểu thương có hai ngân hàng thì điền hai dòng, "
        "cùng Họ và tên và cùng Số quầy: qrsign in cả hai mã.",
        "Each row is one receiving account. A vendor with two banks gets two rows with the same name and "
        "the same stall: qrsign prints both codes.",
    ),
    "starter.help.example": (
        "Dòng có STT “Ví dụ” là dòng mẫu: qrsign bỏ qua, không in. Có thể xoá hoặc để nguyên.",
        "The row whose STT is “Ví dụ” is an example: qrsign ignores it. Delete it or leave it.",
    ),
    "starter.help.column": ("Cột", "Column"),
    "starter.help.what": ("Điền gì", "What to type"),
    "starter.help.index": ("Số thứ tự, không bắt buộc.", "A running number; optional."),
    "starter.help.name": (
        "Tên chủ tài khoản, có dấu, đúng như trên thẻ hoặc app ngân hàng (app hiện tên này khi khách quét mã). Bắt buộc.",
        "The account holder's name with diacritics, exactly as on the bank card or app "
        "(the app shows it when a customer scans). Required.",
    ),
    "starter.help.stall": (
        "Số quầy hoặc ki-ốt như in trên biển (12, A-05, 3/12). Cột là Văn bản nên Excel không đổi thành ngày tháng.",
        "The stall or kiosk number as printed on the sign (12, A-05, 3/12). The column is Text, so Excel "
        "does not turn it into a date.",
    ),
    "starter.help.trade": ("Mặt hàng bán (Rau củ, Thủy sản…). Không bắt buộc.",
                           "What the stall sells (vegetables, fish…). Optional."),
    "starter.help.bank": (
        "Chọn trong danh sách thả xuống. Gõ tên đầy đủ hoặc mã BIN cũng được; tra ở trang “Ngân hàng”. Bắt buộc.",
        "Pick it from the dropdown. A full name or BIN also works; look it up on the “Ngân hàng” sheet. Required.",
    ),
    "starter.help.account": (
        "Gõ đủ chữ số, kể cả số 0 ở đầu. Cột đã định dạng Văn bản (Text): đừng đổi sang Số. "
        "Dán từ file khác: dùng Dán giá trị (Ctrl+Shift+V). Bắt buộc.",
        "Type every digit, leading zeros included. The column is formatted as Text: do not change it to Number. "
        "Pasting from another file: use Paste Values (Ctrl+Shift+V). Required.",
    ),
    "starter.help.phone": ("Số điện thoại của chủ quầy, gõ cả số 0 ở đầu. Không bắt buộc.",
                           "The stall holder's phone number, with the leading 0. Optional."),
    "starter.help.note": ("Ghi chú riêng. Không bắt buộc.", "Your own notes. Optional."),
    "starter.help.steps": ("Các bước", "Steps"),
    "starter.help.step1": (
        "1. Điền danh sách ở trang “Danh sách” rồi lưu file (giữ định dạng .xlsx).",
        "1. Fill in the “Danh sách” sheet and save the file (keep the .xlsx format).",
    ),
    "starter.help.step2": ("2. Kiểm tra: qrsign check {file}", "2. Check it: qrsign check {file}"),
    "starter.help.step3": (
        "3. Nếu có lỗi: qrsign check {file} --report loi.xlsx, mở loi.xlsx: ô sai được tô màu, có ghi chú "
        "và cột “Lỗi / Problem” ở cuối dòng. Sửa trong file {file} rồi kiểm tra lại.",
        "3. If there are problems: qrsign check {file} --report problems.xlsx, open problems.xlsx: bad cells "
        "are coloured, with a comment and a “Lỗi / Problem” column at the end of the row. Fix them in {file} "
        "and check again.",
    ),
    "starter.help.step4": ("4. In biển: qrsign build {file} -o bien", "4. Build the signs: qrsign build {file} -o signs"),
    "starter.help.market": (
        "Tên chợ lấy từ dòng tiêu đề trên cùng (… – Chợ Đồng Xa). Nếu chưa có, thêm --market \"Chợ …\" vào lệnh.",
        "The market's name is read from the title row at the top (… – Chợ Đồng Xa). If it has none, add "
        "--market \"Chợ …\" to the commands.",
    ),
    # --- error report (qrsign check --report) ----------------------------------------------------
    "report.column": ("Lỗi / Problem", "Lỗi / Problem"),
    "report.author": ("qrsign", "qrsign"),
    "report.sheet_problems": ("Lỗi của cả trang tính:", "Problems of the whole sheet:"),
    # ---- UI entries of issue 11a (keep yours between these two lines) ----
    "summary.rows_skipped": (
        "Bỏ qua {n} dòng không phải tiểu thương (dòng tổng, tiêu đề mục, khối chữ ký, dòng ẩn hoặc gạch ngang).",
        "Skipped {n} rows that are not vendors (totals, section headings, signature block, hidden or struck rows).",
    ),
    # ---- end of issue 11a ----

    # ---- UI entries of issue 11b (keep yours between these two lines) ----
    # ---- end of issue 11b ----

    # ---- UI entries of issue 12 (keep yours between these two lines) ----
    # ---- end of issue 12 ----

    # ---- UI entries of issue 13 (keep yours between these two lines) ----
    # ---- end of issue 13 ----

    # ---- UI entries of issue 14 (keep yours between these two lines) ----
    # ---- end of issue 14 ----

    # ---- UI entries of issue 15 (keep yours between these two lines) ----
    # ---- end of issue 15 ----

    # ---- UI entries of issue 16 (keep yours between these two lines) ----
    # ---- end of issue 16 ----

}


#: Short names of the reasons a row is rejected, for the closing summary ("Lý do bị loại: …").
SHORT_REASONS: dict[str, tuple[str, str]] = {
    "E-BANK-UNKNOWN": ("không nhận ra ngân hàng", "unknown bank"),
    "E-BANK-AMBIGUOUS": ("tên ngân hàng mơ hồ", "ambiguous bank"),
    "E-BANK-EMPTY": ("thiếu ngân hàng", "bank missing"),
    "E-ACCOUNT-EMPTY": ("thiếu số tài khoản", "account missing"),
    "E-ACCOUNT-LEN": ("số tài khoản quá dài", "account too long"),
    "E-ACCOUNT-CHARS": ("số tài khoản có ký tự lạ", "account with stray characters"),
    "E-ACCOUNT-DIGITS-LOST": ("Excel làm mất chữ số tài khoản", "Excel lost account digits"),
    "E-ACCOUNT-DECIMAL": ("số tài khoản là số thập phân", "account is a decimal number"),
    "E-ACCOUNT-SCIENTIFIC": ("số tài khoản dạng số mũ", "account in exponent form"),
    "E-CELL-DATE": ("Excel đổi thành ngày tháng", "turned into a date by Excel"),
    "E-CELL-FORMULA": ("công thức chưa có giá trị", "formula without a value"),
    "E-CELL-ERROR": ("ô báo lỗi Excel", "Excel error cell"),
    "E-REQUIRED": ("thiếu thông tin bắt buộc", "required field missing"),
    "E-TEXT-HIDDEN": ("ký tự ẩn", "hidden characters"),
    "E-TEXT-LEN": ("ô quá dài", "cell too long"),
    "E-NAME-SCRIPT": ("chữ giả dạng trong tên", "look-alike letters in a name"),
    "E-NAME-CHARS": ("ký tự lạ trong tên", "stray characters in a name"),
    "E-GLYPH-MISSING": ("ký tự không in được", "characters that cannot be printed"),
}


def short_reason(code: str, lang: str) -> str:
    """A few words for a rejection reason (the code itself when there is no short name)."""
    names = SHORT_REASONS.get(code)
    return names[0 if lang == "vi" else 1] if names else code


def ui(key: str, lang: str, **params: Any) -> str:
    """An interface text (labels, headings, notices) in ``lang``, with ``params`` filled in."""
    text = UI[key][0 if lang == "vi" else 1]
    return text.format(**params) if params else text
