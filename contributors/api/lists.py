"""A person's participation on the mailing lists, the API twin of the person page's card."""

from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from contributors.api.permissions import IsMember
from contributors.lists import list_participation
from contributors.models import Contributor


class ProjectListsSerializer(serializers.Serializer):
    project = serializers.CharField()
    threads = serializers.IntegerField()
    replies = serializers.IntegerField()
    design_threads = serializers.IntegerField()
    votes_cast = serializers.IntegerField()
    plus_one = serializers.IntegerField()
    zero = serializers.IntegerField()
    minus_one = serializers.IntegerField()
    binding_votes = serializers.IntegerField(
        help_text="Votes cast while the voter held a PMC title of the project."
    )


class ListThreadSerializer(serializers.Serializer):
    subject = serializers.CharField()
    sent_at = serializers.DateTimeField()
    address = serializers.CharField()
    url = serializers.URLField(help_text="The thread in the archive.")
    vote = serializers.CharField(help_text="The vote cast in it (+1, 0, -1), or empty.")


class ListParticipationSerializer(serializers.Serializer):
    projects = ProjectListsSerializer(many=True)
    recent = ListThreadSerializer(many=True)


class ContributorListsApi(GenericAPIView):
    """Threads started, replies, design threads and votes per project, and the latest
    threads started or voted in. Mail written by machines is never counted."""

    permission_classes = [IsMember]
    serializer_class = ListParticipationSerializer

    def get(self, request, slug: str):
        person = get_object_or_404(Contributor.objects.filter(merged_into__isnull=True), slug=slug)
        return Response(ListParticipationSerializer(list_participation(contributor=person)).data)
