"""The local newsroom in a real browser: `newsbot run` without Slack tokens, driven in headless
Chromium (Debian's package) by Selenium. A person opens the page, shares a sample article and
sees the thread reply with its actors and best quote, asks `/newsbot quotes NAME`, runs
`digest now`, follows the story's speaker and opens the app's Home and Messages tabs; a
screenshot of each state is written for a person to look at."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.localslack.process import page_url, start_newsroom, stop_newsroom

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
# Known to work on this machine's closed network: without the background-networking flags
# Chromium's own connections are refused and it stalls.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers (CI) give /dev/shm 64 MB, too little for a tab
    "--window-size=1440,900",
)
SCREENSHOTS = Path(
    os.environ.get("NEWSBOT_SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "newsbot-screenshots"
)

WRITTEN: list[Path] = []  # reported at the end of the run (conftest.py)

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    if os.environ.get("NEWSBOT_TEST_REQUIRE_BROWSER"):  # CI installs it: missing is a failure
        raise RuntimeError("NEWSBOT_TEST_REQUIRE_BROWSER is set but Chromium is not installed")
    pytest.skip(
        "Chromium is not installed (apt-get install chromium chromium-driver)",
        allow_module_level=True,
    )
if os.environ.get("NEWSBOT_TEST_REQUIRE_BROWSER"):
    from selenium import webdriver
else:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is a dev dependency")
from selenium.common.exceptions import StaleElementReferenceException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


@pytest.fixture(scope="module")
def newsroom_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`newsbot run` with no Slack variables at all, in an empty directory."""
    proc, line, _ = start_newsroom(tmp_path_factory.mktemp("newsroom"))
    try:
        yield page_url(line)
    finally:
        stop_newsroom(proc)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


def until(driver: Any, found: Callable[[Any], Any], timeout: float = 60) -> Any:
    """Wait for `found(driver)` to be truthy; the page redraws, so stale elements are retried."""

    def attempt(d: Any) -> Any:
        try:
            return found(d)
        except StaleElementReferenceException:
            return None

    return WebDriverWait(driver, timeout, poll_frequency=0.2).until(attempt)


def texts(driver: Any, css: str) -> list[str]:
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, css)]


def shot(driver: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    driver.save_screenshot(str(path))
    WRITTEN.append(path)
    return path


def open_thread_of(driver: Any, containing: str) -> str | None:
    """Click "N replies" under the channel message containing the words; its text, or None."""
    for row in driver.find_elements(By.CSS_SELECTOR, "#messages .message"):
        text = row.text
        links = row.find_elements(By.CSS_SELECTOR, ".replies-link")
        if containing in text and links:
            links[0].click()
            return str(text)
    return None


def type_in(driver: Any, element_id: str, text: str) -> None:
    box = driver.find_element(By.ID, element_id)
    box.send_keys(text)
    box.send_keys("\n")


def test_share_a_sample_ask_for_quotes_and_post_the_digest(newsroom_url: str, browser: Any) -> None:
    browser.get(newsroom_url)
    until(browser, lambda d: "# newsroom" in texts(d, "#channel-title"))
    assert "No login" in browser.find_element(By.ID, "access-note").text
    assert "127.0.0.1" in browser.find_element(By.ID, "access-note").text

    # Share the flood barrier story from the sample articles.
    browser.find_element(By.ID, "samples-button").click()
    item = until(
        browser,
        lambda d: next(
            (
                e
                for e in d.find_elements(By.CSS_SELECTOR, ".sample-item")
                if "flood barrier" in e.text
            ),
            None,
        ),
    )
    item.click()
    until(
        browser,
        lambda d: d.find_elements(By.CSS_SELECTOR, "#messages .reaction[data-reaction=newspaper]"),
    )
    until(browser, lambda d: open_thread_of(d, "samples.localhost"))
    reply = until(
        browser,
        lambda d: next(
            (t for t in texts(d, "#thread-messages .message") if "Key actors" in t), None
        ),
    )
    assert "Priya Nandakumar" in reply
    assert "“This is the most important decision this council has taken" in reply
    assert browser.find_element(By.ID, "thread-pane").is_displayed()
    shot(browser, "1-thread-reply.png")

    # Ask the archive; the answer is marked as visible only to the person.
    type_in(browser, "message-input", "/newsbot quotes Priya Nandakumar")
    answer = until(
        browser,
        lambda d: next(
            (t for t in texts(d, "#messages .message.ephemeral") if "quotes Priya" in t), None
        ),
    )
    assert "Only visible to you" in answer and "Four hundred homes" in answer
    shot(browser, "2-quotes-answer.png")

    # Post the digest now: its parent appears in the channel with a header.
    type_in(browser, "message-input", "/newsbot digest now")
    until(browser, lambda d: any("News digest" in t for t in texts(d, "#messages .bk-header")))
    digest = until(browser, lambda d: open_thread_of(d, "News digest"))
    until(
        browser, lambda d: any("Who said what" in t for t in texts(d, "#thread-messages .message"))
    )
    assert "1 article shared by 1 person" in digest and "@you" not in digest  # pings no one
    shot(browser, "3-digest.png")

    # The app's Home tab: the view newsbot publishes when it is opened; then its Messages tab.
    type_in(browser, "message-input", "/newsbot follow Priya Nandakumar")
    until(browser, lambda d: any("You now follow" in t for t in texts(d, "#messages .message")))
    browser.find_element(By.ID, "app-item").click()
    home = until(
        browser,
        lambda d: next((t for t in texts(d, "#home-view") if "Most quoted this week" in t), None),
    )
    assert "Your newsroom this week" in home and "Priya Nandakumar" in home
    assert not browser.find_element(By.ID, "composer").is_displayed()
    shot(browser, "4-app-home.png")
    browser.find_element(By.ID, "tab-messages").click()
    until(browser, lambda d: d.find_element(By.ID, "read-only-note").is_displayed())
    assert "No messages from newsbot yet" in browser.find_element(By.ID, "messages").text
    browser.find_element(By.CSS_SELECTOR, "#channel-list li").click()
    until(browser, lambda d: "# newsroom" in texts(d, "#channel-title"))
    assert browser.find_element(By.ID, "composer").is_displayed()
    assert not [entry for entry in browser.get_log("browser") if entry.get("level") == "SEVERE"], (
        "the page logged errors"
    )


def test_nothing_in_the_page_is_markup_from_a_message(newsroom_url: str, browser: Any) -> None:
    """A person's hostile message is shown as the text they typed, and runs nothing."""
    browser.get(newsroom_url)
    until(browser, lambda d: d.find_elements(By.CSS_SELECTOR, "#channel-list li"))
    hostile = "<img src=x onerror=\"document.title='pwned'\"> *bold* <script>alert(1)</script>"
    type_in(browser, "message-input", hostile)
    shown = until(
        browser, lambda d: next((t for t in texts(d, "#messages .body") if "onerror" in t), None)
    )
    assert "<img src=x" in shown and "<script>alert(1)</script>" in shown
    assert browser.title != "pwned"
    assert not browser.find_elements(By.CSS_SELECTOR, "#messages .body img")
