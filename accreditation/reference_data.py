"""Reference data as the national survey and the frameworks define it (DESIGN §2).

Loaded by a data migration; staff keep it up to date in the admin afterwards. The loader takes
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
