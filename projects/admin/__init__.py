"""The organizers' back office for projects, titles, source records and syncs.

catalog: projects, repositories and titles, edited by organizers · records: what sources
say happened · sync: where each source's sync stands · rollups: monthly counts ·
calibration: progress targets measured on committers. The last four are written by syncs
and tasks only, so their admins share the read-only base in synced.
"""

# Importing each module registers its admins.
from projects.admin import calibration, catalog, lists, records, rollups, sync  # noqa: F401
