"""Extension point: other apps add panels to the staff desk's case page.

A panel is a callable `panel(request, dossier)` returning `(template_name, context)` or None.
The reviewer side registers the reviews and assignment panel, so the core never imports it.
"""

_panels = []


def register(panel):
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render_context(request, dossier):
    """[(template_name, context), ...] for the panels that have something to show."""
    rendered = (panel(request, dossier) for panel in _panels)
    return [item for item in rendered if item is not None]
