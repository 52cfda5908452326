"""Which identities are bots: one list of patterns, matched against normalized values."""

import re

# Every pattern that marks an identity as a bot, matched against normalized values (emails,
# names and logins alike). One tuple so a new bot is one line here.
BOT_PATTERNS: tuple[str, ...] = (
    r"\[bot\]",  # GitHub Apps: dependabot[bot], github-actions[bot], in logins and emails
    r"^dependabot",  # Dependabot under any spelling: dependabot-preview, dependabot@…
    r"^renovate",  # Renovate: renovate-bot, renovate@whitesourcesoftware.com
    r"^github-actions",  # GitHub Actions' login and name
    r"^noreply@github\.com$",  # GitHub's web-flow committer of merges made in the web UI
    r"^(web-flow|github)$",  # that committer's login and name
    r"^(apache )?jenkins( server)?$",  # "Apache Jenkins Server" and friends as git names
    r"^jenkins[-_.]?(bot|ci)?@",  # Jenkins as an email
    r"@builds\.apache\.org$",  # any ASF build machine
    r"^asf[-_]?(ci|bot|infra)",  # asf-ci, asfbot, asf-ci-deploy
    r"^(hudson|travis|travis-ci|codecov|greenkeeper|mergify|snyk-bot|k8s-ci-robot)\b",
    r"(^|[\s._-])bot($|@)",  # "release bot", "kafka-bot", "ci_bot@…"; not "Abbot"
)
_BOT = re.compile("|".join(f"(?:{pattern})" for pattern in BOT_PATTERNS))


def looks_like_bot(value: str) -> bool:
    """Whether an identity value (email, name or login) matches one of ``BOT_PATTERNS``."""
    return _BOT.search(value.lower()) is not None
