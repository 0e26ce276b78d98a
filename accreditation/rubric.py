"""The standard's rubric, version 1: what each score means for each standard field (DESIGN §3).

0 not evidenced, 1 partly meets, 2 meets, 3 exceeds (the scale of accreditation/standard.py).
The reviewers score by the rubric's versions (reviewers.models.Rubric, whose first row this
is; later versions are new rows, and a review keeps the version it was scored with), and the
standard's public page quotes it.
"""

RUBRIC_V1 = {
    "purpose": {
        "0": {
            "ja": "目的・対象者・社会的ニーズの記述がない。",
            "en": "No aim, target learners or need is stated.",
        },
        "1": {
            "ja": "目的はあるが、対象者かニーズの根拠が不十分。",
            "en": "An aim is stated but the target learners or the evidence of need are unclear.",
        },
        "2": {
            "ja": "目的・対象者・ニーズが明確で、根拠が示されている。",
            "en": "Aim, target learners and need are clear and evidenced.",
        },
        "3": {
            "ja": "雇用主等との連携によるニーズの実証がある。",
            "en": "The need is demonstrated with employers or sector bodies.",
        },
    },
    "learning_hours": {
        "0": {"ja": "学習時間の記載がない。", "en": "No learning hours are given."},
        "1": {
            "ja": "総時間のみで内訳や単位の根拠がない。",
            "en": "A total only, without breakdown or a basis for the credits.",
        },
        "2": {
            "ja": "対面・自習・評価の内訳があり、単位換算が整合している。",
            "en": "Contact, self-study and assessment hours are given and credits are consistent.",
        },
        "3": {
            "ja": "学習量が学習成果・評価と明確に対応づけられている。",
            "en": "The workload is explicitly mapped to outcomes and assessment.",
        },
    },
    "content": {
        "0": {"ja": "内容・方法の記述がない。", "en": "Content and method are not described."},
        "1": {
            "ja": "トピックの列挙のみで、方法や実施形態が不明確。",
            "en": "Topics are listed but methods or delivery are unclear.",
        },
        "2": {
            "ja": "内容・実施形態・教授法が学習成果に適している。",
            "en": "Content, delivery and teaching methods suit the outcomes.",
        },
        "3": {
            "ja": "内容と方法が優れており、学習者支援も明示されている。",
            "en": "Content and methods are exemplary, with learner support described.",
        },
    },
    "level": {
        "0": {
            "ja": "レベルの記載がない、または枠組みに存在しない。",
            "en": "No level, or a level that does not exist in the framework.",
        },
        "1": {
            "ja": "レベルはあるが、学習成果との対応が弱い。",
            "en": "A level is given but the outcomes do not support it well.",
        },
        "2": {
            "ja": "レベルが学習成果と整合している。",
            "en": "The level is consistent with the outcomes.",
        },
        "3": {
            "ja": "他の枠組みとの対応も根拠とともに示されている。",
            "en": "Equivalences in other frameworks are given and justified.",
        },
    },
    "assessment": {
        "0": {
            "ja": "評価がない、または参加のみで授与される。",
            "en": "No assessment, or awarded on participation.",
        },
        "1": {
            "ja": "評価はあるが、合格基準や本人確認が不明確。",
            "en": "Assessment exists but pass criteria or identity checks are unclear.",
        },
        "2": {
            "ja": "評価方法・合格基準・監督と本人確認が明確。",
            "en": "Methods, pass criteria, supervision and identity checks are clear.",
        },
        "3": {
            "ja": "ルーブリックが学習者に公開され、評価の信頼性が高い。",
            "en": "The rubric is published to learners and assessment is highly reliable.",
        },
    },
    "learning_outcomes": {
        "0": {"ja": "学習成果の記述がない。", "en": "No learning outcomes are stated."},
        "1": {
            "ja": "学習成果が曖昧で、評価可能な形になっていない。",
            "en": "Outcomes are vague and not assessable.",
        },
        "2": {
            "ja": "学習成果が具体的で評価可能であり、種類が示されている。",
            "en": "Outcomes are specific, assessable and typed.",
        },
        "3": {
            "ja": "学習成果がスキル体系（ESCO等）に対応づけられている。",
            "en": "Outcomes are linked to a skills taxonomy (ESCO or similar).",
        },
    },
}
