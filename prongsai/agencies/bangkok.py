"""The 50 districts of Bangkok, whose district offices are Prongsai's agencies, in their official
geocode order (1001 Phra Nakhon … 1050 Bang Bon). Plain data, no Django: the documents keep the names
whole at a line's end (`documents.linebreak`), the demo makes its agencies of them."""

DISTRICTS = [
    ("พระนคร", "Phra Nakhon"), ("ดุสิต", "Dusit"), ("หนองจอก", "Nong Chok"), ("บางรัก", "Bang Rak"),
    ("บางเขน", "Bang Khen"), ("บางกะปิ", "Bang Kapi"), ("ปทุมวัน", "Pathum Wan"),
    ("ป้อมปราบศัตรูพ่าย", "Pom Prap Sattru Phai"), ("พระโขนง", "Phra Khanong"), ("มีนบุรี", "Min Buri"),
    ("ลาดกระบัง", "Lat Krabang"), ("ยานนาวา", "Yan Nawa"), ("สัมพันธวงศ์", "Samphanthawong"),
    ("พญาไท", "Phaya Thai"), ("ธนบุรี", "Thon Buri"), ("บางกอกใหญ่", "Bangkok Yai"), ("ห้วยขวาง", "Huai Khwang"),
    ("คลองสาน", "Khlong San"), ("ตลิ่งชัน", "Taling Chan"), ("บางกอกน้อย", "Bangkok Noi"),
    ("บางขุนเทียน", "Bang Khun Thian"), ("ภาษีเจริญ", "Phasi Charoen"), ("หนองแขม", "Nong Khaem"),
    ("ราษฎร์บูรณะ", "Rat Burana"), ("บางพลัด", "Bang Phlat"), ("ดินแดง", "Din Daeng"), ("บึงกุ่ม", "Bueng Kum"),
    ("สาทร", "Sathon"), ("บางซื่อ", "Bang Sue"), ("จตุจักร", "Chatuchak"), ("บางคอแหลม", "Bang Kho Laem"),
    ("ประเวศ", "Prawet"), ("คลองเตย", "Khlong Toei"), ("สวนหลวง", "Suan Luang"), ("จอมทอง", "Chom Thong"),
    ("ดอนเมือง", "Don Mueang"), ("ราชเทวี", "Ratchathewi"), ("ลาดพร้าว", "Lat Phrao"), ("วัฒนา", "Watthana"),
    ("บางแค", "Bang Khae"), ("หลักสี่", "Lak Si"), ("สายไหม", "Sai Mai"), ("คันนายาว", "Khan Na Yao"),
    ("สะพานสูง", "Saphan Sung"), ("วังทองหลาง", "Wang Thonglang"), ("คลองสามวา", "Khlong Sam Wa"),
    ("บางนา", "Bang Na"), ("ทวีวัฒนา", "Thawi Watthana"), ("ทุ่งครุ", "Thung Khru"), ("บางบอน", "Bang Bon"),
]
assert len(DISTRICTS) == 50
