"""Invitations: the only way to get an account. Links are single-use, expiring and unforgeable."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from cja_site.models import User
from expert_group.models import Invitation, Membership
from expert_group.services.membership import InvitationError, invitation_resend, membership_invite
from notifications.delivery import email_content
from notifications.models import Email

from .factories import PASSWORD, MembershipFactory, staff_user

pytestmark = pytest.mark.django_db

INVITE_URL = "/admin/expert_group/membership/invite/"
NEW_PASSWORD = "river-lantern-orchard-57"


JOIN_URL = "/expert-group/invitations/join/"


def accept(client, link, *, name="Nia Campbell", password=NEW_PASSWORD, confirm=None):
    """Open the emailed link, then send the form it leads to (or the refusal it answers)."""
    opened = client.get(link)
    if opened.status_code != 302:
        return opened
    assert opened["Location"] == JOIN_URL, "the token stays out of the form's address"
    return client.post(
        JOIN_URL, {"full_name": name, "password1": password, "password2": confirm or password}
    )


def test_staff_invite_then_accept_creates_a_verified_active_member_who_can_sign_in(
    client, invitation_link
):
    staff = staff_user()
    client.force_login(staff)
    response = client.post(INVITE_URL, {"email": "Nia@Example.org", "role": "chair"})
    assert response.status_code == 302
    membership = Membership.objects.get(email="nia@example.org")
    assert membership.status == Membership.Status.INVITED
    assert membership.role == Membership.Role.CHAIR
    invitation = membership.invitations.get()
    assert invitation.invited_by == staff
    email = Email.objects.get(key=f"expert-group-invitation-{invitation.pk}")
    assert email.to == ["nia@example.org"]
    assert "Restorative Expert Group" in email.subject

    link = invitation_link("nia@example.org")
    client.logout()
    page = client.get(link, follow=True)
    assert page.redirect_chain == [(JOIN_URL, 302)]
    assert page.status_code == 200
    assert b"nia@example.org" in page.content

    response = accept(client, link)
    assert response.status_code == 302
    user = User.objects.get(email="nia@example.org")
    assert user.full_name == "Nia Campbell"
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).count() == 1
    membership.refresh_from_db()
    assert membership.user == user
    assert membership.status == Membership.Status.ACTIVE
    assert membership.joined_at is not None
    assert client.get(reverse("expert_group:profile")).status_code == 200

    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "nia@example.org", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("expert_group:profile")).status_code == 200


def test_a_link_works_only_once(client):
    issued = membership_invite(email="once@example.org")
    link = reverse("expert_group:invitation-accept", args=[issued.token])
    accept(client, link)
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert b"already been used" in response.content
    response = accept(client, link, name="Someone Else")
    assert response.status_code == 410
    assert User.objects.filter(email="once@example.org").count() == 1


@pytest.mark.parametrize("token", ["not-a-real-token", "A" * 43, "../../admin", "%00", "x" * 500])
def test_forged_links_are_refused_with_404(client, token):
    membership_invite(email="real@example.org")
    response = client.get(f"/expert-group/invitations/{token}/")
    assert response.status_code == 404
    response = client.post(
        JOIN_URL, {"full_name": "X", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 404, "without a link opened first, nothing to accept"
    assert not User.objects.exists()


def test_a_tampered_token_is_refused(client):
    issued = membership_invite(email="tamper@example.org")
    tampered = issued.token[:-1] + ("A" if issued.token[-1] != "A" else "B")
    assert client.get(f"/expert-group/invitations/{tampered}/").status_code == 404


def test_an_expired_link_is_refused(client, settings):
    issued = membership_invite(email="late@example.org")
    assert issued.invitation.expires_at - timezone.now() > timedelta(
        days=settings.EXPERT_GROUP_INVITATION_DAYS - 1
    )
    Invitation.objects.filter(pk=issued.invitation.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    link = reverse("expert_group:invitation-accept", args=[issued.token])
    response = client.get(link)
    assert response.status_code == 410
    assert b"expired" in response.content
    assert accept(client, link).status_code == 410
    assert not User.objects.exists()


def test_a_revoked_link_is_refused(client):
    staff = staff_user()
    issued = membership_invite(email="withdrawn@example.org")
    client.force_login(staff)
    client.post(
        reverse("admin:expert_group_membership_changelist"),
        {"action": "revoke_invitation", "_selected_action": [issued.invitation.membership.pk]},
    )
    client.logout()
    link = reverse("expert_group:invitation-accept", args=[issued.token])
    response = client.get(link)
    assert response.status_code == 410
    assert b"withdrawn" in response.content
    assert accept(client, link).status_code == 410


def test_resend_kills_the_old_link_and_emails_a_new_one(client, invitation_link):
    staff = staff_user()
    first = membership_invite(email="again@example.org")
    client.force_login(staff)
    client.post(
        reverse("admin:expert_group_membership_changelist"),
        {"action": "resend_invitation", "_selected_action": [first.invitation.membership.pk]},
    )
    client.logout()
    assert Email.objects.filter(key__startswith="expert-group-invitation-").count() == 2
    old_link = reverse("expert_group:invitation-accept", args=[first.token])
    new_link = invitation_link("again@example.org")
    assert new_link != old_link
    assert client.get(old_link).status_code == 410
    assert client.get(new_link, follow=True).status_code == 200


def test_an_invitation_for_an_ended_membership_cannot_be_used(client):
    issued = membership_invite(email="gone@example.org")
    Membership.objects.filter(pk=issued.invitation.membership.pk).update(
        status=Membership.Status.ENDED
    )
    link = reverse("expert_group:invitation-accept", args=[issued.token])
    assert client.get(link).status_code == 410


def test_signed_in_people_are_asked_to_sign_out_first(client):
    issued = membership_invite(email="new@example.org")
    client.force_login(MembershipFactory().user)
    response = client.get(
        reverse("expert_group:invitation-accept", args=[issued.token]), follow=True
    )
    assert response.status_code == 409
    assert b"Sign out" in response.content


def test_weak_or_mismatched_passwords_are_explained_and_nothing_is_created(client):
    issued = membership_invite(email="weak@example.org")
    link = reverse("expert_group:invitation-accept", args=[issued.token])
    response = accept(client, link, password="short")
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    response = accept(client, link, password=NEW_PASSWORD, confirm=NEW_PASSWORD + "x")
    assert b"do not match" in response.content
    assert not User.objects.exists()
    assert client.get(link, follow=True).status_code == 200, "a failed attempt does not use it"


def test_inviting_an_active_member_again_is_refused_in_the_admin(client):
    member = MembershipFactory()
    client.force_login(staff_user())
    response = client.post(INVITE_URL, {"email": member.email, "role": "member"})
    assert response.status_code == 200
    assert b"already an active member" in response.content


def test_resend_is_refused_for_active_members():

    with pytest.raises(InvitationError):
        invitation_resend(membership=MembershipFactory())


@pytest.mark.parametrize("method", ["get", "post"])
def test_there_is_no_open_signup(client, method):
    data = {"email": "walk-in@example.org", "password1": PASSWORD, "password2": PASSWORD}
    response = getattr(client, method)(reverse("account_signup"), data)
    assert response.status_code == 403
    assert b"by invitation only" in response.content
    assert not User.objects.filter(email="walk-in@example.org").exists()


def test_admin_add_membership_goes_to_the_invite_form(client):
    client.force_login(staff_user())
    response = client.get(reverse("admin:expert_group_membership_add"))
    assert response.status_code == 302
    assert response["Location"] == INVITE_URL
    assert client.get(INVITE_URL).status_code == 200


def test_an_ended_member_invited_again_gets_their_account_back(client):
    membership = MembershipFactory(status=Membership.Status.ENDED)
    issued = membership_invite(email=membership.email.upper())
    assert issued.invitation.membership == membership
    response = accept(client, reverse("expert_group:invitation-accept", args=[issued.token]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE
    assert User.objects.filter(email=membership.email).count() == 1
    assert membership.user.check_password(NEW_PASSWORD)


def test_an_invitation_cannot_take_over_a_staff_account(client):
    staff = staff_user()
    issued = membership_invite(email=staff.email)
    response = accept(client, reverse("expert_group:invitation-accept", args=[issued.token]))
    assert response.status_code == 409
    staff.refresh_from_db()
    assert staff.check_password(PASSWORD)


def test_an_empty_post_shows_the_errors(client):
    issued = membership_invite(email="empty@example.org")
    client.get(reverse("expert_group:invitation-accept", args=[issued.token]))
    response = client.post(JOIN_URL)
    assert response.status_code == 200
    assert b"There is a problem" in response.content


def test_the_invitation_email_is_written_in_the_same_transaction():
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        membership_invite(email="rolled-back@example.org")
        raise RuntimeError("the caller fails after inviting")
    assert not Membership.objects.filter(email="rolled-back@example.org").exists()
    assert not Email.objects.exists()


def test_the_invitation_reads_well_for_every_role(client):
    issued = membership_invite(email="watcher@example.org", role=Membership.Role.OBSERVER)
    email = Email.objects.get(key=f"expert-group-invitation-{issued.invitation.pk}")
    assert "as an observer." in email_content(email=email).text
    page = client.get(reverse("expert_group:invitation-accept", args=[issued.token]), follow=True)
    assert b"as an observer." in page.content


def test_the_token_is_not_in_the_form_s_address_nor_accepted_by_post(client):
    issued = membership_invite(email="private@example.org")
    link = reverse("expert_group:invitation-accept", args=[issued.token])
    assert client.post(link, {"full_name": "X"}).status_code == 405
    page = client.get(link, follow=True)
    assert issued.token not in page.request["PATH_INFO"]
    assert issued.token not in page.content.decode()
    assert issued.token not in str(dict(client.session))
    assert accept(client, link).status_code == 302
    assert client.get(JOIN_URL).status_code == 404, "once accepted, the session forgets it"
