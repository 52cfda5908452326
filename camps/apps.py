from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampsConfig(AppConfig):
    name = "camps"
    verbose_name = _("Camps")

    def ready(self) -> None:
        from camps import merges, person
        from camps.roles import enrolled_mentees
        from contributors.merges import Follower, register_follower
        from contributors.parts import register_part
        from contributors.roles import register_mentee_source

        # What contributors reads or moves of camps goes through these; it never imports camps.
        register_mentee_source(enrolled_mentees)
        register_part(person.PART)
        register_follower(Follower(move_to=merges.move_to, move_back=merges.move_back))
