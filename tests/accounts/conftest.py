import pytest


def confirm_address(user):
    """allauth signs in no one whose address is not confirmed."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@pytest.fixture
def verified(people):
    """The cast, each with a confirmed address."""
    for user in (people.provider_a, people.secretariat, people.committee, people.reviewer.user):
        confirm_address(user)
    return people


@pytest.fixture
def client(client, settings):
    """A client reading the English UI (allauth's messages are compared in English)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
