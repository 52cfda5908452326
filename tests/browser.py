"""Headless Chromium for the browser tests (tests/test_browser*.py).

Debian's ``chromium`` and ``chromium-driver`` drive it (``.ci/run`` installs them); Selenium
gets chromedriver's path so Selenium Manager never downloads a driver. Missing locally, the
tests skip; under CI=true they fail, so CI cannot pass without running them.
"""

import os
import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

# Bounds each wait (page load, sign-in redirect, charts drawn): generous for a busy CI machine,
# short enough that a broken page fails in seconds rather than hanging the suite.
WAIT_SECONDS = 20


def missing(reason: str) -> None:
    """Skip on a developer's machine, fail in CI: .ci/run installs everything needed."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must run the browser tests: {reason}")
    pytest.skip(reason)


def start_chromium(profile: Path) -> webdriver.Chrome:
    """A headless Chromium, 1280 px wide, in English, with its console log kept."""
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not chromium or not chromedriver:
        missing("needs Debian's chromium and chromium-driver (apt-get install them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
        "--disable-gpu",
        "--disable-dev-shm-usage",  # containers often have a 64 MB /dev/shm
        # Nothing but the live server on the network: no updates, sync or prefetching.
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        # Scroll bars as on a phone: the window's width is the page's width.
        "--hide-scrollbars",
        "--window-size=1280,1024",
        "--lang=en-US",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    driver.set_page_load_timeout(WAIT_SECONDS)
    driver.set_script_timeout(WAIT_SECONDS)
    return driver


def sign_in(driver: webdriver.Chrome, base_url: str, username: str, password: str) -> None:
    """Type into allauth's password form and submit it, as a person would."""
    driver.get(f"{base_url}/accounts/login/")
    driver.find_element(By.NAME, "login").send_keys(username)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.account-form button[type=submit]").click()
    WebDriverWait(driver, WAIT_SECONDS).until(
        lambda d: (
            "/accounts/login/" not in d.current_url
            and d.find_elements(By.CSS_SELECTOR, ".signed-in-as")
        )
    )
