"""The catalogue's data: every text a user reads, in Vietnamese and English, keyed by error code or UI key.

Python tables, not gettext ``.po`` files: each entry keeps both languages side by side with its placeholders, a
test checks every code and key the source uses has both texts with the same placeholders, and nothing is
compiled or looked up at run time. Entries are ordered by topic (payload codec, accounts, names, sheets, each
command); add a new entry beside its neighbours. The code that renders them is :mod:`qrsign.messages`.
"""

from __future__ import annotations

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
    "status": {"vi": "Trạng thái", "en": "status"},
    "index": {"vi": "STT", "en": "row number (STT)"},
    "holder": {"vi": "Tên chủ tài khoản", "en": "holder's name"},
    "stall_line": {"vi": "Dòng quầy và chợ", "en": "stall and market line"},
    "warning_line": {"vi": "Dòng nhắc kiểm tra tên", "en": "check-the-name line"},
    "bank_name": {"vi": "Tên đầy đủ của ngân hàng", "en": "bank's full name"},
    "account_grouped": {"vi": "Số tài khoản", "en": "account number"},
    "amount": {"vi": "Số tiền", "en": "amount"},
    "purpose": {"vi": "Nội dung chuyển khoản", "en": "purpose"},
    "payload": {"vi": "Mã QR", "en": "QR payload"},
    "image": {"vi": "Tệp ảnh", "en": "image file"},
    "card": {"vi": "Số thẻ", "en": "card number"},
    "timestamp": {"vi": "Dấu thời gian", "en": "timestamp"},
    "ignore": {"vi": "(bỏ qua)", "en": "(ignored)"},
    "row": {"vi": "dòng", "en": "row"},
    "page": {"vi": "trang", "en": "page"},
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
        "Mã này hỏng — nhờ tiểu thương chụp lại mã trong app ngân hàng (màn hình “Mã QR nhận tiền”). "
        "Mã đã bị sửa hoặc chép sai một ký tự (mã kiểm tra ghi {value}, đúng ra là {expected}).",
        "This code is damaged — ask the vendor to capture the code again in their banking app (the "
        "“receive money” QR screen). It was altered or one character was copied wrong (check code {value}, "
        "should be {expected}).",
    ),
    "E-PAYLOAD-URL": (
        "Đây là đường link, không phải mã nhận tiền. Nhờ tiểu thương mở app ngân hàng, chọn “Mã QR nhận tiền” "
        "và chụp màn hình mã đó.",
        "This is a web link, not a code to receive money. Ask the vendor to open their banking app, choose "
        "the “receive money” QR and take a screenshot of it.",
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
    "E-PAYLOAD-HIDDEN": (
        "Mã QR chứa ký tự điều khiển hoặc ký tự ẩn ({chars}): không ứng dụng ngân hàng nào tạo ra mã như vậy. "
        "Mã đọc được là “{value}”. Hãy sao chép lại mã từ ứng dụng ngân hàng, hoặc dùng ảnh mã QR với "
        "“qrsign import”.",
        "The payload contains control or hidden characters ({chars}); no banking app makes such a code. It reads "
        "“{value}”. Copy the code again from the banking app, or use a picture of the QR with “qrsign import”.",
    ),
    "E-PAYLOAD-HIDDEN.page": (  # on the page: no command to type
        "Mã QR chứa ký tự điều khiển hoặc ký tự ẩn ({chars}): không ứng dụng ngân hàng nào tạo ra mã như vậy. "
        "Mã đọc được là “{value}”. Hãy sao chép lại mã từ ứng dụng ngân hàng, hoặc dùng ảnh mã QR (mục “Ảnh mã "
        "QR → danh sách”).",
        "The payload contains control or hidden characters ({chars}); no banking app makes such a code. It reads "
        "“{value}”. Copy the code again from the banking app, or use a picture of the QR (“QR pictures → list”).",
    ),
    "E-PAYLOAD-TEMPLATES": (
        "Mã QR mang nhiều tài khoản nhận tiền ({templates}): ứng dụng ngân hàng có thể trả vào bất kỳ tài khoản "
        "nào trong đó, nên qrsign không in biển cho mã này. Hãy lấy lại “Mã QR nhận tiền” trong ứng dụng của "
        "ngân hàng.",
        "The payload carries more than one receiving account ({templates}); banking apps may pay into any of "
        "them, so qrsign does not print a sign for it. Get the “receive money” QR again from the bank's app.",
    ),
    "E-PAYLOAD-COUNTING": (
        "Mã QR đọc ra hai cách khác nhau từ trường {field}: ứng dụng đếm độ dài theo {counting} thấy những "
        "trường khác với ứng dụng đếm theo ký tự, có thể trả cho người khác. qrsign không in biển cho mã này. "
        "Hãy lấy lại mã QR nhận tiền trong ứng dụng ngân hàng.",
        "The payload reads two ways from field {field}: an app that counts lengths in {counting} sees other "
        "fields than one that counts characters, and may pay someone else. qrsign does not print a sign for it. "
        "Get the receive-money QR again from the banking app.",
    ),
    "E-PAYLOAD-BENEFICIARY-FIELDS": (
        "Khối người nhận 38/01 chỉ được có mã BIN (00) và số tài khoản hoặc thẻ (01), mã này có thêm trường "
        "{field} (“{value}”). Hãy lấy lại mã QR nhận tiền trong ứng dụng ngân hàng.",
        "The beneficiary block 38/01 may hold only the BIN (00) and the account or card number (01); this one "
        "also has field {field} (“{value}”). Get the receive-money QR again from the banking app.",
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
    "E-ACCOUNT-ZERO-LOST-PHONE": (
        "Số tài khoản được lưu dạng số {value}: đó là số điện thoại {phone} của dòng này đã mất số 0 ở đầu, "
        "nên không làm biển. Nếu tài khoản là số điện thoại, định dạng cột là Văn bản (Text) và gõ {phone}; "
        "nếu không, gõ đúng số tài khoản theo thẻ/app ngân hàng.",
        "The account is stored as the number {value}: that is this row's phone {phone} without its leading 0, "
        "so no sign is made. If the account is the phone number, format the column as Text and type {phone}; "
        "if not, type the account as the bank card or app shows it.",
    ),
    "E-ACCOUNT-ZEROS-LOST": (
        "Số tài khoản được lưu dạng số {value} ({field}): {bank} cấp số tài khoản {lengths} chữ số, nên Excel "
        "đã làm mất số 0 ở đầu — có lẽ là {suggestion}. Không làm biển: định dạng cột là Văn bản (Text) và gõ "
        "lại đúng số theo thẻ/app ngân hàng.",
        "The account is stored as the number {value} ({field}): {bank} issues accounts of {lengths} digits, so "
        "Excel dropped its leading zeros — probably {suggestion}. No sign is made: format the column as Text "
        "and retype the number as the bank card or app shows it.",
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
    "E-BANK-UNKNOWN.page": (  # on the page: no command to type
        "Không nhận ra ngân hàng “{value}”.{suggestion_vi} Xem danh sách ngân hàng trong trang “Ngân hàng” của file mẫu.",
        "Unknown bank “{value}”.{suggestion_en} See the list of banks on the “Ngân hàng” sheet of the starter file.",
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
    "E-CELL-STYLE": (
        "Ô {field} dùng một định dạng không có trong file (file bị hỏng một phần), nên không biết Excel hiện số {value} thế nào. Mở file bằng Excel rồi lưu lại, hoặc nhập lại ô này.",
        "Cell {field} uses a format the file does not contain (the file is partly damaged), so how Excel shows the number {value} is unknown. Open and save the file in Excel, or type the cell again.",
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
    "E-UPLOAD": (
        "Không nhận được file gửi lên ({value}). Chọn lại file rồi gửi lại.",
        "The upload could not be read ({value}). Choose the file again and send it again.",
    ),
    "E-WEB-GONE": (
        "Không còn “{value}”: trang đã khởi động lại, hoặc đây là việc cũ (trang chỉ giữ 20 file tải lên và 20 "
        "việc gần nhất). Bắt đầu lại từ trang đầu.",
        "“{value}” is gone: the page was restarted, or it is an old one (the page keeps the last 20 uploads and "
        "the last 20 jobs). Start again from the start page.",
    ),
    "E-ROW-NOT-FOUND": (
        "Không có {field} {value} trong kết quả này. Chọn một {field} trong bảng.",
        "There is no {field} {value} in this result. Choose one from the table.",
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
    "E-SHEET-MERGES-OVERLAP": (
        "Trang “{sheet}” có hai vùng gộp ô chồng lên nhau ({first} và {second}), nên không biết ô chung thuộc dòng nào; "
        "Excel cũng báo file như vậy bị hỏng. Mở file, chọn cả trang, bỏ gộp ô (nút “Gộp và Căn giữa”), gộp lại "
        "cho đúng nếu cần, rồi lưu.",
        "Sheet “{sheet}” has two merged ranges that overlap ({first} and {second}), so a shared cell belongs to no "
        "one row; Excel reports such a file as damaged too. Open the file, select the whole sheet, unmerge (the "
        "“Merge & Center” button), merge again where needed, and save.",
    ),
    "E-SHEET-NO-HEADER": (
        "Không tìm thấy dòng tiêu đề trong “{value}”. Cần các cột: Họ và tên, Ngân hàng, Số tài khoản "
        "(và nên có Số quầy).{found_vi} Tạo file mẫu: qrsign init mau.xlsx",
        "No header row found in “{value}”. Needed columns: name (Họ và tên), bank (Ngân hàng), account "
        "(Số tài khoản), and preferably stall (Số quầy).{found_en} Make a starter file: qrsign init template.xlsx",
    ),
    "E-SHEET-NOT-READ": (
        "Trang tính này có vẻ là danh sách tiểu thương nhưng không đọc được: không nhận ra cột {missing}. "
        "Tiêu đề thấy được: {headers}. Đổi tên cột trong file, hoặc chỉ cho qrsign, ví dụ: "
        "--column \"Tên cột=name\" (name, bank, account…).",
        "This sheet looks like a vendor list but was not read: no column for {missing} was recognised. "
        "Headers found: {headers}. Rename the column in the file, or tell qrsign, e.g. "
        "--column \"Column title=name\" (name, bank, account…).",
    ),
    "E-COLUMN-FIELD": (
        "--column “{value}”: không có trường này. Các trường: {fields}.",
        "--column “{value}”: there is no such field. The fields are: {fields}.",
    ),
    "E-COLUMN-FORMAT": (
        "--column “{value}”: viết TIÊU ĐỀ=TRƯỜNG, ví dụ --column \"Tên trên app=holder\" hoặc --column \"C=name\".",
        "--column “{value}”: write HEADER=FIELD, e.g. --column \"Tên trên app=holder\" or --column \"C=name\".",
    ),
    "E-COLUMN-NOT-FOUND": (
        "--column: không có cột tiêu đề “{value}” trong dòng tiêu đề nào (hoặc dùng chữ cái cột, ví dụ C). "
        "Các tiêu đề có: {headers}.",
        "--column: no header row has a column titled “{value}” (or give a column letter, e.g. C). "
        "The headers are: {headers}.",
    ),
    "W-FORM-TEST": (
        "Câu trả lời thử của biểu mẫu ({field} “{value}”): không phải tiểu thương, không in biển.",
        "A test response to the form ({field} “{value}”): not a vendor, no sign.",
    ),
    "W-FORM-SUPERSEDED": (
        "Người này đã gửi lại câu trả lời cho cùng quầy và ngân hàng ở dòng {later}: dòng này (tài khoản "
        "“{value}”) bỏ qua, biển in theo dòng {later} (tài khoản “{account}”). Nếu cả hai đều đúng, ghi số quầy "
        "hoặc ngân hàng khác nhau.",
        "This person sent the form again for the same stall and bank in row {later}: this row (account "
        "“{value}”) is left out and the sign prints row {later} (account “{account}”). If both are right, give "
        "them different stalls or banks.",
    ),
    "E-SHEET-NO-HEADER.page": (  # on the page: no command to type
        "Không tìm thấy dòng tiêu đề trong “{value}”. Cần các cột: Họ và tên, Ngân hàng, Số tài khoản (và nên có Số quầy).{found_vi} Tải file mẫu ở trang đầu để điền, hoặc chọn lại loại dữ liệu của các cột.",
        "No header row found in “{value}”. Needed columns: name (Họ và tên), bank (Ngân hàng), account (Số tài khoản), and preferably stall (Số quầy).{found_en} Download the starter file from the start page, or choose the columns' fields again.",
    ),
    "E-SHEET-DUP-HEADER": (
        "Trang “{sheet}” có hai cột cùng là {field} ({columns}). Đổi tên hoặc xoá một cột.",
        "Sheet “{sheet}” has two {field} columns ({columns}). Rename or delete one of them.",
    ),
    "E-COLUMN-CHOICE": (
        "Chọn cột không hợp lệ: “{value}”. Chọn lại loại dữ liệu của cột trong bảng các cột.",
        "Invalid column choice: “{value}”. Choose the column's field again in the table of columns.",
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
    "W-STRIP-NO-NAME": (
        "Tên chủ tài khoản của {value} quá dài để in trong dòng nhắc kiểm tra tên của mẫu {template}: dòng này "
        "in “tên in ở trên” thay cho tên (tên vẫn in lớn ở dòng tên). Muốn in cả tên: rút gọn tên, hoặc dùng mẫu "
        "lớn hơn.",
        "The holder's name of {value} is too long for the check-the-name line of template {template}: that line "
        "says “the name printed above” instead (the name is still printed large on its own line). To print it "
        "there too: shorten the name, or use a larger template.",
    ),
    # --- templates -----------------------------------------------------------------------------
    "E-TEMPLATE-UNKNOWN": (
        "Không có mẫu “{value}”. Các mẫu có: {names}. Xem: qrsign templates",
        "No template “{value}”. Available: {names}. See: qrsign templates",
    ),
    "E-TEMPLATE-UNKNOWN.page": (  # on the page: no command to type
        "Không có mẫu “{value}”. Các mẫu có: {names}. Chọn một mẫu trong danh sách.",
        "No template “{value}”. Available: {names}. Choose one from the list.",
    ),
    "E-TEMPLATE-INVALID": (
        "Mẫu “{value}” không hợp lệ: {detail}",
        "Template “{value}” is not valid: {detail}",
    ),
    "E-LOGO": (
        "Không dùng được logo “{value}” ({detail}).",
        "Cannot use logo “{value}” ({detail}).",
    ),
    "E-LOGO-QR": (
        "Logo “{value}” có chứa một mã QR (chuyển tới {detail}). Biển chỉ được có một mã QR, mã của tiểu thương: "
        "mã trong logo sẽ nhận tiền thay họ trên mọi biển in ra. Dùng logo không có mã QR.",
        "The logo “{value}” contains a QR code (paying {detail}). A sign carries one QR code, the vendor's: a code "
        "in the logo would take the payments of every sign printed. Use a logo without a QR code.",
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
    "E-REPORT-ROWS": (
        "Trang “{sheet}” có nội dung ở dòng {row}, quá số dòng tối đa của Excel ({limit}), nên không ghi được báo cáo lỗi. "
        "Xóa các dòng trống thừa ở giữa danh sách rồi chạy lại, hoặc chạy check không có --report.",
        "Sheet “{sheet}” has content on row {row}, past Excel's last row ({limit}), so the problem report cannot be "
        "written. Delete the extra empty rows inside the list and run again, or run check without --report.",
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
    "E-API-PATH": (
        "{field} phải là đường dẫn (str hoặc pathlib.Path), không phải {got}.",
        "{field} must be a path (str or pathlib.Path), not {got}.",
    ),
    "E-API-TEXT": (
        "{field} phải là chữ (str) hoặc None, không phải {got}.",
        "{field} must be text (str) or None, not {got}.",
    ),
    "E-USAGE": (
        "{detail}",
        "{detail}",
    ),
    "E-SHEET-XLSB": (
        "“{value}” là sổ làm việc nhị phân Excel (.xlsb), qrsign không đọc được. Mở bằng Excel: "
        "Tệp → Lưu thành → Sổ làm việc Excel (.xlsx), rồi chạy lại với file .xlsx.",
        "“{value}” is an Excel binary workbook (.xlsb), which qrsign does not read. Open it in Excel: "
        "File → Save As → Excel Workbook (.xlsx), then run again on the .xlsx file.",
    ),
    "E-SHEET-XLSB.page": (  # on the page: no command to type
        "“{value}” là sổ làm việc nhị phân Excel (.xlsb), chương trình không đọc được. Mở bằng Excel: Tệp → Lưu thành → Sổ làm việc Excel (.xlsx), rồi tải lên file .xlsx.",
        "“{value}” is an Excel binary workbook (.xlsb), which cannot be read. Open it in Excel: File → Save As → Excel Workbook (.xlsx), then upload the .xlsx file.",
    ),
    "E-SHEET-STRICT": (
        "“{value}” được lưu dạng “Strict Open XML”, qrsign không đọc được. Mở bằng Excel: "
        "Tệp → Lưu thành → Sổ làm việc Excel (.xlsx) (không chọn “Strict”), rồi chạy lại.",
        "“{value}” is saved as “Strict Open XML”, which qrsign does not read. Open it in Excel: "
        "File → Save As → Excel Workbook (.xlsx) (not “Strict”), then run again.",
    ),
    "E-SHEET-STRICT.page": (  # on the page: no command to type
        "“{value}” được lưu dạng “Strict Open XML”, chương trình không đọc được. Mở bằng Excel: Tệp → Lưu thành → Sổ làm việc Excel (.xlsx) (không chọn “Strict”), rồi tải lên lại.",
        "“{value}” is saved as “Strict Open XML”, which cannot be read. Open it in Excel: File → Save As → Excel Workbook (.xlsx) (not “Strict”), then upload it again.",
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
    "W-ROW-LEFT": (
        "Ô {field} ghi “{value}”: tiểu thương {name} đã nghỉ bán, nên không làm biển (dòng được bỏ qua như dòng "
        "ẩn; biển cũ, nếu có, nằm trong danh sách thu hồi của qrsign diff). Nếu tiểu thương vẫn bán, sửa hoặc "
        "xoá ô này; tạm nghỉ thì ghi “tạm nghỉ”.",
        "The {field} cell says “{value}”: vendor {name} left the market, so no sign is made (the row is skipped "
        "like a hidden row; an old sign, if any, is on qrsign diff's withdraw list). If the vendor still trades, "
        "correct or clear this cell; for a pause write “tạm nghỉ”.",
    ),
    "W-ROW-LEFT.page": (  # on the page: no command to type
        "Ô {field} ghi “{value}”: tiểu thương {name} đã nghỉ bán, nên không làm biển (dòng được bỏ qua như dòng "
        "ẩn; biển cũ, nếu có, nằm trong danh sách thu hồi khi in lại). Nếu tiểu thương vẫn bán, sửa hoặc xoá ô "
        "này; tạm nghỉ thì ghi “tạm nghỉ”.",
        "The {field} cell says “{value}”: vendor {name} left the market, so no sign is made (the row is skipped "
        "like a hidden row; an old sign, if any, goes on the withdraw list of the next reprint). If the vendor "
        "still trades, correct or clear this cell; for a pause write “tạm nghỉ”.",
    ),
    "W-CELL-DITTO": (
        "Ô {field} ghi “{value}” (như trên): đã lấy “{taken}” của dòng {above}. Kiểm tra lại; lần sau gõ đầy đủ "
        "giá trị vào ô.",
        "The {field} cell says “{value}” (ditto): took “{taken}” from row {above}. Check it; next time type the "
        "value in full.",
    ),
    "E-CELL-DITTO-NONE": (
        "Ô {field} ghi “{value}” (như trên) nhưng dòng trên không có giá trị để lấy. Gõ đầy đủ giá trị vào ô.",
        "The {field} cell says “{value}” (ditto) but the row above has no value to take. Type the value in full.",
    ),
    "W-COLUMN-HIDDEN": (
        "Cột này bị ẩn và trùng loại với cột {value} đang hiện: qrsign dùng cột {value}. Nếu cột ẩn mới đúng, "
        "hiện nó ra và xoá (hoặc đổi tên) cột kia.",
        "This column is hidden and holds the same field as the visible column {value}: qrsign uses column "
        "{value}. If the hidden one is right, unhide it and delete (or rename) the other.",
    ),
    "W-COLUMN-HIDDEN.page": (  # on the page: no command to type
        "Cột này bị ẩn và trùng loại với cột {value} đang hiện: chương trình dùng cột {value}. Nếu cột ẩn mới đúng, chọn lại loại dữ liệu của hai cột trong bảng các cột.",
        "This column is hidden and holds the same field as the visible column {value}: column {value} is used. If the hidden column is the right one, choose the two columns' fields again in the table of columns.",
    ),

    # --- the account policy (qrsign/account.py)
    "E-ACCOUNT-TWO": (
        "Ô này có hai số tài khoản ({first} và {second}): mỗi dòng chỉ một tài khoản. Để lại số thứ nhất và "
        "thêm một dòng cho số thứ hai (cùng họ tên, cùng số quầy). Nếu đây là một số, gõ liền các chữ số.",
        "This cell holds two accounts ({first} and {second}): one account per row. Keep the first and add a "
        "row for the second (same name, same stall). If it is one number, type its digits together.",
    ),
    "E-ACCOUNT-WORDS": (
        "Ô số tài khoản “{value}” có chữ “{words}” bên cạnh các chữ số: tên ngân hàng, nhãn hay tên người "
        "không thuộc số tài khoản, nên không làm biển. Nếu số tài khoản là {suggestion}, chỉ gõ {suggestion} "
        "(tên ngân hàng để ở cột Ngân hàng).",
        "The account cell “{value}” has the words “{words}” beside its digits: a bank, a label or a person's "
        "name is not part of an account, so no sign is made. If the account is {suggestion}, type only "
        "{suggestion} (the bank goes in the bank column).",
    ),
    "E-ACCOUNT-WORDS-SHORT": (
        "Ô số tài khoản “{value}” có chữ “{words}” và chỉ {length} ký tự số ({digits}): tên ngân hàng, nhãn hay "
        "tên người không thuộc số tài khoản, và số tài khoản VietQR có từ {limit} đến 19 ký tự, nên không làm "
        "biển. Chỉ gõ đủ số tài khoản, không kèm chữ (xem thẻ hoặc app ngân hàng).",
        "The account cell “{value}” has the words “{words}” and only {length} characters of number ({digits}): "
        "a bank, a label or a person's name is not part of an account, and VietQR accounts have {limit} to 19 "
        "characters, so no sign is made. Type the whole account number and nothing else (see the bank card or "
        "app).",
    ),
    "E-ACCOUNT-NO-NUMBER": (
        "Ô số tài khoản “{value}” chỉ có chữ (“{words}”), không có số tài khoản: có lẽ là tên hay ghi chú, nên "
        "không làm biển. Gõ số tài khoản vào ô này (xem thẻ hoặc app ngân hàng).",
        "The account cell “{value}” holds only words (“{words}”) and no account number: a name or a note, so no "
        "sign is made. Type the account number in this cell (see the bank card or app).",
    ),
    "E-ACCOUNT-LOOKALIKE": (
        "Số tài khoản “{value}” có chữ cái thay cho chữ số: {chars} (vị trí tính từ trái). Gõ lại bằng chữ số, "
        "ví dụ {suggestion}, và so với thẻ hoặc app ngân hàng.",
        "Account number “{value}” has letters in place of digits: {chars} (positions from the left). Retype them "
        "as digits, e.g. {suggestion}, and compare with the bank card or app.",
    ),
    "E-ACCOUNT-SHORT": (
        "Số tài khoản “{value}” chỉ có {length} ký tự; số tài khoản VietQR có từ {limit} đến 19 ký tự. "
        "Gõ đủ số tài khoản (xem thẻ hoặc app ngân hàng); nếu ô là công thức, kiểm tra bảng tra.",
        "Account number “{value}” has only {length} characters; VietQR accounts have {limit} to 19. "
        "Type the full account number (see the bank card or app); if the cell is a formula, check its lookup table.",
    ),
    "E-ACCOUNT-LOOKUP-EMPTY": (
        "Ô số tài khoản là công thức “{value}” nhưng kết quả lưu trong file là “{result}”: công thức không tìm "
        "thấy số tài khoản của dòng này. Sửa bảng tra hoặc gõ thẳng số tài khoản vào ô, rồi lưu lại.",
        "The account cell is the formula “{value}” but its stored result is “{result}”: the lookup found no "
        "account for this row. Fix the lookup table or type the account number into the cell, then save.",
    ),
    "E-ACCOUNT-AND-CARD": (
        "Dòng này có cả số tài khoản ({value}) và số thẻ ({card}): mỗi dòng một mã. Để số tài khoản ở dòng "
        "này và thêm một dòng cho số thẻ (cùng họ tên, cùng số quầy).",
        "This row has both an account ({value}) and a card number ({card}): one code per row. Keep the account "
        "here and add a row for the card (same name, same stall).",
    ),
    "W-ACCOUNT-LABEL": (
        "Đã bỏ chữ “{label}” ở đầu ô: số in trên biển là {account}. Lần sau chỉ gõ số tài khoản vào cột này.",
        "Removed “{label}” in front of the number: the sign shows {account}. Type only the account number "
        "in this column.",
    ),
    "W-ACCOUNT-FLOAT": (
        "“{value}” là số thập phân bị dán thành chữ: số in trên biển là {account}. Nếu số tài khoản thật bắt "
        "đầu bằng 0 thì Excel đã làm mất số 0: so lại với thẻ/app ngân hàng, định dạng cột là Văn bản (Text) "
        "và gõ lại nếu thiếu.",
        "“{value}” is a decimal number pasted as text: the sign shows {account}. If the real account starts "
        "with 0, Excel dropped the zeros: compare with the bank card or app, format the column as Text and "
        "retype it if anything is missing.",
    ),
    "W-ACCOUNT-PHONE-INTL": (
        "“{value}” là số điện thoại viết kiểu quốc tế: số in trên biển là {account} (ngân hàng và ví đăng ký "
        "số điện thoại dạng 0…). Kiểm tra trong app rằng số này là tài khoản nhận tiền.",
        "“{value}” is a phone number in international form: the sign shows {account} (banks and wallets "
        "register phone numbers as 0…). Check in the app that this number receives transfers.",
    ),
    "W-ACCOUNT-PHONE": (
        "Số tài khoản {value} trông như số điện thoại có mã nước 84 ({phone}). Ngân hàng đăng ký số điện thoại "
        "dạng 0…: nếu tài khoản là số điện thoại, gõ {phone}; nếu không, so lại với thẻ/app ngân hàng.",
        "Account {value} looks like a phone number with the country code 84 ({phone}). Banks register phone "
        "numbers as 0…: if the account is the phone number, type {phone}; if not, compare with the card or app.",
    ),
    "W-ACCOUNT-IS-CARD": (
        "{value} là số thẻ nội địa NAPAS (9704…): biển được in là mã chuyển tới thẻ (QRIBFTTC). Nếu chủ quầy "
        "muốn nhận vào tài khoản, gõ số tài khoản thay cho số thẻ.",
        "{value} is a NAPAS domestic card number (9704…): the sign is made as a transfer to a card (QRIBFTTC). "
        "If the holder wants transfers to an account, type the account number instead.",
    ),
    "W-ACCOUNT-CARD-LIKE": (
        "{value} trông như số thẻ NAPAS (9704…, 16–19 chữ số) nhưng sai chữ số kiểm tra, nên được in như số "
        "tài khoản. Nếu đây là số thẻ, có chữ số bị gõ nhầm: so lại với thẻ.",
        "{value} looks like a NAPAS card number (9704…, 16–19 digits) but its check digit is wrong, so it is "
        "made as an account. If it is a card, a digit is mistyped: compare with the card.",
    ),
    "W-CARD-CHECK-DIGIT": (
        "Số thẻ {value} sai chữ số kiểm tra (Luhn): có thể gõ nhầm một chữ số. So lại với mặt trước của thẻ.",
        "Card number {value} fails its check digit (Luhn): a digit may be mistyped. Compare with the card.",
    ),
    "E-CARD-OTHER-BANK": (
        "{value} là số thẻ của {card_bank}, không phải của {bank}: chuyển tiền tới thẻ phải đi qua ngân hàng "
        "phát hành thẻ. Sửa cột Ngân hàng thành ngân hàng của thẻ, hoặc gõ số tài khoản {bank} thay cho số thẻ.",
        "{value} is a card of {card_bank}, not of {bank}: a transfer to a card goes through the bank that "
        "issued it. Change the bank to the card's bank, or type the {bank} account number instead of the card.",
    ),
    # --- names (qrsign/names.py, qrsign/legacy.py)
    "W-NAME-LEGACY": (
        "Tên được gõ bằng phông {encoding} cũ (“{value}”): đã đổi sang Unicode thành “{converted}”. Kiểm tra "
        "lại; lần sau gõ bằng Unicode (Unikey: bảng mã Unicode).",
        "The name was typed with the old {encoding} font encoding (“{value}”): converted to Unicode as "
        "“{converted}”. Check it; next time type in Unicode (Unikey: Unicode charset).",
    ),
    "E-NAME-LEGACY": (
        "{field} “{value}” có vẻ gõ bằng phông {encoding} cũ nhưng không đổi chắc chắn được sang Unicode. Gõ "
        "lại tên bằng Unicode (Unikey: bảng mã Unicode, phông Times New Roman) hoặc đổi cả cột bằng công cụ "
        "chuyển mã của Unikey.",
        "{field} “{value}” looks typed with an old {encoding} font encoding but cannot be converted to Unicode "
        "with certainty. Retype the name in Unicode (Unikey: Unicode charset, Times New Roman) or convert the "
        "column with Unikey's converter.",
    ),
    "E-NAME-LETTERS": (
        "{field} “{value}” có chữ không phải chữ tiếng Việt: {chars}. Gõ tên đúng như ngân hàng ghi, chỉ bằng "
        "chữ tiếng Việt (có hoặc không dấu).",
        "{field} “{value}” has letters that are not Vietnamese: {chars}. Type the name as the bank has it, in "
        "Vietnamese letters only (with or without diacritics).",
    ),
    "E-NAME-LEGACY-TEXT": (
        "{field} “{value}” được gõ bằng phông {encoding} cũ; viết bằng Unicode là “{converted}”. Dùng tên Unicode.",
        "{field} “{value}” is typed with the old {encoding} font encoding; in Unicode it reads “{converted}”. "
        "Use the Unicode name.",
    ),
    "W-NAME-NOTE": (
        "Ghi chú “{note}” trong ngoặc không phải tên chủ tài khoản: tên in trên biển là {holder}. Chuyển ghi "
        "chú sang cột Ghi chú.",
        "The note “{note}” in parentheses is not part of the holder's name: the sign shows {holder}. Move the "
        "note to the Ghi chú (note) column.",
    ),
    "W-NAME-TITLE": (
        "Đã bỏ “{title}” trước tên “{value}”: tên chủ tài khoản in trên biển là {holder}. Nếu app ngân hàng "
        "hiện tên khác, sửa cột tên cho đúng như app.",
        "Removed “{title}” before the name “{value}”: the sign's holder line is {holder}. If the bank app "
        "shows another name, correct the name column to match the app.",
    ),
    "E-NAME-TITLE-ONLY": (
        "{field} “{value}” là cách gọi (“{title}” và tên gọi), không phải họ tên đầy đủ của chủ tài khoản. Gõ đủ "
        "họ, tên đệm và tên như app ngân hàng hiện (ví dụ Lê Thị Mai).",
        "{field} “{value}” is a form of address (“{title}” and a given name), not the holder's full name. Type "
        "the surname, middle and given names as the bank app shows them (e.g. Lê Thị Mai).",
    ),
    "E-NAME-ONE-WORD": (
        "{field} “{value}” chỉ có một chữ: ngân hàng ghi họ và tên đầy đủ của chủ tài khoản. Gõ đủ họ tên như "
        "app ngân hàng hiện.",
        "{field} “{value}” is a single word: banks register the holder's full name. Type the full name as the "
        "bank app shows it.",
    ),
    "E-NAME-SHOP": (
        "{field} “{value}” là tên cửa hàng hoặc cơ sở, không phải tên một người: biển in tên chủ tài khoản mà app "
        "ngân hàng hiện. Gõ họ tên chủ tài khoản; tên cửa hàng để ở cột Ghi chú.",
        "{field} “{value}” is a shop's or business's name, not a person's: the sign shows the account holder's "
        "name the bank app shows. Type the holder's full name; put the shop's name in the note column.",
    ),
    "E-NAME-TWO-PEOPLE": (
        "{field} “{value}” có hai người: mỗi tài khoản chỉ có một chủ. Gõ tên người đứng tên tài khoản (như app "
        "ngân hàng hiện); nếu người kia có tài khoản riêng, thêm một dòng cho họ.",
        "{field} “{value}” names two people: an account has one holder. Type the name of the account's holder "
        "(as the bank app shows it); if the other person has an account too, add a row for them.",
    ),
    "E-NAME-PLACEHOLDER": (
        "{field} “{value}” chưa phải là tên. Gõ họ tên chủ tài khoản như app ngân hàng hiện, hoặc xoá dòng nếu "
        "chưa có tiểu thương.",
        "{field} “{value}” is not a name yet. Type the holder's full name as the bank app shows it, or delete "
        "the row if there is no vendor yet.",
    ),
    # --- banks (qrsign/banks.py)
    "W-BANK-FORMER-NAME": (
        "“{value}” là tên cũ của {bank} (đổi tên năm {year}): biển sẽ in tên mới {bank}, mã QR vẫn đúng. "
        "Nên sửa cột Ngân hàng thành {bank}.",
        "“{value}” is the former name of {bank} (renamed in {year}): the sign shows the new name {bank}; the "
        "QR is the same. Change the bank column to {bank}.",
    ),
    "W-BANK-FORMER-NAME-UNDATED": (
        "“{value}” là tên cũ của {bank}: biển sẽ in tên mới {bank}, mã QR vẫn đúng. Nên sửa cột Ngân hàng "
        "thành {bank}.",
        "“{value}” is a former name of {bank}: the sign shows the new name {bank}; the QR is the same. Change "
        "the bank column to {bank}.",
    ),
    # --- filters and counts
    "E-MARKET-NOT-FOUND": (
        "Không có dòng nào của chợ “{value}”. Các chợ có trong danh sách: {markets}. Ghi --market đúng một "
        "trong các tên này (hoặc bỏ --market).",
        "No row belongs to market “{value}”. Markets in the list: {markets}. Give --market one of these names "
        "(or leave --market out).",
    ),
    "E-NOTHING-TO-BUILD-EMPTY": (
        "Danh sách không có dòng tiểu thương nào để in biển. Điền các dòng dưới tiêu đề rồi chạy lại.",
        "The list has no vendor rows to build signs from. Fill in rows under the header and run again.",
    ),

    "E-VERIFY-WRONG-CELL": (
        "SAI Ô: trang {page} của {file}, ô của {expected} (mã biển {sign_id}) mang mã QR của {value}. "
        "Khách quét sẽ chuyển tiền cho người khác, không phải người có tên in bên cạnh: không in trang này, in lại.",
        "WRONG CELL: page {page} of {file}, the cell of {expected} (sign {sign_id}) carries the QR of {value}. "
        "A payer would pay someone other than the name printed beside it: do not print this page, rebuild.",
    ),
    "E-VERIFY-STRANGER": (
        "MÃ LẠ TRÊN TRANG: trang {page} của {file} có thêm một mã QR rộng khoảng {size} mm (tâm cách mép trái "
        "{x} mm, mép trên {y} mm), ngoài mọi ô mã QR của biển; mã này chuyển tiền tới {value}. Biển không được có "
        "mã nào khác: không in file này, in lại từ thư mục biển.",
        "STRANGE CODE ON THE PAGE: page {page} of {file} carries another QR code about {size} mm wide (its centre "
        "{x} mm from the left edge, {y} mm from the top), outside every QR box of the sign; it pays {value}. "
        "A sign must carry no other code: do not print this file, print it again from the build folder.",
    ),
    "E-VERIFY-WRONG-PAGE": (
        "SAI TRANG: trang {page} của {file} là biển của {value} (mã biển {sign_id}), lần in đặt biển này ở trang "
        "{expected}: các trang đã bị đổi chỗ hoặc bớt đi. In lại file từ thư mục biển.",
        "WRONG PAGE: page {page} of {file} is the sign of {value} (sign {sign_id}), which the build put on page "
        "{expected}: pages were moved or taken out. Print the file again from the build folder.",
    ),
    "E-VERIFY-OUTSIDE-CELL": (
        "Trang {page} của {file}: mã QR của {value} nằm ngoài mọi ô mã QR của trang. In lại trang này.",
        "Page {page} of {file}: the QR of {value} lies outside every QR box of the page. Rebuild this page.",
    ),
    "E-VERIFY-HOLDER": (
        "Trang {page} của {file}: ô của mã QR {account} không in tên chủ tài khoản {holder}.",
        "Page {page} of {file}: the cell of QR {account} does not print the holder's name {holder}.",
    ),
    "E-VERIFY-CELL-TEXT": (
        "Trang {page} của {file}: ô của mã QR không in số tài khoản {value} mà mã chuyển tới.",
        "Page {page} of {file}: the cell of the QR does not print the account number {value} it pays.",
    ),
    "E-VERIFY-PHOTO-NO-QR": (
        "Không đọc được mã QR nào trong “{value}”. Chụp lại gần hơn, thẳng, đủ sáng, không loá.",
        "No readable QR code in “{value}”. Take the photo again: closer, straight, enough light, no glare.",
    ),
    "E-VERIFY-PAGE-NO-QR": (
        "Trang {page} của “{value}” không có mã QR đọc được.",
        "Page {page} of “{value}” has no readable QR code.",
    ),
    "E-VERIFY-NOT-IN-BUILD": (
        "“{value}” nằm trong thư mục nhưng không phải do lần in này tạo ra (không có trong manifest.json). "
        "Đừng in file này; xoá nó hoặc chạy lại qrsign build.",
        "“{value}” is in the folder but was not made by this build (it is not in manifest.json). "
        "Do not print it; delete it or run qrsign build again.",
    ),
    "E-VERIFY-NOT-IN-BUILD.page": (  # on the page: no command to type
        "“{value}” nằm trong thư mục nhưng không phải do lần in này tạo ra (không có trong manifest.json). Đừng in file này; xoá nó hoặc tạo biển lại.",
        "“{value}” is in the folder but was not written by this build (not in manifest.json). Do not print it; delete it or build the signs again.",
    ),
    "E-VERIFY-UNREADABLE-FILE": (
        "Không mở được “{value}” ({detail}).",
        "Cannot open “{value}” ({detail}).",
    ),
    "E-VERIFY-CHANGED": (
        "“{value}” không còn là file lần in đã ghi: nó đã bị sửa sau khi in (mã SHA-256 khác với manifest.json). "
        "Mọi kiểm tra vẫn chạy trên file này (xem các dòng khác). Đừng in nó: in file từ thư mục biển, hoặc chạy "
        "lại qrsign build.",
        "“{value}” is not the file the build wrote: it was changed since the build (its SHA-256 differs from "
        "manifest.json). Every check still ran on it (see the other lines). Do not print it: print the file from "
        "the build folder, or run qrsign build again.",
    ),
    "E-VERIFY-PAGE-COUNT": (
        "“{file}” có {pages} trang, lần in đã ghi {expected} trang: có trang bị bớt đi hoặc thêm vào. "
        "In lại file từ thư mục biển.",
        "“{file}” has {pages} pages; the build wrote {expected}: pages were taken out or added. "
        "Print the file again from the build folder.",
    ),
    "E-VERIFY-CHANGED.page": (  # on the page: no command to type
        "“{value}” đã bị sửa sau khi in (mã SHA-256 khác với manifest.json). Tạo biển lại.",
        "“{value}” was changed after the build (its SHA-256 differs from manifest.json). Build the signs again.",
    ),
    "E-IMAGE-HEIC": (
        "Không đọc được ảnh HEIC “{value}” trên máy này. Gửi ảnh dạng JPG (iPhone: Cài đặt → Camera → "
        "Định dạng → Tương thích nhất), hoặc cài pillow-heif.",
        "Cannot read the HEIC photo “{value}” on this machine. Send a JPG instead (iPhone: Settings → Camera → "
        "Formats → Most Compatible), or install pillow-heif.",
    ),
    "E-VERIFY-TOO-MANY-PAGES": (
        "“{value}” có {pages} trang, quá giới hạn {limit} trang của verify. Tách file, hoặc kiểm tra từng thư mục "
        "chợ của lần in.",
        "“{value}” has {pages} pages, over verify's limit of {limit}. Split the file, or check each market folder "
        "of the build.",
    ),
    "E-SINCE-OTHER-MARKETS": (
        "Lần in cũ (“{value}”) không có chợ nào trùng với danh sách mới: lần in cũ là của {markets}, danh sách "
        "mới là {new_markets}. So sánh hai danh sách khác chợ sẽ bảo thu hồi mọi biển đang dùng. Chọn đúng "
        "manifest.json của lần in trước cho chợ này (hoặc sửa --market).",
        "The old build (“{value}”) shares no market with the new sheet: the old build is of {markets}, the new "
        "sheet of {new_markets}. Comparing them would withdraw every working sign. Choose the manifest.json of "
        "this market's previous build (or fix --market).",
    ),
    "E-OUTPUT-OTHER-BUILD": (
        "Thư mục “{value}” đang chứa biển in từ danh sách khác ({source}). Chọn thư mục khác cho -o, "
        "hoặc thêm --replace để thay lần in đó (chỉ xoá các file nó đã ghi và chưa bị sửa).",
        "The folder “{value}” holds signs built from another sheet ({source}). Choose another folder for -o, "
        "or add --replace to replace that build (only files it wrote and that are unchanged are removed).",
    ),
    "E-OUTPUT-LOCKED": (
        "Một lần in khác đang ghi vào “{value}” (tiến trình {pid} trên máy {host}, từ {since}). Đợi nó xong, "
        "hoặc chọn thư mục khác. Nếu chắc chắn nó đã dừng, xoá file .qrsign.lock trong thư mục.",
        "Another build is writing to “{value}” (process {pid} on {host}, since {since}). Wait for it to finish "
        "or choose another folder. If you are sure it has stopped, delete .qrsign.lock in the folder.",
    ),

    "E-MAKE-AMOUNT-SIGN": (
        "Mã có số tiền (--amount) chỉ dùng cho một lần trả, không in lên biển treo ở quầy (biển không ghi số "
        "tiền, mọi khách sẽ bị đòi đúng số đó). Ghi ra ảnh: -o ma-mot-lan.png (thẻ có ghi số tiền) hoặc .svg.",
        "A code with an amount (--amount) is for one payment, not for a stall sign (the sign does not show the "
        "amount and every customer would be asked for it). Write a picture: -o one-off.png (a card showing the "
        "amount) or .svg.",
    ),
    "E-QR-ONLY-FORMAT": (
        "--qr-only chỉ dùng khi ghi ảnh PNG (“{value}”): đặt tên tệp đuôi .png, hoặc bỏ --qr-only để in biển.",
        "--qr-only is only for a PNG image (“{value}”): give a .png file name, or leave out --qr-only for a sign.",
    ),


    "W-PAYLOAD-UTF8": (
        "Mã QR có chữ có dấu (UTF-8) ở trường {fields}. Ứng dụng ngân hàng đọc được; qrsign giữ nguyên mã, "
        "không sửa ký tự nào.",
        "The payload carries UTF-8 text in field {fields}. Banking apps read it; qrsign keeps the code exactly "
        "as it is.",
    ),
    "W-PAYLOAD-CLEANED": (
        "Mã QR dán vào có ký tự thừa, qrsign đã bỏ đi (ở đầu: {start}; ở giữa: {inside}; ở cuối: {end}). "
        "Mã sẽ in: {payload}",
        "The pasted payload had extra characters, which qrsign removed (at the start: {start}; inside: {inside}; "
        "at the end: {end}). The code that will print: {payload}",
    ),
    "W-PAYLOAD-UTF8.page": (  # on the page: no command to type
        "Mã QR có chữ có dấu (UTF-8) ở trường {fields}. Ứng dụng ngân hàng đọc được; biển giữ nguyên mã, không sửa ký tự nào.",
        "The payload carries UTF-8 text in field {fields}. Banking apps read it; the sign keeps the code exactly, not a character changed.",
    ),
    "W-PAYLOAD-DYNAMIC": (
        "Mã QR này là mã động (số tiền {amount}): biển treo ở quầy nên dùng mã tĩnh để khách tự nhập số tiền. "
        "Hãy tạo lại “Mã QR nhận tiền” không kèm số tiền trong ứng dụng.",
        "This is a dynamic code (amount {amount}): a stall sign should carry a static code so that payers type "
        "the amount. Make the app's “receive money” QR again without an amount.",
    ),
    "E-PAYLOAD-DYNAMIC": (
        "Mã QR này có sẵn số tiền ({amount} đ): mọi khách quét biển sẽ bị đòi đúng số tiền đó, mà biển không in "
        "số tiền. Biển treo ở quầy cần mã tĩnh: nhờ tiểu thương tạo lại “Mã QR nhận tiền” không nhập số tiền. "
        "Mã dùng một lần có số tiền thì tạo bằng “qrsign make --amount … -o ma.png”.",
        "This QR carries an amount ({amount} VND): every customer who scans the sign would be asked for that "
        "amount, and the sign does not show it. A stall sign needs a static code: ask the vendor to make the "
        "app's “receive money” QR again without an amount. For a one-off code with an amount, use "
        "“qrsign make --amount … -o code.png”.",
    ),
    "E-PAYLOAD-DYNAMIC.page": (  # on the page: no command to type
        "Mã QR này có sẵn số tiền ({amount} đ): mọi khách quét biển sẽ bị đòi đúng số tiền đó, mà biển không in "
        "số tiền. Biển treo ở quầy cần mã tĩnh: nhờ tiểu thương tạo lại “Mã QR nhận tiền” không nhập số tiền.",
        "This QR carries an amount ({amount} VND): every customer who scans the sign would be asked for that "
        "amount, and the sign does not show it. A stall sign needs a static code: ask the vendor to make the "
        "app's “receive money” QR again without an amount.",
    ),
    "E-WALLET-NO-REFERENCE": (
        "Mã QR {kind} thiếu mã tham chiếu của ví (trường 62/05): ví sẽ báo “Chưa kiểm tra được thông tin”. "
        "Hãy chụp lại mã QR nhận tiền trong ứng dụng {kind}.",
        "This {kind} QR lacks the wallet's reference (field 62/05); the wallet would answer that it cannot check "
        "the details. Take a new screenshot of the receive-money QR in the {kind} app.",
    ),
    "E-WALLET-TYPED": (
        "Tài khoản {wallet} không làm biển từ số gõ tay được: chỉ mã QR của chính ví mới mang mã tham chiếu của "
        "ví. Chụp màn hình mã QR nhận tiền trong ứng dụng {wallet} rồi dùng “qrsign import”, hoặc dán chuỗi mã "
        "vào cột “Mã QR”.",
        "A {wallet} account cannot be signed from typed details: only the wallet's own QR carries its reference. "
        "Take a screenshot of the receive-money QR in the {wallet} app and use “qrsign import”, or paste the "
        "payload into the “Mã QR” column.",
    ),
    "E-WALLET-TYPED.page": (  # on the page: no command to type
        "Tài khoản {wallet} không làm biển từ số gõ tay được: chỉ mã QR của chính ví mới mang mã tham chiếu của ví. Chụp màn hình mã QR nhận tiền trong ứng dụng {wallet} rồi dùng mục “Ảnh mã QR → danh sách”, hoặc dán chuỗi mã vào cột “Mã QR”.",
        "A {wallet} account cannot be printed from a typed number: only the wallet's own QR carries its reference. Take a screenshot of the receive-money QR in the {wallet} app and use “QR pictures → list”, or paste the payload into the “Mã QR” column.",
    ),
    "E-PAYLOAD-MERCHANT-ID": (
        "Mã QR cửa hàng ({kind}) có mã điểm bán “{value}” mà biển không in đúng được (chỉ chữ và số, tối đa 19).",
        "The merchant QR ({kind}) carries a merchant ID “{value}” a sign cannot print correctly "
        "(letters and digits, up to 19).",
    ),
    "E-PAYLOAD-MERCHANT-NO-NAME": (
        "Mã QR cửa hàng ({kind}) không có tên cửa hàng (trường 59): biển phải in tên để khách đối chiếu.",
        "The merchant QR ({kind}) has no merchant name (field 59); a sign must print the name for payers to "
        "compare.",
    ),
    "E-PAYLOAD-MERCHANT-UNSUPPORTED": (
        "Đây là mã QR cửa hàng {kind} (trường {field}): qrsign không biết nó trả vào ngân hàng và tài khoản nào "
        "nên không in biển được. Dùng mã VietQR nhận tiền của ngân hàng.",
        "This is a {kind} merchant QR (field {field}): qrsign cannot tell which bank and account it pays into, so "
        "it cannot print a sign for it. Use the bank's VietQR receive-money code.",
    ),
    "E-PAYLOAD-MERCHANT-UNSUPPORTED.page": (  # on the page: no command to type
        "Đây là mã QR cửa hàng {kind} (trường {field}): không biết nó trả vào ngân hàng và tài khoản nào nên không in biển được. Dùng mã VietQR nhận tiền của ngân hàng.",
        "This is a {kind} merchant QR (field {field}): it does not say which bank and account it pays into, so no sign can be printed. Use the bank's receive-money VietQR.",
    ),
    "E-PAYLOAD-BANK-MISMATCH": (
        "Ngân hàng gõ ở dòng này là “{value}” nhưng mã QR trả vào {payload_bank}. Sửa cột Ngân hàng (hoặc để "
        "trống), hoặc kiểm tra lại mã QR.",
        "The bank typed on this row is “{value}” but the QR pays into {payload_bank}. Fix the bank column (or "
        "leave it empty), or check the QR.",
    ),
    "E-PAYLOAD-ACCOUNT-MISMATCH": (
        "Số tài khoản gõ ở dòng này là “{value}” nhưng mã QR trả vào tài khoản {payload_account}. Một trong hai "
        "bị sai: sửa lại cho khớp (hoặc để trống cột Số tài khoản).",
        "The account typed on this row is “{value}” but the QR pays into account {payload_account}. One of them "
        "is wrong: make them agree (or leave the account column empty).",
    ),
    "E-IMPORT-NO-QR": (
        "Không đọc được mã QR nào trong ảnh “{value}”. Chụp lại rõ hơn (cả mã, không lóa) hoặc dùng ảnh chụp "
        "màn hình.",
        "No readable QR code in image “{value}”. Take it again (the whole code, no glare) or use a screenshot.",
    ),
    "E-IMPORT-DAMAGED": (
        "Mã QR trong ảnh “{value}” hỏng — nhờ tiểu thương chụp lại mã trong app ngân hàng (màn hình “Mã QR "
        "nhận tiền”), đừng chỉnh sửa ảnh.",
        "The QR in image “{value}” is damaged — ask the vendor to capture the code again in their banking app "
        "(the “receive money” QR screen), without editing the picture.",
    ),
    "E-IMPORT-NOT-PAYMENT": (
        "Mã QR trong ảnh “{value}” không dùng được: {detail}",
        "The QR in image “{value}” cannot be used: {detail}",
    ),
    "E-IMPORT-NO-IMAGES": (
        "Không có ảnh nào để nhập trong “{value}” (PNG, JPEG, WebP, HEIC).",
        "No images to import in “{value}” (PNG, JPEG, WebP, HEIC).",
    ),
    "E-IMPORT-NOT-IMAGE": (
        "“{value}” không phải ảnh PNG, JPEG, WebP hay HEIC.",
        "“{value}” is not a PNG, JPEG, WebP or HEIC image.",
    ),
    "E-IMAGE-TOO-LARGE": (
        "Ảnh “{value}” quá lớn ({pixels} điểm ảnh, tối đa {limit}). Gửi ảnh chụp màn hình hoặc ảnh nhỏ hơn.",
        "Image “{value}” is too large ({pixels} pixels, at most {limit}). Send a screenshot or a smaller picture.",
    ),
    "W-IMPORT-NAME-DIFFERS": (
        "Tên trong tên tệp (“{value}”) khác tên chủ tài khoản trong mã QR ({holder}). Biển in tên {holder} ở "
        "dòng tên lớn (tên app người trả tiền hiện ra) và “{value}” ở dòng phụ. Hỏi lại tiểu thương: mã này có "
        "đúng là tài khoản của họ không.",
        "The name in the file name (“{value}”) differs from the holder in the QR ({holder}). The sign prints "
        "{holder} as the large name (what the payer's app shows) and “{value}” on the line below. Ask the "
        "vendor whether this code is really their account.",
    ),
    "W-PAYLOAD-NAME-DIFFERS": (
        "Tên ở dòng này (“{value}”) khác tên chủ tài khoản trong mã QR ({holder}). Biển in tên {holder} ở dòng "
        "tên lớn (tên app người trả tiền hiện ra) và “{value}” ở dòng phụ. Hỏi lại tiểu thương: mã này có đúng "
        "là tài khoản của họ không.",
        "The name on this row (“{value}”) differs from the holder in the QR ({holder}). The sign prints {holder} "
        "as the large name (what the payer's app shows) and “{value}” on the line below. Ask the vendor whether "
        "this code is really their account.",
    ),
    "W-IMPORT-MANY-ACCOUNTS": (
        "Ảnh “{value}” có {count} mã QR của những tài khoản khác nhau ({accounts}) mà không mã nào ghi tên chủ "
        "tài khoản: không có gì cho thấy các mã này là của tiểu thương ở dòng này. Hỏi lại tiểu thương trước "
        "khi in.",
        "Image “{value}” holds {count} QR codes of different accounts ({accounts}) and none carries the holder's "
        "name: nothing ties them to the vendor on this row. Ask the vendor before printing.",
    ),

    "E-XLSX-TYPE": (
        "Báo cáo là file Excel: đặt tên kết thúc bằng .xlsx (ví dụ bao-cao.xlsx), đang là “{value}”.",
        "The report is an Excel file: give it a name ending in .xlsx (e.g. report.xlsx), got “{value}”.",
    ),
    "E-PATROL-NEEDS-MANIFEST": (
        "--{option} cần ảnh chụp biển và --against manifest.json (thư mục biển đã in) để biết các quầy của chợ.",
        "--{option} needs photos of signs and --against manifest.json (the build folder) to know the market's "
        "stalls.",
    ),
    "E-SINCE-SAME-FOLDER": (
        "--since {value} là manifest của chính thư mục -o: lần in mới sẽ ghi đè nó. Chọn thư mục -o khác "
        "(ví dụ bien-2027).",
        "--since {value} is the manifest of the -o folder itself: the new build would overwrite it. Choose "
        "another -o folder (e.g. signs-2027).",
    ),

    "E-FILE-LOCKED": (
        "Không ghi được “{value}”: file đang mở trong chương trình khác (Excel, trình xem PDF?). "
        "Đóng file đó rồi chạy lại.",
        "Cannot write “{value}”: the file is open in another program (Excel, a PDF viewer?). "
        "Close it and run again.",
    ),
    "E-USAGE-COMBINE": (
        "--combine cần một mẫu gộp nhiều tài khoản (như {combined}), không phải {value}.",
        "--combine needs a combined template (like {combined}), not {value}.",
    ),
    "E-USAGE-LOGO-SLOT": (
        "--logo {value}: mẫu {template} không có ô logo “{slot}”. Các ô có: {slots}.",
        "--logo {value}: template {template} has no logo slot “{slot}”. Its slots: {slots}.",
    ),

    # the default codes of the error classes (qrsign.errors, qrsign.models): used when an error is raised
    # without a code of its own, so that every code a user can meet has a sentence
    "E-QRSIGN": ("qrsign gặp lỗi với “{value}”. Báo cho người giữ qrsign.",
                 "qrsign failed on “{value}”. Tell whoever maintains qrsign."),
    "E-QRSIGN.page": (  # on the page: no command to type
        "Chương trình gặp lỗi với “{value}”. Báo cho người giữ chương trình.",
        "The program failed on “{value}”. Tell whoever maintains it.",
    ),
    "E-DATA": ("{field} không hợp lệ: “{value}”. Sửa ô này rồi chạy lại.",
               "{field} is not valid: “{value}”. Fix this cell and run again."),
    "E-LENGTH": ("{field} “{value}” dài hoặc ngắn quá. Sửa ô này rồi chạy lại.",
                 "{field} “{value}” is too long or too short. Fix this cell and run again."),
    "E-COMPONENT": ("{field} “{value}” không phải một giá trị được phép. Sửa ô này rồi chạy lại.",
                    "{field} “{value}” is not one of the allowed values. Fix this cell and run again."),
    "E-RENDER": ("Không vẽ được biển cho “{value}” đúng như dữ liệu. Sửa dòng này rồi chạy lại.",
                 "The sign for “{value}” cannot be drawn faithfully. Fix this row and run again."),
    "E-INPUT": ("Không dùng được “{value}”. Kiểm tra tệp rồi chạy lại.",
                "“{value}” cannot be used. Check the file and run again."),
    "E-OUTPUT": ("Không ghi được “{value}”. Chọn thư mục khác hoặc kiểm tra quyền ghi.",
                 "Cannot write “{value}”. Choose another folder or check permissions."),
    "E-VENDOR": ("Dòng này có lỗi ở {field}: “{value}”. Sửa các ô được nêu rồi chạy lại.",
                 "This row has problems, first in {field}: “{value}”. Fix the cells named and run again."),

}

UI: dict[str, tuple[str, str]] = {
    "error": ("Lỗi", "Error"),
    "warning": ("Cảnh báo", "Warning"),
    # --- command line (qrsign/cli.py); {placeholders} are filled with str.format
    # --- the web page (qrsign serve): labels, headings, notices; messages keep their page wording (CODE.page) ---
    "web.title": ("Biển VietQR cho tiểu thương", "VietQR stall signs"),
    "web.skip": ("Bỏ qua, tới nội dung chính", "Skip to the main content"),
    "web.nav": ("Các việc", "Tasks"),
    "web.other_lang": ("English", "Tiếng Việt"),
    "web.version": ("Phiên bản {version} (qrsign)", "Version {version} (qrsign)"),
    "web.footer": ("chạy trên máy này, không gửi dữ liệu đi đâu", "runs on this computer, sends no data anywhere"),
    "web.flow.check": ("Danh sách → biển", "List → signs"),
    "web.flow.import": ("Ảnh mã QR → danh sách", "QR pictures → list"),
    "web.flow.patrol": ("Tuần tra", "Patrol"),
    "web.flow.report": ("Báo cáo", "Report"),
    "web.flow.starter": ("File mẫu", "Starter file"),
    "web.home.heading": ("Làm biển VietQR từ danh sách tiểu thương", "VietQR signs from a list of vendors"),
    "web.home.lead": ("Chọn file danh sách: trang này cho thấy đã đọc được gì, lỗi ở đâu và biển nào sẽ được in.",
                      "Choose the vendor list: this page shows what was read, where the problems are and which signs will print."),
    "web.home.sheet": ("File Excel (.xlsx, .xls), LibreOffice (.ods), .csv, hoặc file tải về từ cổng thông tin (HTML, XML).",
                       "An Excel (.xlsx, .xls), LibreOffice (.ods) or .csv file, or a web portal's download (HTML, XML)."),
    "web.home.more": ("Các việc khác", "Other tasks"),
    "web.home.import": ("Ảnh chụp mã QR nhận tiền của tiểu thương → file danh sách có sẵn mã.",
                        "Vendors' receive-money QR screenshots → a list with the codes filled in."),
    "web.home.patrol": ("Ảnh chụp biển ở chợ → quầy nào đúng, quầy nào bị dán mã lạ.",
                        "Photos of the signs at the market → which stalls are right, which carry a foreign code."),
    "web.home.report": ("Các lần in biển → báo cáo tỉ lệ sẵn sàng cho ban quản lý.",
                        "Builds → the readiness report for the board."),
    "web.home.starter": ("File Excel mẫu có sẵn cột và danh sách ngân hàng để điền.",
                         "An Excel file with the columns and the bank list, ready to fill in."),
    "web.sheet.label": ("Chọn file danh sách (hoặc kéo thả vào đây)", "Choose the list file (or drop it here)"),
    "web.sheet.hint": ("Tối đa {mb} MB. File gốc không bị sửa.", "Up to {mb} MB. The file itself is never changed."),
    "web.sheet.submit": ("Kiểm tra danh sách", "Check the list"),
    "web.sheet.heading": ("Danh sách “{name}”", "List “{name}”"),
    "web.sheet.again": ("Chọn file khác", "Choose another file"),
    "web.sheet.steps": ("Các bước", "Steps"),
    "web.sheet.summary": ("Đã đọc {rows} dòng: {vendors} tiểu thương sẵn sàng ({accounts} tài khoản), {rejected} dòng bị loại. Lỗi: {errors}, cảnh báo: {warnings}.",
                          "Read {rows} rows: {vendors} vendors ready ({accounts} accounts), {rejected} rows rejected. Errors: {errors}, warnings: {warnings}."),
    "web.no_file": ("Chưa chọn file nào. Chọn file rồi bấm nút lại.", "No file was chosen. Choose a file, then press the button again."),
    "web.read.heading": ("Đã đọc được gì", "What was read"),
    "web.read.lead": ("Mỗi cột của bảng được hiểu là một loại dữ liệu. Nếu sai, chọn lại rồi bấm “Đọc lại”.",
                      "Each column of the sheet is read as one field. If one is wrong, choose again and press “Read again”."),
    "web.read.caption": ("Các cột và loại dữ liệu", "Columns and their fields"),
    "web.read.sheet": ("Trang", "Sheet"),
    "web.read.column": ("Cột", "Column"),
    "web.read.header": ("Tiêu đề cột", "Column header"),
    "web.read.field": ("Đọc là", "Read as"),
    "web.read.choose": ("Cột {column} đọc là", "Read column {column} as"),
    "web.read.ignored": ("(không đọc)", "(not read)"),
    "web.read.reread": ("Đọc lại với các cột đã chọn", "Read again with these columns"),
    "web.read.left_out": ("Trang “{sheet}”: các dòng không phải tiểu thương đã bỏ qua —", "Sheet “{sheet}”: rows that are not vendors, left out —"),
    "web.skip.totals": ("dòng tổng", "totals"),
    "web.skip.sections": ("tiêu đề mục", "section headings"),
    "web.skip.footers": ("khối chữ ký, địa danh, ngày", "signature block, place and date"),
    "web.skip.headers": ("dòng tiêu đề lặp lại", "repeated headers"),
    "web.skip.hidden": ("dòng ẩn", "hidden rows"),
    "web.skip.struck": ("dòng gạch ngang", "struck-through rows"),
    "web.skip.left_market": ("đã nghỉ bán", "left the market"),
    "web.skip.examples": ("dòng mẫu", "example rows"),
    "web.skip.test_responses": ("câu trả lời thử của biểu mẫu", "test responses to the form"),
    "web.skip.superseded": ("câu trả lời đã gửi lại", "responses sent again"),
    "web.read.rows": ("dòng {rows}", "rows {rows}"),
    "web.read.not_read": ("Trang “{sheet}” không được đọc", "Sheet “{sheet}” was not read"),
    "web.read.not_read.no_header": ("có vẻ là danh sách tiểu thương nhưng thiếu cột: {missing}. Tiêu đề thấy được: {headers}. Chọn loại dữ liệu cho các cột ở bảng trên, hoặc đổi tên cột trong file.",
                                    "it looks like a vendor list but has no column for {missing}. Headers found: {headers}. Choose the columns' fields above, or rename the columns in the file."),
    "web.read.not_read.hidden": ("đang ẩn trong file, nên không đọc. Muốn đọc: bỏ ẩn trang này trong Excel rồi tải file lên lại.",
                                 "it is hidden in the file, so it was not read. To read it, unhide the sheet in Excel and upload the file again."),
    "web.read.not_read.not_a_list": ("không phải danh sách tiểu thương (tiêu đề: {headers}).", "not a vendor list (headers: {headers})."),
    "web.problems.heading": ("Lỗi và cảnh báo", "Problems"),
    "web.problems.caption": ("{errors} lỗi (dòng không được in), {warnings} cảnh báo (dòng vẫn được in)",
                             "{errors} errors (rows not printed), {warnings} warnings (rows still printed)"),
    "web.problems.row": ("Dòng", "Row"),
    "web.problems.severity": ("Mức", "Severity"),
    "web.problems.message": ("Vấn đề và cách sửa", "Problem and how to fix it"),
    "web.problems.none": ("Không có lỗi nào.", "No problems."),
    "web.problems.report": ("Tải file danh sách có đánh dấu lỗi (.xlsx)", "Download the list with every problem marked (.xlsx)"),
    "web.severity.error": ("Lỗi", "Error"),
    "web.severity.warning": ("Cảnh báo", "Warning"),
    "web.vendors.heading": ("Các biển sẽ được in", "The signs that will print"),
    "web.vendors.caption": ("{n} tài khoản: tên chủ tài khoản đúng như in trên biển, số tài khoản đúng như trong mã QR",
                            "{n} accounts: the holder exactly as printed, the account exactly as in the QR"),
    "web.vendors.bin": ("Mã BIN ngân hàng", "Bank BIN"),
    "web.vendors.source": ("Mã QR lấy từ", "QR code from"),
    "web.vendors.preview": ("Xem trước", "Preview"),
    "web.vendors.show": ("Xem biển quầy {stall}", "Show the sign of stall {stall}"),
    "web.source.typed": ("số tài khoản đã gõ", "the typed account"),
    "web.source.imported": ("ảnh mã QR", "a QR picture"),
    "web.source.sheet-payload": ("cột Mã QR", "the QR column"),
    "web.build.heading": ("In biển", "Build the signs"),
    "web.build.template": ("Mẫu biển", "Sign template"),
    "web.build.combine": ("Gộp mọi tài khoản của một tiểu thương vào một biển (tối đa 3 mã QR)",
                          "All accounts of one vendor on one sign (up to 3 QR codes)"),
    "web.build.submit": ("Tạo biển ({n} tài khoản)", "Build the signs ({n} accounts)"),
    "web.build.running": ("Đang có một việc chạy; đợi nó xong.", "Another task is running; wait for it to finish."),
    "web.build.see": ("Xem tiến độ", "See its progress"),
    "web.builds.legend": ("Lần in biển đã làm trên trang này", "Builds made on this page"),
    "web.builds.signs": ("{n} biển", "{n} signs"),
    "web.job.build": ("Tạo biển", "Building signs"),
    "web.job.import": ("Đọc ảnh mã QR", "Reading QR pictures"),
    "web.job.patrol": ("Tuần tra", "Patrol"),
    "web.job.report": ("Báo cáo", "Report"),
    "web.job.working": ("Đang làm…", "Working…"),
    "web.job.count": ("{done} / {total}", "{done} / {total}"),
    "web.job.back_sheet": ("Quay lại danh sách", "Back to the list"),
    "web.built.lead": ("Đã tạo {signs} biển; {rejected} dòng bị loại (xem lỗi bên dưới).",
                       "Built {signs} signs; {rejected} rows rejected (see the problems below)."),
    "web.built.download": ("Tải về tất cả (.zip: biển PDF, bảng đối chiếu, manifest)",
                           "Download everything (.zip: sign PDFs, checklist, manifest)"),
    "web.built.files": ("Các file trong .zip", "Files in the .zip"),
    "web.built.file": ("File", "File"),
    "web.built.kind": ("Loại", "Kind"),
    "web.built.pages": ("Số trang", "Pages"),
    "web.built.kind.signs": ("biển", "signs"),
    "web.built.kind.checklist": ("bảng đối chiếu", "checklist"),
    "web.built.kind.withdraw": ("danh sách thu hồi", "withdraw list"),
    "web.built.previews": ("Trang đầu của mỗi file", "The first page of each file"),
    "web.built.preview_alt": ("Trang đầu của {file}", "First page of {file}"),
    "web.import.lead": ("Chọn ảnh chụp mã QR nhận tiền của tiểu thương. Đặt tên ảnh theo số quầy (A01.png, “A03 Tran Thi B.jpg”).",
                        "Choose the vendors' receive-money QR screenshots. Name each picture by stall (A01.png, “A03 Tran Thi B.jpg”)."),
    "web.import.label": ("Chọn ảnh (hoặc kéo thả vào đây)", "Choose pictures (or drop them here)"),
    "web.import.hint": ("PNG, JPEG, WebP, HEIC; tổng cộng tối đa {mb} MB.", "PNG, JPEG, WebP, HEIC; up to {mb} MB in all."),
    "web.import.submit": ("Đọc mã QR", "Read the QR codes"),
    "web.market.label": ("Tên chợ (không bắt buộc)", "Market name (optional)"),
    "web.imported.caption": ("{images} ảnh: mỗi ảnh được nhập hoặc bị từ chối kèm lý do", "{images} pictures: each imported, or refused and why"),
    "web.imported.image": ("Ảnh", "Picture"),
    "web.imported.status": ("Kết quả", "Result"),
    "web.imported.ok": ("Đã nhập", "Imported"),
    "web.imported.refused": ("Từ chối", "Refused"),
    "web.imported.no_code": ("Không có mã QR nhận tiền nào.", "No receive-money QR code."),
    "web.imported.download": ("Tải file danh sách (.xlsx)", "Download the list (.xlsx)"),
    "web.patrol.lead": ("Chọn lần in biển (hoặc file manifest.json của nó) và các ảnh chụp biển ở chợ. Đặt tên ảnh theo số quầy nếu được (A05.jpg).",
                        "Choose the build (or its manifest.json) and the photos of the signs at the market. Name photos by stall if you can (A05.jpg)."),
    "web.patrol.manifest": ("File manifest.json của lần in", "The build's manifest.json"),
    "web.patrol.manifest_hint": ("Có trong file .zip đã tải về khi tạo biển.", "It is in the .zip downloaded after building."),
    "web.patrol.photos": ("Ảnh chụp biển (hoặc kéo thả vào đây)", "Photos of the signs (or drop them here)"),
    "web.patrol.photos_hint": ("Tổng cộng tối đa {mb} MB.", "Up to {mb} MB in all."),
    "web.patrol.submit": ("Kiểm tra ảnh", "Check the photos"),
    "web.patrol_needs": ("Cần một lần in biển (hoặc manifest.json) và ít nhất một ảnh.", "A build (or its manifest.json) and at least one photo are needed."),
    "web.patrol.counts": ("{stalls} quầy: {ok} đúng, {foreign} mã lạ, {wrong_stall} biển nhầm quầy, {unreadable} không đọc được, {not_checked} chưa chụp.",
                          "{stalls} stalls: {ok} OK, {foreign} foreign code, {wrong_stall} wrong stall, {unreadable} unreadable, {not_checked} not checked."),
    "web.patrol.caption": ("Tình trạng từng quầy", "Each stall's status"),
    "web.patrol.photo": ("Ảnh", "Photo"),
    "web.patrol.download": ("Tải bảng tuần tra (.xlsx)", "Download the patrol sheet (.xlsx)"),
    "web.report.lead": ("Chọn các lần in biển (hoặc các file manifest.json) để lập báo cáo tỉ lệ tiểu thương sẵn sàng nhận thanh toán QR.",
                        "Choose builds (or their manifest.json files) for the report of vendors ready for QR payments."),
    "web.report.label": ("Các file manifest.json", "The manifest.json files"),
    "web.report.submit": ("Lập báo cáo", "Make the report"),
    "web.report.caption": ("Tỉ lệ sẵn sàng theo chợ", "Readiness by market"),
    "web.report.vendors": ("Tiểu thương sẵn sàng", "Vendors ready"),
    "web.report.not_ready": ("Chưa sẵn sàng", "Not ready"),
    "web.report.signs": ("Biển", "Signs"),
    "web.report.share": ("Tỉ lệ", "Share"),
    "web.report.total": ("Tổng", "Total"),
    "web.report.download": ("Tải báo cáo (.xlsx)", "Download the report (.xlsx)"),
    "web.error.heading": ("Không làm được", "That did not work"),
    "web.back_home": ("Về trang đầu", "Back to the start page"),
    "web.internal": ("Lỗi nội bộ của chương trình ({kind}). Hãy báo lỗi kèm file đã dùng.",
                     "Internal error ({kind}). Please report it with the file you used."),
    "web.refused.title": ("Không mở được trang này", "This page cannot be opened"),
    "web.refused.token": ("Hãy mở đúng đường link đã hiện trong cửa sổ dòng lệnh khi khởi động (có “?token=”). Trang này chỉ mở được từ đường link đó.",
                          "Open the link shown in the terminal window at start-up (with “?token=”). This page opens only from that link."),
    "web.refused.host": ("Địa chỉ này không phải của máy này. Hãy mở đường link đã hiện trong cửa sổ dòng lệnh (http://127.0.0.1:…).",
                         "This address is not this computer's. Open the link shown in the terminal window (http://127.0.0.1:…)."),
    "web.refused.origin": ("Yêu cầu đến từ một trang khác nên bị từ chối. Hãy dùng chính trang này.",
                           "The request came from another page, so it was refused. Use this page itself."),
    "web.refused.size": ("File quá lớn: tối đa {mb} MB mỗi lần gửi. Chia nhỏ rồi gửi lại.",
                         "Too large: at most {mb} MB per upload. Split it and send it again."),
    "serve.started": ("Trang qrsign đang chạy. Mở đường link này trong trình duyệt:\n  {url}\nBấm Ctrl+C để dừng.",
                      "The qrsign page is running. Open this link in your browser:\n  {url}\nPress Ctrl+C to stop."),
    "serve.stopped": ("Đã dừng trang qrsign và xoá các file tạm.", "Stopped the qrsign page and removed its temporary files."),
    "cli.stopped": ("Đã dừng.", "Stopped."),
    "cli.internal": (
        "Lỗi nội bộ của qrsign ({kind}): {detail}. Hãy báo lỗi kèm file và lệnh đã chạy.",
        "Internal qrsign error ({kind}): {detail}. Please report it with the file and the command.",
    ),
    "decode.bank": ("Ngân hàng", "Bank"),
    "decode.account": ("Số tài khoản", "Account"),
    "decode.card": ("Số thẻ", "Card"),
    "decode.merchant_id": ("Mã điểm bán (ngân hàng cấp)", "Point-of-sale code (issued by the bank)"),
    "decode.kind": ("Loại mã", "Kind"),
    "decode.amount": ("Số tiền", "Amount"),
    "decode.purpose": ("Nội dung", "Purpose"),
    "decode.static": ("tĩnh (dùng nhiều lần)", "static (reusable)"),
    "decode.dynamic": ("động (một lần, có số tiền)", "dynamic (one payment, with amount)"),
    "decode.unknown": ("không rõ", "unknown"),
    "check.report_written": ("Đã ghi báo cáo lỗi: {path}", "Problem report written: {path}"),
    # what was read, printed first by qrsign check: per sheet, column → field, then what was left out
    "read.sheet": ("Trang “{sheet}”, dòng tiêu đề {row}:", "Sheet “{sheet}”, header row {row}:"),
    "read.column": ("{field} ← cột {column} “{header}”", "{field} ← column {column} “{header}”"),
    "read.ignored": ("  Cột không dùng: {columns}", "  Columns not used: {columns}"),
    "read.skipped": ("  Dòng bỏ qua: {kinds}", "  Rows left out: {kinds}"),
    "read.not_read": ("Trang “{sheet}” không đọc được (tiêu đề: {headers}).",
                      "Sheet “{sheet}” was not read (headers: {headers})."),
    "read.hidden": ("Trang “{sheet}” đang ẩn trong file: không đọc. Muốn đọc, bỏ ẩn trang này trong Excel rồi chạy lại.",
                    "Sheet “{sheet}” is hidden in the file: not read. To read it, unhide it in Excel and run again."),
    "read.not_a_list": ("Trang “{sheet}” không phải danh sách tiểu thương, bỏ qua (có: {headers}).",
                        "Sheet “{sheet}” is not a vendor list, left out (it has: {headers})."),
    "read.no_market": (
        "Không thấy tên chợ ở đâu (không có cột Chợ, dòng tiêu đề không ghi “Chợ …”): biển sẽ không in tên chợ. "
        "Thêm --market \"Chợ …\" vào lệnh check và build.",
        "No market name anywhere (no Chợ column, no “Chợ …” in the title rows): the signs will print no market. "
        "Add --market \"Chợ …\" to the check and build commands.",
    ),
    #: the same hint on a page (no command line to add an option to)
    "read.no_market_page": (
        "Không thấy tên chợ ở đâu (không có cột Chợ, dòng tiêu đề không ghi “Chợ …”): biển sẽ không in tên chợ. "
        "Điền tên chợ vào ô “Chợ” rồi kiểm tra lại.",
        "No market name anywhere (no Chợ column, no “Chợ …” in the title rows): the signs will print no market. "
        "Fill in the “Market” box and check again.",
    ),
    "read.kind.totals": ("dòng tổng", "totals"),
    "read.kind.sections": ("tiêu đề mục", "section headings"),
    "read.kind.footers": ("khối chữ ký", "signature block"),
    "read.kind.headers": ("tiêu đề lặp lại", "repeated headers"),
    "read.kind.hidden": ("dòng ẩn", "hidden"),
    "read.kind.struck": ("gạch ngang", "struck through"),
    "read.kind.left_market": ("đã nghỉ bán", "left the market"),
    "read.kind.examples": ("dòng ví dụ", "examples"),
    "read.kind.test_responses": ("câu trả lời thử", "test responses"),
    "read.kind.superseded": ("đã gửi lại sau", "sent again later"),
    "read.kind.blank": ("dòng trống", "blank"),
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
    "init.done": ("Đã tạo {path}. Điền danh sách rồi chạy: qrsign check {arg}",
                  "Wrote {path}. Fill it in, then run: qrsign check {arg}"),
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
    "starter.help.step2": ("2. Kiểm tra: qrsign check {arg}", "2. Check it: qrsign check {arg}"),
    "starter.help.step3": (
        "3. Nếu có lỗi: qrsign check {arg} --report loi.xlsx, mở loi.xlsx: ô sai được tô màu, có ghi chú "
        "và cột “Lỗi / Problem” ở cuối dòng. Sửa trong file {file} rồi kiểm tra lại.",
        "3. If there are problems: qrsign check {arg} --report problems.xlsx, open problems.xlsx: bad cells "
        "are coloured, with a comment and a “Lỗi / Problem” column at the end of the row. Fix them in {file} "
        "and check again.",
    ),
    "starter.help.step4": ("4. In biển: qrsign build {arg} -o bien", "4. Build the signs: qrsign build {arg} -o signs"),
    "starter.help.market": (
        "Tên chợ lấy từ dòng tiêu đề trên cùng (… – Chợ Đồng Xa). Nếu chưa có, thêm --market \"Chợ …\" vào lệnh.",
        "The market's name is read from the title row at the top (… – Chợ Đồng Xa). If it has none, add "
        "--market \"Chợ …\" to the commands.",
    ),
    # --- error report (qrsign check --report) ----------------------------------------------------
    "report.column": ("Lỗi / Problem", "Lỗi / Problem"),
    "report.author": ("qrsign", "qrsign"),
    "report.sheet_problems": ("Lỗi của cả trang tính:", "Problems of the whole sheet:"),
    "report.read_title": ("Đã đọc", "What was read"),
    "report.read_sheet": ("Trang", "Sheet"),
    "report.read_column": ("Cột", "Column"),
    "report.read_header": ("Tiêu đề", "Header"),
    "report.read_field": ("Đọc là", "Read as"),
    "report.read_unused": ("(không dùng)", "(not used)"),
    "report.read_not_read": ("TRANG KHÔNG ĐỌC ĐƯỢC", "SHEET NOT READ"),
    "summary.sheets_not_read": (
        "{n} trang tính có vẻ là danh sách nhưng KHÔNG được đọc (xem lỗi ở trên): tiểu thương ở đó chưa có biển.",
        "{n} sheets look like vendor lists but were NOT read (see the errors above): their vendors have no sign.",
    ),
    "summary.rows_skipped": (
        "Bỏ qua {n} dòng không phải tiểu thương (dòng tổng, tiêu đề mục, khối chữ ký, dòng ẩn hoặc gạch ngang, "
        "tiểu thương đã nghỉ bán).",
        "Skipped {n} rows that are not vendors (totals, section headings, signature block, hidden or struck rows, "
        "vendors who left the market).",
    ),


    "verify.skipped": ("Bỏ qua “{file}”: không phải ảnh hay PDF.", "Skipped “{file}”: not a photo or a PDF."),
    "verify.progress": ("Đang kiểm tra: {done}/{total} trang", "Checking: {done}/{total} pages"),
    "build.removed": ("Đã xoá file cũ của lần in trước: {file}", "Removed a previous build's file: {file}"),
    "build.kept": ("Giữ lại (đã bị sửa hoặc không phải do qrsign ghi): {file}",
                   "Kept (changed since, or not written by qrsign): {file}"),
    "build.replaced": ("Đã thay {count} file của lần in trước.", "Replaced {count} files of the previous build."),
    "build.replaced_build": ("Đã thay lần in từ danh sách {source}.", "Replaced the build made from {source}."),
    "build.stale_lock": ("Cảnh báo: lần in trước (tiến trình {pid}, {since}) đã dừng giữa chừng; đã lấy lại khoá "
                         "thư mục.", "Warning: a previous build (process {pid}, {since}) died; took over its lock."),

    "card.header": ("QUÉT MÃ ĐỂ THANH TOÁN", "SCAN TO PAY"),
    "card.check": ("Trước khi chuyển, kiểm tra tên người nhận là:", "Before you pay, check the recipient's name is:"),
    "card.amount": ("Số tiền: {amount} đ", "Amount: {amount} VND"),
    "card.footer": ("Mã biển {sign_id} · qrsign", "Sign ID {sign_id} · qrsign"),


    "decode.family": ("Loại mã QR", "QR family"),
    "decode.family.transfer": ("chuyển khoản VietQR", "VietQR transfer"),
    "decode.family.wallet": ("ví điện tử {kind} (qua VietQR)", "{kind} e-wallet (through VietQR)"),
    "decode.family.merchant": ("mã QR cửa hàng {kind}", "{kind} merchant QR"),
    "decode.name": ("Tên trong mã (59)", "Name in the code (59)"),
    "decode.reference": ("Mã tham chiếu (62/05)", "Reference (62/05)"),
    "decode.warning": ("Lưu ý", "Note"),
    "starter.help.payload": (
        "Chuỗi mã QR nhận tiền, đúng từng ký tự (qrsign import điền sẵn). Biển in đúng mã này; ngân hàng và số "
        "tài khoản gõ ở dòng phải khớp với nó.",
        "The receive-money QR payload, exactly (qrsign import fills it). The sign carries this code; a bank and "
        "account typed on the row must agree with it.",
    ),
    "starter.help.image": ("Ảnh chụp mã QR mà dòng này được nhập từ.", "The QR screenshot this row was imported from."),
    "import.done": (
        "Đã nhập {rows} mã QR từ {images} ảnh vào {path}. Điền tên còn thiếu rồi chạy: qrsign check {arg}",
        "Imported {rows} QR codes from {images} images into {path}. Fill in missing names, then run: "
        "qrsign check {arg}",
    ),
    "sign.via_bank": ("{wallet} (qua {bank})", "{wallet} (through {bank})"),
    "sign.card_number": ("Số thẻ", "Card no."),
    "sign.holder_above": ("tên in ở trên", "the name printed above"),
    "sign.origin.imported": ("· mã QR từ ảnh {image}", "· QR from image {image}"),
    "sign.origin.sheet": ("· mã QR dán trong bảng", "· QR pasted in the sheet"),
    "import.problems": ("{count} ảnh có vấn đề (xem ở trên).", "{count} images with problems (see above)."),

    "withdraw.title": ("Danh sách biển cần thu hồi", "Signs to take down"),
    "withdraw.subtitle": ("{count} biển · lập ngày {date} · theo danh sách {source}",
                          "{count} signs · made {date} · from the list {source}"),
    "withdraw.col.index": ("STT", "No."),
    "withdraw.col.stall": ("Quầy", "Stall"),
    "withdraw.col.holder": ("Chủ tài khoản", "Holder"),
    "withdraw.col.bank": ("Ngân hàng · TK", "Bank · account"),
    "withdraw.col.sign_id": ("Mã biển cũ", "Old sign ID"),
    "withdraw.col.why": ("Lý do", "Why"),
    "withdraw.col.done": ("Đã thu hồi", "Taken down"),
    "withdraw.why.gone": ("Không còn trong danh sách", "No longer on the list"),
    "withdraw.why.replaced": ("Đã in lại: biển {sign_id}", "Reprinted: sign {sign_id}"),
    "withdraw.why.moved": ("Sang quầy {stall}: biển {sign_id}", "Moved to {stall}: sign {sign_id}"),
    "withdraw.page": ("Trang {page}", "Page {page}"),
    "withdraw.sign_off": ("Người thu hồi: ..............................   Ngày: ..............   "
                          "Ký tên: ..............................",
                          "Taken down by: ..............................   Date: ..............   "
                          "Signature: .............................."),
    "diff.heading": ("So sánh {old} (in ngày {date}) với {new}:", "Comparing {old} (built {date}) with {new}:"),
    "diff.reprint": ("In lại {n} biển:", "Reprint {n} signs:"),
    "diff.reprint_line": ("  quầy {stall} · {name}: {reasons} (biển cũ {sign_id})",
                          "  stall {stall} · {name}: {reasons} (old sign {sign_id})"),
    "diff.new": ("Biển mới: {n}", "New signs: {n}"),
    "diff.new_line": ("  quầy {stall} · {name} · {bank} {account}", "  stall {stall} · {name} · {bank} {account}"),
    "diff.withdraw": ("Thu hồi {n} biển (tài khoản không còn trong danh sách):",
                      "Take down {n} signs (the account is no longer on the list):"),
    "diff.withdraw_line": ("  quầy {stall} · {name} · {bank} {account} (biển {sign_id})",
                           "  stall {stall} · {name} · {bank} {account} (sign {sign_id})"),
    "diff.pending": ("Chưa thu hồi {n} biển: dòng của quầy trong danh sách mới bị lỗi, sửa dòng đó trước:",
                     "Keep {n} signs for now: the stall's row in the new list has errors; fix it first:"),
    "diff.renamed": ("Biển ghi tên cũ của ngân hàng: {n} (vẫn nhận tiền, nên in lại):",
                     "Signs showing a bank's former name: {n} (they still pay; reprint advised):"),
    "diff.renamed_line": ("  quầy {stall} · {name}: biển ghi “{bank_shown}”, nay là {bank_now} (biển {sign_id})",
                          "  stall {stall} · {name}: the sign shows “{bank_shown}”, now {bank_now} (sign {sign_id})"),
    "diff.unchanged": ("Giữ nguyên: {n} biển.", "Unchanged: {n} signs."),
    "diff.rejected": ("{n} dòng của danh sách mới bị loại: chạy qrsign check {new} để xem lỗi.",
                      "{n} rows of the new list were rejected: run qrsign check {new} to see why."),
    "diff.next": ("In biển mới, biển in lại và danh sách thu hồi: qrsign build {new} -o THU-MUC-MOI --since {old}",
                  "Build the new and reprinted signs and the withdraw list: "
                  "qrsign build {new} -o NEW-FOLDER --since {old}"),
    "diff.nothing": ("Không có biển nào cần in lại hay thu hồi.", "No sign needs reprinting or taking down."),
    "diff.reason.name": ("đổi tên", "name changed"),
    "diff.reason.stall": ("đổi quầy", "stall changed"),
    "diff.reason.market": ("đổi chợ", "market changed"),
    "diff.reason.bank": ("đổi ngân hàng", "bank changed"),
    "diff.reason.account": ("đổi số tài khoản", "account changed"),
    "diff.reason.payload": ("đổi mã QR", "QR code changed"),
    "build.since": ("So với {old}: in lại {reprint}, biển mới {new}, giữ nguyên {kept}, thu hồi {withdraw}.",
                    "Against {old}: {reprint} reprinted, {new} new, {kept} unchanged, {withdraw} to take down."),
    "build.withdraw_written": ("Danh sách thu hồi: {file} ({count} biển, có ô đánh dấu “đã thu hồi”)",
                               "Withdraw list: {file} ({count} signs, with a “taken down” box each)"),
    "patrol.heading": ("Tuần tra {stalls} quầy: {ok} đúng, {foreign} mã lạ, {wrong_stall} biển nhầm quầy, "
                       "{unreadable} không đọc được, {not_checked} chưa chụp.",
                       "Patrol of {stalls} stalls: {ok} OK, {foreign} foreign code, {wrong_stall} wrong stall, "
                       "{unreadable} unreadable, {not_checked} not checked."),
    "patrol.status.ok": ("đúng", "OK"),
    "patrol.status.foreign": ("MÃ LẠ", "FOREIGN CODE"),
    "patrol.status.wrong_stall": ("BIỂN NHẦM QUẦY", "WRONG STALL"),
    "patrol.wrong_stall_detail": ("ảnh quầy {stall} là biển của quầy {other} — khách của quầy {stall} đang trả "
                                  "tiền cho quầy kia; treo lại đúng biển",
                                  "the photo of stall {stall} shows the sign of stall {other} — this stall's "
                                  "customers pay the other vendor; hang the right sign"),
    "patrol.status.unreadable": ("không đọc được mã", "code unreadable"),
    "patrol.status.not_checked": ("chưa chụp", "not checked"),
    "patrol.line": ("{mark} quầy {stall} · {name}: {status}{photo}", "{mark} stall {stall} · {name}: {status}{photo}"),
    "patrol.photo": (" — ảnh {photo}", " — photo {photo}"),
    "patrol.foreign_detail": ("mã trên ảnh chuyển tới {who}", "the code in the photo pays {who}"),
    "patrol.unassigned": ("? ảnh {photo}: không gắn được với quầy nào ({detail})",
                          "? photo {photo}: matched to no stall ({detail})"),
    "patrol.no_code": ("không có mã đọc được", "no readable code"),
    "patrol.report_written": ("Đã ghi bảng tuần tra: {path}", "Patrol sheet written: {path}"),
    "patrol.title": ("Tuần tra biển QR — đối chiếu với {reference}", "QR sign patrol — against {reference}"),
    "patrol.sheet": ("Tuần tra", "Patrol"),
    "patrol.col.market": ("Chợ", "Market"),
    "patrol.col.zone": ("Khu", "Zone"),
    "patrol.col.stall": ("Quầy", "Stall"),
    "patrol.col.name": ("Chủ tài khoản", "Holder"),
    "patrol.col.sign_ids": ("Mã biển", "Sign IDs"),
    "patrol.col.status": ("Tình trạng", "Status"),
    "patrol.col.photo": ("Ảnh", "Photo"),
    "patrol.col.time": ("Giờ chụp", "Taken at"),
    "patrol.col.detail": ("Chi tiết", "Detail"),
    "patrol.count": ("Số quầy", "Stalls"),
    "board.title": ("Báo cáo thanh toán QR ở chợ", "QR payments in markets"),
    "board.sources": ("Từ {count} lần in: {files}", "From {count} builds: {files}"),
    "board.sheet.province": ("Toàn tỉnh", "Province"),
    "board.sheet.market": ("Theo chợ", "Markets"),
    "board.sheet.zone": ("Theo khu", "Zones"),
    "board.all": ("Toàn tỉnh", "All markets"),
    "board.col.market": ("Chợ", "Market"),
    "board.col.zone": ("Khu", "Zone"),
    "board.col.rows_read": ("Dòng đã đọc", "Rows read"),
    "board.col.vendors": ("Tiểu thương sẵn sàng", "Vendors ready"),
    "board.col.vendors_not_ready": ("Tiểu thương chưa sẵn sàng", "Vendors not ready"),
    "board.col.accounts": ("Tài khoản", "Accounts"),
    "board.col.signs_hanging": ("Biển đang treo (giữ lại + in lại + mới)", "Signs hanging (kept + reprinted + new)"),
    "board.col.signs": ("Biển in trong lần in này", "Signs printed by that build"),
    "board.col.rows_rejected": ("Dòng bị loại", "Rows rejected"),
    "board.col.ready_share": ("Tỉ lệ sẵn sàng", "Ready share"),
    "board.col.wallet_accounts": ("Tài khoản ví", "Wallet accounts"),
    "board.col.reprint": ("Biển in lại", "Reprints"),
    "board.col.new": ("Biển mới", "New signs"),
    "board.col.withdraw": ("Biển thu hồi", "Withdrawn"),
    "board.col.date": ("Ngày in", "Built on"),
    "board.col.bank": ("Ngân hàng / ví", "Bank / wallet"),
    "board.col.kind": ("Loại", "Kind"),
    "board.col.count": ("Số tài khoản", "Accounts"),
    "board.col.reason": ("Lý do bị loại", "Why rejected"),
    "board.col.rows": ("Số dòng", "Rows"),
    "board.kind.bank": ("ngân hàng", "bank"),
    "board.kind.wallet": ("ví điện tử", "e-wallet"),
    "board.chart.ready": ("Tiểu thương sẵn sàng và chưa sẵn sàng", "Vendors ready and not ready"),
    "board.chart.banks": ("Tài khoản theo ngân hàng / ví", "Accounts per bank / wallet"),
    "board.chart.reasons": ("Lý do dòng bị loại", "Why rows were rejected"),
    "board.written": ("Đã ghi báo cáo {path}: {markets} chợ, {vendors} tiểu thương sẵn sàng ({share}).",
                      "Report written to {path}: {markets} markets, {vendors} vendors ready ({share})."),

    # click's own texts (qrsign.cli.console installs them in place of click's English)
    "click.usage": ("Cách dùng:", "Usage:"),
    # arguments named in usage lines and usage errors (by their English metavar; "..." is kept)
    "metavar.SHEET": ("DANH_SÁCH", "SHEET"),
    "metavar.IMAGE_OR_FOLDER": ("ẢNH_HOẶC_THƯ_MỤC", "IMAGE_OR_FOLDER"),
    "metavar.TARGET": ("ẢNH_PDF_HOẶC_THƯ_MỤC", "TARGET"),
    "metavar.OLD_MANIFEST": ("LẦN_IN_CŨ", "OLD_MANIFEST"),
    "metavar.NEW_SHEET": ("DANH_SÁCH_MỚI", "NEW_SHEET"),
    "metavar.MANIFEST": ("LẦN_IN", "MANIFEST"),
    "metavar.PATH": ("TỆP_MỚI", "PATH"),
    "metavar.PAYLOAD": ("CHUỖI_MÃ_QR", "PAYLOAD"),
    "metavar.QUERY": ("TỪ_KHOÁ", "QUERY"),
    "metavar.NAME": ("TÊN_MẪU", "NAME"),
    "click.options": ("Tuỳ chọn", "Options"),
    "click.commands": ("Lệnh", "Commands"),
    "click.default": ("mặc định: {default}", "default: {default}"),
    "click.required": ("bắt buộc", "required"),
    "click.help": ("Hiện hướng dẫn này rồi thoát.", "Show this message and exit."),
    "click.version": ("Hiện số phiên bản rồi thoát.", "Show the version and exit."),
    "click.version_text": ("%(prog)s, phiên bản %(version)s", "%(prog)s, version %(version)s"),
    "click.aborted": ("Đã dừng.", "Aborted!"),
    "click.file": ("file", "file"),
    "click.directory": ("thư mục", "directory"),
    "click.path": ("đường dẫn", "path"),
    # usage errors: what is wrong, then how to fix it
    "usage.missing": ("Thiếu {what}.", "Missing {what}."),
    "usage.missing_option": ("tuỳ chọn {name}", "option {name}"),
    "usage.missing_argument": ("tham số {name}", "argument {name}"),
    "usage.extra": (
        "Thừa tham số: {args}. Đường dẫn có dấu cách thì đặt trong ngoặc kép, "
        "ví dụ: {example}",
        "Unexpected extra arguments: {args}. Put a path that has spaces in double quotes, "
        "e.g. {example}",
    ),
    "usage.no_such_option": ("Không có tuỳ chọn {name}.", "No such option {name}."),
    "usage.no_such_command": ("Không có lệnh {name}.", "No such command {name}."),
    "usage.did_you_mean": (" Có phải là: {names}?", " Did you mean: {names}?"),
    "usage.needs_value": ("Tuỳ chọn {name} cần một giá trị.", "Option {name} needs a value."),
    "usage.no_value": ("Tuỳ chọn {name} không nhận giá trị.", "Option {name} does not take a value."),
    "usage.invalid": ("Giá trị không hợp lệ cho {name}: {detail}", "Invalid value for {name}: {detail}"),
    "usage.choose": ("“{value}” không thuộc các lựa chọn: {choices}.", "“{value}” is not one of: {choices}."),
    "usage.not_int": ("“{value}” không phải số nguyên.", "“{value}” is not a whole number."),
    "usage.range": ("{value} nằm ngoài khoảng {range}.", "{value} is not in the range {range}."),
    "usage.path_missing": ("“{value}” không tồn tại. Kiểm tra tên và thư mục.",
                           "“{value}” does not exist. Check the name and the folder."),
    "usage.path_is_dir": ("“{value}” là một thư mục; cần tên file.", "“{value}” is a folder; give a file name."),
    "usage.path_is_file": ("“{value}” là một file; cần tên thư mục.", "“{value}” is a file; give a folder name."),
    "usage.path_unreadable": ("Không đọc được “{value}” (không có quyền đọc).",
                              "“{value}” cannot be read (no permission)."),
    "usage.path_unwritable": ("Không ghi được vào “{value}” (không có quyền ghi).",
                              "“{value}” cannot be written (no permission)."),
    "usage.see_help": ("Xem: {command} --help", "See: {command} --help"),
    "usage.logo_slot": (
        "--logo {value}: mẫu {template} không có ô logo “{slot}”. Các ô có: {slots}.",
        "--logo {value}: template {template} has no logo slot “{slot}”. Its slots: {slots}.",
    ),
    "usage.logo_form": ("--logo {value}: viết dạng NAME=FILE (tên ô logo=file ảnh), ví dụ --logo left=logo-cho.png",
                        "--logo {value}: use NAME=FILE, e.g. --logo left=logo-cho.png"),
    "usage.output_is_file": (
        "-o {value}: -o là thư mục chứa biển (ví dụ -o bien), không phải tên file. Chọn tên thư mục khác.",
        "-o {value}: -o is the folder for the signs (e.g. -o signs), not a file name. "
        "Choose a folder name.",
    ),
    "usage.init_ext": (
        "{path}: file mẫu là Excel, tên phải kết thúc bằng .xlsx (ví dụ danh-sach.xlsx).",
        "{path}: the starter workbook is an Excel file; its name must end in .xlsx (e.g. vendors.xlsx).",
    ),
    "usage.date": ("--date {value}: viết theo dạng YYYY-MM-DD (năm-tháng-ngày), ví dụ 2025-03-01.",
                   "--date {value}: write it as YYYY-MM-DD, e.g. 2025-03-01."),
    # operating-system errors, by errno (never the OS's English text)
    "os.ENOENT": ("không tìm thấy", "not found"),
    "os.EACCES": ("không có quyền, hoặc file đang mở trong chương trình khác (Excel?): đóng nó rồi chạy lại",
                  "permission denied, or the file is open in another program (Excel?): close it and run again"),
    "os.EISDIR": ("là một thư mục", "is a folder"),
    "os.ENOTDIR": ("không phải thư mục", "not a folder"),
    "os.ENOSPC": ("ổ đĩa đã đầy", "the disk is full"),
    "os.EROFS": ("ổ đĩa chỉ đọc", "read-only disk"),
    "os.EEXIST": ("đã có", "already exists"),
    "os.ENAMETOOLONG": ("tên hoặc đường dẫn quá dài", "name or path too long"),
    "os.EBUSY": ("đang được dùng", "in use"),
    "os.EPIPE": ("đường ống đã đóng", "pipe closed"),
    "os.EIO": ("lỗi đọc ghi ổ đĩa", "disk input/output error"),
    "os.other": ("lỗi hệ thống", "system error"),
    "os.no_folder": ("thư mục không tồn tại", "folder does not exist"),
    "os.outside": ("nằm ngoài thư mục kết quả", "outside the output folder"),
    "detail.no_signs": ("không có danh sách biển", "no signs list"),
    "detail.sign_no_payload": ("có biển thiếu nội dung mã QR", "a sign without payload"),
    "detail.not_zip": ("không phải file .xlsx thật (file hỏng?)", "not a zip archive"),
    "detail.reader_stopped": ("tiến trình đọc file bị dừng giữa chừng", "the reading process stopped"),
    "os.locked": (
        "file đang mở trong chương trình khác (Excel?): đóng nó rồi chạy lại",
        "the file is open in another program (Excel?): close it and run again",
    ),
    "report.summary": ("qrsign: {errors} lỗi, {warnings} cảnh báo, {rows} dòng cần xem lại.",
                       "qrsign: {errors} errors, {warnings} warnings, {rows} rows to look at."),
    # template (.toml) checks: the library's English fragment (second) is replaced by the first in Vietnamese
    "tpl.01": ("khoá không biết", "unknown keys"),
    "tpl.02": ("phải là một trong", "must be one of"),
    "tpl.03": (", đang là", ", got"),
    "tpl.04": ("phải là số", "must be a number"),
    "tpl.05": ("chiều rộng và chiều cao phải lớn hơn 0", "width and height must be positive"),
    "tpl.06": ("ô QR phải vuông", "a QR box must be square"),
    "tpl.07": ("min_size phải ≤ size và lines ≥ 1", "min_size must be ≤ size and lines ≥ 1"),
    "tpl.08": ("không phải mã màu #RRGGBB", "is not a #RRGGBB colour"),
    "tpl.09": ("positions phải là danh sách các cặp [x, y]", "positions must be a list of [x, y] pairs"),
    "tpl.10": ("cần ít nhất một vị trí", "at least one position is needed"),
    "tpl.11": ("hoặc [rộng, cao] theo mm", "or [width, height] in mm"),
    "tpl.12": ("page phải là tên khổ giấy hoặc [rộng, cao] theo mm", "page must be a name or [width, height] in mm"),
    "tpl.13": ("cần các mục 1, 2, … liên tiếp", "needs entries 1, 2, … without gaps"),
    "tpl.14": ("ô biển cần đúng một ô qr", "the cell needs exactly one qr box"),
    "tpl.15": ("ô QR phải nằm trong ô biển, không nằm trên trang", "QR boxes belong in the cell, not on the page layout"),
    "tpl.16": ("không vừa trong ô biển", "does not fit in the"),
    "tpl.17": ("mm", "mm cell"),
    "tpl.18": ("chỗ điền không biết", "unknown placeholders"),
    "tpl.19": ("nằm ngoài lề an toàn", "is outside the"),
    "tpl.20": ("mm", "mm safe margin"),
    "tpl.21": ("đè lên một ô QR và vùng trắng quanh nó", "overlaps a QR box and its quiet zone"),
    "tpl.22": ("ô", "a"),
    "tpl.23": ("tại", "box at"),
    "tpl.24": ("trong", "in"),
    "tpl.25": ("phải liệt kê", "must list"),
    "tpl.26": ("vị trí", "positions"),
    # terminal output
    "term.progress_read": ("Đang đọc danh sách", "Reading the list"),
    "term.progress_build": ("Đang tạo biển", "Building signs"),
    "term.progress_verify": ("Đang kiểm tra mã QR", "Checking QR codes"),
    "term.signs": ("{n} biển", "{n} sign|{n} signs"),
    "term.pages": ("{n} trang", "{n} page|{n} pages"),
    "term.built": ("Đã tạo {signs} ({pages}) trong {folder}", "Built {signs} ({pages}) in {folder}"),
    "term.file": ("  {file}  ({pages})", "  {file}  ({pages})"),
    "term.total": ("Tổng cộng {markets} chợ: {signs}, {rows} dòng đã đọc, {rejected} dòng bị loại.",
                   "Grand total, {markets} markets: {signs}, {rows} rows read, {rejected} rows rejected."),
    # help texts: help.<command> for a command, opt.<command>.<option> (or opt.<option>) for an option
    "help.main": (
        "qrsign: biển VietQR cho tiểu thương từ bảng tính.\n\n\b\nBắt đầu:\n"
        "  qrsign init danh-sach.xlsx          # tạo file mẫu để điền\n"
        "  qrsign check danh-sach.xlsx         # kiểm tra danh sách\n"
        "  qrsign build danh-sach.xlsx -o bien # tạo biển để in\n\n"
        "Mã thoát: 0 mọi thứ ổn, 1 dữ liệu có vấn đề, 2 đầu vào không dùng được hoặc gõ lệnh sai.\n"
        "Tiếng Anh: thêm --lang en hoặc đặt QRSIGN_LANG=en.",
        "qrsign: VietQR stall signs for market vendors from a spreadsheet.\n\n\b\nStart:\n"
        "  qrsign init vendors.xlsx          # a starter workbook to fill in\n"
        "  qrsign check vendors.xlsx         # check the list\n"
        "  qrsign build vendors.xlsx -o signs # build the signs to print\n\n"
        "Exit codes: 0 all good, 1 the data has problems, 2 unusable input or usage.\n"
        "Vietnamese is the default; --lang en or QRSIGN_LANG=en for English.",
    ),
    "help.payload": (
        "In nội dung mã VietQR của một tài khoản.\n\n\b\nVí dụ:\n"
        "  qrsign payload --bank VCB --account 0011012345678\n"
        "  qrsign payload --bank \"MB Bank\" --account 0352350917 --amount 50000 --purpose \"Quay 12\"",
        "Print the VietQR payload for one account.\n\n\b\nExample:\n"
        "  qrsign payload --bank VCB --account 0011012345678\n"
        "  qrsign payload --bank \"MB Bank\" --account 0352350917 --amount 50000 --purpose \"Quay 12\"",
    ),
    "help.decode": (
        "Kiểm tra một mã VietQR và cho biết tiền chuyển tới đâu.\n\n\b\nVí dụ:\n"
        "  qrsign decode 00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F",
        "Check a VietQR payload and print what it pays to.\n\n\b\nExample:\n"
        "  qrsign decode 00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F",
    ),
    "help.banks": (
        "Liệt kê ngân hàng và ví, hoặc tra một ngân hàng theo tên, tên khác hay mã BIN.\n\n\b\nVí dụ:\n"
        "  qrsign banks\n  qrsign banks \"quân đội\"\n  qrsign banks 970415 --json",
        "List banks and wallets, or look one up by name, alias or BIN.\n\n\b\nExample:\n"
        "  qrsign banks\n  qrsign banks \"quân đội\"\n  qrsign banks 970415 --json",
    ),
    "help.check": (
        "Kiểm tra danh sách tiểu thương và liệt kê từng lỗi theo dòng.\n\n"
        "Đọc được: Excel .xlsx (cả .xlsm), Excel 97–2003 .xls, LibreOffice .ods, CSV hoặc văn bản tách bằng "
        "tab (cả “Unicode Text” của Excel), bảng HTML “Xuất Excel” của các cổng web (dù tên tệp là .xls) và "
        "Excel 2003 XML. Định dạng được nhận theo nội dung tệp, không theo đuôi tên.\n\n\b\nVí dụ:\n"
        "  qrsign check danh-sach.xlsx\n  qrsign check danh-sach.xlsx --sheet \"Khu A\" --json\n"
        "  qrsign check danh-sach.xlsx --report loi.xlsx\n"
        "  qrsign check danh-sach.xlsx --column \"Tên trên app=holder\"",
        "Check a vendor sheet and list every problem, row by row.\n\n"
        "Reads: Excel .xlsx (and .xlsm), Excel 97–2003 .xls, LibreOffice .ods, CSV or tab-separated text "
        "(Excel's “Unicode Text” too), a web portal's HTML “Xuất Excel” table (even named .xls) and Excel 2003 "
        "XML. The format is told from the file's content, not its name.\n\n\b\nExample:\n"
        "  qrsign check vendors.xlsx\n  qrsign check vendors.xlsx --sheet \"Khu A\" --json\n"
        "  qrsign check vendors.xlsx --report problems.xlsx\n"
        "  qrsign check vendors.xlsx --column \"Tên trên app=holder\"",
    ),
    "help.build": (
        "Tạo biển để in (PDF) cho mọi dòng hợp lệ của danh sách tiểu thương.\n\n"
        "Dòng có lỗi bị bỏ qua và được báo như lệnh check; các dòng còn lại thành biển. Ghi "
        "OUTPUT/manifest.json liệt kê từng biển (tên file, trang) và bảng đối chiếu (doi-chieu.pdf) cho mỗi chợ.\n\n"
        "\b\nVí dụ:\n  qrsign build examples/cho-mau.xlsx -o bien\n"
        "  qrsign build danh-sach.xlsx -o bien --template a6-de-ban --split-by zone\n"
        "  qrsign build danh-sach.xlsx -o bien --combine --format png\n"
        "  qrsign build danh-sach-2027.xlsx -o bien-2027 --since bien/manifest.json\n\n"
        "Mã thoát: 0 mọi dòng thành biển, 1 có dòng bị bỏ qua, 2 không làm được gì.",
        "Build printable signs (PDF) for every valid row of a vendor sheet.\n\n"
        "Rows with errors are skipped and reported as `check` does; the others are built. Writes "
        "OUTPUT/manifest.json listing every sign's file and page, and a control checklist (doi-chieu.pdf) "
        "per market.\n\n\b\nExample:\n  qrsign build examples/cho-mau.xlsx -o signs\n"
        "  qrsign build vendors.xlsx -o signs --template a6-de-ban --split-by zone\n"
        "  qrsign build vendors.xlsx -o signs --combine --format png\n"
        "  qrsign build vendors-2027.xlsx -o signs-2027 --since signs/manifest.json\n\n"
        "Exit codes: 0 every row became a sign, 1 some rows were skipped, 2 nothing could be done.",
    ),
    "help.make": (
        "Tạo một biển, một thẻ ảnh để gửi (PNG) hoặc một ảnh mã QR trơn, cho một tiểu thương.\n\n"
        "Thẻ ảnh (-o FILE.png) là mã QR, bên dưới là tên chủ tài khoản, số tài khoản, ngân hàng và quầy: gửi qua "
        "Zalo hay đăng lên fanpage, người nhận so được tên trước khi chuyển tiền.\n\n\b\nVí dụ:\n"
        "  qrsign make --bank VCB --account 0011012345678 --name \"Nguyễn Thị Hường\" --stall 12 -o quay-12.pdf\n"
        "  qrsign make --bank MB --account 0352350917 --name \"Trần Văn Nam\" --stall \"Sạp A5\" -o quay-a5.png\n"
        "  qrsign make --bank MB --account 0352350917 --name \"Trần Văn Nam\" -o qr.png --qr-only\n"
        "  qrsign make --bank MB --account 0352350917 --name \"Trần Văn Nam\" --amount 150000 -o tien-hang.png\n\n"
        "--amount tạo mã dùng một lần có sẵn số tiền (thẻ ảnh ghi số tiền, hoặc ảnh mã trơn); không in lên biển "
        "treo ở quầy.",
        "Make one sign, one card to share (PNG) or one bare QR image, for a single vendor.\n\n"
        "The card (-o FILE.png) is the QR with the holder's name, the account, the bank and the stall under it: "
        "sent on Zalo or posted on a fanpage, whoever receives it can compare the name before paying.\n\n"
        "\b\nExample:\n"
        "  qrsign make --bank VCB --account 0011012345678 --name \"Nguyễn Thị Hường\" --stall 12 -o stall-12.pdf\n"
        "  qrsign make --bank MB --account 0352350917 --name \"Trần Văn Nam\" --stall \"A5\" -o stall-a5.png\n"
        "  qrsign make --bank MB --account 0352350917 --name \"Trần Văn Nam\" -o qr.png --qr-only\n"
        "  qrsign make --bank MB --account 0352350917 --name \"Trần Văn Nam\" --amount 150000 -o one-off.png\n\n"
        "--amount makes a one-off code with the amount in it (a card showing the amount, or the bare QR); never "
        "a stall sign.",
    ),
    "help.templates": (
        "Liệt kê các mẫu biển, hoặc vẽ một trang mẫu bằng `templates preview`.\n\n\b\nVí dụ:\n"
        "  qrsign templates\n  qrsign templates --json\n  qrsign templates preview a6-de-ban -o mau-a6.pdf",
        "List the sign templates, or render a sample with `templates preview`.\n\n\b\nExample:\n"
        "  qrsign templates\n  qrsign templates --json\n  qrsign templates preview a6-de-ban -o sample-a6.pdf",
    ),
    "help.templates.preview": (
        "Vẽ một trang mẫu đầy đủ của mẫu NAME với tiểu thương giả.\n\n\b\nVí dụ:\n"
        "  qrsign templates preview a4-treo -o mau.pdf",
        "Render one full sample page of template NAME with made-up vendors.\n\n\b\nExample:\n"
        "  qrsign templates preview a4-treo -o sample.pdf",
    ),
    "help.verify": (
        "Đọc mọi mã QR trong ảnh chụp, PDF hoặc thư mục biển và kiểm tra đó là biển đã biết.\n\n"
        "Phát hiện mã QR dán đè lên biển: mã không thuộc các biển trong manifest (hoặc danh sách) được báo "
        "kèm tài khoản nó thật sự chuyển tới. Với thư mục biển và không có --against, kiểm tra lại mọi trang "
        "của mọi PDF theo manifest của thư mục (làm việc này trước khi in).\n\n"
        "Ảnh chụp đối chiếu với một manifest còn cho kết quả theo từng quầy (tuần tra chợ): mỗi quầy là đúng, "
        "MÃ LẠ (mã trên ảnh không phải biển nào của chợ), BIỂN NHẦM QUẦY (ảnh quầy này là biển của quầy khác), "
        "không đọc được mã, hoặc chưa chụp. Ảnh được gắn với quầy theo chữ đầu của tên ảnh (A05-chieu.jpg → quầy "
        "A05), nếu tên ảnh không chỉ quầy nào thì theo mã QR trên ảnh. --market chỉ tuần tra một chợ của lần in."
        "\n\n\b\nVí dụ:\n"
        "  qrsign verify bien/\n  qrsign verify anh-chup-quay-12.jpg --against bien/manifest.json\n"
        "  qrsign verify bien.pdf --against danh-sach.xlsx\n"
        "  qrsign verify anh-tuan-tra/ --against bien/manifest.json --report tuan-tra.xlsx\n\n"
        "Mã thoát: 0 mọi mã là biển đã biết, 1 có mã lạ, sai hoặc không thấy mã, 2 đầu vào không dùng được.",
        "Decode every QR in a photo, a PDF or a build folder and check it is a known sign.\n\n"
        "Finds QR stickers pasted over signs: a code that is not one of the signs in the manifest (or the "
        "sheet) is reported with the account it really pays. On a build folder without --against it re-checks "
        "every page of every PDF against the folder's own manifest (do this before printing).\n\n"
        "Photos checked against a manifest also get a per-stall view (the market patrol): every stall is OK, "
        "FOREIGN CODE (the code in the photo is no sign of the market), WRONG STALL (the photo of this stall shows "
        "another stall's sign), code unreadable, or not checked. A photo is matched to its stall by its file "
        "name's first token (A05-afternoon.jpg → stall A05), else by its code. --market patrols one market of "
        "the build.\n\n"
        "\b\nExample:\n"
        "  qrsign verify signs/\n  qrsign verify photo-stall-12.jpg --against signs/manifest.json\n"
        "  qrsign verify signs.pdf --against vendors.xlsx\n"
        "  qrsign verify patrol-photos/ --against signs/manifest.json --report patrol.xlsx\n\n"
        "Exit codes: 0 every QR is a known sign, 1 a QR is unknown, wrong or none was found, 2 unusable input.",
    ),
    "help.init": (
        "Tạo file mẫu (.xlsx) để điền bằng Excel hoặc LibreOffice.\n\n"
        "Có dòng tiêu đề qrsign đọc được, cột số tài khoản và số điện thoại định dạng Văn bản (Excel giữ số 0 "
        "ở đầu), ô chọn ngân hàng, trang hướng dẫn và một dòng mẫu mà lệnh check bỏ qua.\n\n\b\nVí dụ:\n"
        "  qrsign init danh-sach.xlsx --market \"Chợ Đồng Xa\"",
        "Write a starter workbook (.xlsx) to fill in with Excel or LibreOffice.\n\n"
        "It has the header row qrsign reads, account and phone columns formatted as text (so Excel keeps "
        "leading zeros), a bank dropdown fed by a list of every bank, an instructions sheet and an example "
        "row that `check` ignores.\n\n\b\nExample:\n  qrsign init vendors.xlsx --market \"Chợ Đồng Xa\"",
    ),
    "help.serve": (
        "Mở qrsign thành một trang trong trình duyệt: kiểm tra danh sách, tạo biển, đọc ảnh mã QR, tuần tra, "
        "báo cáo.\n\nTrang chỉ nghe trên 127.0.0.1 (không lên mạng: máy khác không mở được) và chỉ mở được từ "
        "đường link hiện ra, có mã dùng một lần. Bấm Ctrl+C để dừng; các file tạm được xoá.\n\n\b\nVí dụ:\n"
        "  qrsign serve\n  qrsign serve --port 8765 --no-browser",
        "Open qrsign as a page in the browser: check a list, build signs, read QR pictures, patrol, report.\n\n"
        "The page listens on 127.0.0.1 only (never on the network: other computers cannot open it) and opens only "
        "from the printed link, which carries a one-time token. Ctrl-C stops it and removes its temporary files."
        "\n\n\b\nExample:\n  qrsign serve\n  qrsign serve --port 8765 --no-browser",
    ),
    "opt.serve.port": ("Cổng trên 127.0.0.1 (0 hoặc bỏ trống: một cổng còn trống).",
                       "Port on 127.0.0.1 (0 or none: a free one)."),
    "opt.serve.no_browser": ("Không mở trình duyệt; chỉ in đường link.", "Do not open the browser; just print the link."),
    "opt.serve.max_upload_mb": ("Giới hạn dung lượng mỗi lần tải lên, tính bằng MB.", "Largest upload accepted, in MB."),
    "opt.lang": ("Ngôn ngữ: vi (Tiếng Việt) hoặc en (tiếng Anh).", "Language of messages: vi (Vietnamese) or en."),
    "opt.as_json": ("In một văn bản JSON ra màn hình (stdout).", "Print one JSON document on stdout."),
    "opt.help": ("Hiện hướng dẫn này rồi thoát.", "Show this message and exit."),
    "opt.version": ("Hiện số phiên bản rồi thoát.", "Show the version and exit."),
    "opt.sheet_name": ("Chỉ trang tính này của bảng tính.", "Only this sheet of the workbook."),
    "opt.market": ("Chỉ chợ này (hoặc tên chợ khi bảng tính không ghi).",
                   "Only this market (or the market's name when the sheet has none)."),
    "opt.template": ("Tên mẫu biển (xem: qrsign templates) hoặc một file .toml.",
                     "Template name (see: qrsign templates) or a .toml file."),
    "opt.ec": ("Mức sửa lỗi của mã QR: M, hoặc Q cho quầy ẩm ướt, bẩn.",
               "QR error correction: M, or Q for wet and dirty stalls."),
    "opt.logos": ("Logo cho ô logo TÊN của mẫu (left, right). Lặp lại được.",
                  "A logo for the template's logo slot NAME (left, right). Repeatable."),
    "opt.print_date": ("Ngày in trên biển (mặc định: hôm nay; theo SOURCE_DATE_EPOCH nếu có).",
                       "Print date on the signs (default: today; SOURCE_DATE_EPOCH is honoured)."),
    "opt.jobs": ("Số tiến trình làm song song (mặc định: số lõi CPU). Kết quả giống hệt với mọi giá trị.",
                 "Worker processes (default: number of CPU cores). Output is identical for any value."),
    "opt.payload.bank": ("Ngân hàng: tên viết tắt, tên đầy đủ hoặc mã BIN (VCB, Vietcombank, 970436).",
                         "Bank short name, full name or BIN (VCB, Vietcombank, 970436)."),
    "opt.payload.account": ("Số tài khoản (hoặc số thẻ khi có --card).", "Account number (or card number with --card)."),
    "opt.payload.card": ("Chuyển tới số thẻ NAPAS (QRIBFTTC) thay vì số tài khoản.",
                         "Transfer to a NAPAS card number (QRIBFTTC) instead of an account."),
    "opt.payload.amount": ("Số tiền (đồng); tạo mã dùng một lần (mã động).",
                           "Amount in VND; makes a one-off (dynamic) code."),
    "opt.payload.purpose": ("Nội dung chuyển khoản (không dấu, chữ hoa, chữ số, dấu cách).",
                            "Transfer note (ASCII, uppercase, letters/digits/spaces)."),
    "opt.check.report": ("Ghi một bản sao danh sách có đánh dấu mọi lỗi (.xlsx).",
                         "Write a copy of the sheet with every problem marked (.xlsx)."),
    "opt.build.out_dir": ("Thư mục kết quả (tạo nếu chưa có).", "Output folder (created if needed)."),
    "opt.build.split_by": ("Mỗi chợ một thư mục, mỗi chợ và khu một thư mục, hoặc tất cả trong thư mục kết quả.",
                           "One folder per market, per market and zone, or everything in the output folder."),
    "opt.build.combine": ("Mọi tài khoản của một tiểu thương trên cùng một biển (tối đa 3 mã QR).",
                          "All accounts of one vendor on one sign (up to 3 QR codes)."),
    "opt.build.formats": ("Ghi thêm một ảnh mã QR cho mỗi tài khoản (lặp lại được).",
                          "Also write one QR image per account (repeatable)."),
    "opt.build.no_checklist": ("Không ghi bảng đối chiếu (doi-chieu.pdf).",
                               "Do not write the control checklist (doi-chieu.pdf)."),
    "opt.build.verify_after": ("Đọc lại mọi trang sau khi tạo (tự kiểm tra).",
                               "Decode every page after building (self-check)."),
    "opt.build.quiet": ("Không hiện tiến độ và tổng kết.", "No progress bar and no summary."),
    "opt.make.bank": ("Ngân hàng: tên viết tắt, tên đầy đủ hoặc mã BIN.", "Bank short name, full name or BIN."),
    "opt.make.account": ("Số tài khoản (hoặc số thẻ khi có --card).", "Account number (or card number with --card)."),
    "opt.make.name": ("Tên chủ tài khoản, có dấu, đúng như ở ngân hàng.",
                      "Account holder's name, as on the bank account (with diacritics)."),
    "opt.make.stall": ("Số quầy hoặc nhãn quầy.", "Stall number or label."),
    "opt.make.market": ("Tên chợ, in dưới số quầy.", "Market name, printed under the stall."),
    "opt.make.template": ("Mẫu cho biển PDF.", "Template for a PDF sign."),
    "opt.make.amount": ("Mã dùng một lần cho đúng số tiền này (FILE.png hoặc FILE.svg; không bao giờ là biển "
                        "treo ở quầy).", "A one-off code for one payment of this amount (FILE.png or FILE.svg; "
                        "never a stall sign)."),
    "opt.make.output": ("FILE.pdf cho một biển; FILE.png cho một thẻ ảnh gửi qua Zalo, fanpage (mã QR, bên dưới là "
                        "tên chủ tài khoản, ngân hàng và số tài khoản); FILE.svg cho riêng mã QR.",
                        "FILE.pdf for a sign; FILE.png for a card to share on Zalo or a fanpage (the QR with the "
                        "holder's name, bank and account under it); FILE.svg for the QR alone."),
    "opt.templates.preview.output": ("FILE.pdf sẽ ghi.", "FILE.pdf to write."),
    "opt.verify.against": ("manifest.json (hoặc thư mục biển) hoặc danh sách tiểu thương để đối chiếu.",
                           "manifest.json (or its build folder) or the vendor sheet to compare with."),
    "opt.verify.jobs": ("Số tiến trình đọc các trang PDF.", "Worker processes for PDF pages."),
    "opt.verify.market": ("Với ảnh chụp và --against MANIFEST: chỉ tuần tra chợ này của lần in (đúng cả tên chợ).",
                          "With photos and --against MANIFEST: patrol only this market of the build (its whole "
                          "name)."),
    "opt.init.market": ("Tên chợ ghi ở dòng tiêu đề (ví dụ \"Chợ Đồng Xa\").",
                        "Market name written in the title row (e.g. \"Chợ Đồng Xa\")."),
    "opt.init.force": ("Ghi đè nếu file đã có.", "Overwrite PATH if it exists."),
    # help of import, diff and report, and of build --replace/--since/--include-hidden, check --include-hidden,
    # make --card/--qr-only, verify --report
    "help.import": (
        "Đọc mã QR nhận tiền mà tiểu thương đã có (ảnh chụp màn hình, ảnh chụp) vào một file danh sách (.xlsx).\n\n"
        "Đặt tên mỗi ảnh theo số quầy (A01.png, \"A03 Trần Thị B.jpg\"); đọc được ảnh PNG, JPEG, WebP và HEIC. "
        "Mỗi mã QR đọc được thành một dòng, cột “Mã QR” giữ nguyên chuỗi mã. Điền tên còn thiếu, rồi chạy "
        "check và build như bình thường.\n\n\b\nVí dụ:\n"
        "  qrsign import anh-qr/ -o danh-sach.xlsx --market \"Chợ Đồng Xa\"\n"
        "  qrsign import A01.png \"A03 Trần Thị B.jpg\" -o danh-sach.xlsx\n\n"
        "Mã thoát: 0 mọi ảnh đều đọc được, 1 có ảnh không đọc được mã hoặc mã không dùng được, "
        "2 đầu vào không dùng được.",
        "Read the QR codes vendors already have (screenshots, photos) into a vendor workbook (.xlsx).\n\n"
        "Name each image by stall (A01.png, \"A03 Tran Thi B.jpg\"); PNG, JPEG, WebP and HEIC are read. "
        "Every QR found gives one row with its exact payload in the \"Mã QR\" column. Fill in missing names, "
        "then run `check` and `build` as usual.\n\n\b\nExample:\n"
        "  qrsign import qr-photos/ -o vendors.xlsx --market \"Chợ Đồng Xa\"\n"
        "  qrsign import A01.png \"A03 Tran Thi B.jpg\" -o vendors.xlsx\n\n"
        "Exit codes: 0 every image was read, 1 an image has no readable or usable code, 2 unusable input.",
    ),
    "help.diff": (
        "So sánh một lần in trước (manifest.json hoặc thư mục biển của nó) với danh sách tiểu thương mới.\n\n"
        "Liệt kê biển cần in lại (kèm mã biển cũ), biển mới, biển cần thu hồi (tài khoản không còn trong danh "
        "sách), biển giữ nguyên, và biển ghi tên cũ của ngân hàng (vẫn nhận tiền, nên in lại). Không ghi file "
        "nào; lệnh build --since in đúng những biển này.\n\n\b\nVí dụ:\n"
        "  qrsign diff bien/manifest.json danh-sach-2027.xlsx\n"
        "  qrsign diff bien danh-sach-2027.xlsx --market \"Chợ Đồng Xa\" --json\n\n"
        "Mã thoát: 0 đã so sánh xong, 1 có dòng của danh sách mới bị loại, 2 đầu vào không dùng được.",
        "Compare a previous build (its manifest.json or folder) with a new vendor sheet.\n\n"
        "Lists the signs to reprint (with the old sign ID), the new signs, the signs to take down (their account "
        "is gone), the unchanged ones, and the signs that show a bank's former name (they still pay; reprint "
        "advised). Nothing is written; `build --since` builds what this lists.\n\n\b\nExample:\n"
        "  qrsign diff signs/manifest.json vendors-2027.xlsx\n"
        "  qrsign diff signs vendors-2027.xlsx --market \"Chợ Đồng Xa\" --json\n\n"
        "Exit codes: 0 the comparison was made, 1 rows of the new sheet were rejected, 2 unusable input.",
    ),
    "help.report": (
        "Báo cáo cho ban quản lý: mức sẵn sàng nhận tiền bằng mã QR của mọi chợ và khu trong các lần in, có "
        "biểu đồ (.xlsx).\n\n"
        "Các con số lấy từ bảng tóm tắt của từng manifest (tiểu thương sẵn sàng và chưa sẵn sàng, số tài khoản, "
        "số biển đã in, dòng bị loại và lý do, ngân hàng và ví), cộng theo chợ và toàn tỉnh; biển in lại, biển "
        "mới và biển thu hồi lấy từ các lần in có --since. Hai manifest cùng một chợ thì lấy lần in mới hơn."
        "\n\n\b\nVí dụ:\n"
        "  qrsign report bien-cho-dong-xa bien-cho-hang-da -o bao-cao.xlsx\n"
        "  qrsign report bien/manifest.json bien-2027/manifest.json -o bao-cao-2027.xlsx --json\n\n"
        "Mã thoát: 0 đã ghi báo cáo, 2 không đọc được một manifest hoặc không ghi được file kết quả.",
        "The board's report: QR readiness of every market and zone of the builds, with charts (.xlsx).\n\n"
        "The figures are the build summaries of each manifest (vendors ready and not ready, accounts, signs "
        "built, rows rejected and why, banks and wallets), summed per market and for the province; reprints, "
        "new signs and withdrawals come from `build --since` manifests. When two manifests cover one market, "
        "the newer build counts.\n\n\b\nExample:\n"
        "  qrsign report signs-market-1 signs-market-2 -o report.xlsx\n"
        "  qrsign report signs/manifest.json signs-2027/manifest.json -o report-2027.xlsx --json\n\n"
        "Exit codes: 0 the report was written, 2 a manifest cannot be read or the output cannot be written.",
    ),
    "opt.build.replace": (
        "Thư mục kết quả đang chứa biển in từ danh sách khác: thay lần in đó (chỉ xoá các file nó đã ghi và "
        "chưa bị sửa).",
        "The output folder holds another sheet's build: replace it (only the files it wrote and that are "
        "unchanged are removed).",
    ),
    "opt.build.since_path": (
        "Lần in cũ (manifest.json hoặc thư mục biển): chỉ in biển cần in lại và biển mới so với lần đó, kèm danh "
        "sách thu hồi (thu-hoi.pdf). -o phải là một thư mục khác.",
        "A previous build (its manifest.json or folder): build only the signs to reprint and the new ones since "
        "then, and a withdraw list (thu-hoi.pdf). -o must be another folder.",
    ),
    "opt.build.include_hidden": ("Làm biển cả cho các dòng bị ẩn, bị bộ lọc che hoặc bị gạch ngang.",
                                 "Also build hidden, filtered-out and struck-through rows."),
    "opt.columns": (
        "Đọc một cột thành một trường mà không sửa file: tiêu đề cột hoặc chữ cái cột, rồi tên trường (name, holder, "
        "stall, bank, account, card, phone, status, ignore…), ví dụ \"Tên trên app=holder\". Lặp lại được.",
        "Read a column as a field without editing the file: a header text or a column letter, then a field (name, "
        "holder, stall, bank, account, card, phone, status, ignore…), e.g. \"Tên trên app=holder\". Repeatable.",
    ),
    "opt.check.include_hidden": (
        "Đọc cả các dòng bị ẩn, bị bộ lọc che hoặc bị gạch ngang (bình thường bị bỏ qua, kèm cảnh báo).",
        "Also read hidden, filtered-out and struck-through rows (normally skipped, with a warning).",
    ),
    "opt.make.card": ("Chuyển tới số thẻ NAPAS (QRIBFTTC) thay vì số tài khoản.",
                      "Transfer to a NAPAS card number (QRIBFTTC) instead of an account."),
    "opt.make.qr_only": ("Với FILE.png: chỉ mã QR trơn, không có thẻ tên bên dưới.",
                         "With FILE.png: the bare QR code, without the name card."),
    "opt.verify.report": ("Với ảnh chụp và --against MANIFEST: ghi bảng tuần tra, một dòng một quầy (.xlsx).",
                          "With photos and --against MANIFEST: write the patrol sheet, one row per stall (.xlsx)."),
    "opt.import.output": ("File danh sách sẽ ghi (.xlsx), cùng dạng file mẫu của qrsign init, có thêm cột “Mã QR”.",
                          "Workbook to write (.xlsx), in the starter's layout with a \"Mã QR\" column."),
    "opt.import.market": ("Tên chợ ghi ở dòng tiêu đề (ví dụ \"Chợ Đồng Xa\").",
                          "Market name written in the title row (e.g. \"Chợ Đồng Xa\")."),
    "opt.import.force": ("Ghi đè nếu file danh sách đã có.", "Overwrite the output workbook if it exists."),
    "opt.diff.market": ("Chỉ chợ này (của danh sách mới và của lần in cũ).",
                        "Only this market (of the sheet and of the old build)."),
    "opt.report.output": ("FILE.xlsx sẽ ghi (báo cáo có biểu đồ).", "FILE.xlsx to write (the report, with charts)."),

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
    "E-SHEET-NOT-READ": ("trang tính không đọc được", "sheet not read"),
    "E-CELL-DATE": ("Excel đổi thành ngày tháng", "turned into a date by Excel"),
    "E-CELL-FORMULA": ("công thức chưa có giá trị", "formula without a value"),
    "E-CELL-STYLE": ("định dạng ô bị hỏng", "damaged cell format"),
    "E-CELL-ERROR": ("ô báo lỗi Excel", "Excel error cell"),
    "E-CELL-DITTO-NONE": ("“như trên” mà dòng trên trống", "ditto with nothing above"),
    "E-REQUIRED": ("thiếu thông tin bắt buộc", "required field missing"),
    "E-TEXT-HIDDEN": ("ký tự ẩn", "hidden characters"),
    "E-TEXT-LEN": ("ô quá dài", "cell too long"),
    "E-NAME-SCRIPT": ("chữ giả dạng trong tên", "look-alike letters in a name"),
    "E-NAME-CHARS": ("ký tự lạ trong tên", "stray characters in a name"),
    "E-GLYPH-MISSING": ("ký tự không in được", "characters that cannot be printed"),
    "E-ACCOUNT-TWO": ("hai tài khoản trong một ô", "two accounts in one cell"),
    "E-ACCOUNT-WORDS": ("chữ lẫn trong số tài khoản", "words beside an account"),
    "E-ACCOUNT-ZEROS-LOST": ("Excel làm mất số 0 của số tài khoản", "Excel lost an account's leading zeros"),
    "E-ACCOUNT-ZERO-LOST-PHONE": ("số tài khoản là số điện thoại mất số 0", "account is the phone without its 0"),
    "E-ACCOUNT-LOOKALIKE": ("chữ cái thay chữ số trong số tài khoản", "letters for digits in an account"),
    "E-ACCOUNT-SHORT": ("số tài khoản quá ngắn", "account too short"),
    "E-ACCOUNT-WORDS-SHORT": ("chữ bên cạnh vài chữ số", "words beside too few digits"),
    "E-ACCOUNT-NO-NUMBER": ("ô số tài khoản chỉ có chữ", "account cell holds only words"),
    "E-ACCOUNT-LOOKUP-EMPTY": ("công thức tra cứu ra rỗng", "lookup formula found nothing"),
    "E-ACCOUNT-AND-CARD": ("cả tài khoản và thẻ trên một dòng", "account and card on one row"),
    "E-CARD-FORMAT": ("số thẻ không đúng", "not a card number"),
    "E-CARD-OTHER-BANK": ("số thẻ của ngân hàng khác", "card of another bank"),
    "E-NAME-LEGACY": ("tên gõ bằng phông cũ", "name in an old font encoding"),
    "E-NAME-LETTERS": ("chữ không phải tiếng Việt trong tên", "non-Vietnamese letters in a name"),
    "E-NAME-TITLE-ONLY": ("cách gọi thay cho họ tên", "a form of address, not a full name"),
    "E-NAME-ONE-WORD": ("tên chỉ có một chữ", "one-word name"),
    "E-NAME-SHOP": ("tên cửa hàng thay cho tên người", "a shop's name, not a person's"),
    "E-NAME-TWO-PEOPLE": ("hai người trong một ô tên", "two people in one name cell"),
    "E-NAME-PLACEHOLDER": ("chưa có tên", "no name yet"),
    "E-NAME-LEGACY-TEXT": ("tên gõ bằng phông cũ", "name in an old font encoding"),
    "E-FORMAT": ("ô không hợp lệ", "invalid cell"),
    "E-DATA": ("dữ liệu không hợp lệ", "invalid data"),
    "E-LENGTH": ("ô dài hoặc ngắn quá", "cell too long or too short"),
    "E-COMPONENT": ("giá trị không được phép", "value not allowed"),
    "E-RENDER": ("không vẽ được biển", "sign cannot be drawn"),
    "E-AMOUNT": ("số tiền không hợp lệ", "invalid amount"),
    "E-PURPOSE-LEN": ("nội dung chuyển khoản quá dài", "purpose too long"),
    "E-WALLET-TYPED": ("ví điện tử gõ tay, thiếu mã QR của ví", "wallet typed without its QR"),
    "E-WALLET-NO-REFERENCE": ("mã QR ví thiếu mã tham chiếu", "wallet QR without its reference"),
    "E-PAYLOAD-BANK-MISMATCH": ("ngân hàng khác với mã QR", "bank differs from the QR"),
    "E-PAYLOAD-ACCOUNT-MISMATCH": ("số tài khoản khác với mã QR", "account differs from the QR"),
    "E-PAYLOAD-BIN": ("mã QR: mã ngân hàng sai", "QR: wrong bank BIN"),
    "E-PAYLOAD-FIELD-EMPTY": ("mã QR: trường rỗng", "QR: empty field"),
    "E-PAYLOAD-FIELD-LEN": ("mã QR: trường quá dài", "QR: field too long"),
    "E-PAYLOAD-TRUNCATED": ("mã QR bị cắt cụt", "QR truncated"),
    "E-PAYLOAD-TLV": ("mã QR sai cấu trúc", "QR malformed"),
    "E-PAYLOAD-DUPLICATE": ("mã QR: trường lặp", "QR: repeated field"),
    "E-PAYLOAD-NO-CRC": ("mã QR thiếu mã kiểm tra", "QR without its CRC"),
    "E-PAYLOAD-CRC": ("mã QR hỏng, cần chụp lại", "QR damaged, capture it again"),
    "E-PAYLOAD-URL": ("đường link, không phải mã nhận tiền", "a web link, not a payment code"),
    "E-PAYLOAD-DYNAMIC": ("mã QR có sẵn số tiền (mã động)", "QR with an amount (dynamic)"),
    "E-PAYLOAD-FORMAT": ("mã QR sai định dạng", "QR: wrong payload format"),
    "E-PAYLOAD-INITIATION": ("mã QR: kiểu mã sai", "QR: wrong initiation method"),
    "E-PAYLOAD-NO-NAPAS": ("mã QR không phải VietQR", "QR not a VietQR transfer"),
    "E-PAYLOAD-GUID": ("mã QR: sai mã NAPAS", "QR: wrong NAPAS GUID"),
    "E-PAYLOAD-SERVICE": ("mã QR: sai mã dịch vụ", "QR: wrong service code"),
    "E-PAYLOAD-NO-BENEFICIARY": ("mã QR thiếu người nhận", "QR without a beneficiary"),
    "E-PAYLOAD-CURRENCY": ("mã QR không phải tiền đồng", "QR not in VND"),
    "E-PAYLOAD-COUNTRY": ("mã QR không phải của Việt Nam", "QR not for Vietnam"),
    "E-PAYLOAD-TOO-LONG": ("mã QR quá dài", "QR too long"),
    "E-PAYLOAD-CHARS": ("mã QR có ký tự lạ", "QR with stray characters"),
    "E-PAYLOAD-HIDDEN": ("mã QR có ký tự ẩn", "QR with hidden characters"),
    "E-PAYLOAD-TEMPLATES": ("mã QR mang nhiều tài khoản nhận", "QR with more than one payee"),
    "E-PAYLOAD-COUNTING": ("mã QR đọc ra hai cách", "QR that reads two ways"),
    "E-PAYLOAD-BENEFICIARY-FIELDS": ("mã QR: khối người nhận lạ", "QR: odd beneficiary block"),
    "E-PAYLOAD-MERCHANT-ID": ("mã QR cửa hàng: mã không in được", "merchant QR: unprintable merchant ID"),
    "E-PAYLOAD-MERCHANT-NO-NAME": ("mã QR cửa hàng thiếu tên", "merchant QR without a name"),
    "E-PAYLOAD-MERCHANT-UNSUPPORTED": ("mã QR cửa hàng chưa hỗ trợ", "unsupported merchant QR"),
}
