class DomainError(Exception):
    """A rule of the service was broken; the message tells a person what to do about it.

    Services raise it; views show it in the GOV.UK error summary, linked to `field` when given.
    `link` (text, URL): where the person can go about it (e.g. the record that is in the way),
    shown under the error summary.
    """

    def __init__(self, message: str, *, field: str | None = None, link: tuple[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.link = link
