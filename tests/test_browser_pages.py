"""Every page, for every role, on a phone (390 px) and a desk (1366 px), in both languages.

On the demo community (a twentieth of its activity), headless Chromium opens each page a
role reaches and fails on what a person would stumble on:
- the page scrolls sideways (something wider than the window);
- a table is cut off: wider than its box without a scroll box (.table-scroll) around it,
  or, for a table meant to fit a desk (``data-fits-desk``), scrolling at 1366 px;
- a chart squeezed below a readable height;
- axe-core (WCAG 2.1 A and AA rules, from npm) finds anything serious or critical.
One browser, signed in as each role in turn, serves every page, width and language; every
problem of every page is listed at once.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from pytest_django.live_server_helper import LiveServer
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from camps.importing import COLUMNS
from camps.models import Cohort
from community.models import Expense
from contributors.models import Contributor
from osc4you.demo import seed_demo
from tests.browser import WAIT_SECONDS, missing, sign_in, start_chromium

pytestmark = pytest.mark.browser

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (390, 1366)
# axe runs once per page and language, on the phone with the menu open: colours are the same
# at both widths, and on a phone most tables scroll (a scrolling box must take the focus).
AXE_WIDTH = 390
LANGUAGES = ("en", "zh-hant")
# Chart.js fills a .chart box; below this a month's bar or a legend is hard to read.
MIN_CHART_HEIGHT = 200
# Pages the site only frames: Swagger UI is drf-spectacular's, checked for overflow alone.
NOT_OURS = ("/api/docs/",)

# What a person would see as broken, as sentences. A table is cut off when its right edge
# passes its parent's content box and nothing between it and the page scrolls sideways.
LAYOUT_SCRIPT = """
const [language, width, minChart, ours] = arguments;
const problems = [];
const root = document.documentElement;
if (ours && root.lang !== language) problems.push(`in ${root.lang}, not ${language}`);
if (window.innerWidth !== width) problems.push(`the window is ${window.innerWidth}px wide`);
// On a phone, open the folded menu: its links are checked like the rest of the page.
const toggle = document.querySelector(".menu-toggle");
if (toggle && toggle.offsetParent && toggle.getAttribute("aria-expanded") === "false") {
  toggle.click();
}
const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
  + (el.classList.length ? "." + [...el.classList].join(".") : "");
const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
if (root.scrollWidth > root.clientWidth) {
  // The outermost elements past the window's edge, leaving out what scrolls inside a box.
  const past = (el) => el.getBoundingClientRect().right > root.clientWidth + 1;
  const culprits = [...document.body.querySelectorAll("*")].filter((el) => {
    if (!past(el)) return false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (past(up) || scrolls(up)) return false;
    }
    return true;
  });
  problems.push(`the page is ${root.scrollWidth}px wide in a ${root.clientWidth}px window: `
    + culprits.slice(0, 4).map(name).join(", "));
}
for (const table of document.querySelectorAll("table")) {
  if (!table.getClientRects().length) continue;  // not displayed (a closed <details>)
  let box = table.parentElement;
  while (box && box !== document.body && !scrolls(box)) box = box.parentElement;
  if (box && box !== document.body) continue;
  const parent = table.parentElement, style = getComputedStyle(parent);
  const limit = parent.getBoundingClientRect().right - parseFloat(style.paddingRight)
    - parseFloat(style.borderRightWidth);
  const right = table.getBoundingClientRect().right;
  if (right > limit + 1) {
    problems.push(`${name(table)} is cut off: ${Math.round(right - limit)}px past its box`
      + " and no .table-scroll around it");
  }
}
// Tables that must fit a desk's width without scrolling (the camp's participants).
if (width >= 1366) {
  for (const box of document.querySelectorAll(".table-scroll[data-fits-desk]")) {
    if (box.scrollWidth > box.clientWidth + 1) {
      problems.push(`${name(box.querySelector("table"))} scrolls at ${width}px: `
        + `${box.scrollWidth - box.clientWidth}px wider than its card`);
    }
  }
}
for (const canvas of document.querySelectorAll(".chart canvas")) {
  if (!canvas.getClientRects().length) continue;  // the chart is hidden: no Chart.js
  if (canvas.clientHeight < minChart) {
    problems.push(`chart #${canvas.id} is ${canvas.clientHeight}px high`);
  }
}
return problems;
"""

# axe.run's serious and critical violations, one line per rule: id, impact, targets.
AXE_SCRIPT = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: arguments[0]}, resultTypes: ["violations"]})
  .then((results) => done(results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)))
  .catch((error) => done([`axe failed: ${error}`]));
"""


@dataclass(frozen=True)
class Upload:
    """A page that shows a result after a file is sent: the CSV import's preview."""

    path: str
    file: str


def _import_file(camp: Cohort, tmp_path: Path) -> Upload:
    """A CSV with a new person, one already enrolled and a bad row: the preview's outcomes."""
    enrolled = camp.enrollments.select_related("contributor").first().contributor
    path = tmp_path / "participants.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        rows = csv.writer(file)
        rows.writerow(COLUMNS)
        rows.writerow(["Lin Yu-Ting 林雨婷", "lin-yuting-new", "yuting@example.org", "", ""])
        rows.writerow([enrolled.display_name, enrolled.github_login or "", "", "", ""])
        rows.writerow(["Nobody", "", "", "no-such-project", ""])
    return Upload(f"/camps/{camp.slug}/import/", str(path))


def _pages(tmp_path: Path) -> dict[str, list[str | Upload]]:
    """The pages each role reaches, from the demo's own rows."""
    users = get_user_model().objects
    mentee = users.get(username="mentee").contributor
    mentor = users.get(username="mentor").contributor
    camp = mentee.enrollments.select_related("cohort").first().cohort
    other_camp = Cohort.objects.exclude(pk=camp.pk).first() or camp
    titled = Contributor.objects.filter(titles__isnull=False).order_by("slug").first()
    expense = Expense.objects.order_by("pk").first()
    search = f"/people/?q={mentee.display_name.split()[0]}"
    everyone = ["/", "/community/", "/community/sponsorship/"]
    members = [*everyone, search, "/camps/", f"/camps/{camp.slug}/", f"/people/{titled.slug}/"]
    return {
        "anonymous": [
            *everyone,
            "/accounts/login/",
            "/accounts/password/reset/",
            "/no-such-page/",
            *NOT_OURS,
        ],
        "mentee": [
            *members,
            f"/people/{mentee.slug}/",
            f"/camps/{other_camp.slug}/",
            "/accounts/logout/",
        ],
        "mentor": [*members, "/mentor/", f"/people/{mentee.slug}/", f"/people/{mentor.slug}/"],
        "organizer": [
            *members,
            "/mentor/",
            f"/mentor/?camp={camp.slug}",
            f"/people/{mentee.slug}/",
            "/camps/new/",
            f"/camps/{camp.slug}/edit/",
            f"/camps/{camp.slug}/participants/",
            f"/camps/{camp.slug}/import/",
            _import_file(camp, tmp_path),
            f"/community/sponsorship/?camp={camp.slug}",
            "/community/sponsorship/new/",
            f"/community/sponsorship/{expense.pk}/edit/",
            "/no-such-page/",
        ],
    }


def _open(driver: webdriver.Chrome, base_url: str, page: str | Upload) -> str:
    if isinstance(page, str):
        driver.get(base_url + page)
        return page
    driver.get(base_url + page.path)
    driver.find_element(By.CSS_SELECTOR, "input[type=file]").send_keys(page.file)
    form = driver.find_element(By.CSS_SELECTOR, "input[type=file]").find_element(
        By.XPATH, "./ancestor::form"
    )
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".import-preview")
    )
    return page.path + " (preview)"


def _check(driver: webdriver.Chrome, path: str, language: str, width: int) -> list[str]:
    ours = not path.startswith(NOT_OURS)
    problems = driver.execute_script(LAYOUT_SCRIPT, language, width, MIN_CHART_HEIGHT, ours)
    if width == AXE_WIDTH and ours:
        problems += driver.execute_async_script(AXE_SCRIPT, AXE_TAGS)
    return problems


def _walk(driver: webdriver.Chrome, base_url: str, pages: list[str | Upload]) -> list[str]:
    """Each page opened on the phone, then widened to the desk: the same layout as a load at
    that width, at half the page loads."""
    problems = []
    for language in LANGUAGES:
        driver.add_cookie({"name": "django_language", "value": language, "path": "/"})
        for page in pages:
            for width in WIDTHS:
                driver.set_window_size(width, 900)
                if width == WIDTHS[0]:
                    path = _open(driver, base_url, page)
                for problem in _check(driver, path, language, width):
                    problems.append(f"{language} {width}px {path}: {problem}")
    return problems


def test_every_page_fits_a_phone_and_a_desk_and_passes_axe_for_every_role(
    live_server: LiveServer, tmp_path: Path
) -> None:
    if not AXE_JS.exists():
        missing(f"needs {AXE_JS.relative_to(settings.BASE_DIR)}: run `make install` with npm")
    axe = AXE_JS.read_text()
    seed_demo(scale=0.05, with_logins=True)  # as of today, as a visitor of the demo sees it
    problems = []
    driver = start_chromium(tmp_path / "chromium-profile")
    # axe.min.js in every page the browser opens, sent once rather than with each page.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": axe})
    try:
        for role, pages in _pages(tmp_path).items():
            # One browser for every role: without its cookies it starts anonymous again.
            driver.get(live_server.url + "/")
            driver.delete_all_cookies()
            if role != "anonymous":
                sign_in(driver, live_server.url, role, "demo")
            problems += [f"{role} {problem}" for problem in _walk(driver, live_server.url, pages)]
    finally:
        driver.quit()
    assert problems == [], "\n".join(["", *problems])
