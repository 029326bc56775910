import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme

from campaigns.models import Milestone

from . import deadlines, services
from .models import ProposedEvent, TrackedItem
from .sources.links import ForeignLink, domains_for, link_allowed


class FailingFilter(admin.SimpleListFilter):
    title = "source"
    parameter_name = "failing"

    def lookups(self, request, model_admin):
        return [("yes", "Failing"), ("no", "Working")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(failures__gt=0)
        if self.value() == "no":
            return queryset.filter(failures=0)
        return queryset


@admin.register(TrackedItem)
class TrackedItemAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "campaign",
        "kind",
        "source_status",
        "last_success_at",
        "waiting_events",
        "response_status",
    ]
    list_filter = ["kind", FailingFilter, "campaign"]
    list_select_related = ["campaign"]
    search_fields = ["label", "identifier", "campaign__title"]
    actions = ["poll_soon"]
    readonly_fields = [
        "last_polled_at",
        "last_success_at",
        "next_poll_at",
        "failures",
        "last_error",
        "last_good_state",
        "response_status",
    ]
    fieldsets = [
        (
            "What to watch",
            {"fields": ["campaign", "kind", "identifier", "terms", "answering_body_id", "label"]},
        ),
        (
            "Government response",
            {
                "fields": [
                    "report_published_on",
                    "response_due_on",
                    "response_published_on",
                    "response_status",
                    "show_deadline",
                    "overdue_confirmed",
                ]
            },
        ),
        (
            "Source",
            {
                "fields": [
                    "last_polled_at",
                    "last_success_at",
                    "next_poll_at",
                    "failures",
                    "last_error",
                    "last_good_state",
                ],
                "description": "Polled in the background; this page never calls the source.",
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("campaign", "last_snapshot")
            .annotate(
                waiting=Count("events", filter=Q(events__status=ProposedEvent.Status.PROPOSED))
            )
        )

    def save_model(self, request, obj, form, change):
        services.tracked_item_save(item=obj)

    @admin.display(description="source")
    def source_status(self, obj):
        if not obj.is_polled:
            return "Not polled"
        if obj.failures:
            return format_html(
                '<span class="badge badge--draft">Failing ({})</span> {}',
                obj.failures,
                obj.last_error[:120],
            )
        if obj.last_success_at is None:
            return "Waiting for the first poll"
        return "Working"

    @admin.display(description="proposed events", ordering="waiting")
    def waiting_events(self, obj):
        url = reverse("admin:tracking_proposedevent_changelist")
        return format_html(
            '<a href="{}?item__id__exact={}&status__exact=proposed">{}</a>',
            url,
            obj.pk,
            getattr(obj, "waiting", 0),
        )

    @admin.display(description="response")
    def response_status(self, obj):
        if obj.response_published_on:
            return f"Published {obj.response_published_on:%d %b %Y}"
        if not obj.response_due_on:
            return "—"
        late = deadlines.days_overdue(obj.response_due_on, today=timezone.localdate())
        if late:
            confirmed = "" if obj.overdue_confirmed else " (not yet confirmed)"
            return f"Overdue by {late} day{'s' if late != 1 else ''}{confirmed}"
        return f"Due by {obj.response_due_on:%d %b %Y}"

    @admin.display(description="last good state")
    def last_good_state(self, obj):
        snapshot = obj.last_snapshot
        if snapshot is None:
            return "Nothing read yet."
        data = snapshot.data
        return format_html(
            '<a href="{}" rel="noopener">{}</a> (read {})<pre>{}</pre>',
            data.get("url", ""),
            data.get("title", ""),
            timezone.localtime(snapshot.fetched_at).strftime("%d %b %Y %H:%M"),
            json.dumps(data.get("state", {}), indent=2),
        )

    @admin.action(description="Check again at the next poll", permissions=["change"])
    def poll_soon(self, request, queryset):
        for item in queryset:
            services.tracked_item_poll_soon(item_id=item.pk)
        self.message_user(request, "They will be checked within 15 minutes.", messages.SUCCESS)


class ProposedEventForm(forms.ModelForm):
    class Meta:
        model = ProposedEvent
        fields = ["date", "kind", "title", "text", "url", "link_text"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        domains = domains_for(self.instance.item.kind)
        if url and not link_allowed(url, domains):
            raise forms.ValidationError(
                f"Give an https address on {' or '.join(domains)}, or leave the link empty."
            )
        return url


@admin.register(ProposedEvent)
class ProposedEventAdmin(admin.ModelAdmin):
    form = ProposedEventForm
    list_display = ["title", "date", "campaign", "item", "status", "decide"]
    list_filter = ["status", "item__kind", "item__campaign"]
    list_select_related = ["item__campaign", "milestone"]
    search_fields = ["title", "text"]
    actions = ["publish", "dismiss"]
    fields = ["item", "status", "date", "kind", "title", "text", "url", "link_text", "timeline"]
    readonly_fields = ["item", "status", "timeline"]
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False  # events come from the sources; staff add their own as milestones

    def has_publish_permission(self, request):
        return request.user.has_perm("tracking.change_proposedevent") and request.user.has_perm(
            "campaigns.add_milestone"
        )

    @admin.display(description="campaign", ordering="item__campaign__title")
    def campaign(self, obj):
        return obj.item.campaign

    @admin.display(description="timeline")
    def timeline(self, obj):
        if obj.milestone is None:
            return "Not on the timeline."
        return format_html(
            '<a href="{}">On the campaign\'s timeline</a>',
            obj.item.campaign.get_absolute_url(),
        )

    @admin.display(description="decide")
    def decide(self, obj):
        if obj.status != ProposedEvent.Status.PROPOSED:
            return "—"
        # Buttons inside the changelist's own form (which carries the CSRF token), posting to
        # one event's address: one click, no nested form.
        return format_html(
            '<span class="decide-buttons">'
            '<button type="submit" class="button" formaction="{}" aria-label="Publish: {}">'
            "Publish</button>"
            '<button type="submit" class="button" formaction="{}" aria-label="Dismiss: {}">'
            "Dismiss</button></span>",
            reverse("admin:tracking_proposedevent_publish", args=[obj.pk]),
            obj.title,
            reverse("admin:tracking_proposedevent_dismiss", args=[obj.pk]),
            obj.title,
        )

    def get_urls(self):
        return [
            path(
                "<int:event_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="tracking_proposedevent_publish",
            ),
            path(
                "<int:event_id>/dismiss/",
                self.admin_site.admin_view(self.dismiss_view),
                name="tracking_proposedevent_dismiss",
            ),
            *super().get_urls(),
        ]

    def _decide(self, request, event_id, decide):
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:tracking_proposedevent_changelist"))
        if not self.has_publish_permission(request):
            raise PermissionDenied
        event = get_object_or_404(ProposedEvent, pk=event_id)
        decide(request, event)
        # Back to the list as it was filtered.
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = reverse("admin:tracking_proposedevent_changelist")
        return HttpResponseRedirect(back)

    def _publish(self, request, event):
        """The published event, or None (with a message) when its link may not be shown."""
        try:
            return services.proposed_event_publish(event_id=event.pk)
        except ForeignLink as error:
            self.message_user(request, f"Not published: {event.title}. {error}", messages.ERROR)
            return None

    def publish_view(self, request, event_id):
        def decide(request, event):
            published = self._publish(request, event)
            if published is not None:
                self._published(request, event, published)

        return self._decide(request, event_id, decide)

    def _published(self, request, event, published) -> None:
        self.message_user(request, f"Published to the timeline: {event.title}", messages.SUCCESS)
        for publication in published.linked_publications:
            self.message_user(
                request,
                f"Linked the government response on our response “{publication.title}”.",
                messages.SUCCESS,
            )
        consultation_answered = (
            event.kind == Milestone.Kind.RESPONSE_RECEIVED
            and event.item.kind == TrackedItem.Kind.CONSULTATION
        )
        if consultation_answered and not published.linked_publications:
            self.message_user(
                request,
                "No consultation response of ours links to this consultation's address "
                "without a government response already: to show it on one, add "
                f"{event.url} as its government response link.",
                messages.WARNING,
            )

    def dismiss_view(self, request, event_id):
        def decide(request, event):
            if services.proposed_event_dismiss(event_id=event.pk):
                self.message_user(request, f"Dismissed: {event.title}", messages.SUCCESS)

        return self._decide(request, event_id, decide)

    def response_change(self, request, obj):
        if "_publish" in request.POST and self.has_publish_permission(request):
            published = self._publish(request, obj)
            if published is not None:
                self._published(request, obj, published)
            return HttpResponseRedirect(reverse("admin:tracking_proposedevent_changelist"))
        return super().response_change(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.status == ProposedEvent.Status.PUBLISHED:
            return False  # edit the milestone on the campaign instead
        return super().has_change_permission(request, obj)

    @admin.action(description="Publish to the campaign timeline", permissions=["publish"])
    def publish(self, request, queryset):
        count = 0
        linked = 0
        for event in queryset.filter(status=ProposedEvent.Status.PROPOSED):
            published = self._publish(request, event)
            if published is None:
                continue
            linked += len(published.linked_publications)
            count += 1
        self.message_user(request, f"Published {count} to the timeline.", messages.SUCCESS)
        if linked:
            self.message_user(
                request,
                f"Linked the government response on {linked} of our consultation responses.",
                messages.SUCCESS,
            )

    @admin.action(description="Dismiss", permissions=["publish"])
    def dismiss(self, request, queryset):
        count = sum(services.proposed_event_dismiss(event_id=event.pk) for event in queryset)
        self.message_user(request, f"Dismissed {count}.", messages.SUCCESS)
