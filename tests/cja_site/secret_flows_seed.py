"""Run in the served site's database (manage.py shell): makes one of each secret link an email
would carry, and prints them as JSON. Used by test_secret_logs.py."""

import json
from datetime import timedelta

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from directory.models import Service
from directory.services import service_check_token
from expert_group.models import Meeting, Membership
from expert_group.services.meetings import calendar_feed_regenerate, rsvp_links
from expert_group.services.membership import membership_invite
from subscriptions import links
from subscriptions.models import Subscriber, Subscription

User = get_user_model()
member = Membership.objects.filter(status="active").exclude(user=None).first().user
meeting = Meeting.objects.create(
    title="A meeting to answer",
    starts_at=timezone.now() + timedelta(days=20),
    ends_at=timezone.now() + timedelta(days=20, hours=2),
)
follower = Subscriber.objects.create(email="ada@example.org", status="confirmed")
Subscription.objects.create(
    subscriber=follower, target="publications", confirmed_at=timezone.now(), consent_text="Yes"
)
asking = Subscription.objects.create(
    subscriber=Subscriber.objects.create(email="bo@example.org"),
    target="publications",
    consent_text="Yes",
)
service = Service.objects.first()
service.check_requested_at = timezone.now()
service.save(update_fields=["check_requested_at"])
newcomer = User.objects.create_user(email="cy@example.org", password="unused-password-77")
address = EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=False)


def path(url):
    return url.removeprefix(settings.SITE_URL)


print(
    json.dumps(
        {
            "invitation": reverse(
                "expert_group:invitation-accept",
                args=[membership_invite(email="newcomer@example.org").token],
            ),
            "calendar": calendar_feed_regenerate(user=member).path,
            "rsvp": path(rsvp_links(meeting=meeting, user=member)["attending"]),
            "directory_check": reverse(
                "directory:check", args=[service_check_token(service=service)]
            ),
            "confirm": path(links.confirm_url(subscription=asking)),
            "manage": path(links.manage_url(subscriber=follower)),
            "unsubscribe": path(links.unsubscribe_url(subscriber=follower)),
            "password_reset": reverse(
                "account_reset_password_from_key",
                kwargs={
                    "uidb36": user_pk_to_url_str(member),
                    "key": default_token_generator.make_token(member),
                },
            ),
            "confirm_email": reverse(
                "account_confirm_email", args=[EmailConfirmationHMAC(address).key]
            ),
        }
    )
)
