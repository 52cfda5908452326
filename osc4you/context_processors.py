from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    """Values every page's shell needs: the community's name and whether DEBUG is on."""
    return {"community_name": settings.COMMUNITY_NAME, "debug": settings.DEBUG}
