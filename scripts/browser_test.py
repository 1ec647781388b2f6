#!/usr/bin/env python3
"""Browser test of `schouw serve`: headless Chromium logs in with a group's code, adds a finding by
clicking on the route map, and sees it listed. Exits non-zero on any failure.

Usage: scripts/browser_test.py [--schouw PATH] [--screenshots DIR]
Needs Debian's chromium and chromium-driver and `pip install selenium`.
"""
import argparse
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run(args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=ROOT, **kw).stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stored_count(db, text):
    """How many findings with exactly this text the database holds (read beside the server, as GIS would)."""
    with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as connection:
        return connection.execute("SELECT count(*) FROM observation WHERE text = ?", (text,)).fetchone()[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schouw", default=os.path.join(ROOT, ".build", "debug", "schouw"))
    parser.add_argument("--screenshots", help="folder for web-entry.png and web-map.png")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="schouw-browser-")
    db = os.path.join(work, "kruidentuin.schouw")
    area = ["--area", "geodata/buurten.geojson", "--area-code", "BU03039901"]
    run([args.schouw, "init", db, "--name", "Buurtschouw Kruidentuin", "--date", "2025-09-20"] + area)
    run([args.schouw, "plan", "--streets", "geodata/streets.osm", "--start", "Tijmlaan", "--groups", "2",
         "--out", os.path.join(work, "plan"), "--db", db] + area)
    codes = dict(line.split(": ", 1) for line in run([args.schouw, "codes", db]).splitlines() if ": " in line)
    code = codes["Groep A"]

    port = free_port()
    server = subprocess.Popen([args.schouw, "serve", db, "--port", str(port)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    driver = None
    try:
        line = server.stdout.readline()
        if "127.0.0.1:%d" % port not in line:
            raise SystemExit("server did not start: " + line + (server.stdout.read() if server.poll() is not None else ""))
        base = "http://127.0.0.1:%d" % port

        options = webdriver.ChromeOptions()
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1100,1400"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
        driver.set_page_load_timeout(30)
        wait = WebDriverWait(driver, 15)

        # Entry page
        driver.get(base + "/")
        assert "Toegangscode" in driver.page_source, "entry page has no code field"
        if args.screenshots:
            os.makedirs(args.screenshots, exist_ok=True)
            driver.set_window_size(1000, 760)
            driver.save_screenshot(os.path.join(args.screenshots, "web-entry.png"))
            driver.set_window_size(1100, 1400)

        # A wrong code is refused, the right one shows the map
        driver.find_element(By.ID, "code").send_keys("AAAAA-AAAAA")
        driver.find_element(By.CSS_SELECTOR, "form[action='/inloggen'] button").click()
        wait.until(lambda d: "kennen we niet" in d.page_source)
        driver.find_element(By.ID, "code").send_keys(code.lower().replace("-", " "))
        driver.find_element(By.CSS_SELECTOR, "form[action='/inloggen'] button").click()
        wait.until(lambda d: d.current_url.endswith("/kaart"))
        svg = driver.find_element(By.CSS_SELECTOR, "#walker-map svg")

        # Click on the map, a little off centre
        ActionChains(driver).move_to_element_with_offset(svg, 40, -30).click().perform()
        lon = driver.find_element(By.NAME, "lon").get_attribute("value")
        lat = driver.find_element(By.NAME, "lat").get_attribute("value")
        if not (re.fullmatch(r"\d+\.\d{7}", lon) and re.fullmatch(r"\d+\.\d{7}", lat)):
            raise AssertionError("the map click did not fill lon/lat: %r %r" % (lon, lat))
        if not (5.6 < float(lon) < 5.9 and 52.4 < float(lat) < 52.6):
            raise AssertionError("the map click gave a position far from the buurt: %s, %s" % (lon, lat))
        assert driver.find_element(By.ID, "pick").is_displayed(), "no marker at the clicked spot"

        Select(driver.find_element(By.ID, "category")).select_by_index(2)
        Select(driver.find_element(By.ID, "level")).select_by_value("C")
        text = "Browsertest: losliggende stoeptegel %d" % os.getpid()
        driver.find_element(By.ID, "text").send_keys(text)
        if args.screenshots:
            driver.save_screenshot(os.path.join(args.screenshots, "web-map.png"))
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: "Opgeslagen" in d.page_source)

        # The finding is listed for the group
        driver.get(base + "/meldingen")
        listed = driver.find_element(By.ID, "findings").text
        if text[:40] not in listed:
            raise AssertionError("the new finding is not listed: " + listed)

        # The same finding at the same spot again: the server asks whether it is a duplicate. The page (sent
        # with fetch) shows the question with what was typed, and its map still takes a tap.
        driver.get(base + "/kaart")
        svg = driver.find_element(By.CSS_SELECTOR, "#walker-map svg")
        ActionChains(driver).move_to_element_with_offset(svg, 40, -30).click().perform()
        Select(driver.find_element(By.ID, "category")).select_by_index(2)
        driver.find_element(By.ID, "text").send_keys(text)
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: d.find_elements(By.NAME, "duplicate_ok"))
        if driver.find_element(By.ID, "text").get_attribute("value") != text:
            raise AssertionError("the refused form lost what was typed")
        svg = driver.find_element(By.CSS_SELECTOR, "#walker-map svg")
        ActionChains(driver).move_to_element_with_offset(svg, 80, 10).click().perform()
        if driver.find_element(By.NAME, "lon").get_attribute("value") == lon:
            raise AssertionError("the map no longer takes a tap after a refused form")
        driver.find_element(By.NAME, "duplicate_ok").click()
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: "Opgeslagen" in d.page_source)

        # Offline: the phone loses signal. The finding waits in the browser (IndexedDB), the page says
        # so, and once the network is back it is sent, exactly once.
        driver.get(base + "/kaart")
        svg = driver.find_element(By.CSS_SELECTOR, "#walker-map svg")
        driver.execute_cdp_cmd("Network.enable", {})
        offline = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", offline)
        ActionChains(driver).move_to_element_with_offset(svg, -60, 20).click().perform()
        Select(driver.find_element(By.ID, "category")).select_by_index(3)
        Select(driver.find_element(By.ID, "level")).select_by_value("B")
        offline_text = "Browsertest offline: kapotte lantaarn %d" % os.getpid()
        driver.find_element(By.ID, "text").send_keys(offline_text)
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: "1 melding wacht" in d.find_element(By.ID, "outbox").text)
        if driver.find_element(By.ID, "text").get_attribute("value"):
            raise AssertionError("the form was not emptied for the next finding after keeping one offline")
        if stored_count(db, offline_text) != 0:
            raise AssertionError("a finding reached the server while the network was cut")
        if args.screenshots:
            driver.save_screenshot(os.path.join(args.screenshots, "web-offline.png"))
        # A second one (by checkpoint) while still offline; then the network comes back and both are
        # sent by the page itself, each once; a reload shows an empty outbox.
        driver.find_element(By.ID, "text").send_keys(offline_text + " (2)")
        Select(driver.find_element(By.ID, "category")).select_by_index(3)
        driver.find_element(By.ID, "checkpoint").find_elements(By.TAG_NAME, "option")[1].click()
        driver.find_element(By.ID, "save").click()
        wait.until(lambda d: "2 meldingen wachten" in d.find_element(By.ID, "outbox").text)
        online = dict(offline, offline=False)
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", online)
        wait.until(lambda d: not d.find_element(By.ID, "outbox").is_displayed())
        driver.get(base + "/kaart")
        time.sleep(1)
        for wanted in (offline_text, offline_text + " (2)"):
            n = stored_count(db, wanted)
            if n != 1:
                raise AssertionError("%r stored %d times after the network came back, not once" % (wanted, n))
        if "wacht" in driver.find_element(By.ID, "outbox").text:
            raise AssertionError("the outbox still shows waiting findings after they were sent")
        print("browser test: passed (logged in, clicked the map at %s, %s, saved and listed the finding; "
              "two findings entered offline were kept and each stored once when the network came back)" % (lat, lon))
    finally:
        if driver:
            driver.quit()
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # report and exit non-zero on anything
        print("browser test: FAILED: %s" % error, file=sys.stderr)
        sys.exit(1)
