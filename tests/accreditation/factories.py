"""Factories for the core. Domain objects are made through the services, as users make them."""

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from accreditation import services
from accreditation.models import MemberRole, ProviderKind

PASSWORD = "correct-horse-battery-staple"
#: The test accounts' authenticator app: `tests.accounts.codes.current_code()` gives its code.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(self, create, extracted, **kwargs):
        if create:
            self.save()


def with_second_factor(user):
    """Enrol the user's authenticator app, as their role requires (accounts/second_factor.py)."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, TOTP_SECRET)
    return user


def staff_user(role, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return with_second_factor(user)


def organisation(**kwargs):
    n = organisation.counter = getattr(organisation, "counter", 0) + 1
    fields = {
        "slug": f"org-{n}",
        "name_ja": f"組織{n}",
        "name_en": f"Organisation {n}",
        "kind": ProviderKind.PRIVATE_UNIVERSITY,
        **kwargs,
    }
    return services.organisation_create(actor=None, **fields)


def provider_member(org, role=MemberRole.EDITOR, **kwargs):
    user = UserFactory(**kwargs)
    services.membership_add(actor=None, organisation=org, user=user, role=role)
    return user


def complete_content(**overrides):
    """A dossier content that passes every completeness check."""
    content = {
        "title": {"ja": "データサイエンス入門", "en": "Introduction to Data Science"},
        "summary": {"ja": "データ分析の基礎を学ぶ。", "en": "The basics of data analysis."},
        "field_of_study": "digital",
        "design_pattern": "standalone",
        "purpose": {
            "aim": {"ja": "実務でデータを扱える人材を育てる。", "en": "Train people to use data."},
            "target_learners": {"ja": "社会人", "en": "Working adults"},
        },
        "learning_hours": {"contact": 30, "self_study": 25, "assessment": 5, "credits_claimed": []},
        "content": {
            "topics": [{"ja": "統計の基礎", "en": "Basic statistics"}],
            "delivery_mode": "online",
            "languages": ["ja"],
        },
        "level": {"framework": "JEQF", "value": 5},
        "assessment": {
            "awarded_on": "assessment",
            "methods": ["project"],
            "pass_criteria": {"ja": "課題で60点以上", "en": "60% or more on the project"},
            "grading_scheme": "pass_fail",
            "supervision": "supervised_online_id",
            "rubric_published": True,
        },
        "learning_outcomes": [
            {
                "statement": {"ja": "データを可視化できる", "en": "Can visualise data"},
                "type": "skill",
                "skill_uri": "http://data.europa.eu/esco/skill/example",
            }
        ],
        "stackability": {"stand_alone": True, "counts_toward": []},
        "jurisdiction_profiles": ["JP"],
    }
    content.update(overrides)
    return content


def dossier(org, author=None, **content_overrides):
    author = author or provider_member(org)
    return services.dossier_create(
        actor=author, organisation=org, content=complete_content(**content_overrides)
    )
