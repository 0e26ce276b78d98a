"""Labels of coded values, as Django's get_FOO_display() gives them, at list speed."""


def label_of(choices, value):
    """The label of `value` among `choices` (a TextChoices class), or the value itself if it is
    not one of them: what get_FOO_display() returns. Django's rebuilds and flattens the whole
    list of choices at every call (60 µs); a list page calls it for each of its 50 rows."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value
