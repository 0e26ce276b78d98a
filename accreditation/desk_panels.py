"""Extension point: other apps add panels to the staff desk's case page.

A panel is a callable `panel(request, dossier)` returning `(template_name, context)` or None.
The reviewer side registers the reviews and assignment panel, so the core never imports it.
A panel's context may carry an `accept_option` and its `accept_option_template`, included in
the "accept for review" form; an action hook `hook(request, dossier, action)` runs after a
desk action, in its transaction (a refusal undoes the action too).
"""

_panels = []
_action_hooks = []


def register_action_hook(hook):
    if hook not in _action_hooks:
        _action_hooks.append(hook)
    return hook


def after_action(request, dossier, action):
    for hook in _action_hooks:
        hook(request, dossier, action)


def register(panel):
    if panel not in _panels:
        _panels.append(panel)
    return panel


def render_context(request, dossier):
    """[(template_name, context), ...] for the panels that have something to show."""
    rendered = (panel(request, dossier) for panel in _panels)
    return [item for item in rendered if item is not None]


# Markers: other apps flag rows of the desk's case list ("reviewers disagree"...).
# A marker is a callable `marker(dossiers)` returning `{dossier_id: text}` in a fixed number of
# queries for the whole page.

_markers = []


def register_marker(marker):
    if marker not in _markers:
        _markers.append(marker)
    return marker


def mark(dossiers):
    """Set `desk_markers` (a list of texts) on each dossier of the page."""
    dossiers = list(dossiers)
    found = [marker(dossiers) for marker in _markers]
    for dossier in dossiers:
        dossier.desk_markers = [texts[dossier.pk] for texts in found if dossier.pk in texts]
    return dossiers
