from .counting import Counting, read_record


class ReadershipMiddleware:
    """Count public reads, the page cache's hits included: place it just before
    PublicPageCacheMiddleware. It reads nothing from the database and sets no cookie."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.counting = Counting()

    def __call__(self, request):
        response = self.get_response(request)
        kind = self.counting.kind(request, response)
        if kind is not None:
            read_record(request, kind=kind)
        return response
