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
        print("browser test: passed (logged in, clicked the map at %s, %s, saved and listed the finding)" % (lat, lon))
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
