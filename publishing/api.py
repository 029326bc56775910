from rest_framework import serializers, viewsets

from sitewide.api import SlugLookupMixin

from .models import Topic


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]


class TopicViewSet(SlugLookupMixin, viewsets.ReadOnlyModelViewSet):
    """The subjects campaigns and publications are filed under."""

    serializer_class = TopicSerializer
    queryset = Topic.objects.order_by("name")
