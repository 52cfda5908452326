"""The contributor page in a real headless Chromium: sign in, open the page, see both charts.

The Django tests read HTML; only a browser shows that Chart.js loads from the static files,
that static/js/people.js runs, and that the canvases get drawn. tests/browser.py starts
Debian's Chromium (skipping without it, failing under CI=true).
"""

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone, translation
from django.utils.translation import gettext
from pytest_django.live_server_helper import LiveServer
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from contributors.models import Contributor, Identity
from projects.rollups import refresh_activity_months
from tests.browser import WAIT_SECONDS, missing, sign_in, start_chromium
from tests.factories import (
    CommitFactory,
    IdentityFactory,
    ProjectFactory,
    PullRequestFactory,
    RepositoryFactory,
)

# live_server makes these transactional; pytest-django runs them after the other database
# tests, so the rows the migrations create (the organizers group, beat schedules) are only
# flushed once nothing else needs them.
pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # UserFactory's password
CHART_JS = Path(settings.BASE_DIR) / "static" / "vendor" / "chart.umd.min.js"

# For each chart: what Chart.js holds and what the canvas shows. "inked" counts pixels inside
# the plot area in a dataset's colour, so axes, grid lines and the legend alone don't pass.
CHARTS_SCRIPT = """
const report = {};
for (const id of arguments[0]) {
  const canvas = document.getElementById(id);
  const chart = canvas && window.Chart ? window.Chart.getChart(canvas) : undefined;
  if (!chart) { report[id] = null; continue; }
  const colours = chart.data.datasets
    .flatMap((d) => [d.backgroundColor, d.borderColor])
    .filter((c) => typeof c === "string" && /^#[0-9a-f]{6}$/i.test(c))
    .map((c) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)));
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  const area = chart.chartArea;
  const ratio = canvas.width / canvas.clientWidth;
  let painted = 0, inked = 0;
  for (let p = 0; p < pixels.length; p += 4) {
    if (pixels[p + 3] === 0) continue;
    painted++;
    const x = (p / 4) % canvas.width / ratio, y = Math.floor(p / 4 / canvas.width) / ratio;
    if (x < area.left || x > area.right || y < area.top || y > area.bottom) continue;
    if (colours.some((c) => c.every((v, i) => Math.abs(v - pixels[p + i]) <= 8))) inked++;
  }
  report[id] = {
    datasets: chart.data.datasets.length,
    labels: chart.data.datasets.map((d) => d.label),
    values: chart.data.datasets.reduce((n, d) => n + d.data.filter((v) => v > 0).length, 0),
    hidden: canvas.closest(".chart").hidden,
    width: canvas.clientWidth,
    height: canvas.clientHeight,
    painted: painted,
    inked: inked,
  };
}
return report;
"""
CHART_IDS = ["monthly-chart", "cumulative-chart"]


@pytest.fixture
def browser(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[webdriver.Chrome]:
    if not CHART_JS.exists():
        missing(f"needs {CHART_JS.relative_to(settings.BASE_DIR)}: run `make install` with npm")
    driver = start_chromium(tmp_path / "chromium-profile")
    # pytest logs the call's report before fixture teardown, so a higher count means this
    # test failed: keep what the browser saw for the person debugging it.
    failed_before = request.session.testsfailed
    yield driver
    try:
        if request.session.testsfailed > failed_before:
            driver.save_screenshot(str(tmp_path / "failure.png"))
            console = json.dumps(driver.get_log("browser"), indent=2)
            (tmp_path / "console.json").write_text(console)
            print(f"browser screenshot and console log in {tmp_path}")
    finally:
        driver.quit()


def _person_with_history(user: AbstractBaseUser) -> None:
    """Merged PRs over three months and a few commits, rolled up as a sync would, so the
    monthly chart has bars and the cumulative line spans several months."""
    contributor = user.contributor
    project = ProjectFactory(name="Kafka", slug="kafka")
    repository = RepositoryFactory(project=project, owner="apache", name="kafka")
    github = IdentityFactory(contributor=contributor, kind=Identity.Kind.GITHUB, value="mei")
    email = IdentityFactory(
        contributor=contributor, kind=Identity.Kind.GIT_EMAIL, value="mei@example.org"
    )
    now = timezone.now()
    for days_ago in (75, 45, 40, 10):
        merged = now - timedelta(days=days_ago)
        PullRequestFactory(
            repository=repository,
            author=github,
            created_at=merged - timedelta(days=2),
            updated_at=merged,
            merged_at=merged,
        )
    CommitFactory.create_batch(
        3, repository=repository, author=email, committed_at=now - timedelta(days=20)
    )
    refresh_activity_months(contributor_ids=[contributor.pk])


def _sign_in(driver: webdriver.Chrome, live_server: LiveServer, username: str) -> None:
    sign_in(driver, live_server.url, username, PASSWORD)
    # The header names the person behind the account (the username for one linked to nobody).
    shown = driver.find_element(By.CSS_SELECTOR, ".signed-in-as").text
    person = Contributor.objects.filter(user__username=username).first()
    assert shown == (person.display_name if person else username)


def _charts(driver: webdriver.Chrome) -> dict[str, Any]:
    return driver.execute_script(CHARTS_SCRIPT, CHART_IDS)


def _wait_for_charts(driver: webdriver.Chrome) -> dict[str, Any]:
    """Chart.js animates its first draw: poll until both plot areas show data."""
    last: dict[str, Any] = {}

    def drawn(d: webdriver.Chrome) -> bool:
        last.update(_charts(d))
        return all(chart and chart["inked"] > 0 for chart in last.values())

    try:
        WebDriverWait(driver, WAIT_SECONDS, poll_frequency=0.2).until(drawn)
    except TimeoutException:
        # None means Chart.js never made that chart (not loaded, or people.js failed).
        pytest.fail(f"charts not drawn within {WAIT_SECONDS} s: {last}")
    return _charts(driver)


def _severe_console_messages(driver: webdriver.Chrome) -> list[str]:
    # A missing favicon is the browser's guess, not the page's request.
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and "favicon.ico" not in entry["message"]
    ]


def _language(driver: webdriver.Chrome) -> str:
    return driver.execute_script("return document.documentElement.lang")


@pytest.fixture
def charts_of_mei(
    browser: webdriver.Chrome, live_server: LiveServer, mentee: AbstractBaseUser
) -> dict[str, Any]:
    """Mentee Mei, with a history, signs in and opens her page until both charts are drawn."""
    _person_with_history(mentee)
    _sign_in(browser, live_server, "mentee")
    browser.get(f"{live_server.url}/people/mentee-mei/")
    return _wait_for_charts(browser)


def test_it_signs_in_and_draws_both_charts_on_a_contributor_page(
    browser: webdriver.Chrome, charts_of_mei: dict[str, Any]
) -> None:
    assert browser.find_element(By.TAG_NAME, "h1").text == "Mentee Mei"
    assert browser.title.startswith("Mentee Mei")
    for chart_id, chart in charts_of_mei.items():
        assert chart["datasets"] > 0, chart_id
        assert chart["values"] > 0, chart_id
        assert chart["hidden"] is False, chart_id
        assert chart["width"] > 0 and chart["height"] > 0, chart_id
        assert chart["painted"] > 0, chart_id
        assert browser.find_element(By.ID, chart_id).is_displayed(), chart_id
    assert charts_of_mei["monthly-chart"]["labels"] == [
        "Commits",
        "Pull requests",
        "Reviews",
        "Issues",
    ]
    assert charts_of_mei["cumulative-chart"]["labels"][0] == "Merged so far"
    assert _severe_console_messages(browser) == []


def test_it_switches_the_contributor_page_and_its_charts_to_traditional_chinese(
    browser: webdriver.Chrome, live_server: LiveServer, charts_of_mei: dict[str, Any]
) -> None:
    assert _language(browser) == "en"

    # base.js submits the form as soon as the choice changes.
    Select(browser.find_element(By.ID, "language-select")).select_by_value("zh-hant")
    WebDriverWait(browser, WAIT_SECONDS).until(lambda d: _language(d) == "zh-hant")
    charts = _wait_for_charts(browser)

    with translation.override("zh-hant"):
        commits, merged = gettext("Commits"), gettext("Merged so far")
    assert commits != "Commits"  # the catalogue is compiled and has the label
    assert browser.current_url == f"{live_server.url}/people/mentee-mei/"
    assert charts["monthly-chart"]["labels"][0] == commits
    assert charts["cumulative-chart"]["labels"][0] == merged
    assert _severe_console_messages(browser) == []


def _policy_violations(driver: webdriver.Chrome) -> list[str]:
    return [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]


def test_every_kind_of_page_keeps_to_the_content_security_policy(
    browser: webdriver.Chrome, live_server: LiveServer, organizer: AbstractBaseUser, mentee
) -> None:
    """Site pages with their charts, Swagger UI and the admin run under the policy: nothing
    inline is refused (Chromium logs each refusal to the console)."""
    from tests.factories import CohortFactory

    _person_with_history(mentee)
    CohortFactory(name="香菜饅頭營", slug="xiangcai")
    _sign_in(browser, live_server, "organizer")
    pages = [
        "/",
        "/community/",
        "/community/sponsorship/",
        "/people/?q=mei",
        "/people/mentee-mei/",
        "/mentor/",
        "/camps/",
        "/camps/xiangcai/",
        "/accounts/password/reset/",
        "/admin/",
        "/admin/contributors/contributor/",
        f"/admin/contributors/contributor/{mentee.contributor.pk}/change/",
    ]
    for path in pages:
        browser.get(live_server.url + path)
        assert browser.execute_script("return document.readyState") == "complete", path
        assert _policy_violations(browser) == [], path
    browser.get(live_server.url + "/api/docs/")
    WebDriverWait(browser, WAIT_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock")
    )
    assert _policy_violations(browser) == [], "/api/docs/"
    assert browser.execute_script("return document.querySelectorAll('.opblock').length") > 10


def _menu_state(driver: webdriver.Chrome) -> tuple[bool, str | None, bool]:
    """(the menu button shows, its aria-expanded, the navigation's links show)."""
    button = driver.find_element(By.CSS_SELECTOR, ".menu-toggle")
    link = driver.find_element(By.CSS_SELECTOR, ".site-nav a")
    return button.is_displayed(), button.get_attribute("aria-expanded"), link.is_displayed()


def test_the_navigation_folds_behind_a_menu_button_on_a_phone(
    browser: webdriver.Chrome, live_server: LiveServer
) -> None:
    browser.set_window_size(390, 844)
    browser.get(live_server.url + "/")
    assert _menu_state(browser) == (True, "false", False)

    button = browser.find_element(By.CSS_SELECTOR, ".menu-toggle")
    button.click()
    assert _menu_state(browser) == (True, "true", True)
    # Escape from inside the menu folds it and gives the focus back to the button.
    browser.find_element(By.CSS_SELECTOR, ".site-nav a").send_keys(Keys.ESCAPE)
    assert _menu_state(browser) == (True, "false", False)
    assert browser.switch_to.active_element == button
    button.send_keys(Keys.ENTER)  # a button: the keyboard opens it too
    assert _menu_state(browser) == (True, "true", True)

    # On a desk the navigation stands in the header and the button is gone.
    browser.set_window_size(1366, 900)
    browser.get(live_server.url + "/")
    assert _menu_state(browser) == (False, "false", True)
