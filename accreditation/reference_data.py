"""Reference data as the national survey and the frameworks define it (DESIGN §2).

Loaded by data migrations; staff keep it up to date in the admin afterwards. The loaders take
the model class so that migrations can pass their historical model.
"""

# (code, Japanese name, English name, ISCED-F broad or narrow field where one fits)
FIELDS_OF_STUDY = [
    ("health_welfare", "医療・福祉", "Health and welfare", "09"),
    ("business_economics", "商学・経済学（経営・財務）", "Business and economics", "04"),
    ("digital", "デジタル（IT・データサイエンス・AI）", "Digital (IT, data science, AI)", "06"),
    ("science_engineering_agriculture", "理工農", "Science, engineering and agriculture", ""),
    ("sociology_psychology", "社会学・心理学", "Sociology and psychology", "031"),
    ("regional_revitalisation", "地方創生・地域課題解決", "Regional revitalisation", ""),
    ("education", "教育（育児含む）", "Education (including childcare)", "01"),
    (
        "humanities",
        "人文学（歴史・文学・哲学）",
        "Humanities (history, literature, philosophy)",
        "022",
    ),
    ("languages", "語学", "Languages", "023"),
    ("politics_law", "政治・法律", "Politics and law", ""),
    ("home_economics", "家政学（栄養・ファッション）", "Home economics (nutrition, fashion)", ""),
    ("arts", "芸術（音楽・絵画）", "Arts (music, painting)", "021"),
    ("green", "グリーン", "Green (environment and sustainability)", "052"),
    ("sports_practical", "スポーツ・実技", "Sports and practical skills", "1014"),
    ("hobbies", "趣味（園芸・料理）", "Hobbies (gardening, cooking)", ""),
    ("other", "その他", "Other", ""),
]


def load_fields_of_study(field_of_study_model):
    for position, (code, name_ja, name_en, isced_f) in enumerate(FIELDS_OF_STUDY, start=1):
        field_of_study_model.objects.update_or_create(
            code=code,
            defaults={
                "name_ja": name_ja,
                "name_en": name_en,
                "isced_f": isced_f,
                "position": position,
            },
        )


# (code, Japanese name, English name, lowest and highest hours per credit)
CREDIT_SYSTEMS = [
    ("JP", "単位（大学設置基準）", "Japanese university credit", 45, 45),
    ("ECTS", "ECTS", "ECTS credit", 25, 30),
    ("NZ", "ニュージーランド単位", "New Zealand credit", 10, 10),
    ("UK", "英国単位", "UK credit", 10, 10),
    ("MY", "マレーシア単位", "Malaysian credit", 40, 40),
    ("UAE", "UAE単位", "UAE credit", 15, 15),
    ("US", "米国セメスター単位", "US semester credit", 45, 45),
]

# (code, Japanese name, English name, lowest level, highest level, step)
LEVEL_FRAMEWORKS = [
    ("JEQF", "日本版資格枠組み（JEQF）", "Japan (JEQF)", 1, 8, 1),
    ("EQF", "欧州資格枠組み（EQF）", "European Qualifications Framework (EQF)", 1, 8, 1),
    (
        "AQF",
        "オーストラリア資格枠組み（AQF）",
        "Australian Qualifications Framework (AQF)",
        1,
        10,
        1,
    ),
    (
        "NZQF",
        "ニュージーランド資格枠組み（NZQF）",
        "New Zealand Qualifications Framework",
        1,
        10,
        1,
    ),
    ("MQF", "マレーシア資格枠組み（MQF）", "Malaysian Qualifications Framework (MQF)", 1, 8, 1),
    ("NSQF", "インド国家技能資格枠組み（NSQF）", "India (NSQF)", 1, 10, 0.5),
]

# (code, Japanese name, English name, at least, at most (hours), rule ja, rule en, default)
JURISDICTION_PROFILES = [
    (
        "JP",
        "日本",
        "Japan",
        60,
        None,
        "履修証明プログラム：60時間以上",
        "Certificate programme (履修証明): at least 60 hours",
        True,
    ),
    (
        "EU",
        "欧州連合",
        "European Union",
        25,
        1770,
        "1〜59 ECTS（1 ECTS = 25〜30時間）",
        "1 to 59 ECTS (25 to 30 hours each)",
        False,
    ),
    (
        "US",
        "米国",
        "United States",
        None,
        None,
        "1科目より大きく学位より小さいこと（数値基準なし）",
        "More than one course, less than a degree (no numeric rule)",
        False,
    ),
    (
        "AU",
        "オーストラリア",
        "Australia",
        1,
        None,
        "1時間以上、AQF資格未満",
        "At least 1 hour and below an AQF award",
        False,
    ),
    (
        "NZ",
        "ニュージーランド",
        "New Zealand",
        10,
        400,
        "1〜40単位（10〜400時間）",
        "1 to 40 credits (10 to 400 hours)",
        False,
    ),
    (
        "UAE",
        "アラブ首長国連邦",
        "United Arab Emirates",
        15,
        180,
        "1〜12単位（15〜180時間）",
        "1 to 12 credits (15 to 180 hours)",
        False,
    ),
    (
        "MY",
        "マレーシア",
        "Malaysia",
        40,
        None,
        "40時間（1単位）以上",
        "At least 40 hours (1 credit)",
        False,
    ),
]


def load_credit_systems(credit_system_model):
    for code, name_ja, name_en, low, high in CREDIT_SYSTEMS:
        credit_system_model.objects.update_or_create(
            code=code,
            defaults={
                "name_ja": name_ja,
                "name_en": name_en,
                "hours_per_credit_min": low,
                "hours_per_credit_max": high,
            },
        )


def load_level_frameworks(level_framework_model):
    for code, name_ja, name_en, low, high, step in LEVEL_FRAMEWORKS:
        level_framework_model.objects.update_or_create(
            code=code,
            defaults={
                "name_ja": name_ja,
                "name_en": name_en,
                "min_level": low,
                "max_level": high,
                "step": step,
            },
        )


def load_jurisdiction_profiles(jurisdiction_profile_model):
    for code, name_ja, name_en, low, high, rule_ja, rule_en, default in JURISDICTION_PROFILES:
        jurisdiction_profile_model.objects.update_or_create(
            code=code,
            defaults={
                "name_ja": name_ja,
                "name_en": name_en,
                "min_hours": low,
                "max_hours": high,
                "rule_ja": rule_ja,
                "rule_en": rule_en,
                "is_default": default,
            },
        )


#: The crosswalk onto the EQF, per framework: {level: EQF level}. JEQF, EQF and MQF have
#: 8 levels and are read one to one. AQF, NZQF and NSQF have 10: their degrees sit alike
#: (bachelor 7, honours / graduate diploma 8, master 9, doctorate 10) and their sub-degree
#: diplomas at 5–6, which the EQF places at 5 (short cycle). NSQF's half levels count as the
#: whole level below. The same table as reviewers.scope.TEN_LEVEL_REFERENCE, which compares
#: reviewers' scopes; staff may revise this one in the admin as referencing reports come out.
TEN_LEVELS_ONTO_EQF = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 5, 7: 6, 8: 7, 9: 7, 10: 8}
LEVEL_EQUIVALENCES = {
    "JEQF": {level: level for level in range(1, 9)},
    "EQF": {level: level for level in range(1, 9)},
    "MQF": {level: level for level in range(1, 9)},
    "AQF": TEN_LEVELS_ONTO_EQF,
    "NZQF": TEN_LEVELS_ONTO_EQF,
    "NSQF": {
        **TEN_LEVELS_ONTO_EQF,
        **{level + 0.5: eqf for level, eqf in TEN_LEVELS_ONTO_EQF.items() if level < 10},
    },
}


def load_level_equivalences(level_framework_model, level_equivalence_model):
    """Add the crosswalk's rows that are missing; rows staff have revised are kept."""
    frameworks = {f.code: f for f in level_framework_model.objects.all()}
    for code, levels in LEVEL_EQUIVALENCES.items():
        if code not in frameworks:
            continue
        for level, eqf_level in levels.items():
            level_equivalence_model.objects.get_or_create(
                framework=frameworks[code], level=level, defaults={"eqf_level": eqf_level}
            )
