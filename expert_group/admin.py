from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from documents.admin import DocumentAdminMixin, LabelledFileWidget
from publishing.admin import DemoDataColumn
from sitewide.site_url import ViewOnSiteFromSiteURL

from .exports import attendance_csv_response
from .forms.membership import InviteForm
from .models import Action, AgendaItem, Invitation, Meeting, Membership, Minutes, Paper, Rsvp
from .selectors.meetings import meetings_below_quorum, meetings_without_papers
from .services import meetings as services_meetings
from .services.membership import (
    InvitationError,
    invitation_resend,
    invitation_revoke,
    membership_end,
    membership_invite,
)


class InvitationInline(admin.TabularInline):
    model = Invitation
    fk_name = "membership"
    extra = 0
    can_delete = False
    fields = ["created_at", "invited_by", "sent_at", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Membership)
class MembershipAdmin(DemoDataColumn, admin.ModelAdmin):
    list_display = [
        "__str__", "email", "role", "status", "organisation", "listed_publicly", "demo_badge",
    ]  # fmt: skip
    list_filter = ["status", "role", "listed_publicly"]
    search_fields = ["email", "user__full_name", "organisation"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    formfield_overrides = {models.ImageField: {"widget": LabelledFileWidget}}
    readonly_fields = ["status", "user", "invited_at", "joined_at", "ended_at"]
    inlines = [InvitationInline]
    actions = ["resend_invitation", "revoke_invitation", "end_membership"]

    def get_readonly_fields(self, request, obj=None):
        # The address is where the invitation went and the account's login: fixed once made.
        return [*self.readonly_fields, "email"] if obj else self.readonly_fields

    def get_urls(self):
        invite = path(
            "invite/",
            self.admin_site.admin_view(self.invite_view),
            name="expert_group_membership_invite",
        )
        return [invite, *super().get_urls()]

    def add_view(self, request, form_url="", extra_context=None):
        # A membership starts with an invitation, so "Add" goes to the invite form.
        return redirect("admin:expert_group_membership_invite")

    def invite_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                issued = membership_invite(
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                    invited_by=request.user,
                )
            except InvitationError as error:
                form.add_error("email", error.reason)
            else:
                self.message_user(
                    request, f"Invitation emailed to {issued.invitation.membership.email}."
                )
                return redirect("admin:expert_group_membership_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Invite someone to the expert group",
            "form": form,
            "invitation_days": settings.EXPERT_GROUP_INVITATION_DAYS,
            "changelist_url": reverse("admin:expert_group_membership_changelist"),
        }
        return TemplateResponse(request, "admin/expert_group/membership/invite.html", context)

    @admin.action(description="Send a new invitation link (earlier links stop working)")
    def resend_invitation(self, request, queryset):
        sent = 0
        for membership in queryset:
            try:
                invitation_resend(membership=membership, invited_by=request.user)
                sent += 1
            except InvitationError as error:
                self.message_user(request, f"{membership.email}: {error.reason}", messages.WARNING)
        if sent:
            self.message_user(request, f"New invitation links sent: {sent}.")

    @admin.action(description="Withdraw invitation links")
    def revoke_invitation(self, request, queryset):
        revoked = sum(invitation_revoke(membership=membership) for membership in queryset)
        self.message_user(request, f"Invitation links withdrawn: {revoked}.")

    @admin.action(description="End membership (signs them out everywhere)")
    def end_membership(self, request, queryset):
        ended = 0
        for membership in queryset.exclude(status=Membership.Status.ENDED):
            membership_end(membership=membership)
            ended += 1
        self.message_user(request, f"Memberships ended: {ended}.")


# ------------------------------------------------------------------------------
# Meetings: the admin calls the services, which send the emails and keep calendars in step.
# ------------------------------------------------------------------------------
class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["order", "title", "presenter", "duration_minutes", "papers"]
    filter_horizontal = ["papers"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        meeting_id = request.resolver_match.kwargs.get("object_id")
        if db_field.name == "papers":
            kwargs["queryset"] = Paper.objects.filter(meeting_id=meeting_id or 0)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PaperInline(DocumentAdminMixin, admin.TabularInline):
    model = Paper
    extra = 0
    fields = [
        "order",
        "title",
        "file",
        "document_size",
        "confidentiality",
        "version",
        "replaced_at",
    ]
    readonly_fields = ["document_size", "version", "replaced_at"]


class RsvpInline(admin.TabularInline):
    """The attendance list, access needs included (staff only)."""

    model = Rsvp
    extra = 0
    fields = ["user", "response", "access_needs", "responded_at"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "Attendance"

    def has_add_permission(self, request, obj=None):
        return False


class ActionInline(admin.TabularInline):
    model = Action
    extra = 0
    fields = ["text", "owner", "due_on", "status"]
    raw_id_fields = ["owner"]


class MeetingAttentionFilter(admin.SimpleListFilter):
    """The admin home links here for meetings that need someone to act."""

    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("below-quorum", "Below quorum"), ("no-papers", "No papers yet")]

    def queryset(self, request, queryset):
        if self.value() == "below-quorum":
            return queryset.filter(pk__in=meetings_below_quorum().values("pk"))
        if self.value() == "no-papers":
            return queryset.filter(pk__in=meetings_without_papers().values("pk"))
        return queryset


@admin.register(Meeting)
class MeetingAdmin(ViewOnSiteFromSiteURL, admin.ModelAdmin):
    list_display = ["title", "starts_at", "format", "status", "attending_count"]
    list_filter = ["status", "format", MeetingAttentionFilter]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    readonly_fields = ["attendance_link"]
    fields = ["title", "starts_at", "ends_at", "format", "venue", "joining_link", "accessibility",
              "description", "quorum", "status", "attendance_link"]  # fmt: skip
    inlines = [AgendaItemInline, PaperInline, RsvpInline, ActionInline]
    actions = ["cancel_meetings", "circulate_papers", "export_attendance"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(attending=Count("rsvps", filter=Q(rsvps__response=Rsvp.Response.ATTENDING)))
        )

    def get_readonly_fields(self, request, obj=None):
        # Cancelling goes through the "cancel" action, so members are told.
        return [*self.readonly_fields, "status"]

    @admin.display(description="attending", ordering="attending")
    def attending_count(self, meeting):
        return meeting.attending

    @admin.display(description="attendance")
    def attendance_link(self, meeting):
        if not meeting.pk:
            return "-"
        url = reverse("expert_group:meeting-attendance-csv", args=[meeting.pk])
        return format_html('<a href="{}">Download the attendance list (CSV)</a>', url)

    def save_model(self, request, obj, form, change):
        if change:
            services_meetings.meeting_update(meeting=obj, changed_fields=form.changed_data)
        else:
            services_meetings.meeting_schedule(meeting=obj)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Paper:
            return super().save_formset(request, form, formset, change)
        papers = formset.save(commit=False)
        for paper in formset.deleted_objects:
            paper.delete()
        for paper in papers:
            changed = paper.pk is None or "file" in _changed_data_of(formset, paper)
            services_meetings.paper_save(paper=paper, file_changed=changed)
        formset.save_m2m()
        return None

    @admin.action(
        description="Cancel the selected meetings and tell members", permissions=["change"]
    )
    def cancel_meetings(self, request, queryset):
        for meeting in queryset:
            services_meetings.meeting_cancel(meeting=meeting)
        self.message_user(request, f"Cancelled {queryset.count()} meeting(s); members are told.")

    @admin.action(
        description="Circulate the papers of the selected meetings", permissions=["change"]
    )
    def circulate_papers(self, request, queryset):
        sent = sum(services_meetings.paper_circulate(meeting=meeting) for meeting in queryset)
        self.message_user(request, f"Papers circulated: {sent} email(s) queued.")

    @admin.action(
        description="Export the attendance of the selected meetings (CSV)",
        permissions=["view_attendance"],
    )
    def export_attendance(self, request, queryset):
        return attendance_csv_response(queryset.order_by("starts_at"))

    def has_view_attendance_permission(self, request):
        # Names, emails and access needs: the same permission as the RSVP list itself.
        return request.user.has_perm("expert_group.view_rsvp")


def _changed_data_of(formset, instance) -> list[str]:
    for form in formset.forms:
        if form.instance is instance:
            return form.changed_data
    return []


@admin.register(Paper)
class PaperAdmin(DocumentAdminMixin, admin.ModelAdmin):
    list_display = ["title", "meeting", "confidentiality", "version", "replaced_at"]
    list_filter = ["confidentiality"]
    search_fields = ["title", "meeting__title"]
    list_select_related = ["meeting"]
    readonly_fields = ["version", "replaced_at", "document_format", "document_size"]

    def save_model(self, request, obj, form, change):
        services_meetings.paper_save(paper=obj, file_changed="file" in form.changed_data)


@admin.register(Minutes)
class MinutesAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "approved_at", "circulated_at"]
    list_filter = ["status"]
    list_select_related = ["meeting"]
    readonly_fields = ["status", "approved_at", "circulated_at"]
    actions = ["approve", "circulate"]

    @admin.action(
        description="Approve the selected minutes (members can then read them)",
        permissions=["change"],
    )
    def approve(self, request, queryset):
        for minutes in queryset:
            services_meetings.minutes_approve(minutes=minutes)
        self.message_user(request, "Minutes approved.")

    @admin.action(
        description="Circulate the selected approved minutes to members", permissions=["change"]
    )
    def circulate(self, request, queryset):
        drafts = queryset.filter(status=Minutes.Status.DRAFT).count()
        sent = 0
        for minutes in queryset.exclude(status=Minutes.Status.DRAFT).select_related("meeting"):
            sent += services_meetings.minutes_circulate(minutes=minutes)
        self.message_user(request, f"Minutes circulated: {sent} email(s) queued.")
        if drafts:
            self.message_user(
                request, f"{drafts} draft(s) skipped: approve them first.", messages.WARNING
            )


class ActionStatusForm(forms.ModelForm):
    """The list's status selects, each named for its action (the column header alone does not
    name a field)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].widget.attrs["aria-label"] = f"Status: {self.instance}"


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "owner", "due_on", "status", "raised_at"]
    list_filter = ["status"]
    list_editable = ["status"]
    search_fields = ["text"]
    list_select_related = ["owner", "raised_at"]
    raw_id_fields = ["owner"]

    def get_changelist_form(self, request, **kwargs):
        return super().get_changelist_form(request, form=ActionStatusForm, **kwargs)


@admin.register(Rsvp)
class RsvpAdmin(admin.ModelAdmin):
    list_display = ["meeting", "user", "response", "responded_at"]
    list_filter = ["response", "meeting"]
    list_select_related = ["meeting", "user"]
    raw_id_fields = ["user"]
    actions = ["export"]

    @admin.action(description="Export the attendance of these meetings (CSV)")
    def export(self, request, queryset):
        meetings = Meeting.objects.filter(rsvps__in=queryset).distinct().order_by("starts_at")
        return attendance_csv_response(meetings)
