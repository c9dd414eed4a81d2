#!/usr/bin/env python3
"""Generate the benchmark sites: the same N stories as a bangvang site and as
an equivalent Hugo site.

    python3 bench/gen.py N OUTDIR [--photos]

writes OUTDIR/bangvang/ (site.yaml, content/registry.yaml, content/stories/
YYYY-MM/<i>.md) and OUTDIR/hugo/ (config.toml, content/stories/<i>.md,
layouts/). Standard library only and deterministic: the same N gives the same
bytes on every run and machine (fixed seed, no clock, no OS randomness, no
set/dict-order dependence on string hashing).

The content is fictional but shaped like the real thing: ~4 KB of Vietnamese
Markdown per story (NFC, full diacritics), one person per story, every 10th
story honouring the person of story i-3 again for a different deed, deed dates
over 2019-01..2026-10, awards at phuong/quan/thanh-pho (never two at one level),
registry ids only, a consent record for every channel, a dossier, ~1 % featured, no photos and no
minors (nobody is under 16 on the deed date).

--photos gives every 10th story (i % 10 == 0) a photo of its own: a generated
1200×900 PNG (a pattern, never a person), distinct bytes per story so the
image cache cannot share entries, written to content/images/<i>.png.
The Hugo site is the same with or without it.
"""

import json
import os
import random
import shutil
import sys
import unicodedata

SEED = 20231124
HERE = os.path.dirname(os.path.abspath(__file__))
REGISTRY = os.path.join(HERE, "..", "content", "registry.yaml")

# --------------------------------------------------------------------------
# Registry ids (content/registry.yaml). Checked against the file at start-up.

LEVELS = ["phuong", "quan", "thanh-pho"]
# Who signs the decision of a level; a ward's award is signed by its own
# chairman (`chu-tich-<unit>`).
ISSUERS = {"quan": "chu-tich-quan", "thanh-pho": "chu-tich-thanh-pho"}
LEVEL_NAMES = {"phuong": "Cấp phường", "quan": "Cấp quận", "thanh-pho": "Cấp thành phố"}
WARDS = [
    ("phuong-bach-khoa", "Phường Bách Khoa"),
    ("phuong-bach-dang", "Phường Bạch Đằng"),
    ("phuong-bach-mai", "Phường Bạch Mai"),
    ("phuong-cau-den", "Phường Cầu Dền"),
    ("phuong-dong-nhan", "Phường Đồng Nhân"),
    ("phuong-dong-tam", "Phường Đồng Tâm"),
    ("phuong-dong-mac", "Phường Đống Mác"),
    ("phuong-le-dai-hanh", "Phường Lê Đại Hành"),
    ("phuong-minh-khai", "Phường Minh Khai"),
    ("phuong-nguyen-du", "Phường Nguyễn Du"),
    ("phuong-pham-dinh-ho", "Phường Phạm Đình Hổ"),
    ("phuong-pho-hue", "Phường Phố Huế"),
    ("phuong-quynh-loi", "Phường Quỳnh Lôi"),
    ("phuong-quynh-mai", "Phường Quỳnh Mai"),
    ("phuong-thanh-luong", "Phường Thanh Lương"),
    ("phuong-thanh-nhan", "Phường Thanh Nhàn"),
    ("phuong-truong-dinh", "Phường Trương Định"),
    ("phuong-vinh-tuy", "Phường Vĩnh Tuy"),
]
OTHER_UNITS = [
    ("phong-van-hoa-thong-tin", "Phòng Văn hóa và Thông tin"),
    ("phong-noi-vu", "Phòng Nội vụ"),
    ("truong-thcs-ngo-gia-tu", "Trường THCS Ngô Gia Tự"),
    ("doan-thanh-nien-quan", "Quận đoàn Hai Bà Trưng"),
]
UNIT_NAMES = dict(WARDS + OTHER_UNITS)
FIELDS = ["cong-tac", "hoc-tap", "lao-dong-san-xuat", "doi-song-xa-hoi"]
CATEGORIES = [
    "can-bo-co-so", "cong-chuc", "vien-chuc", "lao-dong-truc-tiep",
    "hoc-sinh-sinh-vien", "nhan-dan", "luc-luong-vu-trang",
]
TOPICS = [
    "cai-cach-hanh-chinh", "trat-tu-van-minh-do-thi", "ve-sinh-moi-truong",
    "an-sinh-xa-hoi", "nep-song-thanh-lich", "ung-dung-cntt", "an-ninh-trat-tu",
]

# Months 0..93 = 2019-01..2026-10.
MONTHS = 94
FIRST_YEAR = 2019


def ym(index):
    return FIRST_YEAR + index // 12, index % 12 + 1


# --------------------------------------------------------------------------
# People. Family names avoid words the build reads as a group ("Tổ", "Đội",
# "Hội", "Ban", "Lớp", …); middle names of the two genders are disjoint, so
# every (family, gender, middle, given) gives a different full name.

FAMILIES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ",
    "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý",
]
MIDDLES = {
    "m": ["Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Thanh", "Xuân", "Mạnh", "Tiến"],
    "f": ["Thị", "Thu", "Ngọc", "Bích", "Thùy", "Kim", "Phương", "Hồng", "Diệu", "Khánh"],
}
GIVENS = {
    "m": [
        "Hùng", "Dũng", "Tuấn", "Minh", "Nam", "Hải", "Long", "Phong", "Sơn", "Thắng",
        "Trung", "Hiếu", "Khoa", "Quân", "Tùng", "Bình", "Cường", "Đạt", "Hoàng", "Huy",
        "Khánh", "Lâm", "Lộc", "Nghĩa", "Phúc", "Quang", "Tài", "Thành", "Thịnh", "Toàn",
        "Vinh", "Việt", "Bảo", "Duy", "Giang", "Hậu", "Kiên", "Luân", "Tâm", "An",
    ],
    "f": [
        "Lan", "Hoa", "Hương", "Hà", "Mai", "Linh", "Trang", "Thảo", "Nga", "Yến",
        "Hằng", "Huyền", "Ngân", "Nhung", "Oanh", "Phượng", "Quyên", "Thủy", "Tuyết", "Vân",
        "Anh", "Chi", "Dung", "Giang", "Hạnh", "Hiền", "Loan", "Ly", "My", "Nhàn",
        "Nhi", "Phương", "Quỳnh", "Thoa", "Thư", "Trâm", "Uyên", "Vy", "Xuân", "Hòa",
    ],
}
# 1955..2002: at a 2019 deed the youngest is 17, never a minor (the build
# counts anyone with deed year - birth year <= 16 as possibly under 16).
BIRTH_YEARS = list(range(1955, 2003))

# The person of index k is a mixed-radix reading of k; story i gets
# k = (i * STRIDE + OFFSET) mod PEOPLE_SPACE, a bijection for i < PEOPLE_SPACE,
# so people of different stories differ (a spread-out, not sequential, mix).
PEOPLE_SPACE = len(FAMILIES) * 2 * 10 * 40 * len(BIRTH_YEARS)
STRIDE = 104729  # prime, coprime with PEOPLE_SPACE
OFFSET = 12345

OCCUPATIONS = {
    "can-bo-co-so": ["Tổ trưởng tổ dân phố", "Cán bộ Mặt trận phường", "Chi hội trưởng phụ nữ", "Bí thư chi bộ khu dân cư"],
    "cong-chuc": ["Công chức một cửa", "Công chức tư pháp – hộ tịch", "Công chức địa chính", "Công chức văn phòng"],
    "vien-chuc": ["Giáo viên", "Điều dưỡng", "Bác sĩ trạm y tế", "Thủ thư"],
    "lao-dong-truc-tiep": ["Công nhân môi trường đô thị", "Tài xế taxi", "Nhân viên bảo vệ", "Thợ điện", "Tài xế xe buýt", "Công nhân xây dựng"],
    "hoc-sinh-sinh-vien": ["Sinh viên", "Học viên cao học"],
    "nhan-dan": ["Hưu trí", "Kinh doanh tự do", "Nội trợ", "Cựu chiến binh"],
    "luc-luong-vu-trang": ["Chiến sĩ công an phường", "Dân quân tự vệ", "Cảnh sát khu vực"],
}


def person_of(k):
    """The person with index k: name, gender, birth year, category, occupation, residence."""
    k, by = divmod(k, len(BIRTH_YEARS))
    k, gi = divmod(k, 40)
    k, mi = divmod(k, 10)
    k, g = divmod(k, 2)
    fam = k % len(FAMILIES)
    gender = "mf"[g]
    birth_year = BIRTH_YEARS[by]
    name = f"{FAMILIES[fam]} {MIDDLES[gender][mi]} {GIVENS[gender][gi]}"
    r = random.Random(SEED * 7 + k * 1000003 + by * 131 + gi * 17 + mi)
    if birth_year >= 1999 and r.random() < 0.5:
        category = "hoc-sinh-sinh-vien"
    else:
        category = r.choice([c for c in CATEGORIES if c != "hoc-sinh-sinh-vien"])
    return {
        "name": name,
        "given": GIVENS[gender][gi],
        "gender": gender,
        "birth_year": birth_year,
        "category": category,
        "occupation": r.choice(OCCUPATIONS[category]),
        "residence": r.randrange(len(WARDS)),
    }


# --------------------------------------------------------------------------
# Deeds: what happened, in sentences. {x} is how the person is called (anh,
# chị, ông, bà), {X} the same capitalised, {ten} the given name, {ho_ten} the
# full name, {noi} a place, {vat} an object, {ngay} the deed date in words.

PLACES = [
    "hồ Thiền Quang", "hồ Thanh Nhàn", "công viên Thống Nhất", "chợ Mơ", "phố Bạch Mai",
    "phố Huế", "phố Lò Đúc", "đường Minh Khai", "phố Trần Khát Chân", "cầu Vĩnh Tuy",
    "phố Đại La", "đường Giải Phóng", "phố Lê Thanh Nghị", "sông Kim Ngưu", "phố Kim Ngưu",
    "chợ Hôm", "phố Tô Hiến Thành", "phố Thái Phiên", "ngõ Quỳnh", "phố Nguyễn Du",
]
OBJECTS = [
    "chiếc ví có hơn {so} triệu đồng", "túi xách đựng giấy tờ và {so} triệu đồng",
    "chiếc điện thoại di động đắt tiền", "chiếc nhẫn vàng", "máy tính xách tay cùng nhiều tài liệu",
    "túi vàng trang sức trị giá khoảng {so} chục triệu đồng", "chiếc cặp đựng sổ đỏ",
]

DEEDS = [
    {
        "key": "tra-tai-san", "field": "doi-song-xa-hoi", "topics": ["nep-song-thanh-lich"],
        "tags": ["nhặt được của rơi", "trả lại tài sản", "trung thực"],
        "titles": ["{X} {ten} trả lại {vat} cho người đánh rơi", "Tìm trả {vat} nhặt được ở {noi}",
                   "{X} {ten} và {vat} bị đánh rơi ở {noi}"],
        "summary": "{X} {ho_ten} nhặt được {vat} ở {noi} và đã tìm mọi cách trả lại cho người đánh rơi.",
        "open": "{ngay}, trên đường đi làm qua {noi}, {x} {ho_ten} nhặt được {vat} rơi bên vệ đường.",
        "detail": [
            "Không chút đắn đo, {x} {ten} mang ngay đến trụ sở công an phường để trình báo và nhờ tìm người đánh rơi.",
            "Trong túi có giấy tờ tùy thân mang tên một người ở phường bên cạnh, nhờ vậy cán bộ công an đã liên lạc được với chủ nhân chỉ sau vài giờ.",
            "Người đánh rơi là một phụ nữ buôn bán nhỏ, số tiền ấy là vốn liếng cả tháng trời của gia đình chị.",
            "Nhận lại tài sản, người bị mất xúc động gửi lời cảm ơn và muốn hậu tạ, nhưng {x} {ten} nhất quyết từ chối.",
            "Đây không phải lần đầu {x} {ten} trả lại của rơi; bà con trong tổ dân phố vẫn nhắc tới nhiều lần trước đó.",
        ],
    },
    {
        "key": "cuu-duoi-nuoc", "field": "doi-song-xa-hoi", "topics": ["an-ninh-trat-tu"],
        "tags": ["cứu người", "đuối nước", "dũng cảm"],
        "titles": ["{X} {ten} lao xuống {noi} cứu cháu bé đuối nước", "Cứu người đuối nước ở {noi}",
                   "Dũng cảm cứu người gặp nạn dưới {noi}"],
        "summary": "{X} {ho_ten} không ngần ngại lao xuống nước cứu một người gặp nạn ở {noi}.",
        "open": "Chiều {ngay}, khi đi ngang {noi}, {x} {ho_ten} nghe thấy tiếng kêu cứu thất thanh từ phía bờ nước.",
        "detail": [
            "Một cháu bé chơi gần bờ đã trượt chân rơi xuống, đang chới với cách bờ vài mét.",
            "Không kịp cởi áo, {x} {ten} nhảy ngay xuống nước, bơi ra ôm lấy cháu rồi đưa vào bờ.",
            "Những người xung quanh giúp kéo hai người lên, rồi cùng {x} {ten} sơ cứu cho cháu bé.",
            "Cháu bé được đưa vào bệnh viện kịp thời và đã qua cơn nguy hiểm ngay trong tối hôm đó.",
            "Gia đình cháu bé nhiều lần tìm đến cảm ơn, nhưng {x} {ten} chỉ nói ai ở vị trí ấy cũng sẽ làm như vậy.",
        ],
    },
    {
        "key": "chua-chay", "field": "doi-song-xa-hoi", "topics": ["an-ninh-trat-tu"],
        "tags": ["phòng cháy chữa cháy", "dũng cảm", "khu dân cư"],
        "titles": ["{X} {ten} dập tắt đám cháy ở {noi}", "Dùng bình chữa cháy cứu cả dãy nhà ở {noi}",
                   "Kịp thời dập lửa, cứu tài sản của bà con ở {noi}"],
        "summary": "{X} {ho_ten} đã nhanh trí dùng bình chữa cháy dập tắt một đám cháy ở {noi}, không để lửa lan sang các nhà bên cạnh.",
        "open": "Khoảng chín giờ tối {ngay}, một ngôi nhà gần {noi} bất ngờ bốc cháy từ tầng một.",
        "detail": [
            "Nghe tiếng hô hoán, {x} {ho_ten} lập tức mang bình chữa cháy của gia đình chạy sang.",
            "{X} {ten} hướng dẫn mọi người ngắt cầu dao điện, đưa người già và trẻ nhỏ ra khỏi khu vực nguy hiểm.",
            "Chỉ trong vài phút, ngọn lửa đã được khống chế trước khi lực lượng cảnh sát phòng cháy chữa cháy tới nơi.",
            "Nhờ sự nhanh trí ấy, đám cháy không lan sang các nhà liền kề và không có ai bị thương.",
            "Sau sự việc, tổ dân phố đã vận động mỗi hộ gia đình trang bị một bình chữa cháy mini.",
        ],
    },
    {
        "key": "bat-cuop", "field": "doi-song-xa-hoi", "topics": ["an-ninh-trat-tu"],
        "tags": ["bắt cướp", "an ninh trật tự", "dũng cảm"],
        "titles": ["{X} {ten} truy đuổi đối tượng cướp giật trên {noi}", "Giúp công an bắt giữ kẻ cướp giật ở {noi}"],
        "summary": "{X} {ho_ten} đã truy đuổi và cùng người dân khống chế một đối tượng cướp giật tài sản trên {noi}.",
        "open": "Trưa {ngay}, một phụ nữ đi bộ trên {noi} bị hai đối tượng đi xe máy giật túi xách.",
        "detail": [
            "Chứng kiến sự việc, {x} {ho_ten} lập tức đuổi theo, vừa đi vừa hô hoán người dân hỗ trợ.",
            "Đến ngã tư gần đó, các đối tượng hoảng sợ, tăng ga và ngã xe; {x} {ten} cùng người dân khống chế được một đối tượng.",
            "Toàn bộ tài sản được trả lại cho người bị hại, đối tượng được bàn giao cho công an phường xử lý.",
            "Khi được hỏi, {x} {ten} chia sẻ rằng lúc ấy chỉ nghĩ phải lấy lại tài sản cho người bị hại.",
        ],
    },
    {
        "key": "hien-mau", "field": "doi-song-xa-hoi", "topics": ["an-sinh-xa-hoi"],
        "tags": ["hiến máu tình nguyện", "nhân ái", "giọt máu hồng"],
        "titles": ["{X} {ten} và {so} lần hiến máu tình nguyện", "Người hiến máu cứu người giữa đêm ở {noi}"],
        "summary": "{X} {ho_ten} đã nhiều năm hiến máu tình nguyện và sẵn sàng đến bệnh viện giữa đêm khi có người cần máu gấp.",
        "open": "{ngay}, nhận được cuộc gọi từ ngân hàng máu sống, {x} {ho_ten} đã có mặt ở bệnh viện chỉ sau nửa giờ.",
        "detail": [
            "Người bệnh là một sản phụ mất nhiều máu, cần truyền gấp nhóm máu hiếm.",
            "Đến nay, {x} {ten} đã tham gia hiến máu tình nguyện hơn hai mươi lần.",
            "{X} {ten} còn vận động đồng nghiệp và bà con trong khu dân cư cùng tham gia các đợt hiến máu.",
            "Câu lạc bộ hiến máu của phường có thêm nhiều thành viên trẻ nhờ những buổi chia sẻ của {x} {ten}.",
        ],
    },
    {
        "key": "ve-sinh", "field": "doi-song-xa-hoi", "topics": ["ve-sinh-moi-truong", "trat-tu-van-minh-do-thi"],
        "tags": ["môi trường", "ngõ xanh", "phân loại rác"],
        "titles": ["{X} {ten} giữ sạch những con ngõ quanh {noi}", "Biến bãi rác tự phát gần {noi} thành vườn hoa",
                   "Mười năm nhặt rác quanh {noi}"],
        "summary": "{X} {ho_ten} bền bỉ giữ gìn vệ sinh và vận động bà con phân loại rác quanh {noi}.",
        "open": "Từ {ngay}, sáng nào {x} {ho_ten} cũng dậy từ năm giờ để quét dọn và nhặt rác quanh {noi}.",
        "detail": [
            "Khu đất trống đầu ngõ trước kia là nơi đổ rác tự phát, mùa hè bốc mùi nồng nặc.",
            "{X} {ten} cùng vài người hàng xóm dọn sạch, trồng hoa và đặt biển nhắc nhở không vứt rác bừa bãi.",
            "Dần dần, bà con trong ngõ cùng góp tiền mua chậu cây, thay phiên nhau tưới nước mỗi chiều.",
            "Mô hình phân loại rác tại nguồn do {x} {ten} khởi xướng đã được nhân rộng ra nhiều tổ dân phố.",
            "Con ngõ nhỏ nay xanh, sạch, được phường chọn làm điểm tham quan trong đợt kiểm tra văn minh đô thị.",
        ],
    },
    {
        "key": "cai-cach", "field": "cong-tac", "topics": ["cai-cach-hanh-chinh", "ung-dung-cntt"],
        "tags": ["sáng kiến", "chuyển đổi số", "dịch vụ công trực tuyến"],
        "titles": ["Sáng kiến tra cứu hồ sơ bằng mã QR của {x} {ten}", "{X} {ten} rút ngắn thời gian giải quyết thủ tục hành chính",
                   "Bảng theo dõi hồ sơ trực tuyến giúp người dân bớt đi lại"],
        "summary": "{X} {ho_ten} đã xây dựng cách tra cứu tiến độ hồ sơ trực tuyến, giúp người dân không phải đi lại nhiều lần.",
        "open": "Từ {ngay}, bộ phận một cửa bắt đầu áp dụng sáng kiến tra cứu tiến độ hồ sơ do {x} {ho_ten} đề xuất.",
        "detail": [
            "Mỗi phiếu hẹn trả kết quả có một mã QR; người dân chỉ cần quét mã là biết hồ sơ đang ở bước nào.",
            "Trước đây, nhiều người phải đến hỏi hai, ba lần mới biết hồ sơ đã giải quyết xong hay chưa.",
            "Sau sáu tháng áp dụng, số lượt người dân đến hỏi tiến độ giảm hơn một nửa.",
            "{X} {ten} tự học lập trình bảng tính ngoài giờ làm việc và hướng dẫn lại cho đồng nghiệp.",
            "Sáng kiến được đánh giá cao và được nhiều phường bạn đến học hỏi kinh nghiệm.",
        ],
    },
    {
        "key": "lop-hoc", "field": "hoc-tap", "topics": ["an-sinh-xa-hoi"],
        "tags": ["lớp học tình thương", "khuyến học", "thiếu nhi"],
        "titles": ["Lớp học miễn phí của {x} {ten}", "{X} {ten} dạy chữ cho trẻ em khó khăn gần {noi}",
                   "Tủ sách mùa hè cho thiếu nhi khu dân cư"],
        "summary": "{X} {ho_ten} mở lớp học miễn phí cho con em các gia đình khó khăn trong khu dân cư.",
        "open": "{ngay}, lớp học miễn phí do {x} {ho_ten} mở tại nhà văn hóa gần {noi} đón khóa học sinh mới.",
        "detail": [
            "Lớp có hơn hai mươi em, phần lớn là con các gia đình lao động tự do, không có điều kiện đi học thêm.",
            "{X} {ten} tự bỏ tiền mua sách vở, bút mực và thường chuẩn bị thêm bữa phụ cho các em.",
            "Nhiều em từ học lực trung bình đã vươn lên khá, giỏi; có em đỗ vào trường trung học phổ thông công lập.",
            "Phụ huynh góp thêm bàn ghế, quạt điện để lớp học mùa hè bớt nóng.",
            "Ngoài giờ học, {x} {ten} còn dạy các em kỹ năng phòng chống đuối nước và an toàn giao thông.",
        ],
    },
    {
        "key": "giup-do", "field": "doi-song-xa-hoi", "topics": ["an-sinh-xa-hoi", "nep-song-thanh-lich"],
        "tags": ["người cao tuổi", "nhân ái", "giúp đỡ người khó khăn"],
        "titles": ["{X} {ten} đưa cụ bà lạc đường về với gia đình", "Chăm sóc người già neo đơn ở {noi}",
                   "Tấm lòng của {x} {ten} với người khuyết tật"],
        "summary": "{X} {ho_ten} đã giúp đỡ một cụ già lạc đường ở {noi} và nhiều năm chăm sóc người già neo đơn.",
        "open": "Tối {ngay}, {x} {ho_ten} gặp một cụ bà ngồi một mình ở {noi}, không nhớ đường về nhà.",
        "detail": [
            "{X} {ten} mua cho cụ bát cháo nóng, rồi nhờ công an khu vực cùng tìm gia đình.",
            "Nhờ thông tin đăng trên nhóm cư dân, gia đình cụ đã đến đón ngay trong đêm.",
            "Nhiều năm nay, {x} {ten} vẫn đều đặn đến thăm, nấu cơm và dọn nhà giúp ba cụ già neo đơn trong tổ dân phố.",
            "Những dịp lễ, Tết, {x} {ten} vận động bạn bè góp quà tặng các gia đình có hoàn cảnh khó khăn.",
        ],
    },
    {
        "key": "san-xuat", "field": "lao-dong-san-xuat", "topics": ["ung-dung-cntt"],
        "tags": ["cải tiến kỹ thuật", "năng suất lao động", "tiết kiệm"],
        "titles": ["{X} {ten} cải tiến quy trình, tiết kiệm hàng trăm triệu đồng", "Người thợ giỏi ở {noi}",
                   "Sáng kiến cải tiến kỹ thuật của {x} {ten}"],
        "summary": "{X} {ho_ten} có nhiều sáng kiến cải tiến kỹ thuật giúp tăng năng suất và tiết kiệm chi phí cho đơn vị.",
        "open": "Từ {ngay}, đơn vị của {x} {ho_ten} áp dụng quy trình làm việc mới do chính {x} {ten} đề xuất.",
        "detail": [
            "Quy trình mới giúp rút ngắn gần một phần ba thời gian mỗi ca làm việc.",
            "{X} {ten} tận dụng vật tư cũ để chế tạo dụng cụ hỗ trợ, không tốn thêm chi phí mua sắm.",
            "Mỗi năm, sáng kiến giúp đơn vị tiết kiệm hàng trăm triệu đồng tiền điện và vật tư.",
            "{X} {ten} luôn sẵn lòng kèm cặp thợ trẻ, truyền lại kinh nghiệm nghề nghiệp.",
        ],
    },
    {
        "key": "via-he", "field": "cong-tac", "topics": ["trat-tu-van-minh-do-thi"],
        "tags": ["vỉa hè", "văn minh đô thị", "tổ dân phố"],
        "titles": ["{X} {ten} vận động trả lại vỉa hè cho người đi bộ ở {noi}", "Vỉa hè thông thoáng trên {noi}"],
        "summary": "{X} {ho_ten} kiên trì vận động các hộ kinh doanh trên {noi} tự giác trả lại vỉa hè cho người đi bộ.",
        "open": "Bắt đầu từ {ngay}, {x} {ho_ten} cùng tổ công tác đến từng hộ kinh doanh trên {noi} để vận động.",
        "detail": [
            "{X} {ten} kiên nhẫn giải thích quy định, lắng nghe khó khăn của từng hộ và cùng tìm cách sắp xếp hàng hóa gọn gàng.",
            "Sau ba tháng, hầu hết các hộ đã ký cam kết không lấn chiếm vỉa hè.",
            "Tuyến phố nay thông thoáng hơn, người đi bộ không còn phải xuống lòng đường.",
            "Cách làm mềm dẻo của {x} {ten} được lãnh đạo phường biểu dương trong hội nghị sơ kết.",
        ],
    },
    {
        "key": "so-cuu", "field": "doi-song-xa-hoi", "topics": ["an-ninh-trat-tu"],
        "tags": ["sơ cứu", "tai nạn giao thông", "cứu người"],
        "titles": ["{X} {ten} sơ cứu nạn nhân tai nạn giao thông trên {noi}", "Đưa người bị nạn đi cấp cứu giữa đêm mưa"],
        "summary": "{X} {ho_ten} đã sơ cứu và đưa một người bị tai nạn giao thông trên {noi} đi cấp cứu kịp thời.",
        "open": "Khoảng mười một giờ đêm {ngay}, trời mưa to, một người đi xe máy bị ngã trên {noi}.",
        "detail": [
            "{X} {ho_ten} dừng xe, gọi cấp cứu và cầm máu cho nạn nhân bằng chiếc áo của mình.",
            "Trong lúc chờ xe cấp cứu, {x} {ten} cùng người đi đường phân luồng để tránh va chạm tiếp.",
            "Nạn nhân được đưa vào bệnh viện kịp thời, các bác sĩ cho biết việc sơ cứu đúng cách đã giúp giữ được tính mạng.",
            "{X} {ten} đã học sơ cấp cứu qua lớp tập huấn của hội chữ thập đỏ phường.",
        ],
    },
    {
        "key": "tinh-nguyen", "field": "hoc-tap", "topics": ["nep-song-thanh-lich"],
        "tags": ["tình nguyện", "thanh niên", "học giỏi"],
        "titles": ["{X} {ten} học giỏi, tích cực hoạt động tình nguyện", "Gương sáng thanh niên tình nguyện ở {noi}"],
        "summary": "{X} {ho_ten} vừa học tập tốt vừa tích cực tham gia các hoạt động tình nguyện ở khu dân cư.",
        "open": "{ngay}, đội thanh niên tình nguyện do {x} {ho_ten} phụ trách ra quân dọn vệ sinh quanh {noi}.",
        "detail": [
            "Dù bận học, {x} {ten} vẫn dành mỗi cuối tuần cho các hoạt động tình nguyện.",
            "{X} {ten} đạt kết quả học tập xuất sắc nhiều năm liền và nhận học bổng khuyến khích.",
            "Nhóm tình nguyện do {x} {ten} khởi xướng đã tổ chức nhiều buổi hướng dẫn người cao tuổi dùng điện thoại thông minh.",
            "Các bạn trẻ trong khu dân cư coi {x} {ten} là tấm gương để noi theo.",
        ],
    },
    {
        "key": "tu-thien", "field": "doi-song-xa-hoi", "topics": ["an-sinh-xa-hoi"],
        "tags": ["bếp ăn từ thiện", "quyên góp", "tấm lòng vàng"],
        "titles": ["Bếp ăn không đồng của {x} {ten} gần {noi}", "{X} {ten} quyên góp ủng hộ đồng bào vùng lũ"],
        "summary": "{X} {ho_ten} duy trì bếp ăn từ thiện và vận động quyên góp giúp đỡ người có hoàn cảnh khó khăn.",
        "open": "{ngay}, bếp ăn từ thiện do {x} {ho_ten} khởi xướng gần {noi} phát suất cơm thứ mười nghìn.",
        "detail": [
            "Mỗi trưa, bếp phát hàng trăm suất cơm miễn phí cho người bệnh và người lao động nghèo.",
            "{X} {ten} tự đi chợ từ sáng sớm, chọn thực phẩm tươi ngon mà giá cả hợp lý.",
            "Nhiều nhà hảo tâm biết đến đã góp gạo, rau, thịt để bếp ăn duy trì đều đặn.",
            "Trong đợt lũ lụt vừa qua, {x} {ten} còn vận động quyên góp hàng tấn nhu yếu phẩm gửi đồng bào vùng lũ.",
        ],
    },
    {
        "key": "vneid", "field": "cong-tac", "topics": ["ung-dung-cntt", "cai-cach-hanh-chinh"],
        "tags": ["VNeID", "chuyển đổi số", "dịch vụ công trực tuyến"],
        "titles": ["{X} {ten} hướng dẫn người cao tuổi kích hoạt định danh điện tử", "Tổ công nghệ số cộng đồng ở {noi}"],
        "summary": "{X} {ho_ten} đã hướng dẫn hàng trăm người dân kích hoạt tài khoản định danh điện tử và dùng dịch vụ công trực tuyến.",
        "open": "Từ {ngay}, tổ công nghệ số cộng đồng do {x} {ho_ten} phụ trách mở điểm hướng dẫn tại nhà văn hóa gần {noi}.",
        "detail": [
            "Mỗi tối, {x} {ten} cùng các thành viên kiên nhẫn hướng dẫn từng người cách cài đặt và kích hoạt ứng dụng VNeID.",
            "Với người cao tuổi, {x} {ten} còn đến tận nhà, viết hướng dẫn bằng chữ to để các cụ dễ làm theo.",
            "Chỉ trong hai tháng, hơn năm trăm người dân đã được hỗ trợ kích hoạt tài khoản.",
            "Tỷ lệ hồ sơ nộp trực tuyến của phường tăng rõ rệt sau đợt hướng dẫn.",
        ],
    },
    {
        "key": "hoa-giai", "field": "cong-tac", "topics": ["an-ninh-trat-tu", "nep-song-thanh-lich"],
        "tags": ["hòa giải cơ sở", "tình làng nghĩa xóm", "tổ dân phố"],
        "titles": ["{X} {ten} hòa giải thành công nhiều vụ mâu thuẫn ở {noi}", "Người hòa giải có tâm của tổ dân phố"],
        "summary": "{X} {ho_ten} đã hòa giải thành công nhiều vụ mâu thuẫn trong khu dân cư, giữ gìn tình làng nghĩa xóm.",
        "open": "{ngay}, nhờ {x} {ho_ten} đứng ra hòa giải, hai gia đình gần {noi} đã bắt tay làm lành sau nhiều năm mâu thuẫn.",
        "detail": [
            "Mâu thuẫn bắt đầu từ chuyện lối đi chung, kéo dài nhiều năm khiến cả ngõ không yên.",
            "{X} {ten} kiên trì gặp từng bên, lắng nghe, phân tích đúng sai bằng những lời lẽ mềm mỏng.",
            "Hai gia đình cùng ký biên bản hòa giải thành và chung tay sửa lại lối đi.",
            "Mấy năm qua, tổ hòa giải do {x} {ten} làm tổ trưởng chưa để vụ việc nào phải đưa lên cấp trên.",
        ],
    },
]

EXTRA_TAGS = [
    "gương sáng", "người tốt việc tốt", "tuổi trẻ", "phụ nữ", "cựu chiến binh",
    "việc làm đẹp", "lan tỏa yêu thương", "sống đẹp", "trách nhiệm cộng đồng",
    "khu phố văn minh", "tinh thần tương thân tương ái", "giữ gìn bình yên",
]
TAG_POOL = sorted({t for d in DEEDS for t in d["tags"]} | set(EXTRA_TAGS))

BACKGROUND = [
    "{X} {ten} năm nay {tuoi} tuổi, hiện là {nghe_lc}, sống cùng gia đình ở {phuong}.",
    "Bà con trong khu dân cư quý mến {x} {ten} bởi tính tình chan hòa, luôn sẵn lòng giúp đỡ mọi người.",
    "Dù công việc bận rộn, {x} {ten} vẫn tham gia đầy đủ các buổi sinh hoạt của tổ dân phố.",
    "Đồng nghiệp nhận xét {x} {ten} là người chăm chỉ, trách nhiệm, làm việc gì cũng đến nơi đến chốn.",
    "Gia đình {x} {ten} nhiều năm liền đạt danh hiệu gia đình văn hóa.",
    "Trong cuộc sống thường ngày, {x} {ten} giản dị, ít nói nhưng luôn là người có mặt đầu tiên khi hàng xóm cần.",
    "Các con của {x} {ten} đều ngoan ngoãn, học giỏi và cũng tích cực tham gia hoạt động của chi đoàn.",
]
QUOTES = [
    "Lúc ấy tôi không nghĩ được gì nhiều, chỉ biết phải làm ngay. Ai ở vị trí của tôi cũng sẽ làm như vậy.",
    "Việc nhỏ thôi, nhưng nếu ai cũng làm một chút thì khu phố mình sẽ đẹp hơn, ấm áp hơn.",
    "Tôi chỉ mong mọi người sống tử tế với nhau. Giúp được ai việc gì thì mình thấy vui việc đó.",
    "Của người thì phải trả lại người, đó là điều bố mẹ tôi dạy từ khi tôi còn nhỏ.",
    "Được bà con tin tưởng là phần thưởng lớn nhất đối với tôi.",
]
LIST_INTROS = [
    "Những việc làm tiêu biểu của {x} {ten} trong thời gian qua:",
    "Một vài con số về hoạt động của {x} {ten}:",
]
LIST_ITEMS = [
    "tham gia **{so}** buổi dọn vệ sinh khu dân cư",
    "vận động quyên góp được hơn {so} triệu đồng cho quỹ khuyến học",
    "hướng dẫn {so} hộ gia đình phân loại rác tại nguồn",
    "hiến máu tình nguyện {so} lần",
    "giúp đỡ {so} gia đình có hoàn cảnh khó khăn",
    "tham gia tuần tra an ninh cùng tổ dân phòng {so} đêm",
    "trồng và chăm sóc {so} cây xanh trên các tuyến phố",
]
RECOGNITION = [
    "Việc làm của {x} {ten} được {don_vi} ghi nhận và đề nghị tặng danh hiệu “Người tốt, việc tốt”.",
    "Ghi nhận những đóng góp đó, {don_vi} đã biểu dương, khen thưởng {x} {ten} trong đợt xét tháng {thang}/{nam}.",
    "Câu chuyện của {x} {ten} được chia sẻ rộng rãi trên nhóm cư dân, nhận được nhiều lời khen ngợi.",
]
LESSONS = [
    "Những việc làm thầm lặng như vậy góp phần lan tỏa lối sống đẹp, xây dựng người Hà Nội thanh lịch, văn minh.",
    "Tấm gương của {x} {ten} là minh chứng sinh động cho phong trào thi đua “Người tốt, việc tốt” trên địa bàn quận.",
    "Từ những điều giản dị, {x} {ten} đã truyền cảm hứng sống tử tế cho nhiều người xung quanh.",
    "Mong rằng sẽ có thêm nhiều tấm gương như {x} {ten} để mỗi khu phố thêm bình yên, gắn bó.",
    "Phong trào “Người tốt, việc tốt” của quận được tiếp thêm sức sống từ những câu chuyện đời thường như thế.",
]
FILLER = [
    "Nhiều người dân cho biết, chính những việc làm nhỏ bé ấy đã khiến họ thêm tin yêu cuộc sống.",
    "Cán bộ tổ dân phố đánh giá cao tinh thần trách nhiệm và sự nhiệt tình của {x} {ten}.",
    "Khi được hỏi về dự định sắp tới, {x} {ten} cười hiền và nói sẽ tiếp tục làm những việc mình vẫn làm.",
    "Hàng xóm kể lại câu chuyện với niềm tự hào, coi đó là điều đáng quý của cả khu phố.",
    "Sự việc được lãnh đạo {don_vi} nhắc đến trong buổi giao ban như một điển hình cần nhân rộng.",
    "Không chỉ một lần, {x} {ten} đã chứng minh rằng lòng tốt có thể đến từ bất cứ ai, ở bất cứ đâu.",
    "Những người trẻ trong khu dân cư nói rằng họ học được ở {x} {ten} sự kiên trì và lòng tự trọng.",
    "Câu chuyện cũng nhắc mỗi người quan tâm hơn tới những người xung quanh trong cuộc sống hằng ngày.",
    "Trong các buổi họp tổ dân phố, {x} {ten} thường là người đưa ra những ý kiến thiết thực, được bà con đồng tình.",
    "Ban công tác Mặt trận khu dân cư đã nhiều lần mời {x} {ten} chia sẻ kinh nghiệm với các hộ gia đình trẻ.",
    "Theo lãnh đạo {don_vi}, những tấm gương như {x} {ten} giúp công tác vận động quần chúng ở cơ sở thuận lợi hơn.",
    "Mỗi khi nhắc lại chuyện cũ, {x} {ten} chỉ cười và bảo đó là việc bình thường của người sống trong khu phố.",
    "Người thân trong gia đình luôn ủng hộ, tạo điều kiện để {x} {ten} yên tâm tham gia các công việc chung.",
    "Nhiều bạn trẻ đã tìm đến để cùng {x} {ten} tham gia các hoạt động thiện nguyện vào những ngày cuối tuần.",
    "Những lời cảm ơn mộc mạc của bà con là động lực để {x} {ten} tiếp tục gắn bó với công việc chung.",
    "Ở khu phố nhỏ này, ai cũng biết đến {x} {ten} như một người hàng xóm tận tình và đáng tin cậy.",
    "Dù đã nhận được nhiều giấy khen, {x} {ten} vẫn giữ nếp sống giản dị, gần gũi với mọi người.",
    "Câu chuyện về {x} {ten} được nhà trường và chi đoàn khu dân cư dùng làm bài học về lòng nhân ái.",
]

BODY_TARGET = 4096  # bytes of UTF-8 Markdown


def address(person, year):
    age = year - person["birth_year"]
    if person["gender"] == "m":
        return ("anh" if age < 50 else "ông"), age
    return ("chị" if age < 50 else "bà"), age


def date_words(y, m, d):
    return f"ngày {d} tháng {m} năm {y}"


def fill(text, ctx):
    out = text.format(**ctx)
    return out[0].upper() + out[1:]


def make_story(i, rng):
    """The i-th story as a dict (shared by both sites)."""
    if i % 10 == 9:
        k = ((i - 3) * STRIDE + OFFSET) % PEOPLE_SPACE  # honoured again
    else:
        k = (i * STRIDE + OFFSET) % PEOPLE_SPACE
    person = person_of(k)
    mi = i % MONTHS
    year, month = ym(mi)
    day = 1 + rng.randrange(28)
    deed = DEEDS[rng.randrange(len(DEEDS))]
    x, age = address(person, year)
    residence_id, residence_name = WARDS[person["residence"]]
    if person["category"] == "vien-chuc" and person["occupation"] == "Giáo viên" and rng.random() < 0.5:
        unit = "truong-thcs-ngo-gia-tu"
    elif rng.random() < 0.8:
        unit = residence_id
    else:
        unit = OTHER_UNITS[rng.randrange(len(OTHER_UNITS))][0]
    unit_is_ward = unit.startswith("phuong-")
    ctx = {
        "x": x, "X": x.capitalize(), "ten": person["given"], "ho_ten": person["name"],
        "noi": PLACES[rng.randrange(len(PLACES))],
        "so": str(2 + rng.randrange(40)),
        "ngay": date_words(year, month, day),
        "tuoi": str(age), "nghe_lc": person["occupation"][0].lower() + person["occupation"][1:],
        "phuong": residence_name.replace("Phường", "phường"),
        "don_vi": "UBND " + UNIT_NAMES[unit].replace("Phường", "phường") if unit_is_ward else UNIT_NAMES[unit],
        "thang": str(month), "nam": str(year),
    }
    ctx["vat"] = OBJECTS[rng.randrange(len(OBJECTS))].format(so=ctx["so"])

    title = fill(deed["titles"][rng.randrange(len(deed["titles"]))], ctx)
    summary = fill(deed["summary"], ctx)

    # Body: opening, details, maybe a quote, background, maybe a list, recognition, lesson.
    paras = []
    details = list(deed["detail"])
    rng.shuffle(details)
    paras.append(" ".join([fill(deed["open"], ctx)] + [fill(s, ctx) for s in details[:2]]))
    paras.append(" ".join(fill(s, ctx) for s in details[2:]))
    if rng.random() < 0.6:
        paras.append(f"Chia sẻ về việc làm của mình, {x} {person['given']} nói:")
        paras.append("> " + QUOTES[rng.randrange(len(QUOTES))])
    bg = [BACKGROUND[0]] + rng.sample(BACKGROUND[1:], 2)
    paras.append(" ".join(fill(s, ctx) for s in bg))
    if rng.random() < 0.4:
        items = rng.sample(LIST_ITEMS, 3)
        lines = [fill(LIST_INTROS[rng.randrange(len(LIST_INTROS))], ctx), ""]
        for it in items:
            lines.append("- " + it.format(so=str(3 + rng.randrange(60))))
        paras.append("\n".join(lines))
    closing = [fill(RECOGNITION[rng.randrange(len(RECOGNITION))], ctx),
               fill(LESSONS[rng.randrange(len(LESSONS))], ctx)]
    paras.append(" ".join(closing))
    # Grow to ~4 KB with further sentences, spread over two more paragraphs.
    extra = [[], []]
    fillers = [FILLER[j] for j in rng.sample(range(len(FILLER)), len(FILLER))]
    lessons = [LESSONS[j] for j in rng.sample(range(len(LESSONS)), len(LESSONS))]
    pool = fillers + lessons + [BACKGROUND[j] for j in range(1, len(BACKGROUND))]
    size = len("\n\n".join(paras).encode("utf-8"))
    n = 0
    used = set(closing)
    while size < BODY_TARGET - 150 and n < len(pool):
        s = fill(pool[n], ctx)
        n += 1
        if s in used or any(s in p for p in paras):
            continue
        used.add(s)
        extra[n % 2].append(s)
        size += len(s.encode("utf-8")) + 1
    for e in extra:
        if e:
            paras.insert(len(paras) - 1, " ".join(e))
    body = "\n\n".join(paras) + "\n"

    # Awards: the first in the deed month, at phuong (ward units) or quan;
    # sometimes higher levels later (never two at one level, never past 2026-10).
    first = "phuong" if unit_is_ward else "quan"
    awards = [(first, mi)]
    r = rng.random()
    higher = LEVELS[LEVELS.index(first) + 1:]
    if r < 0.2:
        last_mi = mi
        chosen = higher if (r < 0.04 and len(higher) > 1) else [higher[rng.randrange(len(higher))]]
        for lvl in chosen:
            last_mi = min(last_mi + rng.randrange(4), MONTHS - 1)
            awards.append((lvl, last_mi))
    award_list = []
    for lvl, ami in awards:
        ay, am = ym(ami)
        num = 10 + rng.randrange(4000)
        # Signed in the award month, never before the deed.
        low = day if ami == mi else 1
        signed = low + rng.randrange(29 - low)
        award_list.append({
            "level": lvl,
            "month": f"{ay:04d}-{am:02d}",
            "decision": {
                "number": f"{num}/QĐ-UBND",
                "date": f"{ay:04d}-{am:02d}-{signed:02d}",
                "issuer": ISSUERS.get(lvl) or f"chu-tich-{unit}",
            },
        })

    tags = rng.sample(deed["tags"], 1 + rng.randrange(2))
    if rng.random() < 0.4:
        t = TAG_POOL[rng.randrange(len(TAG_POOL))]
        if t not in tags:
            tags.append(t)
    topics = []
    tr = rng.random()
    if tr < 0.85:
        topics = deed["topics"][: 1 + (tr < 0.25)]
    topics = [t for t in topics]

    return {
        "i": i,
        "title": title,
        "summary": summary,
        "person": person,
        "deed_date": f"{year:04d}-{month:02d}-{day:02d}",
        "deed_month": f"{year:04d}-{month:02d}",
        "field": deed["field"],
        "unit": unit,
        "residence": residence_id,
        "awards": award_list,
        "topics": topics,
        "tags": tags,
        "featured": (i % 100) == 42,
        "city_selected": any(a["level"] == "thanh-pho" for a in award_list),
        "xac_nhan_cu_tru": rng.random() < 0.7,
        "body": body,
    }


# --------------------------------------------------------------------------
# Output.

def q(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def nfc(s):
    return unicodedata.normalize("NFC", s)


def spelling_key(name):
    """bangvang's person identity key: lowercase, tone moved to the syllable's end."""
    tones = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
    words = []
    for w in name.split():
        tone, letters = 0, []
        for c in unicodedata.normalize("NFD", w):
            if c in tones:
                tone = tones[c]
            else:
                letters.append(c.lower())
        words.append(unicodedata.normalize("NFC", "".join(letters)) + (str(tone) if tone else ""))
    return " ".join(words)


def bangvang_story(s):
    p = s["person"]
    lines = [
        "---",
        f"title: {q(s['title'])}",
        f"summary: {q(s['summary'])}",
        "person:",
        f"  name: {q(p['name'])}",
        f"  birth_year: {p['birth_year']}",
        f"  occupation: {q(p['occupation'])}",
        f"  category: {p['category']}",
        f"  residence: {s['residence']}",
        "deed:",
        f"  date: {s['deed_date']}",
        f"  field: {s['field']}",
        f"unit: {s['unit']}",
        "awards:",
    ]
    for a in s["awards"]:
        d = a["decision"]
        lines += [f"  - level: {a['level']}", f"    month: {a['month']}",
                  f"    decision: {{ number: {q(d['number'])}, date: {d['date']}, issuer: {d['issuer']} }}"]
    if s["topics"]:
        lines.append("topics: [" + ", ".join(s["topics"]) + "]")
    lines.append("tags: [" + ", ".join(q(t) for t in s["tags"]) + "]")
    lines.append("consent: { by: nguoi-duoc-khen, date: %s, channels: [web, ban-tin, phat-thanh] }"
                 % s["deed_date"])
    lines.append("dossier: { to_trinh: true, trich_ngang: true, xac_nhan_cu_tru: %s }"
                 % ("true" if s["xac_nhan_cu_tru"] else "false"))
    if s["featured"]:
        lines.append("featured: true")
    if s["city_selected"]:
        lines.append("city_selected: true")
    lines.append("---")
    return nfc("\n".join(lines) + "\n" + s["body"])


def hugo_story(s):
    p = s["person"]
    top = max(s["awards"], key=lambda a: LEVELS.index(a["level"]))
    lines = [
        "---",
        f"title: {q(s['title'])}",
        f"date: {s['deed_date']}",
        f"summary: {q(s['summary'])}",
        "tags: [" + ", ".join(q(t) for t in s["tags"]) + "]",
        f"wards: [{q(UNIT_NAMES[s['unit']])}]",
        # The same groupings bangvang publishes, so both sites have the same
        # kinds of page: one per person, month, level, field and topic.
        f"people: [{q(p['name'] + ' ' + str(p['birth_year']))}]",
        "months: [" + ", ".join(q(m) for m in sorted({a["month"] for a in s["awards"]})) + "]",
        "levels: [" + ", ".join(q(a["level"]) for a in s["awards"]) + "]",
        f"fields: [{q(s['field'])}]",
        "topics: [" + ", ".join(q(t) for t in s["topics"]) + "]",
        # Hugo 0.111 reads custom front matter keys as .Params (a nested
        # `params:` map only became special in 0.123).
        f"person: {q(p['name'])}",
        f"unit: {q(UNIT_NAMES[s['unit']])}",
        f"level: {q(LEVEL_NAMES[top['level']])}",
        "---",
    ]
    return nfc("\n".join(lines) + "\n" + s["body"])


SITE_YAML = """\
title: "Người tốt, việc tốt — Quận Hai Bà Trưng (dữ liệu đo hiệu năng)"
description: "Trang sinh tự động để đo thời gian dựng trang; mọi nhân vật đều là hư cấu"
base_url: "/"
theme: default
paginate: 20
"""

HUGO_CONFIG = """\
baseURL = "/"
languageCode = "vi"
title = "Người tốt, việc tốt — Quận Hai Bà Trưng (dữ liệu đo hiệu năng)"
paginate = 20
disableKinds = []
enableRobotsTXT = false

[taxonomies]
  tag = "tags"
  ward = "wards"
  person = "people"
  month = "months"
  level = "levels"
  field = "fields"
  topic = "topics"

# Hugo's defaults, written out: HTML + RSS for lists, HTML for pages;
# the sitemap is on by default.
[outputs]
  home = ["HTML", "RSS"]
  section = ["HTML", "RSS"]
  taxonomy = ["HTML", "RSS"]
  term = ["HTML", "RSS"]
  page = ["HTML"]
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} — {{ end }}{{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
<nav><a href="{{ "stories/" | relURL }}">Bài viết</a> · <a href="{{ "tags/" | relURL }}">Từ khóa</a> · <a href="{{ "wards/" | relURL }}">Đơn vị</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ .Site.Title }}</p></footer>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p class="lead">{{ .Summary }}</p>
<dl>
<dt>Người được khen</dt><dd>{{ .Params.person }}</dd>
<dt>Đơn vị đề nghị</dt><dd>{{ range .GetTerms "wards" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>Cấp khen</dt><dd>{{ .Params.level }}</dd>
<dt>Ngày</dt><dd><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "02/01/2006" }}</time></dd>
</dl>
{{ .Content }}
{{ with .GetTerms "tags" }}<p>Từ khóa: {{ range $i, $t := . }}{{ if $i }}, {{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}</p>{{ end }}
</article>
{{ end }}
""",
    "partials/pager.html": """\
{{ $p := . }}
{{ if gt $p.TotalPages 1 }}
<nav class="pager">
{{ with $p.Prev }}<a href="{{ .URL }}" rel="prev">‹ Trang trước</a>{{ end }}
<span>Trang {{ $p.PageNumber }}/{{ $p.TotalPages }}</span>
{{ with $p.Next }}<a href="{{ .URL }}" rel="next">Trang sau ›</a>{{ end }}
</nav>
{{ end }}
""",
    "partials/card.html": """\
<article class="card">
<h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p>{{ with .Params.person }}{{ . }} · {{ end }}{{ with .Params.unit }}{{ . }}{{ end }}</p>
<p>{{ .Summary }}</p>
</article>
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "_default/terms.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages.ByTitle }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>
{{ end }}
</ul>
{{ partial "pager.html" $pager }}
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ .Site.Title }}</h1>
<h2>Mới nhất</h2>
{{ range first 20 (where .Site.RegularPages "Section" "stories").ByDate.Reverse }}{{ partial "card.html" . }}{{ end }}
<p>{{ len .Site.RegularPages }} bài viết.</p>
{{ end }}
""",
}


def timeless(text):
    """The registry without validity dates and successors: the corpus spreads
    its deeds over 2019..2026 under the 2023 units and levels, as if none had
    ended (the 2025 reorganisation is not what this benchmark measures)."""
    kept, in_successors = [], False
    for line in text.splitlines(keepends=True):
        s = line.strip()
        if in_successors and (line.startswith("      ") or s.startswith("#") and line.startswith("     ")):
            continue
        in_successors = False
        if line.startswith("    ") and not line.startswith("     "):
            if s.startswith(("to:", "from:")):
                continue
            if s == "successors:":
                in_successors = True
                continue
        kept.append(line)
    return "".join(kept)


def check_registry(text):
    """Every id this generator uses must be in the registry we copy."""
    ids = set()
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("- id:"):
            ids.add(s.split(":", 1)[1].strip().strip("\"'"))
    used = set(LEVELS) | set(UNIT_NAMES) | set(FIELDS) | set(CATEGORIES) | set(TOPICS)
    missing = sorted(used - ids)
    if missing:
        sys.exit(f"gen.py: ids not in {REGISTRY}: {', '.join(missing)}")


PHOTO_W, PHOTO_H = 1200, 900


def photo_png(i):
    """A distinct, deterministic 1200×900 RGB PNG for story i (stdlib only)."""
    import struct
    import zlib
    base = bytes(((x * 3 + i * 7) & 255, (x + i) & 255, (x * 5 // 7 + 40) & 255)[c]
                 for x in range(PHOTO_W) for c in range(3))
    rows = []
    for y in range(PHOTO_H):
        k = (y * 3 + i) % len(base)
        rows.append(b"\0" + base[k:] + base[:k])
    raw = b"".join(rows)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", PHOTO_W, PHOTO_H, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 1)) + chunk(b"IEND", b""))


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main():
    args = [a for a in sys.argv[1:] if a != "--photos"]
    photos = "--photos" in sys.argv[1:]
    if len(args) != 2:
        sys.exit("usage: gen.py N OUTDIR [--photos]")
    n = int(args[0])
    out = args[1]
    if n < 1 or n > PEOPLE_SPACE:
        sys.exit(f"gen.py: N must be 1..{PEOPLE_SPACE}")
    from math import gcd
    assert gcd(STRIDE, PEOPLE_SPACE) == 1

    with open(REGISTRY, encoding="utf-8") as f:
        registry = f.read()
    check_registry(registry)

    bv = os.path.join(out, "bangvang")
    hg = os.path.join(out, "hugo")
    for d in (bv, hg):
        if os.path.exists(d):
            shutil.rmtree(d)

    write(os.path.join(bv, "site.yaml"), SITE_YAML)
    write(os.path.join(bv, "content", "registry.yaml"), timeless(registry))
    write(os.path.join(hg, "config.toml"), HUGO_CONFIG)
    for rel, text in HUGO_LAYOUTS.items():
        write(os.path.join(hg, "layouts", rel), text)

    rng = random.Random(SEED)
    seen_people = {}   # spelling key|birth year -> first story
    seen_deeds = set()  # (name, birth year, deed date), exact and by spelling key
    honoured_twice = 0
    body_bytes = 0
    for i in range(n):
        s = make_story(i, rng)
        p = s["person"]
        key = f"{spelling_key(p['name'])}|{p['birth_year']}"
        if i % 10 == 9:
            assert seen_people.get(key) == i - 3, (i, p["name"])
            honoured_twice += 1
        else:
            assert key not in seen_people, (i, p["name"], seen_people.get(key))
            seen_people[key] = i
        for triple in ((p["name"], p["birth_year"], s["deed_date"]), (key, s["deed_date"])):
            assert triple not in seen_deeds, ("same person and deed date twice", i, triple)
            seen_deeds.add(triple)
        levels = [a["level"] for a in s["awards"]]
        assert len(levels) == len(set(levels)), (i, levels)
        assert all(a["month"] >= s["deed_month"] for a in s["awards"]), i
        body_bytes += len(s["body"].encode("utf-8"))
        text = bangvang_story(s)
        if photos and i % 10 == 0:
            path = os.path.join(bv, "content", "images", f"{i}.png")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(photo_png(i))
            # After the opening `---`: photo is a top-level key.
            text = text.replace("---\n", f"---\nphoto:\n  src: images/{i}.png\n  alt: \"Ảnh minh họa bài {i}\"\n", 1)
        write(os.path.join(bv, "content", "stories", s["deed_month"], f"{i}.md"), text)
        write(os.path.join(hg, "content", "stories", f"{i}.md"), hugo_story(s))

    print(f"gen.py: {n} stories ({honoured_twice} people honoured twice, "
          f"mean body {body_bytes // n} bytes) in {bv} and {hg}")


if __name__ == "__main__":
    main()
