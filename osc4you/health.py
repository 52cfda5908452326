from django.conf import settings
from django.db import connection


def check_services() -> dict[str, str]:
    """Each service's state: "ok", "not configured", or the error that names the problem."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means unhealthy; report it, don't raise
        checks["database"] = f"error: {exc.__class__.__name__}: {exc}"
    if settings.REDIS_URL:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2).ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"error: {exc.__class__.__name__}: {exc}"
    else:
        checks["redis"] = "not configured"
    return checks
