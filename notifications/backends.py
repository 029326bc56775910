"""Email printed for a developer to read (the embedded default's console email).

Django's console backend prints the raw MIME message: a long line in a text part comes out
quoted-printable, so a link is cut by "=" soft line breaks and "=3D" and cannot be followed.
This prints the headers and the decoded text instead, and names the other parts.
"""

from django.core.mail.backends.console import EmailBackend

SHOWN_HEADERS = (
    "From",
    "To",
    "Cc",
    "Reply-To",
    "Subject",
    "Date",
    "X-Outbox-Key",
    "List-Unsubscribe",
)


class ReadableConsoleBackend(EmailBackend):
    def write_message(self, message):
        self.stream.write(email_as_text(message.message()))
        self.stream.write("\n" + "-" * 79 + "\n")


def email_as_text(msg) -> str:
    lines = [f"{name}: {msg[name]}" for name in SHOWN_HEADERS if msg[name] is not None]
    for part in msg.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        if content_type == "text/plain" and not part.is_attachment():
            lines += ["", part.get_content().rstrip("\n")]
        elif content_type == "text/html" and not part.is_attachment():
            lines += ["", f"[HTML version, {len(part.get_content())} characters]"]
        else:
            size = len(part.get_payload(decode=True) or b"")
            name = part.get_filename() or "unnamed"
            lines += ["", f"[Attachment: {name}, {content_type}, {size} bytes]"]
    return "\n".join(lines) + "\n"
