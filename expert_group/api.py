"""The members' API (session auth): the same selectors as the pages, so it never shows more."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from sitewide.api import CONFLICT, OptionalURLField
from sitewide.site_url import absolute_url
from sitewide.staff import MFA_REQUIRED_MESSAGE, staff_needs_mfa

from .models import AgendaItem, Meeting, Paper, Rsvp
from .permissions import user_has_group_access
from .selectors import meetings as selectors
from .services import meetings as services


class IsGroupMember(permissions.BasePermission):
    message = "Only members of the Restorative Expert Group can use this."

    def has_permission(self, request, view):
        if user_has_group_access(request.user):
            return True
        if staff_needs_mfa(request.user):
            # Read by DRF for the 403's "detail": say what would let this account in.
            self.message = MFA_REQUIRED_MESSAGE
        return False


class PaperSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    confidentiality = serializers.CharField(source="get_confidentiality_display")

    class Meta:
        model = Paper
        fields = ["id", "title", "confidentiality", "version", "replaced_at", "file_format",
                  "file_size", "download_url"]  # fmt: skip

    def get_download_url(self, paper) -> str:
        return absolute_url(paper.get_download_url())


class AgendaItemSerializer(serializers.ModelSerializer):
    papers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = AgendaItem
        fields = ["order", "title", "presenter", "duration_minutes", "papers"]


class MeetingListSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    my_rsvp = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "title", "starts_at", "ends_at", "format", "status", "url", "my_rsvp"]

    def get_url(self, meeting) -> str:
        return absolute_url(meeting.get_absolute_url())

    def get_my_rsvp(self, meeting) -> str | None:
        rsvps = getattr(meeting, "my_rsvps", None) or []
        return rsvps[0].response if rsvps else None


class MeetingDetailSerializer(MeetingListSerializer):
    agenda = AgendaItemSerializer(many=True, read_only=True)
    papers = PaperSerializer(source="paper_list", many=True, read_only=True)
    minutes = serializers.SerializerMethodField()
    joining_link = OptionalURLField()

    class Meta(MeetingListSerializer.Meta):
        fields = [*MeetingListSerializer.Meta.fields, "venue", "joining_link", "accessibility",
                  "description", "agenda", "papers", "minutes"]  # fmt: skip

    def get_minutes(self, meeting) -> dict | None:
        minutes = selectors.minutes_for(meeting=meeting, user=self.context["request"].user)
        if minutes is None:
            return None
        return {"status": minutes.status, "body": minutes.body}


class RsvpSerializer(serializers.Serializer):
    response = serializers.ChoiceField(choices=Rsvp.Response.choices)
    access_needs = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class RsvpRecordedSerializer(serializers.Serializer):
    meeting = serializers.IntegerField()
    response = serializers.ChoiceField(choices=Rsvp.Response.choices)


class MeetingList(ListAPIView):
    """Meetings not yet over, soonest first, with my answer."""

    permission_classes = [IsGroupMember]
    serializer_class = MeetingListSerializer

    def get_queryset(self):
        return selectors.meetings_upcoming(user=self.request.user)


class MeetingDetail(RetrieveAPIView):
    permission_classes = [IsGroupMember]
    serializer_class = MeetingDetailSerializer

    def get_object(self):
        try:
            return selectors.meeting_detail(user=self.request.user, pk=self.kwargs["pk"])
        except Meeting.DoesNotExist as error:
            raise Http404 from error


class MeetingRsvp(APIView):
    """Record my answer: {"response": "attending" | "apologies" | "maybe", "access_needs": ""}."""

    permission_classes = [IsGroupMember]
    serializer_class = RsvpSerializer

    @extend_schema(responses={200: RsvpRecordedSerializer, 409: CONFLICT})
    def post(self, request, pk: int):
        meeting = selectors.meetings_visible_to(request.user).filter(pk=pk).first()
        if meeting is None:
            raise Http404
        serializer = RsvpSerializer(data=request.data)
        try:
            # As on the page: a closed meeting is a 409 whatever the body says.
            services.rsvp_check_open(meeting=meeting)
            serializer.is_valid(raise_exception=True)
            rsvp = services.rsvp_record(
                meeting=meeting,
                user=request.user,
                response=serializer.validated_data["response"],
                access_needs=serializer.validated_data.get("access_needs"),
            )
        except services.RsvpClosed:
            return Response({"detail": "This meeting is over or cancelled."}, status=409)
        return Response({"meeting": meeting.pk, "response": rsvp.response})
