"""A local-memory mail backend that counts connections, and refuses addresses on request."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

connections: list[list[str]] = []  # one entry per connection opened: who it sent to
refused: set[str] = set()


class EmailBackend(LocmemBackend):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = None

    def open(self):
        if self.current is not None:
            return False
        self.current = []
        connections.append(self.current)
        return True

    def close(self):
        self.current = None

    def send_messages(self, messages):
        opened = self.open()
        try:
            for message in messages:
                if set(message.to) & refused:
                    raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
                self.current.extend(message.to)
            return super().send_messages(messages)
        finally:
            if opened:
                self.close()
