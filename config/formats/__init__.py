"""Date and time formats per language, read by Django's `date` filter and `date_format`.

Every page and email shows a moment in Asia/Tokyo (TIME_ZONE; templates convert aware
datetimes themselves, Python code calls `timezone.localtime`) in one format per language.
English times carry their zone (JST): an English reader may be anywhere. Machine-readable
values (JSON-LD, API JSON, `<time datetime>`, CSV) stay ISO 8601 and never use these.
"""
