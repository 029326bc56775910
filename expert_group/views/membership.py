"""The public group page, invitations, a member's own profile and member photos."""

from allauth.account import app_settings as account_settings
from allauth.account.utils import perform_login
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from documents.storage import open_for_streaming

from ..forms.membership import AcceptInvitationForm, ProfileForm
from ..models import Membership
from ..permissions import member_required, user_has_group_access
from ..selectors.membership import members_listed_publicly, membership_for_user, photo_is_public
from ..services.membership import (
    PROFILE_FIELDS,
    InvitationError,
    invitation_accept,
    invitation_check,
    membership_profile_update,
)


def group_page(request):
    return render(request, "expert_group/group_page.html", {"members": members_listed_publicly()})


def _invitation_refused(request, error: InvitationError):
    return render(
        request,
        "expert_group/invitation_invalid.html",
        {"reason": error.reason},
        status=error.status,
    )


# Which invitation this browser opened: its id, never the token (no usable secret at rest).
INVITATION_SESSION_KEY = "expert_group_invitation"


@never_cache
@require_GET
def invitation_open(request, token):
    """The emailed link. Its token is checked here once, then kept out of every later address:
    the form's page, its POST and the Referer that page sends carry no token (and so no log
    line does), because the session remembers which invitation this browser opened."""
    try:
        invitation = invitation_check(token=token)
    except InvitationError as error:
        return _invitation_refused(request, error)
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    return redirect("expert_group:invitation-join")


@never_cache
@require_http_methods(["GET", "POST"])
def invitation_accept_view(request):
    try:
        invitation = invitation_check(invitation_id=request.session.get(INVITATION_SESSION_KEY))
    except InvitationError as error:
        if error.status == 404:
            error = InvitationError(
                "Open the link in your invitation email to join the group.", status=404
            )
        return _invitation_refused(request, error)
    if request.user.is_authenticated:
        return _invitation_refused(
            request,
            InvitationError(
                f"You are signed in as {request.user.email}. Sign out, then open the link again.",
                status=409,
            ),
        )
    email = invitation.membership.email
    data = request.POST if request.method == "POST" else None
    form = AcceptInvitationForm(data, email=email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation_id=invitation.pk,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationError as error:
            return _invitation_refused(request, error)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(request, "Welcome to the Restorative Expert Group.")
        return perform_login(
            request,
            user,
            email_verification=account_settings.EMAIL_VERIFICATION,
            redirect_url=reverse("expert_group:profile"),
            email=user.email,
        )
    return render(
        request,
        "expert_group/invitation_accept.html",
        {"form": form, "invitation": invitation, "email": email},
    )


@member_required
def profile(request):
    membership = membership_for_user(request.user)
    if membership is None or not membership.is_active:
        # Staff reach the members' area without being members; they have no profile to edit.
        return render(request, "expert_group/profile.html", {"membership": None})
    posted = request.method == "POST"
    form = ProfileForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        instance=membership,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership_profile_update(
            membership=membership,
            full_name=data["full_name"],
            new_photo=data["photo"] if "photo" in form.changed_data else None,
            remove_photo=data.get("remove_photo", False),
            **{name: data[name] for name in PROFILE_FIELDS},
        )
        messages.success(request, "Your profile has been saved.")
        return redirect("expert_group:profile")
    return render(request, "expert_group/profile.html", {"membership": membership, "form": form})


def member_photo(request, pk):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    if not membership.photo:
        raise Http404("No photo")
    public = photo_is_public(membership)
    if not public and not user_has_group_access(request.user):
        raise Http404("No photo")
    photo = membership.photo
    response = FileResponse(
        open_for_streaming(photo.storage, photo.name), filename=photo.name.rsplit("/", 1)[-1]
    )
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response
