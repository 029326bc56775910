"""A logging filter that takes the value of a `postcode` query parameter (the Open Referral
API's) out of a log line, such as the development server's request lines."""

import logging
import re

POSTCODE_PARAMETER = re.compile(r"(?i)([?&;]postcode=)[^&;\s\"']*")


class PostcodeRemoved(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = POSTCODE_PARAMETER.sub(r"\1[removed]", message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True
