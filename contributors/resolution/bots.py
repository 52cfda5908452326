"""Which identities are bots and which are AI assistants: lists of patterns, matched against
normalized values.

Bots are told by their addresses and logins (GitHub writes an App's login with ``[bot]``,
and the GitHub sync adds it to every account GitHub types ``Bot``), never by a first name:
"Travis Wellman" and "Hudson Taylor" are people. AI assistants named as co-authors are a
kind of their own: shown on their commits, never ranked or counted as people. Many of them
are credited by a name alone ("Claude Code (Opus 4.8)"), so their names are patterns too.
"""

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
    r"^(jenkins|hudson)[-_.]?(bot|ci)?@",  # Jenkins and Hudson as an email
    r"@builds\.apache\.org$",  # any ASF build machine
    r"^asf[-_]?(ci|bot|infra)",  # asf-ci, asfbot, asf-ci-deploy
    r"@travis-ci\.(org|com)$",  # Travis CI's commits; not "Travis Wellman"
    r"^(travis-ci|codecov-io|k8s-ci-robot)$",  # CI services' logins
    r"^goreleaser(bot)?@",  # GoReleaser's release commits (goreleaser@carlosbecker.com)
    r"^goreleaserbot$",  # …and its git name
    r"@(snyk\.io|greenkeeper\.io|mergify\.(io|com))$",  # dependency and merge services
    r"(^|[\s._+-])bot($|@)",  # "release bot", "kafka-bot", "github+bot@…"; not "Abbot"
)
_BOT = re.compile("|".join(f"(?:{pattern})" for pattern in BOT_PATTERNS))

# AI assistants, by address, login or the names their tools write into trailers.
ASSISTANT_PATTERNS: tuple[str, ...] = (
    r"^noreply@anthropic\.com$",  # Claude Code's Co-authored-by
    # "Claude Opus 4.8", "Claude - Opus 4.6"; not "Claude Monet"
    r"^claude( code)?\b.*\b(opus|sonnet|haiku|fable|code|\d)",
    r"^(\d+\+)?copilot(@users\.noreply\.github\.com)?$",  # GitHub Copilot's login and email
    r"^(github )?copilot( autofix\b.*)?$",  # "Copilot", "Copilot Autofix powered by AI"
    r"^cursoragent@cursor\.com$",  # Cursor's agent
    r"^cursor( agent)?$",
    r"^(google )?gemini\b",  # "Gemini 3.5 Flash", "Google Gemini Cli"
    r"^codex\b",  # "Codex (GPT-5.6 Sol)"
    r"^(chatgpt|openai codex)\b|^noreply@openai\.com$",
)
_ASSISTANT = re.compile("|".join(f"(?:{pattern})" for pattern in ASSISTANT_PATTERNS))


# Either kind, in one search: what counts as no person at all.
_MACHINE = re.compile(f"{_BOT.pattern}|{_ASSISTANT.pattern}")


def looks_like_bot(value: str) -> bool:
    """Whether an identity value (email, name or login) matches one of ``BOT_PATTERNS``."""
    return _BOT.search(value.lower()) is not None


def looks_like_assistant(value: str) -> bool:
    """Whether an identity value names an AI assistant (``ASSISTANT_PATTERNS``)."""
    return _ASSISTANT.search(value.lower()) is not None


def looks_like_machine(value: str) -> bool:
    """A bot or an AI assistant: ``looks_like_bot(value) or looks_like_assistant(value)``."""
    return _MACHINE.search(value.lower()) is not None
