"""The first text of the four editorial pages, in Japanese and English.

`cms.site.ensure_site` creates each page from this data once, when it is missing; after that the
secretariat owns the words and edits them in the Wagtail admin. So this is data, not gettext:
a later change here reaches new sites only, never a page staff have edited.

The facts follow the process as the system runs it (DESIGN §2–§3): the six standard fields,
the 0–3 rubric (`accreditation.rubric`, whose descriptors the standard page quotes), the pass
rule (`accreditation.standard`, whose constants the text formats in), the default validity,
appeal window and review deadlines (settings), the conflict rules (`reviewers.conflicts`) and
single-blind review (`reviewers.blind`).
"""

from accreditation.rubric import RUBRIC_V1
from accreditation.standard import DISAGREEMENT_SPREAD, LOWEST_SCORE, PASS_MEAN

#: The six standard fields, in the order reviewers score them, with their names on the pages.
FIELD_NAMES = {
    "purpose": {"ja": "プログラムの目的", "en": "Purpose"},
    "learning_hours": {"ja": "学習時間数・単位数", "en": "Learning hours and credits"},
    "content": {"ja": "学習内容・方法", "en": "Content and method"},
    "level": {"ja": "レベル・資格枠組み", "en": "Level"},
    "assessment": {"ja": "アセスメントの透明性", "en": "Assessment transparency"},
    "learning_outcomes": {"ja": "学習成果", "en": "Learning outcomes"},
}

#: What the provider describes in each field (DESIGN §2).
FIELD_ASKS = {
    "purpose": {
        "ja": "目的、対象となる学習者、応える労働市場・社会のニーズとその根拠。",
        "en": "The aim, the target learners and the labour-market or social need it answers, "
        "with evidence of that need.",
    },
    "learning_hours": {
        "ja": "想定学習時間（授業・自習・アセスメントの内訳）と、"
        "申請する単位数およびその単位制度。",
        "en": "Notional learning hours split into contact, self-study and assessment, and the "
        "credits claimed in a named credit system.",
    },
    "content": {
        "ja": "トピック・シラバス、実施形態（オンライン・対面・ブレンド・職場での学習）、"
        "使用言語、教授法。",
        "en": "Topics or syllabus, delivery mode (online, onsite, blended, work-based), "
        "languages of instruction and teaching methods.",
    },
    "level": {
        "ja": "資格枠組みとレベル（既定は日本の JEQF 1〜8。EQF・AQF・NZQF・MQF・NSQF も可）。",
        "en": "A qualifications framework and level (JEQF 1–8 by default; EQF, AQF, NZQF, MQF "
        "and NSQF are accepted).",
    },
    "assessment": {
        "ja": "評価方法、合格基準、成績評価の方法、監督と本人確認、ルーブリックを学習者に"
        "公開しているか。",
        "en": "Assessment methods, pass criteria, grading scheme, supervision and identity "
        "checks, and whether the rubric is published to learners.",
    },
    "learning_outcomes": {
        "ja": "学習成果の一覧。それぞれ知識・スキル・コンピテンスの別を示し、"
        "必要に応じてスキル体系（ESCO など）に対応づけます。",
        "en": "The list of outcomes, each typed as knowledge, skill or competence, optionally "
        "linked to a skills taxonomy such as ESCO.",
    },
}

SCORE_NAMES = {
    "0": {"ja": "0（根拠なし）", "en": "0 (not evidenced)"},
    "1": {"ja": "1（一部満たす）", "en": "1 (partly meets)"},
    "2": {"ja": "2（満たす）", "en": "2 (meets)"},
    "3": {"ja": "3（基準を上回る）", "en": "3 (exceeds)"},
}


def heading(text):
    return ("heading", text)


def paragraph(html):
    return ("paragraph", html)


def definitions(pairs):
    """[(term, html)] → a definition-list block."""
    return ("definitions", [{"term": term, "definition": html} for term, html in pairs])


def _field_definitions(language):
    return definitions(
        [(FIELD_NAMES[key][language], f"<p>{FIELD_ASKS[key][language]}</p>") for key in FIELD_NAMES]
    )


def _rubric(language):
    """One definition list per field: what each score means, in the rubric's own words."""
    blocks = []
    for key, names in FIELD_NAMES.items():
        blocks.append(heading(names[language]))
        blocks.append(
            definitions(
                [
                    (SCORE_NAMES[score][language], f"<p>{RUBRIC_V1[key][score][language]}</p>")
                    for score in ("0", "1", "2", "3")
                ]
            )
        )
    return blocks


ABOUT = {
    "slug": "about",
    "ja": {
        "title": "この登録簿について",
        "summary": "第三者認証を受けたマイクロクレデンシャルの公開登録簿です。"
        "何を認証し、誰が審査し、どのように公開しているかを説明します。",
        "body": [
            paragraph(
                "<p>マイクロクレデンシャルは、数時間から数百時間程度の短い学習に対して、"
                "アセスメント（評価）を経て授与される証明です。大学・短期大学・高等専門学校・"
                "専門学校、企業、官公庁、NPO、職能団体・資格団体など、さまざまな機関が発行して"
                "います。一方で、雇用主にはどの証明が確かな学習を示すのかが分かりにくく、"
                "大学は単位として認めるかを判断しにくく、海外でも通用しにくいという課題が"
                "あります。</p>"
            ),
            paragraph(
                "<p>この登録簿は、その課題に応えるための第三者認証の結果を公開するものです。"
                "マレーシア（MQA）、ニュージーランド（NZQA）、EU（2022年の理事会勧告）と同じく、"
                "共通の標準項目に照らして外部の審査員が審査し、認証委員会が決定し、"
                "認証されたものを誰でも確認できる形で公開します。</p>"
            ),
            heading("認証済みマイクロクレデンシャルとは"),
            paragraph(
                "<p>この登録簿に掲載されている項目は、次の6つの標準項目すべてについて、"
                "認定を受けた審査員が0〜3の4段階で採点し、認証委員会が認証を決定したものです："
                "プログラムの目的、学習時間数・単位数、学習内容・方法、レベル・資格枠組み、"
                "アセスメントの透明性、学習成果。評価を伴わない学習、出席・参加だけで授与される"
                "バッジ、学位などの大きな資格は対象外です。</p>"
            ),
            heading("認証の状態を確認するには"),
            definitions(
                [
                    (
                        "認証済み",
                        "<p>有効期間内で、認証が有効です。カタログの一覧と検索に表示されます。</p>",
                    ),
                    (
                        "一時停止",
                        "<p>条件の未達成や重大な変更の確認などのため、認証委員会が認証を一時的に"
                        "停止しています。再開されると「認証済み」に戻ります。</p>",
                    ),
                    (
                        "失効",
                        "<p>有効期間（通常3年）が終了しました。更新の申請により再び認証を"
                        "受けることができます。</p>",
                    ),
                    ("取消", "<p>認証委員会が認証を取り消しました。</p>"),
                ]
            ),
            paragraph(
                "<p>各項目のページには、状態、有効期間、認証の決定日、提供機関、"
                "審査された6つの標準項目の内容が掲載されています。バッジや証明書に記載された"
                "識別子（URL）から項目のページを開けば、現在の状態を確認できます。"
                "一覧と検索には認証済みの項目だけが表示されますが、一時停止・失効・取消と"
                "なった項目のページも、状態を示したまま残ります。</p>"
            ),
            heading("機械で読める公開データ"),
            paragraph(
                "<p>認証された項目は、Open Badges 3.0、CTDL、European Learning Model、"
                "schema.org の JSON-LD としても公開されます。認証の記録は検証可能な資格情報"
                "（W3C Verifiable Credential）として電子署名され、did:web で公開された鍵で"
                "検証できます。他の登録簿や採用・学習管理のシステムは、これを取り込んで"
                "真正性を確かめることができます。</p>"
            ),
            heading("誰が関わっているか"),
            definitions(
                [
                    (
                        "提供機関",
                        "<p>マイクロクレデンシャルごとに申請書類（ドシエ）を提出します。</p>",
                    ),
                    (
                        "事務局",
                        "<p>受付時の形式審査（スクリーニング）を行い、審査員を割り当て、"
                        "手続きを進めます。</p>",
                    ),
                    (
                        "認定審査員",
                        "<p>分野・レベル・言語の範囲について認定を受けた外部の専門家で、"
                        "6つの標準項目を採点します。</p>",
                    ),
                    (
                        "認証委員会",
                        "<p>審査結果をもとに、認証・修正依頼・不認証を決定します。</p>",
                    ),
                ]
            ),
        ],
    },
    "en": {
        "title": "About the register",
        "summary": "The public register of micro-credentials certified by a third party: "
        "what is certified, who reviews it and how it is published.",
        "body": [
            paragraph(
                "<p>A micro-credential certifies short learning, from a few hours to a few "
                "hundred, that ends in an assessment. Universities, colleges, vocational "
                "schools, companies, public bodies, NGOs and professional bodies issue them. "
                "But employers cannot easily tell a rigorous one from a marketing label, "
                "universities find it hard to decide whether to count one toward a degree, "
                "and few travel across borders.</p>"
            ),
            paragraph(
                "<p>This register publishes the results of third-party quality assurance "
                "that answers those problems. As in Malaysia (MQA), New Zealand (NZQA) and the "
                "European Union (2022 Council Recommendation), independent reviewers check "
                "each micro-credential against a standard set of information, the "
                "accreditation committee decides, and what is certified is published for "
                "anyone to check.</p>"
            ),
            heading("What a certified micro-credential is"),
            paragraph(
                "<p>Every item in this register was scored from 0 to 3 by accredited reviewers "
                "on all six standard fields, and certified by the accreditation committee: "
                "purpose, learning hours and credits, content and method, level, assessment "
                "transparency, and learning outcomes. Learning without assessment, badges for "
                "attendance or participation only, and large qualifications such as degrees "
                "are not certified.</p>"
            ),
            heading("How to check a credential's status"),
            definitions(
                [
                    (
                        "Certified",
                        "<p>Within its validity period and in force. Certified items are "
                        "listed and searchable in the catalogue.</p>",
                    ),
                    (
                        "Suspended",
                        "<p>The committee has put the certification on hold, for example "
                        "while a condition is unmet or a significant change is checked. "
                        "When reinstated it is certified again.</p>",
                    ),
                    (
                        "Expired",
                        "<p>The validity period (normally three years) has ended. The "
                        "provider may apply to renew it.</p>",
                    ),
                    ("Revoked", "<p>The committee has withdrawn the certification.</p>"),
                ]
            ),
            paragraph(
                "<p>Each item's page shows its status, validity period, the date of the "
                "decision, the provider and the six standard fields as they were reviewed. "
                "Open the page from the identifier (URL) on a badge or certificate to see its "
                "current status. The catalogue lists and searches certified items only, but "
                "the page of a suspended, expired or revoked item stays online and says "
                "so.</p>"
            ),
            heading("Open data for machines"),
            paragraph(
                "<p>Certified items are also published as JSON-LD in Open Badges 3.0, CTDL, "
                "the European Learning Model and schema.org. The accreditation record is a "
                "signed W3C Verifiable Credential whose key is published with did:web, so "
                "other registers, recruitment and learning systems can import it and verify "
                "that it is genuine.</p>"
            ),
            heading("Who does what"),
            definitions(
                [
                    ("Providers", "<p>Submit a dossier for each micro-credential.</p>"),
                    (
                        "The secretariat",
                        "<p>Screens dossiers at intake, assigns reviewers and runs the "
                        "process.</p>",
                    ),
                    (
                        "Accredited reviewers",
                        "<p>Independent experts, accredited for fields of study, levels and "
                        "languages, who score the six standard fields.</p>",
                    ),
                    (
                        "The accreditation committee",
                        "<p>Decides on the reviews: certify, request revisions or reject.</p>",
                    ),
                ]
            ),
        ],
    },
}

STANDARD = {
    "slug": "standard",
    "ja": {
        "title": "認証基準",
        "summary": "審査員が採点する6つの標準項目、0〜3の評価尺度、"
        "そして認証の判断に用いる合格の基準です。",
        "body": [
            paragraph(
                "<p>申請されたマイクロクレデンシャルは、次の6つの標準項目について審査されます。"
                "提供機関はそれぞれの項目を申請書類（ドシエ）に記述し、認定審査員が項目ごとに"
                "採点します。</p>"
            ),
            heading("6つの標準項目"),
            _field_definitions("ja"),
            heading("評価尺度"),
            paragraph(
                "<p>審査員は各項目を0〜3の4段階で採点します。0＝根拠が示されていない、"
                "1＝一部満たす、2＝満たす、3＝基準を上回る。2未満をつける場合は、"
                "提供機関が改善できるようにコメントを必ず記入します。"
                "審査員は総合的な推奨（認証、条件付き認証、修正、不認証）も示します。</p>"
            ),
            heading("合格の基準"),
            paragraph(
                f"<p>項目は、審査員の点数の平均が{PASS_MEAN}以上で、かつ{LOWEST_SCORE}をつけた審査員が"
                f"いない場合に基準を満たします。審査員の点数が{DISAGREEMENT_SPREAD}点以上離れている"
                "項目は「意見の相違」として"
                "事務局に示され、必要に応じて審査員が追加されます。認証委員会は、6つの項目の"
                "結果と審査員の推奨をもとに、認証・条件付き認証・修正依頼・不認証を決定します。"
                "</p>"
            ),
            heading("評価尺度の説明（ルーブリック 第1版）"),
            *_rubric("ja"),
            paragraph(
                "<p>ルーブリックは改訂されることがあります。各審査は、採点したときの版の"
                "ルーブリックを記録しています。</p>"
            ),
        ],
    },
    "en": {
        "title": "The standard",
        "summary": "The six standard fields reviewers score, the 0–3 scale and the rule "
        "a micro-credential must pass to be certified.",
        "body": [
            paragraph(
                "<p>Every micro-credential is reviewed on the same six standard fields. The "
                "provider describes each of them in its dossier; accredited reviewers score "
                "each one.</p>"
            ),
            heading("The six standard fields"),
            _field_definitions("en"),
            heading("The scale"),
            paragraph(
                "<p>Reviewers score each field from 0 to 3: 0 not evidenced, 1 partly meets, "
                "2 meets, 3 exceeds. A score below 2 must come with a comment, so that the "
                "provider knows what to improve. Reviewers also give an overall "
                "recommendation: approve, approve with conditions, revise, or reject.</p>"
            ),
            heading("The pass rule"),
            paragraph(
                f"<p>A field passes when the mean of the reviewers' scores is at least {PASS_MEAN} "
                f"and no reviewer scored it {LOWEST_SCORE}. Where reviewers' scores for a field "
                f"are {DISAGREEMENT_SPREAD} or more "
                "points apart, the secretariat is told and may add a reviewer. The "
                "accreditation committee decides on the six results and the reviewers' "
                "recommendations: certify, certify with conditions, request revisions, or "
                "reject.</p>"
            ),
            heading("What each score means (rubric, version 1)"),
            *_rubric("en"),
            paragraph(
                "<p>The rubric may be revised; each review records the version it was scored "
                "with.</p>"
            ),
        ],
    },
}

HOW_TO_APPLY = {
    "slug": "how-to-apply",
    "ja": {
        "title": "申請の手引き",
        "summary": "提供機関の登録から申請書類の提出、審査、認証の決定、その後の条件・"
        "有効期間・異議申立て・更新までの流れです。",
        "body": [
            heading("1. 提供機関の登録"),
            paragraph(
                "<p>申請は提供機関（大学、短期大学、高等専門学校、専門学校、企業、官公庁、"
                "NPO、職能団体・資格団体など）単位で行います。事務局が機関を登録し、"
                "機関の管理者が同僚を編集者または閲覧者として招待します。申請書類の作成と"
                "提出は、管理者と編集者が提供機関ポータル（/portal/）で行います。</p>"
            ),
            heading("2. 申請書類（ドシエ）の作成"),
            paragraph(
                "<p>マイクロクレデンシャルごとに1件の申請書類を作成します。6つの標準項目"
                "（目的、学習時間数・単位数、学習内容・方法、レベル、アセスメント、学習成果）"
                "に加え、名称（日本語・英語）、授与機関、分野、提供機関の質保証の種類、"
                "受講要件、積み上げ（より大きな資格への算入）、設計の型、受講料、"
                "学習者の証明の有効期間、詳しい情報のURLを記入し、シラバス・評価の例・"
                "ルーブリックなどを添付します。下書きは自動保存され、入力中も受付基準の"
                "チェック結果が表示されます。</p>"
            ),
            heading("3. 提出と受付審査（スクリーニング）"),
            paragraph(
                "<p>提出すると、その時点の内容が版として固定されます。受付基準を満たさない"
                "間は提出できません。主な基準は、アセスメントがあること（出席・参加だけで"
                "授与されないこと）、学習成果があること、レベルが資格枠組みに存在すること、"
                "学習時間が規模の基準に合うこと（日本の履修証明プログラムは60時間以上）、"
                "申請する単位数が学習時間と整合すること、学位などの大きな資格ではないこと"
                "です。事務局が内容を確認し、審査に進めるか、不足があれば差し戻します。</p>"
            ),
            heading("4. 審査"),
            paragraph(
                "<p>事務局は、分野・レベル・言語の範囲が合い、利益相反のない認定審査員を"
                "割り当てます（通常2名）。審査員は6つの標準項目を0〜3で採点し、推奨を"
                "示します。審査は通常4週間以内に行われます。審査員の氏名は提供機関には"
                "開示されません。</p>"
            ),
            heading("5. 決定"),
            definitions(
                [
                    (
                        "認証",
                        "<p>カタログに掲載され、署名付きの公開データが発行されます。"
                        "条件を付けて認証されることもあります。</p>",
                    ),
                    (
                        "修正依頼",
                        "<p>コメントに沿って修正し再提出すると、新しい版として審査されます。"
                        "審査員には前の版との差分が示されます。</p>",
                    ),
                    ("不認証", "<p>理由とともに通知されます。</p>"),
                ]
            ),
            paragraph(
                "<p>決定後、提供機関は各審査員の点数とコメントをポータルで確認できます"
                "（審査員は「審査員1」「審査員2」のように示されます）。</p>"
            ),
            heading("6. 認証後"),
            definitions(
                [
                    (
                        "条件",
                        "<p>条件付きで認証された場合、条件ごとに期限が設けられます。"
                        "期限までにポータルから根拠資料を提出し、事務局の確認を受けます。</p>",
                    ),
                    (
                        "有効期間",
                        "<p>原則3年です（委員会が1〜10年の範囲で定めます）。期限を過ぎると"
                        "「失効」となり、そのことをお知らせします。</p>",
                    ),
                    (
                        "一時停止・取消",
                        "<p>条件が満たされない場合や、認証の前提が崩れた場合には、"
                        "認証委員会が認証を一時停止または取り消すことがあります。</p>",
                    ),
                    (
                        "更新",
                        "<p>認証済みまたは失効した項目は、前回の内容を引き継いだ新しい申請書類"
                        "で更新を申請できます。更新も同じ基準で審査されます。</p>",
                    ),
                ]
            ),
            heading("7. 異議申立て"),
            paragraph(
                "<p>不認証の決定（受付段階での不受理を含む）に対しては、決定から30日以内に"
                "ポータルから理由を添えて異議を申し立てることができます。異議は、"
                "最初の決定に関わらなかった委員が審理し、再審査・認証・不認証のいずれかを"
                "決定します。</p>"
            ),
            heading("取下げ"),
            paragraph("<p>決定が出るまでは、いつでも申請を取り下げることができます。</p>"),
        ],
    },
    "en": {
        "title": "How to apply",
        "summary": "From registering your organisation to submitting a dossier, review and "
        "decision, and what follows: conditions, validity, appeals and renewal.",
        "body": [
            heading("1. Your organisation"),
            paragraph(
                "<p>Providers apply as an organisation: a university, college, vocational "
                "school, company, public body, NGO, professional or qualification body. The "
                "secretariat registers the organisation; its managers invite colleagues as "
                "editors or viewers. Managers and editors write and submit dossiers in the "
                "provider portal (/portal/).</p>"
            ),
            heading("2. The dossier"),
            paragraph(
                "<p>Write one dossier per micro-credential. Besides the six standard fields "
                "(purpose, learning hours and credits, content and method, level, assessment, "
                "learning outcomes) it gives the title in Japanese and English, the awarding "
                "body, the field of study, the provider's type of quality assurance, "
                "prerequisites, stackability (whether it counts toward a larger "
                "qualification), the design pattern, the fee, how long the learner's "
                "credential is valid and a link to further information, with attachments "
                "such as the syllabus, a sample assessment and the rubric. Drafts save "
                "themselves, and the screening checks are shown as you write.</p>"
            ),
            heading("3. Submission and screening"),
            paragraph(
                "<p>Submitting freezes the dossier as a version. It cannot be submitted while "
                "a screening check fails: there must be an assessment (not an award for "
                "attendance or participation), learning outcomes, a level that exists in its "
                "framework, a size that fits the jurisdiction's rule (a Japanese 履修証明 "
                "programme needs at least 60 hours), credits consistent with the hours, and it "
                "must not be a degree-sized qualification. The secretariat then checks the "
                "dossier and either accepts it for review or returns it with what is "
                "missing.</p>"
            ),
            heading("4. Review"),
            paragraph(
                "<p>The secretariat assigns accredited reviewers (normally two) whose scope "
                "covers the field of study, level and language, and who have no conflict of "
                "interest. They score the six standard fields from 0 to 3 and make a "
                "recommendation, normally within four weeks. Reviewers are never named to "
                "the provider.</p>"
            ),
            heading("5. Decision"),
            definitions(
                [
                    (
                        "Certified",
                        "<p>The item is published in the catalogue and as signed open data, "
                        "possibly with conditions.</p>",
                    ),
                    (
                        "Revisions requested",
                        "<p>Revise along the comments and resubmit: the new version is "
                        "reviewed, and reviewers see what changed since the last one.</p>",
                    ),
                    ("Rejected", "<p>You are told why.</p>"),
                ]
            ),
            paragraph(
                "<p>Once the committee has decided, the portal shows each reviewer's scores "
                "and comments, with reviewers numbered (Reviewer 1, Reviewer 2).</p>"
            ),
            heading("6. After certification"),
            definitions(
                [
                    (
                        "Conditions",
                        "<p>A certification with conditions sets a due date for each. Upload "
                        "the evidence in the portal before then; the secretariat signs it "
                        "off or asks for more.</p>",
                    ),
                    (
                        "Validity",
                        "<p>Three years by default (the committee may set 1 to 10 years). When "
                        "it ends the item is expired and you are told.</p>",
                    ),
                    (
                        "Suspension and revocation",
                        "<p>The committee may suspend or revoke a certification when a "
                        "condition is not met or what it was based on no longer holds.</p>",
                    ),
                    (
                        "Renewal",
                        "<p>A certified or expired item can be renewed with a new dossier "
                        "pre-filled from the last one, reviewed against the same "
                        "standard.</p>",
                    ),
                ]
            ),
            heading("7. Appeals"),
            paragraph(
                "<p>You may appeal a rejection, including one at screening, within 30 days of "
                "the decision, with your reasons, in the portal. The appeal is heard by "
                "committee members who did not take the first decision; they send the "
                "dossier back to review, certify it or uphold the rejection.</p>"
            ),
            heading("Withdrawing"),
            paragraph("<p>You may withdraw a dossier at any time before a decision.</p>"),
        ],
    },
}

FOR_REVIEWERS = {
    "slug": "for-reviewers",
    "ja": {
        "title": "審査員の方へ",
        "summary": "認定審査員への応募、審査の範囲、利益相反、審査の匿名性、"
        "採点の方法について説明します。",
        "body": [
            heading("応募"),
            paragraph(
                "<p>マイクロクレデンシャルの設計・実施・評価に経験のある方は、サインインして"
                "審査員への応募ページ（/review/apply/）から応募できます。審査できる分野、"
                "レベルの範囲、審査できる言語と、専門性の説明を記入してください。"
                "事務局が確認し、範囲と有効期間を定めて認定します。研修の記録も"
                "認定に残されます。</p>"
            ),
            heading("審査の範囲"),
            paragraph(
                "<p>審査の依頼は、認定の範囲に含まれる申請だけに届きます。分野、レベル"
                "（資格枠組みを8段階に揃えて比較します）、そして申請の授業言語のうち少なくとも"
                "1つが範囲に入っていること、依頼の日に認定が有効であることが条件です。"
                "認定の期限が近づくとお知らせします。</p>"
            ),
            heading("利益相反"),
            paragraph("<p>次の場合、その提供機関の申請は割り当てられません。</p>"),
            definitions(
                [
                    ("所属", "<p>提供機関の構成員である場合。</p>"),
                    (
                        "申告した関係",
                        "<p>提供機関との関係（職員、顧問・受託者、理事・委員、学生など）を申告しており、"
                        "その関係が継続中か、終了から3年以内の場合。</p>",
                    ),
                    (
                        "メールアドレスのドメイン",
                        "<p>提供機関の構成員と同じ組織のドメインのメールアドレスを使っている"
                        "場合（フリーメールなどの共通ドメインは除きます）。</p>",
                    ),
                ]
            ),
            paragraph(
                "<p>関係は審査員ページからいつでも申告・更新できます。依頼を受けるときにも、"
                "利益相反がないことを改めて確認していただきます。利益相反がある場合は、"
                "依頼を辞退してください。</p>"
            ),
            heading("匿名性"),
            paragraph(
                "<p>審査は片側匿名で行います。提供機関には審査員の氏名を知らせず、"
                "点数とコメントは「審査員1」「審査員2」として示します。事務局と認証委員会は、"
                "審査員の氏名と、提供機関には見せない事務局あての所見を読みます。"
                "二重匿名で運用する場合は、審査員にも提供機関名が伏せられます。</p>"
            ),
            heading("依頼から提出まで"),
            paragraph(
                "<p>依頼はメールで届き、記載のリンクから承諾または辞退します。回答期限は"
                "通常7日、審査の期限は通常28日です。承諾すると審査フォームが開き、"
                "下書きは自動保存されます。提出すると審査は確定し、変更できません。</p>"
            ),
            heading("採点"),
            paragraph(
                "<p>6つの標準項目それぞれを、ルーブリックに沿って0（根拠なし）、1（一部満たす）、"
                "2（満たす）、3（基準を上回る）で採点します。2未満の場合はコメントが必要です。"
                "提供機関が改善できるよう、具体的に書いてください。最後に総合的な推奨"
                "（認証、条件付き認証、修正、不認証）を選び、必要なら事務局あての所見を"
                f"記入します。項目は、点数の平均が{PASS_MEAN}以上で{LOWEST_SCORE}がない場合に基準を満たします。"
                "各段階の説明は「認証基準」のページにあります。</p>"
            ),
        ],
    },
    "en": {
        "title": "For reviewers",
        "summary": "Applying to be an accredited reviewer, your scope, conflicts of interest, "
        "blind review and how to score.",
        "body": [
            heading("Applying"),
            paragraph(
                "<p>If you have experience designing, delivering or assessing short courses, "
                "sign in and apply on the reviewer application page (/review/apply/). Give "
                "the fields of study, the range of levels and the languages you can review "
                "in, with a statement of your expertise. The secretariat checks your "
                "application and accredits you for a scope and a period; your training "
                "record is kept with the accreditation.</p>"
            ),
            heading("Your scope"),
            paragraph(
                "<p>You are only invited to review dossiers your accreditation covers: their "
                "field of study, their level (frameworks are compared on one 8-level scale) "
                "and at least one of their languages of instruction must be in your scope, "
                "and your accreditation must be valid on the day. You are reminded before it "
                "ends.</p>"
            ),
            heading("Conflicts of interest"),
            paragraph("<p>You are not assigned a provider's dossiers when:</p>"),
            definitions(
                [
                    ("Membership", "<p>you are a member of the provider organisation;</p>"),
                    (
                        "Declared relationship",
                        "<p>you declared a relationship with it (employee, consultant "
                        "or contractor, board member, student…) that is current or ended "
                        "less than three years ago;</p>",
                    ),
                    (
                        "Email domain",
                        "<p>your email address is on the same organisation's domain as one "
                        "of its members (public mail services do not count).</p>",
                    ),
                ]
            ),
            paragraph(
                "<p>Declare and update your relationships at any time on your reviewer "
                "pages. When you accept an invitation you confirm again that you have no "
                "conflict of interest; if you do, decline it.</p>"
            ),
            heading("Blind review"),
            paragraph(
                "<p>Review is single-blind: providers never learn reviewers' names and see "
                "scores and comments as Reviewer 1, Reviewer 2. The secretariat and the "
                "committee see who you are and read your confidential note, which providers "
                "never see. Where the register runs double-blind review, the provider's name "
                "is hidden from reviewers too.</p>"
            ),
            heading("From invitation to submission"),
            paragraph(
                "<p>Invitations arrive by email with a link to accept or decline. You "
                "normally have 7 days to answer and 28 days to review. Accepting opens the "
                "review form; drafts save themselves. Submitting locks the review: it cannot "
                "be changed afterwards.</p>"
            ),
            heading("Scoring"),
            paragraph(
                "<p>Score each of the six standard fields against the rubric: 0 not "
                "evidenced, 1 partly meets, 2 meets, 3 exceeds. A score below 2 needs a "
                "comment; make it specific enough for the provider to act on. Then choose an "
                "overall recommendation (approve, approve with conditions, revise, reject) "
                "and, if needed, write a confidential note to staff. A field passes when its "
                f"mean score is at least {PASS_MEAN} and no reviewer gave {LOWEST_SCORE}. The "
                "Standard page gives "
                "what each score means for each field.</p>"
            ),
        ],
    },
}

#: In the order the pages are created, which is the order Wagtail lists and links them.
PAGES = [ABOUT, STANDARD, HOW_TO_APPLY, FOR_REVIEWERS]
