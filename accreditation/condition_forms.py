"""The rows of conditions in the committee's decision form (desk case page)."""

#: Empty rows offered in the form; a decision may carry up to services.conditions.MAX_CONDITIONS.
ROWS = 3
FIELDS = ("text_ja", "text_en", "due_on")


def conditions_from(data):
    """The posted rows `conditions-<n>-<field>`, as dossier_decide takes them; the service
    skips empty rows and checks the others."""
    rows = []
    n = 0
    while f"conditions-{n}-due_on" in data:
        rows.append({field: data.get(f"conditions-{n}-{field}", "") for field in FIELDS})
        n += 1
    return rows
