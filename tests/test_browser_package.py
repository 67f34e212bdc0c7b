"""The example frontend's "Download for Moodle / Canvas / any LMS" in headless Chromium: a file
really downloads, under the course's name, and opens as a valid package."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from browser_support import RequestLog, launch_browser, serving
from cross_origin_demo import FrontendServer
from host_app import create_app

sys.path.insert(0, str(Path(__file__).parent / "packages"))
from readers import read_cc_manifest, read_gift

pytestmark = pytest.mark.browser

browser = pytest.fixture(launch_browser)


@pytest.fixture
def frontend():
    server = FrontendServer().start()
    yield server
    server.shutdown()
    server.server_close()


def download(browser, frontend, kind: str):
    """Choose ``kind``, click Download; the Playwright Download and what the page said."""
    app = create_app({"FRONTEND_ORIGIN": frontend.origin})  # no LMS_BASE_URL: no LMS at all
    with serving(app) as host_url:
        page = browser.new_page()
        page.goto(f"{frontend.origin}/index.html?api={host_url}")
        page.select_option("#package-kind", kind)
        with page.expect_download(timeout=20_000) as started:
            page.click("#download-button")
        page.wait_for_selector('#download-result[data-state="done"]', timeout=20_000)
        return started.value, page.inner_text("#download-result")


def test_the_cartridge_downloads_under_the_course_name_and_opens_as_a_valid_zip(browser,
                                                                                  frontend):
    requests = RequestLog(browser)

    downloaded, said = download(browser, frontend, "imscc")

    assert downloaded.suggested_filename == "Biology 101.imscc"
    with zipfile.ZipFile(downloaded.path()) as archive:
        assert archive.testzip() is None
        _, items = read_cc_manifest(archive)
    assert [item.title for item in items] == [
        "Photosynthesis check", "Biology term paper", "Light and dark reactions"]
    assert "Downloaded Biology 101.imscc" in said
    assert "matching questions became one multiple choice" in said
    assert requests.off_loopback() == []


def test_gift_downloads_as_text_moodle_reads(browser, frontend):
    downloaded, said = download(browser, frontend, "gift")

    assert downloaded.suggested_filename == "Biology 101.txt"
    with open(downloaded.path(), encoding="utf-8") as text:
        assert len(read_gift(text.read())) == 10
    assert "pages left out" in said
