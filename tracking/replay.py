"""Recorded API responses served as if live: the tests and the demo loader feed them through the
same client and adapters as a real poll, with no network.

A response for https://host/some/path lives at <directory>/host/some/path.json. Each carries an
ETag derived from its content, and answers 304 when asked again with it, as the real APIs may.
"""

import hashlib
from pathlib import Path

import httpx


def replay_transport(directory: Path) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        path = request.url.path.strip("/")
        if not path.endswith(".json"):
            path += ".json"
        file = Path(directory, request.url.host, path)
        if ".." in Path(path).parts or not file.is_file():
            return httpx.Response(404, json={"status": 404, "title": "Not Found"})
        body = file.read_bytes()
        etag = f'"{hashlib.sha256(body).hexdigest()[:20]}"'
        if request.headers.get("If-None-Match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        return httpx.Response(
            200, content=body, headers={"ETag": etag, "Content-Type": "application/json"}
        )

    return httpx.MockTransport(handle)
