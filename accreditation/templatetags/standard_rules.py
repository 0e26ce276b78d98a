"""The standard's scoring rule on a page, in the reader's language, from its constants
(accreditation/standard.py): `{% load standard_rules %}{% pass_rule %}`."""

from django import template

from accreditation import standard

register = template.Library()

register.simple_tag(standard.scale, name="scoring_scale")
register.simple_tag(standard.pass_rule, name="pass_rule")
register.simple_tag(standard.disagreement_rule, name="disagreement_rule")
