"""The API does what its OpenAPI document says: schemathesis over /api/v1/schema/.

Every operation is called with generated requests, valid and invalid, with the provider's key
and without: no answer is a 500; every status, content type, header and body is one the
document gives; invalid requests are refused; the key is required where the document says.
Two checks are left out where they cannot hold. "A schema-valid request is accepted": every
string of the document may be any text, and text with a control character is refused at the
door (config/input_rules.py, documented as each operation's 400). And for the public
catalogue's list, "a schema-violating request is refused": its filters are free strings that
forgive an unknown value as the catalogue page does, and a value schemathesis makes of the wrong
type (false, 0) reads on the wire as the string it also is. Its typed parameters (page, credits)
and unknown names are refused, as tests/cms/test_api.py shows.

Cases per operation: API_EXAMPLES (default 25; CI runs 250, about 2,000 in all).
"""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

from accreditation.services import tokens
from config.wsgi import application

EXAMPLES = int(os.environ.get("API_EXAMPLES", "25"))

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


#: The provider organisation's key: made before the tests, since schemathesis asks for it while
#: it collects them; the `api_key` fixture gives it to the organisation.
KEY = tokens.new_key()


@schema.auth()
class ProviderKey:
    """Schemathesis signs its requests with the provider's key; it knows the header is the
    credential, so it leaves it out or spoils it only to test that a key is required."""

    def get(self, case, context):
        return KEY

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def one_connection():
    """schemathesis calls the WSGI application itself, not through Django's test client, so
    Django would close the database connection after each request, and with it the test's
    transaction; as the test client does, keep it open."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def api_key(people, one_connection):
    tokens.api_token_create(actor=None, organisation=people.org_a, name="contract", raw_key=KEY)
    return KEY


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,
)
def test_the_api_keeps_its_documented_contract(case, api_key):
    excluded = [positive_data_acceptance]
    if case.operation.path == "/api/v1/credentials/":
        excluded.append(negative_data_rejection)
    case.call_and_validate(excluded_checks=excluded)


def test_the_document_lists_every_operation():
    """An operation missing from the document would be missing from the test above too."""
    operations = {
        f"{method.upper()} {path}"
        for path, methods in schema.raw_schema["paths"].items()
        for method in methods
    }
    assert operations == {
        "GET /api/v1/credentials/",
        "GET /api/v1/provider/dossiers/",
        "POST /api/v1/provider/dossiers/",
        "GET /api/v1/provider/dossiers/{id}/",
        "PUT /api/v1/provider/dossiers/{id}/",
        "GET /api/v1/provider/dossiers/{id}/screening/",
        "POST /api/v1/provider/dossiers/{id}/submit/",
        "POST /api/v1/verify/",
    }
