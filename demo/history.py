"""The demo's past: when each step of each dossier happened, what the reviewers scored and what
the committee decided (a demo.workflow Plan per dossier, run on demo.clock's simulated clock).

Seeded random: the demo is the same each time it is made, counted back from the day it is made.
Durations are drawn per step (days to weeks, office hours for staff, committee meetings on
Thursdays); reviewers have their own leniency and noise around each dossier's strength on each
field, redrawn until the scores agree with what the committee decided (an accredited dossier
passes every field, a rejected one fails some, a revision request names the weak fields).
"""

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from accreditation.content import StandardField
from accreditation.models import Decision, DecisionOutcome, Dossier, DossierState
from accreditation.standard import summarise
from reviewers import suggestions
from reviewers.models import ACTIVE, Assignment, AssignmentState, Recommendation

from . import workflow

S = DossierState
F = StandardField
SEED = "mc-demo"
THURSDAY = 3


@dataclass(frozen=True)
class Scenario:
    """How one dossier's history goes. `days` pins steps to a day (days before today); the
    other steps follow the one before after a natural wait."""

    target: str
    days: dict = field(default_factory=dict)
    #: Fields the reviewers find below the standard (a mean under 2, no 0).
    weak: tuple = ()
    #: Fields the reviewers fail outright (a 0, and a mean far under 2).
    failing: tuple = ()
    #: Fields found weak in a first round, which a revision round answers (then accredited).
    revised: tuple = ()
    #: A field the reviewers disagree on (scores two apart) though it passes.
    disagreement: str = ""
    valid_years: int | None = None
    #: An approval condition due this many days after the decision.
    condition_days: int | None = None
    #: "chair" when the committee's chair must take the decision.
    decider: str = ""


#: The dossiers that are not simply certified, and the two certified after a revision round;
#: every other course is accredited along the usual path, at some time in the last 16 months.
SCENARIOS = {
    "OTH-100": Scenario(S.DRAFT, {"create": 8}),
    "LAW-120": Scenario(S.SUBMITTED, {"create": 26, "submit": 3}),
    # In review: one reviewer has accepted and saved a draft; the demo reviewer is invited.
    "PSY-150": Scenario(
        S.IN_REVIEW,
        {
            "create": 47,
            "submit": 21,
            "accept_for_review": 17,
            "invite": 16,
            "first_review_accepted": 14,
            "first_review_drafted": 3,
            "invite_demo_reviewer": 2,
        },
    ),
    "ART-120": Scenario(
        S.AWAITING_DECISION,
        {"create": 75, "submit": 46, "accept_for_review": 41, "invite": 40, "reviews_done": 5},
        disagreement=F.LEVEL,
    ),
    "COOK-110": Scenario(
        S.REVISION_REQUESTED,
        {
            "create": 100,
            "submit": 66,
            "accept_for_review": 60,
            "invite": 59,
            "reviews_done": 22,
            "decide": 11,
        },
        weak=(F.LEARNING_OUTCOMES,),
    ),
    "AGR-130": Scenario(
        S.REJECTED,
        {
            "create": 96,
            "submit": 62,
            "accept_for_review": 57,
            "invite": 56,
            "reviews_done": 24,
            "decide": 12,
        },
        failing=(F.ASSESSMENT,),
        weak=(F.CONTENT,),
    ),
    "HIS-110": Scenario(
        S.APPEALED,
        {
            "create": 120,
            "submit": 80,
            "accept_for_review": 75,
            "invite": 74,
            "reviews_done": 40,
            "decide": 26,
            "appeal": 12,
        },
        weak=(F.ASSESSMENT,),
        decider="chair",
    ),
    "ACC-110": Scenario(S.SUSPENDED, {"create": 440, "suspend": 48}, condition_days=270),
    "FOOD-120": Scenario(S.EXPIRED, {"create": 530}, valid_years=1),
    "SPT-110": Scenario(S.REVOKED, {"create": 350, "revoke": 33}),
    "DATA-240": Scenario(S.WITHDRAWN, {"create": 175, "submit": 140, "withdraw": 118}),
    "AI-201": Scenario(S.ACCREDITED, {"create": 470}, revised=(F.LEARNING_OUTCOMES,)),
    "CLD-220": Scenario(S.ACCREDITED, {"create": 300}, revised=(F.ASSESSMENT,)),
}
#: The other certified courses start their dossiers between these many days ago.
ACCREDITED_START_DAYS = (480, 115)

#: Natural waits before a step, in days (a range drawn from), and who takes it.
WAITS = {
    "submit": (6, 35),
    "accept_for_review": (1, 8),
    "invite": (0, 2),
    "revise": (9, 30),
    "resubmit": (0.2, 3),
}
ROLE_OF_STEP = {
    "create": "provider",
    "submit": "provider",
    "revise": "provider",
    "resubmit": "provider",
    "withdraw": "provider",
    "appeal": "provider",
    "accept_for_review": "staff",
    "invite": "staff",
    "suspend": "staff",
    "revoke": "staff",
    "decide": "committee",
    "expire": "scheduler",
    "first_review_accepted": "reviewer",
    "first_review_drafted": "reviewer",
    "invite_demo_reviewer": "staff",
}
#: (first hour, last hour, weekdays only) of each role's working day, Japan time.
HOURS = {
    "provider": (9, 19, True),
    "staff": (9.5, 17.5, True),
    "committee": (14, 16.5, True),
    "reviewer": (8, 22.5, False),
    "scheduler": (0.05, 0.9, False),
}
#: An invited reviewer answers within the response deadline (7 days) and reviews within the
#: review deadline (28 days from the invitation).
ACCEPT_WITHIN = (0.2, 4.5)
REVIEW_TAKES = (4, 19)
REVIEW_DEADLINE = 26
#: The committee decides at its first Thursday meeting at least this many days after the
#: reviews are in.
COMMITTEE_READS = 2

#: Each reviewer's leniency (added to a dossier's strength on a field before rounding).
LENIENCY = {
    "reviewer1@example.org": 0.0,
    "reviewer2@example.org": -0.35,
    "reviewer3@example.org": 0.2,
    "reviewer4@example.org": 0.35,
    "reviewer5@example.org": -0.2,
    "reviewer6@example.org": 0.1,
    "reviewer7@example.org": -0.1,
}
NOISE = 0.4

#: What a reviewer writes, per field and score (0–3): a comment is required below 2.
COMMENTS = {
    F.PURPOSE: {
        0: (
            "目的と対象者の記述がなく、需要の根拠も示されていない。",
            "No aim or target learners, and no evidence of need.",
        ),
        1: (
            "対象者は示されているが、労働市場の需要の根拠が弱い。",
            "Target learners are named but the evidence of labour-market need is weak.",
        ),
        2: ("需要調査の出典を明記するとよい。", "Cite the source of the demand survey."),
        3: (
            "地域企業への聞き取りに基づく需要の根拠が明確。",
            "Clear evidence of need from employer interviews.",
        ),
    },
    F.LEARNING_HOURS: {
        0: ("学習時間の内訳が示されていない。", "No breakdown of the learning hours."),
        1: (
            "自習時間の見積もりの根拠が不明で、単位数との対応が確認できない。",
            "The self-study estimate is unexplained and does not match the credits claimed.",
        ),
        2: (
            "評価に充てる時間の使い方をもう少し具体的に。",
            "Say more precisely how the assessment hours are used.",
        ),
        3: (
            "内訳と単位換算が明確で、履修証明の基準とも整合している。",
            "Clear breakdown and credit conversion, consistent with the certificate rules.",
        ),
    },
    F.CONTENT: {
        0: (
            "学習内容の一覧がなく、方法も記述されていない。",
            "No topics listed and no teaching method described.",
        ),
        1: (
            "トピックは列挙されているが、学習方法との対応が不明。",
            "Topics are listed but not linked to the teaching methods.",
        ),
        2: ("各回の到達目標を示すとさらによい。", "Session-level objectives would help."),
        3: (
            "内容と方法が学習成果とよく対応している。",
            "Content and methods map well onto the outcomes.",
        ),
    },
    F.LEVEL: {
        0: ("レベルの根拠が示されていない。", "No justification of the level."),
        1: (
            "記述子との対応が示されておらず、レベルが高すぎる可能性がある。",
            "Not mapped to the level descriptors; the level may be set too high.",
        ),
        2: ("記述子との対応表を添付するとよい。", "Attach the mapping to the level descriptors."),
        3: (
            "資格枠組みの記述子との対応が丁寧に示されている。",
            "Careful mapping to the framework's descriptors.",
        ),
    },
    F.ASSESSMENT: {
        0: (
            "アセスメントの方法も合格基準も確認できない。",
            "Neither the assessment methods nor the pass criteria can be found.",
        ),
        1: (
            "合格基準が受講者に公開されておらず、本人確認の方法も不明。",
            "Pass criteria are not published to learners and identity checks are unclear.",
        ),
        2: (
            "ルーブリックの例を受講者に事前に示すとよい。",
            "Show learners a sample rubric in advance.",
        ),
        3: (
            "ルーブリックが公開され、監督付きの評価で本人確認も適切。",
            "Published rubric; supervised assessment with proper identity checks.",
        ),
    },
    F.LEARNING_OUTCOMES: {
        0: (
            "学習成果が評価できる形で記述されていない。",
            "No outcome is stated in a form that can be assessed.",
        ),
        1: (
            "学習成果が抽象的で、どう評価するかが読み取れない。",
            "The outcomes are vague; how each is assessed cannot be told.",
        ),
        2: ("成果ごとに評価方法との対応を示すとよい。", "Link each outcome to how it is assessed."),
        3: (
            "成果が具体的で測定可能、評価課題とも対応している。",
            "Specific, measurable outcomes, each matched by an assessment task.",
        ),
    },
}
#: How often a reviewer comments a score that needs no comment.
COMMENT_RATE = {2: 0.15, 3: 0.4}
CONFIDENTIAL_NOTES = [
    "同一提供者の他の講座と比べても完成度が高い。Stronger than this provider's other courses.",
    "委員会で評価方法を確認されたい。The committee may want to look at the assessment.",
    "特記事項なし。Nothing to add.",
]
#: How the committee names a field in a rationale, and what it asks the provider to change.
PHRASES = {
    F.PURPOSE: ("目的と需要の根拠", "the purpose and evidence of need"),
    F.LEARNING_HOURS: ("学習時間と単位の根拠", "the learning hours and credits"),
    F.CONTENT: ("学習内容と方法の記述", "the content and method"),
    F.LEVEL: ("レベル設定の根拠", "the justification of the level"),
    F.ASSESSMENT: ("アセスメントの透明性", "the transparency of the assessment"),
    F.LEARNING_OUTCOMES: ("学習成果の具体性", "the specificity of the learning outcomes"),
}
REQUESTS = {
    F.ASSESSMENT: (
        "合格基準と本人確認の方法を明記し、ルーブリックを受講者に公開すること。",
        "State the pass criteria and the identity checks, and publish the rubric to learners.",
    ),
    F.LEARNING_OUTCOMES: (
        "各学習成果を評価できる表現に改め、どの課題で評価するかを示すこと。",
        "Reword each outcome so that it can be assessed, and say which task assesses it.",
    ),
}
ANSWERS = {
    F.ASSESSMENT: (
        "合格基準（全観点60%以上・最終課題必須）と本人確認の方法を明記し、ルーブリックを公開しました。",
        "The pass criteria (60% on every criterion, final project compulsory) and the identity "
        "checks are stated, and the rubric is published.",
    ),
    F.LEARNING_OUTCOMES: (
        "各学習成果を行動で書き直し、評価する課題を明記しました。",
        "Each outcome is now written as an action and names the task that assesses it.",
    ),
}
CONDITION = (
    "受講者アンケートの結果と改善計画を提出すること。",
    "Submit the learner survey results and an improvement plan.",
)
FIRST_ACCREDITATION_NOTE = (
    "初回の認証のため有効期間は1年とする。",
    "A first accreditation: valid for one year.",
)


def bilingual(ja, en):
    return f"{ja}{en}"


class Calendar:
    """Moments of the demo's past, counted back from `today` (Japan time)."""

    def __init__(self, today):
        self.today = today
        self.zone = ZoneInfo(settings.TIME_ZONE)

    def at_hours(self, day, role, rng, *, backwards=False):
        """A moment of `day` in `role`'s working hours (the nearest working day)."""
        first, last, weekdays = HOURS[role]
        step = -1 if backwards else 1
        while weekdays and day.weekday() >= 5:
            day += timedelta(days=step)
        hours = rng.uniform(first, last)
        return datetime.combine(day, time(), self.zone) + timedelta(hours=hours)

    def days_ago(self, days, role, rng):
        day = self.today - timedelta(days=days)
        if role == "committee":
            day -= timedelta(days=(day.weekday() - THURSDAY) % 7)
        return self.at_hours(day, role, rng, backwards=True)

    def after(self, now, days, role, rng):
        """A moment in `role`'s hours about `days` after `now`, and after it."""
        moment = self.at_hours(timezone.localtime(now, self.zone).date() + days, role, rng)
        return moment if moment > now else self.at_hours(moment.date() + timedelta(1), role, rng)

    def next_meeting(self, now, rng):
        day = timezone.localtime(now, self.zone).date() + timedelta(days=COMMITTEE_READS)
        day += timedelta(days=(THURSDAY - day.weekday()) % 7)
        return self.at_hours(day, "committee", rng)


class DemoPlan(workflow.Plan):
    """One dossier's history (a Scenario), drawn from its own seeded random generator."""

    def __init__(self, reference, scenario, calendar, committee):
        self.reference = reference
        self.scenario = scenario
        self.calendar = calendar
        self.rng = random.Random(f"{SEED}/{reference}")
        self.chair, self.member = committee
        self._decider = (
            self.chair
            if scenario.decider == "chair"
            else self.rng.choice([self.chair, self.member])
        )
        self._rounds = {}  # version pk -> {assignment pk: (accept, submit, review)}

    # When.

    def start(self):
        return self.moment("create")

    def moment(self, step):
        """When `step` happens: on its pinned day, else after its natural wait from now."""
        role = ROLE_OF_STEP.get(step, "provider")
        if step in self.scenario.days:
            return self.calendar.days_ago(self.scenario.days[step], role, self.rng)
        now = timezone.now()
        if step == "decide":
            return self.calendar.next_meeting(now, self.rng)
        wait = timedelta(days=self.rng.uniform(*WAITS[step]))
        return self.calendar.after(now, wait, role, self.rng)

    def when(self, step, dossier):
        if step == "expire":
            valid_until = self._approval(dossier).valid_until
            return self.calendar.at_hours(valid_until + timedelta(days=1), "scheduler", self.rng)
        return self.moment(step)

    # Who.

    def decider(self, dossier, cast):
        return self._decider

    def reviewers(self, dossier, cast):
        """The two reviewers the secretariat picks among the desk's best suggestions; in a
        revision round, those who reviewed the previous version."""
        previous = Assignment.objects.filter(
            version__dossier=dossier, state=AssignmentState.SUBMITTED
        ).order_by("version__number", "pk")
        earlier = [a.reviewer for a in previous.select_related("reviewer__user")]
        if earlier:
            return earlier[-2:]
        dossier = Dossier.objects.select_related("organisation").get(pk=dossier.pk)
        suggested = suggestions.candidates_for([dossier])[dossier.pk].suggested
        shortlist = [s.reviewer for s in suggested[:4]]
        return self.rng.sample(shortlist, k=min(2, len(shortlist)))

    # The reviews.

    def review_times(self, assignment):
        return self._round(assignment)[assignment.pk][:2]

    def review(self, assignment):
        return self._round(assignment)[assignment.pk][2]

    def _round(self, assignment):
        version = assignment.version
        if version.pk not in self._rounds:
            panel = list(
                Assignment.objects.filter(version=version, state__in=ACTIVE)
                .select_related("reviewer__user")
                .order_by("pk")
            )
            times = self._round_times(panel)
            reviews = self._round_reviews(panel, first_round=version.number == 1)
            self._rounds[version.pk] = {a.pk: (*times[a.pk], reviews[a.pk]) for a in panel}
        return self._rounds[version.pk]

    def _round_times(self, panel):
        invited = timezone.now()
        deadline = invited + timedelta(days=REVIEW_DEADLINE)
        if "reviews_done" in self.scenario.days:
            deadline = self.calendar.days_ago(
                self.scenario.days["reviews_done"], "reviewer", self.rng
            )
        times = {}
        for number, assignment in enumerate(panel):
            accept = self.calendar.after(
                invited, timedelta(days=self.rng.uniform(*ACCEPT_WITHIN)), "reviewer", self.rng
            )
            if "reviews_done" in self.scenario.days and number == len(panel) - 1:
                submit = deadline
            else:
                takes = timedelta(days=self.rng.uniform(*REVIEW_TAKES))
                submit = self.calendar.after(accept, takes, "reviewer", self.rng)
                submit = min(submit, deadline - timedelta(hours=self.rng.uniform(2, 60)))
            times[assignment.pk] = (accept, max(submit, accept + timedelta(hours=20)))
        return times

    def _targets(self, first_round):
        """{field: "pass" | "weak" | "failing" | "split"} for this round's scores."""
        targets = dict.fromkeys(F.values, "pass")
        weak = self.scenario.weak + (self.scenario.revised if first_round else ())
        targets.update(dict.fromkeys(weak, "weak"))
        targets.update(dict.fromkeys(self.scenario.failing, "failing"))
        if self.scenario.disagreement:
            targets[self.scenario.disagreement] = "split"
        return targets

    def _round_reviews(self, panel, *, first_round):
        targets = self._targets(first_round)
        overall = self.rng.uniform(1.8, 3.3)
        strength = {
            criterion: {
                "pass": overall + self.rng.uniform(-0.25, 0.25),
                "split": 2.0,
                "weak": self.rng.uniform(1.1, 1.6),
                "failing": self.rng.uniform(0.2, 0.9),
            }[target]
            for criterion, target in targets.items()
        }
        leniency = [LENIENCY.get(a.reviewer.user.email, 0.0) for a in panel]
        for attempt in range(2000):
            lift = _lift(attempt)
            scores = {
                criterion: [
                    self._score(strength[criterion] + lift[targets[criterion]] + bias)
                    for bias in leniency
                ]
                for criterion in F.values
            }
            if all(_meets(target, scores[c]) for c, target in targets.items()):
                break
        else:
            raise RuntimeError(f"No scores fit the history of {self.reference}.")
        return {
            assignment.pk: self._review_of({c: scores[c][n] for c in F.values})
            for n, assignment in enumerate(panel)
        }

    def _score(self, strength):
        """One reviewer's score of a field of this strength (after their leniency): 0–3."""
        return max(0, min(3, round(strength + self.rng.gauss(0, NOISE))))

    def _review_of(self, scores):
        rows = {}
        for criterion, score in scores.items():
            comment = ""
            if score < 2 or self.rng.random() < COMMENT_RATE.get(score, 0):
                comment = bilingual(*COMMENTS[criterion][score])
            rows[criterion] = (score, comment)
        note = self.rng.choice(CONFIDENTIAL_NOTES) if self.rng.random() < 0.2 else ""
        return rows, recommendation_for(scores.values()), note

    # The decision and the answer to it.

    def decision(self, dossier, outcome):
        scenario = self.scenario
        summary = _summary(dossier)
        below = [c for c in F.values if summary[c].passes is False]
        if outcome == DecisionOutcome.APPROVED:
            strongest = max(F.values, key=lambda c: (summary[c].mean, c))
            ja, en = PHRASES[strongest]
            rationale = [
                (
                    "全6項目が基準を満たしている。特に" + ja + "を評価する。",
                    f"All six fields meet the standard, {en} above all.",
                )
            ]
            arguments = {}
            if scenario.valid_years:
                rationale.append(FIRST_ACCREDITATION_NOTE)
                arguments["valid_years"] = scenario.valid_years
            if scenario.condition_days:
                due = timezone.localdate() + timedelta(days=scenario.condition_days)
                rationale.append(("条件付きで認証する。", "Accredited on one condition."))
                arguments["conditions"] = [
                    {"text_ja": CONDITION[0], "text_en": CONDITION[1], "due_on": due.isoformat()}
                ]
            ja_text = "".join(ja for ja, _en in rationale)
            en_text = " ".join(en for _ja, en in rationale)
            return {"rationale": bilingual(ja_text, en_text), **arguments}
        ja = "と".join(PHRASES[c][0] for c in below)
        en = " and ".join(PHRASES[c][1] for c in below)
        if outcome == DecisionOutcome.REJECTED:
            return {
                "rationale": bilingual(f"{ja}が基準に達していない。", f"Below the standard: {en}.")
            }
        return {
            "rationale": bilingual(f"{ja}について改訂を求める。", f"Revise {en}."),
            "comments": [{"pointer": f"/{c}", "comment": bilingual(*REQUESTS[c])} for c in below],
        }

    def revision(self, dossier):
        content = revised_content(dossier.content, self.scenario.revised)
        answers = [ANSWERS[c] for c in self.scenario.revised]
        return content, bilingual("".join(a[0] for a in answers), " ".join(a[1] for a in answers))

    def _approval(self, dossier):
        return (
            Decision.objects.filter(dossier=dossier, outcome=DecisionOutcome.APPROVED)
            .order_by("-decided_at")
            .first()
        )


#: After this many draws that do not fit, the fields that must pass are drawn a little
#: stronger and those that must fail a little weaker: a panel of two severe reviewers (which
#: reviewers sit on a panel depends on the day the demo is made) may otherwise never pass a
#: dossier of middling strength on all six fields.
LIFT_EVERY = 200
LIFT_STEP = 0.1


def _lift(attempt):
    """{target: what is added to a field's strength} at this attempt."""
    lift = LIFT_STEP * (attempt // LIFT_EVERY)
    return {"pass": lift, "split": 0.0, "weak": -lift / 2, "failing": -lift}


def _meets(target, scores):
    summary = summarise(scores)
    if target == "pass":
        return summary.passes and not summary.disagreement
    if target == "split":
        return summary.passes and summary.disagreement
    if target == "weak":
        return not summary.passes and 0 not in scores
    return 0 in scores and summary.mean < 1.5  # failing: a reviewer found no evidence


def recommendation_for(scores):
    """What a reviewer recommends from their own scores."""
    scores = list(scores)
    below = sum(1 for s in scores if s < 2)
    if 0 in scores or below >= 3:
        return Recommendation.REJECT
    if below:
        return Recommendation.REVISE
    if sum(scores) / len(scores) >= 2.4:
        return Recommendation.APPROVE
    return Recommendation.APPROVE_WITH_CONDITIONS


def _summary(dossier):
    """{field: scoring summary} of the submitted reviews of the dossier's latest version."""
    version = dossier.versions.order_by("-number").first()
    reviews = (
        Assignment.objects.filter(version=version, state=AssignmentState.SUBMITTED)
        .select_related("review")
        .prefetch_related("review__scores")
    )
    by_field = {c: [] for c in F.values}
    for assignment in reviews:
        for row in assignment.review.scores.all():
            by_field[row.criterion].append(row.score)
    return {c: summarise(scores) for c, scores in by_field.items()}


def revised_content(content, fields):
    """The content a provider resubmits to answer a revision request on `fields`."""
    content = {**content}
    if F.LEARNING_OUTCOMES in fields:
        content["learning_outcomes"] = [
            {
                **outcome,
                "statement": {
                    "ja": f"{outcome['statement']['ja']}（最終課題で評価）",
                    "en": f"{outcome['statement']['en']} (assessed in the final project)",
                },
            }
            for outcome in content["learning_outcomes"]
        ]
    if F.ASSESSMENT in fields:
        content["assessment"] = {
            **content["assessment"],
            "pass_criteria": {
                "ja": "ルーブリックの全観点で60%以上、かつ最終課題の提出を必須とする。",
                "en": "At least 60% on every rubric criterion; the final project is compulsory.",
            },
            "rubric_published": True,
        }
    return content
