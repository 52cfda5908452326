"""Helpers every app may use; nothing here imports an app.

The rest of ``osc4you`` is the project shell (settings, URLs, the API's routes, the home page,
the admin site, the Celery app), which may import every app and which no app imports.

commands: the base class of management commands · cells: spreadsheet cells that never run ·
assets: browser libraries' URLs · bounds: limits on what people type · the API's shared
pieces: parsers, serializers, pagination, schema, api_errors.
"""
