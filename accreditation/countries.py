"""The countries a provider organisation may be based in, named in the reader's language.

The list is the one the registry can state: each code has its entry in the EU country
authority table that ELM documents cite (alpha-3, `ALPHA3`). Pages show the name
(`{{ code|label:"country" }}`), never the ISO 3166 code; the code stays in the data and the
registry documents. Adding a country is one line here and one msgid in the Japanese catalogue.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    AE = "AE", _("United Arab Emirates")
    AU = "AU", _("Australia")
    CN = "CN", _("China")
    DE = "DE", _("Germany")
    FR = "FR", _("France")
    GB = "GB", _("United Kingdom")
    ID = "ID", _("Indonesia")
    IN = "IN", _("India")
    JP = "JP", _("Japan")
    KR = "KR", _("Republic of Korea")
    MY = "MY", _("Malaysia")
    NZ = "NZ", _("New Zealand")
    PH = "PH", _("Philippines")
    SG = "SG", _("Singapore")
    TH = "TH", _("Thailand")
    TW = "TW", _("Taiwan")
    US = "US", _("United States")
    VN = "VN", _("Viet Nam")


#: ISO 3166-1 alpha-2 -> alpha-3, the code of the EU country authority table.
ALPHA3 = {
    "AE": "ARE", "AU": "AUS", "CN": "CHN", "DE": "DEU", "FR": "FRA", "GB": "GBR",
    "ID": "IDN", "IN": "IND", "JP": "JPN", "KR": "KOR", "MY": "MYS", "NZ": "NZL",
    "PH": "PHL", "SG": "SGP", "TH": "THA", "TW": "TWN", "US": "USA", "VN": "VNM",
}  # fmt: skip


def country_name(code):
    """The country's name in the active language; an unlisted code (data from before the
    list) as it is."""
    try:
        return Country(code).label
    except ValueError:
        return code or ""


def choices_by_name():
    """(code, name) of every country for a select: Japan first (most providers are there),
    then the others in the active language's order of names."""
    others = sorted(
        (choice for choice in Country.choices if choice[0] != Country.JP),
        key=lambda choice: str(choice[1]),
    )
    return [(Country.JP.value, Country.JP.label), *others]
