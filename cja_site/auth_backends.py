"""How a signed-in person is found on each request: allauth's backend, with whether they are an
active member of the expert group read in the same query (every members' page asks, and asking
separately is a second round trip)."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef

from expert_group.models import Membership


class AccountBackend(AuthenticationBackend):
    def get_user(self, user_id):
        active_membership = Membership.objects.filter(
            user=OuterRef("pk"), status=Membership.Status.ACTIVE
        )
        try:
            user = (
                get_user_model()
                ._default_manager.annotate(is_active_member=Exists(active_membership))
                .get(pk=user_id)
            )
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
