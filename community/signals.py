"""Only cache upkeep, as django.contrib.sites does: a saved settings row drops its copy."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from community.models import CommunitySettings


@receiver(post_save, sender=CommunitySettings)
@receiver(post_delete, sender=CommunitySettings)
def drop_cached_settings(**kwargs) -> None:
    CommunitySettings.objects.clear_cache()
