"""What the apps above contributors keep about a person, registered in their ``ready()``.

A part is rows another app holds about a person (camps: the camps they attended). The
person page includes the part's template with the person's rows and lists the mentors those
rows name among the person's mentors; the people API shows the rows in a person's private
part, under the part's name. Contributors reads them through the functions registered here
and never imports the app that keeps them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch

from contributors.models import Contributor

if TYPE_CHECKING:
    from rest_framework.fields import Field


@dataclass(frozen=True)
class PersonPart:
    name: str  # its key in the API's private part
    template: str  # included in the person page's camps and mentors card, with ``rows``
    rows_of: Callable[[Contributor], list[Any]]  # one person's rows for the page: one query
    mentors_in: Callable[[list[Any]], Iterable[Contributor]]  # the mentors those rows name
    prefetch: Callable[[], Prefetch]  # everyone's rows for the people API: one query
    field: Callable[[], "Field"]  # the prefetched rows as the private part shows them


PARTS: list[PersonPart] = []


def register_part(part: PersonPart) -> None:
    if part not in PARTS:
        PARTS.append(part)
