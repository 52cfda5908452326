"""Who may see what: the four roles, and the checks that pages and the API share.

- anonymous: the home page and community figures;
- contributor: a user linked to a Contributor; their own page in full, other people's
  pages without private parts (emails, check-in notes, enrolment goals and status);
- mentor: a contributor with a current mentee (a mentorship not yet ended, or what the apps
  above register as a source of mentees: camps, an active enrolment naming them as mentor);
  also their mentees' private parts and the dashboard;
- organizer: a member of the "organizers" group, or a superuser; everything.

``is_staff`` alone grants nothing here: it opens the admin, whose own permissions apply.
Answers are cached on the user object, so one request asks the database once.
"""

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser, Group, Permission, User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from rest_framework.permissions import BasePermission

from contributors.models import Contributor, Mentorship

ORGANIZERS_GROUP = "organizers"
# The apps whose every model organizers may view and change in the admin.
# axes: organizers see failed sign-ins and lift a lockout by deleting its attempts.
ORGANIZER_APPS = (
    "contributors",
    "projects",
    "camps",
    "community",
    "django_celery_beat",
    "axes",
)

AnyUser = User | AnonymousUser


class Role(StrEnum):
    ANONYMOUS = "anonymous"
    CONTRIBUTOR = "contributor"
    MENTOR = "mentor"
    ORGANIZER = "organizer"


# Where else current mentees come from, registered by the apps above contributors in their
# ready() (camps: active enrolments naming a mentor): ``source(mentor=, today=)`` returns a
# values_list of mentee ids, everyone's whose mentor is set when ``mentor`` is None.
MENTEE_SOURCES: list[Callable[..., QuerySet]] = []


def register_mentee_source(source: Callable[..., QuerySet]) -> None:
    if source not in MENTEE_SOURCES:
        MENTEE_SOURCES.append(source)


def cached_on(user: AnyUser, key: str, compute: Callable[[], Any]) -> Any:
    """``compute()``, asked once per user object (so once per request) under ``key``."""
    cache = user.__dict__.setdefault("_osc4you_roles", {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def is_organizer(user: AnyUser) -> bool:
    """A superuser, or an active member of the organizers group."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return cached_on(user, "organizer", lambda: user.groups.filter(name=ORGANIZERS_GROUP).exists())


def contributor_of(user: AnyUser) -> Contributor | None:
    """The Contributor an active user is linked to, if any."""
    if not user.is_authenticated or not user.is_active:
        return None
    return cached_on(user, "contributor", lambda: Contributor.objects.filter(user=user).first())


def current_mentee_ids(
    *, mentor: Contributor | None = None, today: date | None = None
) -> frozenset[int]:
    """Ids of ``mentor``'s current mentees (everyone's, without a mentor): a mentorship
    not yet ended, or one from a registered source (an active enrolment naming a mentor)."""
    today = today or timezone.localdate()
    current = Mentorship.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
    if mentor is not None:
        current = current.filter(mentor=mentor)
    # One query; a compound statement refuses the models' default ordering.
    ids = current.values_list("mentee_id", flat=True).order_by()
    others = [source(mentor=mentor, today=today).order_by() for source in MENTEE_SOURCES]
    found = frozenset(ids.union(*others) if others else ids)
    return found - {mentor.pk} if mentor is not None else found


def mentee_ids_of(user: AnyUser) -> frozenset[int]:
    """Ids of the user's current mentees; empty for anyone who is not a mentor."""
    contributor = contributor_of(user)
    if contributor is None:
        return frozenset()
    return cached_on(user, "mentees", lambda: current_mentee_ids(mentor=contributor))


def mentees_of(user: AnyUser) -> QuerySet[Contributor]:
    """The user's current mentees, in name order."""
    return Contributor.objects.filter(pk__in=mentee_ids_of(user))


def is_mentor(user: AnyUser) -> bool:
    return bool(mentee_ids_of(user))


def role_of(user: AnyUser) -> Role:
    """The user's highest role."""
    if is_organizer(user):
        return Role.ORGANIZER
    if is_mentor(user):
        return Role.MENTOR
    if contributor_of(user) is not None:
        return Role.CONTRIBUTOR
    return Role.ANONYMOUS


def can_view_private(user: AnyUser, contributor: Contributor) -> bool:
    """Whether ``user`` sees ``contributor``'s private parts: emails, check-in notes,
    enrolment goals and status. Their own, their mentees', and everyone's for organizers."""
    if is_organizer(user):
        return True
    own = contributor_of(user)
    if own is None:
        return False
    return contributor.pk == own.pk or contributor.pk in mentee_ids_of(user)


def is_member(user: AnyUser) -> bool:
    """Signed in with a role: linked to a contributor, or an organizer. Accounts linked to
    nobody see what anonymous visitors see."""
    return role_of(user) != Role.ANONYMOUS


def can_view_mentor_dashboard(user: AnyUser) -> bool:
    return is_organizer(user) or is_mentor(user)


def can_use_admin(user: AnyUser) -> bool:
    """Staff, or organizers; the admin's model permissions still apply."""
    return user.is_active and (user.is_staff or is_organizer(user))


def can_write_check_in_notes(user: AnyUser, contributor: Contributor) -> bool:
    """Check-in notes about a person are written by their current mentors and organizers;
    the person reads them (``can_view_private``) but does not write them."""
    return is_organizer(user) or contributor.pk in mentee_ids_of(user)


def signed_in_user(request: HttpRequest) -> User:
    """The user of a request that only signed-in users reach: the admin's, or a view's behind
    one of the decorators below."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    return request.user


def _require(check: Callable[[AnyUser], bool]) -> Callable:
    """A view decorator: anonymous users go to sign in, signed-in users without the role
    get 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


member_required = _require(is_member)
organizer_required = _require(is_organizer)
mentor_or_organizer_required = _require(can_view_mentor_dashboard)


class IsOrganizer(BasePermission):
    """API twin of ``organizer_required``."""

    def has_permission(self, request, view) -> bool:
        return is_organizer(request.user)


class IsMentorOrOrganizer(BasePermission):
    """API twin of ``mentor_or_organizer_required``."""

    def has_permission(self, request, view) -> bool:
        return can_view_mentor_dashboard(request.user)


def grant_organizer_permissions(**kwargs: Any) -> None:
    """The organizers group holds every permission of ORGANIZER_APPS, models added since
    included. Connected to post_migrate, which runs after Django creates permissions."""
    group = Group.objects.filter(name=ORGANIZERS_GROUP).first()
    if group is None:  # migrations not yet applied up to the group
        return
    missing = Permission.objects.filter(content_type__app_label__in=ORGANIZER_APPS).exclude(
        group=group
    )
    group.permissions.add(*missing)
