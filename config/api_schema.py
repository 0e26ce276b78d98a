def only_project_api(endpoints):
    """drf-spectacular hook: document our /api/ only, not Wagtail's admin API under
    /cms-admin/ (whose views would otherwise warn in `check --deploy`)."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/")]
