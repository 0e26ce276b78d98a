"""Reference data kept by the secretariat in the Django admin, without a code change."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from accreditation.models import CreditSystem, JurisdictionProfile, LevelFramework
from accreditation.reference_data import (
    load_credit_systems,
    load_jurisdiction_profiles,
    load_level_frameworks,
)
from accreditation.screening import screen
from tests.accreditation.factories import complete_content, with_second_factor

pytestmark = pytest.mark.django_db

ADMIN = "/django-admin/accreditation"
REFERENCE_CHANGELISTS = ["creditsystem", "levelframework", "jurisdictionprofile", "fieldofstudy"]


@pytest.fixture(autouse=True)
def reference_tables(reference_data):
    """The reference tables as the data migration loads them (a flush may have emptied them)."""
    load_credit_systems(CreditSystem)
    load_level_frameworks(LevelFramework)
    load_jurisdiction_profiles(JurisdictionProfile)


@pytest.fixture
def secretariat(client, people):
    client.force_login(people.secretariat)
    return client


@pytest.fixture
def superuser(client, people):
    root = get_user_model().objects.create_superuser("root", "root@example.org", "pw")
    client.force_login(with_second_factor(root))
    return client


def credit_system_form(system, **changes):
    return {
        "name_ja": system.name_ja,
        "name_en": system.name_en,
        "hours_per_credit_min": system.hours_per_credit_min,
        "hours_per_credit_max": system.hours_per_credit_max,
        **changes,
    }


def change_url(obj):
    return f"{ADMIN}/{obj._meta.model_name}/{obj.pk}/change/"


def jp_claim_status(hours, credits):
    hours_block = {"contact": hours, "self_study": 0, "assessment": 0}
    hours_block["credits_claimed"] = [{"system": "JP", "value": credits}]
    report = screen(complete_content(learning_hours=hours_block))
    return next(c["status"] for c in report["checks"] if c["id"] == "credits_consistent:JP")


# Who may use the admin


@pytest.mark.parametrize("changelist", REFERENCE_CHANGELISTS)
def test_the_secretariat_opens_each_reference_table(secretariat, changelist):
    assert secretariat.get(f"{ADMIN}/{changelist}/").status_code == 200
    assert secretariat.get(f"{ADMIN}/{changelist}/add/").status_code == 200


def test_the_secretariat_changes_nothing_else(secretariat, people):
    assert secretariat.get(f"{ADMIN}/auditevent/").status_code == 403
    assert secretariat.get(f"{ADMIN}/dossier/add/").status_code == 403
    assert secretariat.get("/django-admin/auth/user/").status_code == 403
    response = secretariat.post(
        f"{ADMIN}/providerorganisation/{people.org_a.pk}/change/", {"name_en": "Renamed"}
    )
    assert response.status_code == 403
    system = CreditSystem.objects.get(code="JP")
    response = secretariat.post(f"{ADMIN}/creditsystem/{system.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert CreditSystem.objects.filter(code="JP").exists()


@pytest.mark.parametrize("role", ["committee", "provider_a", "reviewer", "outsider"])
def test_other_roles_are_sent_to_sign_in(client, people, role):
    person = getattr(people, role)
    client.force_login(getattr(person, "user", person))  # a reviewer is a profile
    response = client.get(f"{ADMIN}/creditsystem/")
    assert response.status_code == 302
    assert response["Location"].startswith("/django-admin/login/")


def test_the_secretariat_uses_the_admin_and_a_provider_cannot(client, people):
    """Signing in is allauth's (tests/accounts/test_one_door.py); the admin then lets in the
    secretariat and refuses a provider."""
    client.force_login(people.provider_a)
    refused = client.get("/django-admin/", follow=True)
    assert refused.redirect_chain == [("/django-admin/login/?next=/django-admin/", 302)]
    assert refused.status_code == 403
    client.force_login(people.secretariat)
    assert "Credit systems" in client.get("/django-admin/").content.decode()


# Editing a figure changes screening at once


def test_a_new_hours_per_credit_is_used_by_the_next_screening(secretariat):
    system = CreditSystem.objects.get(code="JP")
    assert (jp_claim_status(90, 2), jp_claim_status(90, 3)) == ("pass", "fail")
    response = secretariat.post(
        change_url(system),
        credit_system_form(system, hours_per_credit_min="30", hours_per_credit_max="30"),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    system.refresh_from_db()
    assert system.hours_per_credit_min == system.hours_per_credit_max == Decimal(30)
    assert (jp_claim_status(90, 2), jp_claim_status(90, 3)) == ("fail", "pass")


def test_a_new_size_rule_is_used_by_the_next_screening(secretariat):
    profile = JurisdictionProfile.objects.get(code="MY")
    form = {
        "name_ja": profile.name_ja,
        "name_en": profile.name_en,
        "min_hours": "30",
        "max_hours": "",
        "rule_ja": "30時間以上",
        "rule_en": "At least 30 hours",
    }
    assert secretariat.post(change_url(profile), form).status_code == 302
    hours = {"contact": 35, "self_study": 0, "assessment": 0, "credits_claimed": []}
    report = screen(complete_content(learning_hours=hours, jurisdiction_profiles=["MY"]))
    size = next(c for c in report["checks"] if c["id"] == "size:MY")
    assert size["status"] == "pass"
    assert size["message"]["en"] == "35 hours meets the Malaysia rule: At least 30 hours."


def test_the_secretariat_adds_a_credit_system(secretariat):
    form = {
        "code": "KR",
        "name_ja": "韓国単位",
        "name_en": "Korean credit",
        "hours_per_credit_min": "15",
        "hours_per_credit_max": "15",
    }
    assert secretariat.post(f"{ADMIN}/creditsystem/add/", form).status_code == 302
    assert CreditSystem.objects.get(code="KR").hours_per_credit_max == Decimal(15)


def test_codes_are_fixed_once_created(secretariat):
    system = CreditSystem.objects.get(code="JP")
    secretariat.post(change_url(system), credit_system_form(system, code="JX"))
    system.refresh_from_db()
    assert system.code == "JP"


# Validation


def form_errors(response):
    assert response.status_code == 200
    form = response.context["adminform"].form
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


@pytest.mark.parametrize(
    ("low", "high", "errors"),
    [
        ("30", "25", {"hours_per_credit_max": ["The highest figure cannot be below the lowest."]}),
        ("0", "25", {"hours_per_credit_min": ["A credit stands for more than 0 hours."]}),
    ],
)
def test_hours_per_credit_must_be_a_positive_range(secretariat, low, high, errors):
    system = CreditSystem.objects.get(code="ECTS")
    form = credit_system_form(system, hours_per_credit_min=low, hours_per_credit_max=high)
    assert form_errors(secretariat.post(change_url(system), form)) == errors
    system.refresh_from_db()
    assert (system.hours_per_credit_min, system.hours_per_credit_max) == (25, 30)


def test_an_equal_lowest_and_highest_figure_is_accepted(secretariat):
    system = CreditSystem.objects.get(code="ECTS")
    form = credit_system_form(system, hours_per_credit_min="27", hours_per_credit_max="27")
    assert secretariat.post(change_url(system), form).status_code == 302


def level_form(framework, **changes):
    return {
        "name_ja": framework.name_ja,
        "name_en": framework.name_en,
        "min_level": framework.min_level,
        "max_level": framework.max_level,
        "step": framework.step,
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"step": "0.2"},
            {"step": ["The step is 1 (whole levels) or 0.5 (half levels as well)."]},
        ),
        ({"step": "2"}, {"step": ["The step is 1 (whole levels) or 0.5 (half levels as well)."]}),
        (
            {"min_level": "5", "max_level": "4"},
            {"max_level": ["The highest level cannot be below the lowest."]},
        ),
        (
            {"max_level": "8.5"},
            {"max_level": ["The highest level must be reached from the lowest in steps of 1."]},
        ),
    ],
)
def test_a_level_framework_must_have_whole_or_half_steps_in_range(secretariat, changes, errors):
    framework = LevelFramework.objects.get(code="EQF")
    response = secretariat.post(change_url(framework), level_form(framework, **changes))
    assert form_errors(response) == errors
    framework.refresh_from_db()
    assert (framework.min_level, framework.max_level, framework.step) == (1, 8, 1)


@pytest.mark.parametrize(
    "changes", [{"step": "0.5"}, {"step": "1", "max_level": "9"}, {"min_level": "8"}]
)
def test_valid_level_frameworks_are_saved(secretariat, changes):
    framework = LevelFramework.objects.get(code="EQF")
    response = secretariat.post(change_url(framework), level_form(framework, **changes))
    assert response.status_code == 302


def profile_form(profile, **changes):
    return {
        "name_ja": profile.name_ja,
        "name_en": profile.name_en,
        "min_hours": profile.min_hours or "",
        "max_hours": profile.max_hours or "",
        "rule_ja": profile.rule_ja,
        "rule_en": profile.rule_en,
        **changes,
    }


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"min_hours": "500"}, {"max_hours": ["“At most” cannot be below “at least”."]}),
        ({"min_hours": "-1"}, {"min_hours": ["Hours cannot be negative."]}),
    ],
)
def test_a_size_rule_must_be_a_range(secretariat, changes, errors):
    profile = JurisdictionProfile.objects.get(code="NZ")
    response = secretariat.post(change_url(profile), profile_form(profile, **changes))
    assert form_errors(response) == errors
    profile.refresh_from_db()
    assert (profile.min_hours, profile.max_hours) == (10, 400)


# Exactly one default profile


def defaults():
    return list(JurisdictionProfile.objects.filter(is_default=True).values_list("code", flat=True))


def test_the_default_moves_with_the_action_and_stays_single(secretariat):
    eu = JurisdictionProfile.objects.get(code="EU")
    response = secretariat.post(
        f"{ADMIN}/jurisdictionprofile/",
        {"action": "make_default", "_selected_action": [eu.pk]},
        follow=True,
    )
    assert "EU is now the default profile." in [str(m) for m in response.context["messages"]]
    assert defaults() == ["EU"]


def test_the_default_action_needs_exactly_one_profile(secretariat):
    pks = list(
        JurisdictionProfile.objects.filter(code__in=["EU", "NZ"]).values_list("pk", flat=True)
    )
    response = secretariat.post(
        f"{ADMIN}/jurisdictionprofile/",
        {"action": "make_default", "_selected_action": pks},
        follow=True,
    )
    assert "Select exactly one profile to be the default." in [
        str(m) for m in response.context["messages"]
    ]
    assert defaults() == ["JP"]


def test_the_default_cannot_be_unticked_in_the_form(secretariat):
    jp = JurisdictionProfile.objects.get(code="JP")
    response = secretariat.post(change_url(jp), profile_form(jp, is_default=""))
    assert response.status_code == 302
    eu = JurisdictionProfile.objects.get(code="EU")
    secretariat.post(change_url(eu), profile_form(eu, is_default="on"))
    assert defaults() == ["JP"]


def test_a_new_profile_is_not_the_default(secretariat):
    form = {
        "code": "KR",
        "name_ja": "韓国",
        "name_en": "Korea",
        "min_hours": "15",
        "max_hours": "",
        "rule_ja": "15時間以上",
        "rule_en": "At least 15 hours",
        "is_default": "on",
    }
    assert secretariat.post(f"{ADMIN}/jurisdictionprofile/add/", form).status_code == 302
    assert JurisdictionProfile.objects.filter(code="KR", is_default=False).exists()
    assert defaults() == ["JP"]


def test_even_a_superuser_cannot_delete_the_default_profile(superuser):
    jp = JurisdictionProfile.objects.get(code="JP")
    nz = JurisdictionProfile.objects.get(code="NZ")
    assert (
        superuser.post(f"{ADMIN}/jurisdictionprofile/{jp.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert defaults() == ["JP"]
    response = superuser.get(f"{ADMIN}/jurisdictionprofile/")
    actions = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert "make_default" in actions
    assert "delete_selected" not in actions
    assert (
        superuser.post(f"{ADMIN}/jurisdictionprofile/{nz.pk}/delete/", {"post": "yes"}).status_code
        == 302
    )
    assert not JurisdictionProfile.objects.filter(code="NZ").exists()
