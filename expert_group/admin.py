from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .forms_access import InviteForm
from .models import Invitation, Membership
from .services_access import (
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
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "email", "role", "status", "organisation", "listed_publicly"]
    list_filter = ["status", "role", "listed_publicly", "is_demo"]
    search_fields = ["email", "user__full_name", "organisation"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
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
