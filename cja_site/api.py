from rest_framework import serializers, viewsets

from .models import Topic


class TopicSerializer(serializers.ModelSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "description"]


class TopicViewSet(viewsets.ReadOnlyModelViewSet):
    """The subjects campaigns and publications are filed under."""

    serializer_class = TopicSerializer
    lookup_field = "slug"
    queryset = Topic.objects.order_by("name")
