"""Browser libraries the build brings from the npm registry (``make install``)."""

from django.contrib.staticfiles.storage import staticfiles_storage

CHART_JS = "vendor/chart.umd.min.js"


def chart_js_url() -> str | None:
    """Chart.js's URL, or None when the build has not copied it: pages then show their
    tables only."""
    try:
        return staticfiles_storage.url(CHART_JS)
    except ValueError:  # not in the manifest: collected without it
        return None
