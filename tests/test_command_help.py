"""Every command of ours prints its --help (lazy translations in help once crashed it)."""

import pytest
from django.core.management import get_commands, load_command_class

OURS = sorted(
    (app, name)
    for name, app in get_commands().items()
    if app in ("contributors", "projects", "camps", "community")
)


def test_it_finds_our_commands():
    assert ("camps", "camp_report") in OURS
    assert ("projects", "sync_github") in OURS


@pytest.mark.parametrize(("app", "name"), OURS, ids=[name for _app, name in OURS])
def test_it_prints_help(app, name):
    command = load_command_class(app, name)
    text = command.create_parser("manage.py", name).format_help()
    assert f"manage.py {name}" in text
