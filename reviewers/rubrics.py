"""The rubric is data: staff add versions; a review keeps the version it was opened with.

A version's descriptors must say, in Japanese and English, what each score from 0 to 3 means
for each of the six standard fields; anything less would leave a reviewer without a guide.
"""

from django.utils.translation import gettext as _

from accreditation.content import TEXT_LANGUAGES, StandardField

LEVELS = ("0", "1", "2", "3")


def descriptor_problems(descriptors) -> list[str]:
    """What is missing or unexpected in a rubric's descriptors, as sentences; [] when sound."""
    if not isinstance(descriptors, dict):
        return [_("The descriptors must be an object keyed by standard field.")]
    problems = []
    labels = dict(StandardField.choices)
    unknown = sorted(set(descriptors) - set(StandardField.values))
    if unknown:
        problems.append(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    for key in StandardField.values:
        levels = descriptors.get(key)
        if not isinstance(levels, dict) or sorted(levels) != list(LEVELS):
            problems.append(
                _("“%(field)s” needs exactly the levels 0, 1, 2 and 3.") % {"field": labels[key]}
            )
            continue
        for level in LEVELS:
            text = levels[level]
            if not isinstance(text, dict) or not all(
                isinstance(text.get(lang), str) and text[lang].strip() for lang in TEXT_LANGUAGES
            ):
                problems.append(
                    _("“%(field)s”, level %(level)s: give the descriptor in Japanese and English.")
                    % {"field": labels[key], "level": level}
                )
    return problems


def next_version_number(rubric_model) -> int:
    latest = rubric_model.objects.order_by("-version").values_list("version", flat=True).first()
    return (latest or 0) + 1
