"""gunicorn's logger, with every secret in an address redacted (see cja_site.secret_routes).

Named in the Procfile (`--logger-class cja_site.gunicorn_logging.RedactingLogger`): the access
log's request line, path, query, Referer, Location and any other header or environ value it
is told to print lose the secret an emailed link carries; gunicorn's error log too.
"""

from gunicorn.glogging import Logger, SafeAtoms

from .secret_routes import RedactSecrets, redact_text


class RedactedAtoms(SafeAtoms):
    """Each value is redacted when the log format asks for it, not all ~40 for every request."""

    def __getitem__(self, key):
        value = super().__getitem__(key)
        return redact_text(value) if isinstance(value, str) else value


class RedactingLogger(Logger):
    atoms_wrapper_class = RedactedAtoms

    def setup(self, cfg):
        super().setup(cfg)
        self.error_log.addFilter(RedactSecrets())
