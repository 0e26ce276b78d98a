"""Reference data kept as data, so that staff can correct it without a release."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class FieldOfStudy(models.Model):
    """One of the national survey's 16 fields of study (DESIGN §2), with its ISCED-F code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    isced_f = models.CharField(_("ISCED-F code"), max_length=4, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("field of study")
        verbose_name_plural = _("fields of study")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.name_en if get_language() == "en" else self.name_ja
