from django.http import HttpResponsePermanentRedirect

from .selectors import redirect_target


class RedirectFallbackMiddleware:
    """On a 404, send the visitor on if the address belonged to an item that has moved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if "\x00" in request.path:
            # PostgreSQL text cannot hold NUL, and no stored address contains one.
            return response
        new_path = redirect_target(path=request.path)
        if new_path is None:
            return response
        query = request.META.get("QUERY_STRING")
        return HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)
