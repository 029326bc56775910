"""Sign-in records: made at sign-in, kept up to date by the activity middleware, gone with
their session."""

from allauth.account.adapter import get_adapter
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from .models import SignIn
from .sessions import session_stored_key, sessions_alive, sessions_delete

USER_AGENT_LENGTH = SignIn._meta.get_field("user_agent").max_length


def sign_in_record(*, request, user) -> None:
    """Record (or bring up to date) the sign-in of `request`'s session."""
    session = request.session
    if not user.is_authenticated:
        return
    if not session.session_key:
        session.save()
    SignIn.objects.update_or_create(
        stored_key=session_stored_key(session.session_key),
        defaults={
            "user": user,
            "ip": _client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_LENGTH],
            "last_seen_at": timezone.now(),
        },
    )


def _client_ip(request) -> str | None:
    try:
        return get_adapter().get_client_ip(request)
    except PermissionDenied:  # no address to go by (a sign-in made outside a request)
        return None


def sign_in_forget(*, session) -> None:
    """Drop the record of a session that is ending (signing out, leaving by "Exit this page")."""
    if session.session_key:
        SignIn.objects.filter(stored_key=session_stored_key(session.session_key)).delete()


@transaction.atomic
def sign_ins_end(*, sign_ins) -> int:
    """End these sessions and drop their records. Returns how many."""
    sign_ins = list(sign_ins)
    sessions_delete(stored_keys=[sign_in.stored_key for sign_in in sign_ins])
    SignIn.objects.filter(pk__in=[sign_in.pk for sign_in in sign_ins]).delete()
    return len(sign_ins)


def user_sessions_end(*, user) -> int:
    """End every session of an account (a membership ended, an account locked)."""
    return sign_ins_end(sign_ins=SignIn.objects.filter(user=user))


def user_other_sessions_end(*, request) -> int:
    """End every session of the signed-in account but this one."""
    current = session_stored_key(request.session.session_key)
    return sign_ins_end(
        sign_ins=SignIn.objects.filter(user=request.user).exclude(stored_key=current)
    )


def user_sign_ins_live(*, user) -> list[SignIn]:
    """The account's sign-ins whose session still exists and is still its; the others go."""
    sign_ins = list(SignIn.objects.filter(user=user))
    alive = sessions_alive(stored_keys=[sign_in.stored_key for sign_in in sign_ins])
    live, dead = [], []
    for sign_in in sign_ins:
        data = alive.get(sign_in.stored_key)
        owned = data is not None and str(data.get("_auth_user_id")) == str(user.pk)
        (live if owned else dead).append(sign_in)
    SignIn.objects.filter(pk__in=[sign_in.pk for sign_in in dead]).delete()
    return live
