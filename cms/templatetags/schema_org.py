from django import template

from cms.schema_org import credential_jsonld, jsonld_script

register = template.Library()


@register.simple_tag(takes_context=True)
def credential_jsonld_script(context, page):
    """The item page's schema.org credential, safe to place in the page's <head>."""
    return jsonld_script(credential_jsonld(page, context.get("request")))
