from django import template

from cms.schema_org import credential_jsonld, jsonld_script

register = template.Library()


@register.simple_tag
def credential_jsonld_script(page):
    """The item page's schema.org credential, safe to place in the page's <head>."""
    return jsonld_script(credential_jsonld(page))
