"""Development email on the console: readable, with links that can be followed."""

import io

from django.core.mail import EmailMultiAlternatives

from notifications.backends import ReadableConsoleBackend

LINK = "http://127.0.0.1:8000/expert-group/invitations/" + "a1b2c3d4e5" * 6 + "/?next=/x=y"


def test_console_email_shows_whole_links_and_decoded_text():
    stream = io.StringIO()
    message = EmailMultiAlternatives(
        subject="Your invitation: Sián at Criminal Justice Alliance",
        body=f"Dear Siân,\n\nAccept your invitation here: {LINK}\n",
        from_email="CJA <noreply@localhost>",
        to=["sian@example.org"],
        headers={"X-Outbox-Key": "invitation-1"},
    )
    message.attach_alternative(f'<p><a href="{LINK}">Accept</a></p>', "text/html")
    message.attach("meeting.ics", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "text/calendar")
    ReadableConsoleBackend(stream=stream).send_messages([message])

    text = stream.getvalue()
    assert f"Accept your invitation here: {LINK}\n" in text
    assert "Dear Siân," in text
    assert "Subject: Your invitation: Sián at Criminal Justice Alliance" in text
    assert "To: sian@example.org" in text
    assert "X-Outbox-Key: invitation-1" in text
    assert "[Attachment: meeting.ics, text/calendar" in text
    assert "=3D" not in text and "=\n" not in text
