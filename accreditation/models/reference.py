"""Reference data kept as data, so that staff can correct it without a release."""

from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bilingual import NamedInTwoLanguages


class FieldOfStudy(NamedInTwoLanguages, models.Model):
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


class BilingualName(NamedInTwoLanguages, models.Model):
    code = models.CharField(_("code"), max_length=10, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return f"{self.code}: {self.name}"


class CreditSystem(BilingualName):
    """A credit system and how many notional hours one credit stands for.

    Most systems fix one figure (Japan 45 h); ECTS allows a range (25–30 h per credit), so a
    claim is consistent anywhere between hours ÷ 30 and hours ÷ 25.
    """

    hours_per_credit_min = models.DecimalField(
        _("hours per credit (lowest)"), max_digits=5, decimal_places=1
    )
    hours_per_credit_max = models.DecimalField(
        _("hours per credit (highest)"), max_digits=5, decimal_places=1
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("credit system")
        verbose_name_plural = _("credit systems")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours_per_credit_min__gt=0)
                & models.Q(hours_per_credit_max__gte=models.F("hours_per_credit_min")),
                name="credit_hours_range",
            )
        ]

    def clean(self):
        low, high = self.hours_per_credit_min, self.hours_per_credit_max
        if low is not None and low <= 0:
            raise ValidationError(
                {"hours_per_credit_min": _("A credit stands for more than 0 hours.")}
            )
        if low is not None and high is not None and high < low:
            raise ValidationError(
                {"hours_per_credit_max": _("The highest figure cannot be below the lowest.")}
            )


#: The steps between levels that frameworks use: whole levels, or halves as well (NSQF).
LEVEL_STEPS = (Decimal(1), Decimal("0.5"))


class LevelFramework(BilingualName):
    """A qualifications framework and the levels it has (NSQF alone has half levels)."""

    min_level = models.DecimalField(_("lowest level"), max_digits=3, decimal_places=1, default=1)
    max_level = models.DecimalField(_("highest level"), max_digits=3, decimal_places=1)
    step = models.DecimalField(
        _("step between levels"),
        max_digits=2,
        decimal_places=1,
        default=1,
        help_text=_("1 for whole levels; 0.5 where half levels exist (NSQF 4.5)."),
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("level framework")
        verbose_name_plural = _("level frameworks")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(step__gt=0) & models.Q(max_level__gte=models.F("min_level")),
                name="level_range",
            )
        ]

    def clean(self):
        low, high, step = self.min_level, self.max_level, self.step
        if step is not None and step not in LEVEL_STEPS:
            raise ValidationError(
                {"step": _("The step is 1 (whole levels) or 0.5 (half levels as well).")}
            )
        if low is None or high is None:
            return
        if high < low:
            raise ValidationError({"max_level": _("The highest level cannot be below the lowest.")})
        if step is not None and (high - low) % step:
            raise ValidationError(
                {
                    "max_level": _(
                        "The highest level must be reached from the lowest in steps of %(step)s."
                    )
                    % {"step": step.normalize()}
                }
            )

    def has_level(self, value):
        """True if `value` (int, float, Decimal or Fraction) is one of the framework's levels.

        Compared exactly as fractions: screening passes Fractions, whose str() ("9/2") is not
        a Decimal literal.
        """
        value, low, high, step = (
            Fraction(str(x)) for x in (value, self.min_level, self.max_level, self.step)
        )
        return low <= value <= high and ((value - low) / step).denominator == 1


class JurisdictionProfile(BilingualName):
    """The size rule of one jurisdiction, in total notional learning hours (DESIGN §2).

    An empty bound means the jurisdiction sets none; with neither bound there is no numeric rule
    (the United States) and the check passes with the profile's note.
    """

    min_hours = models.DecimalField(
        _("at least (hours)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    max_hours = models.DecimalField(
        _("at most (hours)"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    rule_ja = models.CharField(_("the rule (Japanese)"), max_length=300)
    rule_en = models.CharField(_("the rule (English)"), max_length=300)
    is_default = models.BooleanField(
        _("the accreditor's default profile"),
        default=False,
        help_text=_("Offered first to providers. Only one profile can be the default."),
    )

    class Meta(BilingualName.Meta):
        verbose_name = _("jurisdiction profile")
        verbose_name_plural = _("jurisdiction profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_profile",
            )
        ]

    def clean(self):
        low, high = self.min_hours, self.max_hours
        for name, value in (("min_hours", low), ("max_hours", high)):
            if value is not None and value < 0:
                raise ValidationError({name: _("Hours cannot be negative.")})
        if low is not None and high is not None and high < low:
            raise ValidationError({"max_hours": _("“At most” cannot be below “at least”.")})


class LevelEquivalence(models.Model):
    """The crosswalk: which EQF level a framework's level is taken as equal to.

    Kept as data because referencing one framework onto another is a judgement that the
    accreditor may revise (JEQF and EQF map one to one; 10-level frameworks are referenced
    onto 8). The catalogue's "level by EQF equivalent" filter and item pages read it live.
    """

    framework = models.ForeignKey(
        LevelFramework,
        on_delete=models.CASCADE,
        related_name="equivalences",
        verbose_name=_("framework"),
    )
    level = models.DecimalField(_("level"), max_digits=3, decimal_places=1)
    eqf_level = models.PositiveSmallIntegerField(
        _("EQF level"),
        validators=[MinValueValidator(1), MaxValueValidator(8)],
        help_text=_("The level of the European Qualifications Framework (1–8) it equals."),
    )

    class Meta:
        ordering = ["framework__code", "level"]
        verbose_name = _("level equivalence")
        verbose_name_plural = _("level equivalences (crosswalk)")
        constraints = [
            models.UniqueConstraint(fields=["framework", "level"], name="one_equivalence_a_level"),
            models.CheckConstraint(
                condition=models.Q(eqf_level__gte=1) & models.Q(eqf_level__lte=8),
                name="eqf_level_range",
            ),
        ]

    def __str__(self):
        return f"{self.framework.code} {self.level.normalize()} = EQF {self.eqf_level}"

    def clean(self):
        framework = getattr(self, "framework", None)
        if framework is not None and self.level is not None and not framework.has_level(self.level):
            raise ValidationError(
                {
                    "level": _("%(framework)s has no level %(level)s.")
                    % {"framework": framework.code, "level": self.level.normalize()}
                }
            )
