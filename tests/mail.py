"""Mail helpers for tests: a mail backend for a server that is down."""


class BrokenMailBackend:
    """A mail server that is down: every send raises, as smtplib does when the host refuses.
    Use it with settings.EMAIL_BACKEND = "tests.mail.BrokenMailBackend"."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")
