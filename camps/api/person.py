"""A person's enrolments in the people API's private part (``camps.person``)."""

from rest_framework import serializers


class EnrollmentSerializer(serializers.Serializer):
    camp = serializers.CharField(source="cohort.slug")
    project = serializers.CharField(source="project.slug", default=None, allow_null=True)
    mentor = serializers.CharField(source="mentor.slug", default=None, allow_null=True)
    status = serializers.CharField()
    goal = serializers.CharField()
