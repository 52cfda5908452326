from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = _("Community figures and sponsorship")

    def ready(self) -> None:
        from camps.spending import register_spending_provider
        from community import signals  # noqa: F401 — drops the cached settings on save
        from community.ledger import camp_spending
        from community.merges import move_back, move_to, recount_after_commit
        from community.tasks import queue_recount
        from contributors.merges import Follower, register_follower
        from projects.pipeline import Step, register

        register_follower(Follower(move_to=move_to, move_back=move_back))
        register(Step.RECOUNT, queue_recount)
        register(Step.RECOUNT_PEOPLE, recount_after_commit)
        # The camp report shows the ledger's spending; camps never imports community.
        register_spending_provider(camp_spending)
