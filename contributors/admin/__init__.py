"""The organizers' back office for people, identities and mentorships.

Contributor, Identity and Enrollment tables grow with every sync (a person per author ever
seen), so every foreign key to them is an autocomplete: a plain select would render one
option per row.

Who is who changes only through ``contributors.merges``: changing an identity's person here
links it by hand, and merges, undos, splits and decisions on suggestions are actions (and a
button on each row) that call the same functions the commands call.

people: contributors · identities: identities and the pairs seen together · mentorships:
who mentors whom · notes: mentors' check-in notes · resolution: merge suggestions and the
merge log · claims: GitHub sign-ins claiming a person by login, for organizers to decide ·
tokens: API tokens, shown once. Camps and enrolments are the camps app's (``camps.admin``).
"""

# Importing each module registers its admins.
from contributors.admin import (  # noqa: F401
    claims,
    identities,
    mentorships,
    notes,
    people,
    resolution,
    tokens,
)
