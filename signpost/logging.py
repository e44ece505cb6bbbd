"""Log lines for the process manager: one JSON object per event on the console, tracebacks included.

A crash in a request (logger `django.request`) is written with its traceback and, when ADMINS is set,
mailed to them by Django's AdminEmailHandler.
"""

import datetime as dt
import json
import logging

# Attributes every LogRecord has; anything else was passed with `extra=` and is written as a field.
STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        event = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "method"):
            event["method"] = request.method
            event["path"] = request.path
        for key, value in vars(record).items():
            if key not in STANDARD_ATTRIBUTES and key not in {"request", "server_time"}:
                event[key] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        if record.exc_info:
            event["traceback"] = self.formatException(record.exc_info)
        elif record.stack_info:
            event["traceback"] = self.formatStack(record.stack_info)
        return json.dumps(event, ensure_ascii=False)


def logging_config(level: str = "INFO") -> dict:
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": JsonFormatter}},
        "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "json"},
            # Does nothing while ADMINS is empty.
            "mail_admins": {
                "class": "django.utils.log.AdminEmailHandler",
                "level": "ERROR",
                "filters": ["require_debug_false"],
            },
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "django.request": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
            "django.security": {"handlers": ["console", "mail_admins"], "level": "ERROR", "propagate": False},
            "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
            # opensearch-py logs every failed request with a traceback; ours say it once, in a line.
            "opensearch": {"handlers": ["console"], "level": "ERROR", "propagate": False},
            **{
                name: {"handlers": ["console"], "level": level, "propagate": False}
                for name in (
                    "signpost",
                    "search",
                    "home",
                    "directory",
                    "events",
                    "inclusion_alliance",
                    "open_data",
                    "assisted_digital",
                )
            },
        },
    }
