"""Rule 3: logins written inside emails. A GitHub noreply email names a GitHub login and
``<id>@apache.org`` an Apache id; the login identity is created and paired with the email.
The ``12345+login@…`` form also names the account's numeric id, recorded on the login as a
commit email's word (GitHub's API outranks it)."""

import re

from contributors.models import Identity
from contributors.resolution.graph import Graph, Node
from projects.identities import record_account_ids, record_pairs, upsert_identities

Kind = Identity.Kind

_NOREPLY = re.compile(
    r"^(?:(?P<account>\d+)\+)?(?P<login>[a-z0-9][a-z0-9-]{0,38}(?:\[bot\])?)"
    r"@users\.noreply\.github\.com$",
    re.IGNORECASE,
)
_APACHE = re.compile(r"^(?P<login>[a-z0-9][a-z0-9._-]{0,63})@apache\.org$", re.IGNORECASE)


def derive_logins(graph: Graph, scope: set[int]) -> int:
    """Create and pair the GitHub login or Apache id each email in scope names."""
    wanted: dict[int, tuple[str, str]] = {}
    accounts: dict[int, int] = {}  # email identity -> the account id its address names
    kind: str
    for pk in scope:
        node = graph.nodes[pk]
        kept_apart = node.contributor is None and node.link_source == Identity.LinkSource.MANUAL
        if node.kind != Kind.GIT_EMAIL or kept_apart:
            continue
        for pattern, kind in ((_NOREPLY, Kind.GITHUB), (_APACHE, Kind.APACHE)):
            # The display keeps the login's case; the value is the fallback.
            match = pattern.match(node.display or node.value) or pattern.match(node.value)
            if match:
                wanted[pk] = (kind, match["login"])
                if kind == Kind.GITHUB and match["account"]:
                    accounts[pk] = int(match["account"])
    if not wanted:
        return 0
    existing: dict[tuple[str, str], int] = {
        (node.kind, node.value): node.pk
        for node in graph.nodes.values()
        if node.kind in (Kind.GITHUB, Kind.APACHE)
    }
    missing = [
        key
        for key in wanted.values()
        if (key[0], Identity.normalize(key[0], key[1])) not in existing
    ]
    created = 0
    if missing:
        ids = upsert_identities(missing)
        for (kind, value), pk in ids.items():
            if pk not in graph.nodes:
                graph.nodes[pk] = Node(pk, kind, value, "", None, "")
                created += 1
            existing[(kind, value)] = pk
        for kind, raw in missing:
            graph.nodes[existing[(kind, Identity.normalize(kind, raw))]].display = raw
    new_pairs = []
    for email, (kind, raw) in wanted.items():
        login = existing[(kind, Identity.normalize(kind, raw))]
        if login not in graph.neighbours[email]:
            new_pairs.append((email, login))
            graph.add_pair(email, login)
            scope.add(login)
    record_pairs(new_pairs)
    by_login: dict[int, set[int]] = {}
    for email, account in accounts.items():
        login = existing[(Kind.GITHUB, Identity.normalize(Kind.GITHUB, wanted[email][1]))]
        by_login.setdefault(login, set()).add(account)
    # Two addresses naming one login with two ids contradict each other: record neither.
    record_account_ids(
        {login: ids.pop() for login, ids in by_login.items() if len(ids) == 1},
        source=Identity.AccountIdSource.COMMIT_EMAIL,
    )
    return created
