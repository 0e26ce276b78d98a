"""The registry's linked data in a page: `{% load registry_jsonld %}`."""

from django import template

from registry_export.schema_org import credential, jsonld_script

register = template.Library()


@register.simple_tag
def credential_jsonld_script(page):
    """A catalogue item page's schema.org credential, safe to place in the page's <head>:
    built from the facts the page stores (`page.public_facts()`), at the page's address."""
    return jsonld_script(
        credential(page.public_facts(), language=page.locale.language_code, url=page.public_url())
    )
