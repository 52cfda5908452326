from django.core.management.base import CommandError, CommandParser
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from osc4you.lib.commands import TranslatedCommand
from projects.models import MailingList, Project, Repository


class Command(TranslatedCommand):
    help = _("Follow a repository: create its project if new, and the repository.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("project", help=_("project slug, e.g. kafka"))
        parser.add_argument("repository", help=_("GitHub owner/name, e.g. apache/kafka"))
        parser.add_argument(
            "--clone-url",
            help=_("URL or local path to clone from (default: the GitHub URL)"),
        )
        parser.add_argument(
            "--branch", help=_("default branch (default: the one the remote's HEAD names)")
        )
        parser.add_argument("--name", help=_("project name when the project is new"))
        parser.add_argument("--jira-key", help=_("JIRA project key, e.g. KAFKA"))
        parser.add_argument(
            "--list",
            action="append",
            default=[],
            metavar="ADDRESS",
            dest="lists",
            help=_("a mailing list of the project, e.g. dev@kafka.apache.org (repeatable)"),
        )

    def handle(self, *args, **options) -> None:
        slug = options["project"]
        if slugify(slug) != slug:
            raise CommandError(_("%(slug)r is not a slug (try %(good)r)") % {
                "slug": slug, "good": slugify(slug)
            })  # fmt: skip
        owner, _sep, name = options["repository"].partition("/")
        if not owner or not name or "/" in name:
            raise CommandError(
                _("%(value)r is not owner/name, e.g. apache/kafka")
                % {"value": options["repository"]}
            )
        addresses = [address.strip().lower() for address in options["lists"]]
        for address in addresses:
            name, _at, domain = address.partition("@")
            if not name or "." not in domain or " " in address:
                raise CommandError(
                    _("%(value)r is not a list address, e.g. dev@kafka.apache.org")
                    % {"value": address}
                )
        with transaction.atomic():
            project, created_project = Project.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": options["name"] or slug.replace("-", " ").title(),
                    "jira_key": options["jira_key"] or "",
                },
            )
            if options["jira_key"] and not created_project:
                project.jira_key = options["jira_key"]
                project.save(update_fields=["jira_key"])
            repository = Repository.objects.filter(owner__iexact=owner, name__iexact=name).first()
            if repository and repository.project_id != project.pk:
                raise CommandError(
                    _("%(repo)s already belongs to project %(project)s")
                    % {"repo": repository.full_name, "project": repository.project.slug}
                )
            created_repository = repository is None
            repository = repository or Repository(project=project, owner=owner, name=name)
            repository.clone_url = (
                options["clone_url"]
                or (repository.clone_url if not created_repository else "")
                or f"https://github.com/{owner}/{name}.git"
            )
            if options["branch"]:
                repository.default_branch = options["branch"]
            repository.save()
            for address in addresses:
                found = MailingList.objects.filter(address__iexact=address).first()
                if found and found.project_id != project.pk:
                    raise CommandError(
                        _("%(list)s already belongs to project %(project)s")
                        % {"list": address, "project": found.project.slug}
                    )
                if found is None:
                    MailingList.objects.create(project=project, address=address)
        for address in addresses:
            self.stdout.write(
                _("Following %(list)s for %(project)s") % {"list": address, "project": project.name}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("%(verb)s %(repo)s in %(project)s (clone URL %(url)s, branch %(branch)s)")
                % {
                    "verb": _("Added") if created_repository else _("Updated"),
                    "repo": repository.full_name,
                    "project": project.name,
                    "url": repository.clone_url,
                    "branch": repository.default_branch or _("from the remote"),
                }
            )
        )
