"""The API twins of the community page and the sponsorship ledger, with the same rules:
figures for anyone, named lists for signed-in members (or everyone when organizers make
leaderboards public), masked names in the ledger except for organizers, and spending
recorded and changed by organizers only."""

from typing import cast

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from camps.models import Cohort
from community import figures, ledger
from community.models import Expense
from contributors.models import Contributor
from contributors.roles import is_organizer
from osc4you.lib.serializers import SlugRelatedField, TextField
from projects.models import Project


class ReadOnlyOrOrganizer(BasePermission):
    """Anyone reads; organizers write."""

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or is_organizer(request.user)


class MemberShareSerializer(serializers.Serializer):
    members = serializers.IntegerField()
    total = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class MemberSharesSerializer(serializers.Serializer):
    commits = MemberShareSerializer()
    merged_prs = MemberShareSerializer()
    reviews = MemberShareSerializer()
    issues = MemberShareSerializer()


class OrganizationRankSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    name = serializers.CharField()
    is_community = serializers.BooleanField()
    commits = serializers.IntegerField()
    merged_prs = serializers.IntegerField()
    reviews = serializers.IntegerField()
    issues = serializers.IntegerField()
    people = serializers.IntegerField()
    commit_share = serializers.FloatField(allow_null=True)


class ProjectFiguresSerializer(MemberSharesSerializer):
    project = serializers.CharField(source="project.slug")
    members = serializers.IntegerField()
    people = serializers.IntegerField()
    community_rank = serializers.IntegerField(allow_null=True)
    organizations = serializers.IntegerField()
    leading = OrganizationRankSerializer(many=True)
    computed_at = serializers.DateTimeField()


class QuarterFiguresSerializer(MemberSharesSerializer):
    project = serializers.CharField(source="project.slug")


class LeaderboardPersonSerializer(serializers.Serializer):
    slug = serializers.CharField()
    display_name = serializers.CharField()
    chinese_name = serializers.CharField()


class ReviewerLeaderSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    person = LeaderboardPersonSerializer()
    reviews = serializers.IntegerField()


class ContributorLeaderSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    person = LeaderboardPersonSerializer()
    merged_prs = serializers.IntegerField()
    commits = serializers.IntegerField()
    issues = serializers.IntegerField()


class LeaderboardsSerializer(serializers.Serializer):
    project = serializers.CharField(source="project.slug", default=None, allow_null=True)
    reviewers = ReviewerLeaderSerializer(many=True)
    contributors = ContributorLeaderSerializer(many=True)


class TitleYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    total = serializers.IntegerField()


class GainedTitleSerializer(serializers.Serializer):
    contributor = serializers.CharField(source="contributor.slug")
    display_name = serializers.CharField(source="contributor.display_name")
    project = serializers.CharField(source="project.slug", default=None, allow_null=True)
    role = serializers.CharField()
    granted_on = serializers.DateField()


class CommunityFiguresApi(GenericAPIView):
    """The community's figures: members' share of each project's commits, merged pull
    requests, reviews and issues (all time and in ``?quarter=``), the community's rank among
    contributing organisations, titles gained per year. ``leaderboards`` and
    ``titles_in_quarter`` name people: null unless the viewer is a signed-in member or
    organizers made leaderboards public."""

    permission_classes = [ReadOnlyOrOrganizer]

    class FilterSerializer(serializers.Serializer):
        quarter = serializers.CharField(required=False)
        project = serializers.SlugField(required=False, max_length=100)

        def validate_quarter(self, value: str) -> figures.Quarter:
            try:
                return figures.Quarter.parse(value)
            except ValueError:
                raise serializers.ValidationError(
                    gettext("“%(quarter)s” is not a quarter such as 2025Q1.")
                    % {"quarter": value[:20]}
                ) from None

        def validate_project(self, value: str) -> Project:
            project = Project.objects.filter(slug=value).first()
            if project is None:
                raise serializers.ValidationError(
                    gettext("There is no project “%(project)s”.") % {"project": value}
                )
            return project

    @extend_schema_serializer(component_name="CommunityFigures")
    class OutputSerializer(serializers.Serializer):
        quarter = serializers.CharField(source="quarter.slug")
        computed_at = serializers.DateTimeField(allow_null=True)
        totals = MemberSharesSerializer()
        projects = ProjectFiguresSerializer(many=True)
        quarter_totals = MemberSharesSerializer()
        quarter_projects = QuarterFiguresSerializer(source="quarter_rows", many=True)
        titles_by_year = serializers.SerializerMethodField()
        leaderboards = LeaderboardsSerializer(allow_null=True)
        titles_in_quarter = GainedTitleSerializer(many=True, allow_null=True)

        @extend_schema(responses=TitleYearSerializer(many=True))
        def get_titles_by_year(self, page: figures.CommunityFigures) -> list[dict]:
            roles = [role for role, _label in page.title_roles]
            return [
                {
                    "year": row.year,
                    "counts": dict(zip(roles, row.counts, strict=True)),
                    "total": row.total,
                }
                for row in page.titles_by_year
            ]

    serializer_class = OutputSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "quarter", OpenApiTypes.STR, description=_("2025Q1; the last complete one.")
            ),
            OpenApiParameter(
                "project", OpenApiTypes.STR, description=_("Narrows the leaderboards.")
            ),
        ],
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        page = figures.community_figures(
            quarter=filters.validated_data.get("quarter") or figures.default_quarter(),
            with_names=figures.names_visible(request.user),
            project=filters.validated_data.get("project"),
        )
        return Response(self.OutputSerializer(page).data)


class ExpenseSerializer(serializers.Serializer):
    """A ledger row: the person's name masked, and no note, unless the viewer organizes."""

    id = serializers.IntegerField()
    spent_on = serializers.DateField()
    person = serializers.SerializerMethodField()
    person_slug = serializers.SerializerMethodField(help_text=_("Organizers only."))
    category = serializers.CharField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = serializers.CharField()
    camp = serializers.CharField(source="camp.slug", default=None, allow_null=True)
    note = serializers.SerializerMethodField(help_text=_("Organizers only."))

    def _organizer(self) -> bool:
        return is_organizer(self.context["request"].user)

    def get_person(self, obj: Expense) -> str:
        return str(obj.person) if self._organizer() else ledger.public_name(obj.person)

    def get_person_slug(self, obj: Expense) -> str | None:
        return obj.person.slug if self._organizer() else None

    def get_note(self, obj: Expense) -> str | None:
        return obj.note if self._organizer() else None


class ExpenseInputSerializer(serializers.Serializer):
    spent_on = serializers.DateField()
    person = SlugRelatedField(
        slug_field="slug", queryset=ledger.sponsorable_people(), help_text=_("A member's slug.")
    )
    category = serializers.ChoiceField(choices=Expense.Category.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    currency = TextField(max_length=3)
    camp = SlugRelatedField(
        slug_field="slug", queryset=Cohort.objects.all(), allow_null=True, default=None
    )
    note = TextField(allow_blank=True, default="")

    def __init__(self, *args, keeping=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # An entry keeps its person even if they have left the community since.
        person = cast("SlugRelatedField[Contributor]", self.fields["person"])
        person.queryset = ledger.sponsorable_people(keeping=keeping)

    def validate_currency(self, value: str) -> str:
        return value.strip().upper()


class CampTotalSerializer(serializers.Serializer):
    camp = serializers.CharField(source="camp.slug", default=None, allow_null=True)
    currency = serializers.CharField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    entries = serializers.IntegerField()


class LedgerPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ExpenseSerializer(many=True)
    totals = CampTotalSerializer(many=True)


def _stored(action) -> Expense:
    """Run a ledger write, turning its ValidationError into a 400 naming the problem."""
    try:
        return action()
    except ValidationError as exc:
        raise BadRequest(serializers.as_serializer_error(exc)) from None


class LedgerApi(GenericAPIView):
    """The sponsorship ledger, newest first, with ``totals`` per camp and currency; names
    masked ("**瑋") unless the viewer organizes. Organizers POST new entries."""

    permission_classes = [ReadOnlyOrOrganizer]
    serializer_class = ExpenseSerializer
    queryset = Expense.objects.none()  # for the schema; get() reads its own

    class FilterSerializer(serializers.Serializer):
        camp = SlugRelatedField(slug_field="slug", queryset=Cohort.objects.all(), required=False)

    @extend_schema(
        operation_id="community_sponsorship_list",
        parameters=[
            OpenApiParameter("camp", OpenApiTypes.STR, description=_("Camp slug.")),
            OpenApiParameter("page", OpenApiTypes.INT, description=_("Page number, 50 a page.")),
        ],
        responses=LedgerPageSerializer,
    )
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        camp = filters.validated_data.get("camp")
        page = self.paginate_queryset(ledger.entries(camp=camp))
        response = self.get_paginated_response(
            ExpenseSerializer(page, many=True, context={"request": request}).data
        )
        response.data["totals"] = CampTotalSerializer(
            ledger.totals_per_camp(camp=camp), many=True
        ).data
        return response

    @extend_schema(request=ExpenseInputSerializer, responses={201: ExpenseSerializer})
    def post(self, request):
        data = ExpenseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        expense = _stored(
            lambda: ledger.record_expense(**data.validated_data, recorded_by=request.user)
        )
        return Response(ExpenseSerializer(expense, context={"request": request}).data, status=201)


class ExpenseApi(GenericAPIView):
    """One ledger entry; organizers PUT or PATCH it."""

    permission_classes = [ReadOnlyOrOrganizer]
    serializer_class = ExpenseSerializer
    queryset = Expense.objects.select_related("person", "camp")

    def get(self, request, pk: int):
        expense = get_object_or_404(self.get_queryset(), pk=pk)
        return Response(ExpenseSerializer(expense, context={"request": request}).data)

    def _change(self, request, pk: int, *, partial: bool):
        expense = get_object_or_404(self.get_queryset(), pk=pk)
        data = ExpenseInputSerializer(data=request.data, partial=partial, keeping=expense.person)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        expense = _stored(lambda: ledger.update_expense(expense=expense, **changes))
        return Response(ExpenseSerializer(expense, context={"request": request}).data)

    @extend_schema(request=ExpenseInputSerializer, responses=ExpenseSerializer)
    def put(self, request, pk: int):
        return self._change(request, pk, partial=False)

    @extend_schema(request=ExpenseInputSerializer, responses=ExpenseSerializer)
    def patch(self, request, pk: int):
        return self._change(request, pk, partial=True)
