"""Typed readers for configuration from the environment.

Every setting comes from a variable, and any variable may instead come from a file named by
``<NAME>_FILE`` (Docker and Kubernetes secrets), read through django-environ's mapping. A bad
value raises ImproperlyConfigured naming the variable, so a typo stops the process at start
rather than at first use.
"""

from django.core.exceptions import ImproperlyConfigured
from environ.fileaware_mapping import FileAwareMapping

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}

# django-environ's mapping reads <NAME>_FILE before <NAME>: every reader below honours it.
# Settings read each variable once, so there is nothing to cache.
_ENVIRON = FileAwareMapping(cache=False)


def _raw(name: str) -> str | None:
    """The variable's value, the trimmed content of the file ``<name>_FILE`` names, or None."""
    try:
        value = _ENVIRON.get(name)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"{name}_FILE={_ENVIRON.env.get(name + '_FILE')!r} cannot be read: {exc}"
        ) from exc
    if value is not None and _ENVIRON.env.get(f"{name}_FILE"):
        value = value.strip()
    return value


def env_str(name: str, default: str = "") -> str:
    """The variable's value, or the content of the file ``<name>_FILE`` points at."""
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no)")


def env_int(name: str, default: int) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def env_float(name: str, default: float) -> float:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated list; blanks around items are dropped."""
    raw = _raw(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_url(name: str, default: str = "") -> str:
    """A URL without its trailing slash; must start with http:// or https://."""
    value = env_str(name, default).strip()
    if value and not value.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{name}={value!r} must start with http:// or https://")
    return value.rstrip("/")
