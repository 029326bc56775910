from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .services import user_other_sessions_end, user_sign_ins_live
from .sessions import session_stored_key


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def sign_in_list(request):
    """Where the account is signed in; a POST signs out everywhere else."""
    if request.method == "POST":
        ended = user_other_sessions_end(request=request)
        messages.success(
            request, f"Signed out of {ended} other session{'s' if ended != 1 else ''}."
        )
        return redirect("signins:list")
    current = session_stored_key(request.session.session_key)
    sign_ins = user_sign_ins_live(user=request.user)
    for sign_in in sign_ins:
        sign_in.is_current = sign_in.stored_key == current
    return render(
        request,
        "signins/list.html",
        {"sign_ins": sign_ins, "others": sum(not s.is_current for s in sign_ins)},
    )
