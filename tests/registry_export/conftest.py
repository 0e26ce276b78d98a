import pytest


@pytest.fixture(autouse=True)
def accreditor_key_file(settings, tmp_path):
    """Each test starts with no ACCREDITOR_KEY and its own, not yet created, dev key file."""
    settings.ACCREDITOR_KEY = ""
    settings.ACCREDITOR_KEY_FILE = tmp_path / "var" / "accreditor_key"
    settings.ACCREDITOR_KEY_GENERATE = True
    return settings.ACCREDITOR_KEY_FILE
