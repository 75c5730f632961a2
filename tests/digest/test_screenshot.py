"""A rendered digest as a person sees it: the HTML part of a real message, screenshotted by headless chromium."""
from __future__ import annotations

import base64

import pytest

from monitor.digest.send import send_due_digests
from tests import browser_util
from tests.digest.seed import NOW


@pytest.mark.browser
def test_digest_screenshot(settings, engine, smtp, tmp_path, real_charts):
    path = tmp_path / "subscribers.yaml"
    path.write_text("subscribers:\n  - email: analis@contoh.co.id\n    name: Sari Wulandari\n", encoding="utf-8")
    cfg = settings.model_copy(update={"subscribers_file": path, "smtp_port": smtp.port})
    send_due_digests(cfg, engine, NOW)
    [msg] = smtp.to("analis@contoh.co.id")
    html = msg.get_body(("html",)).get_content()
    # resolve cid: references the way a mail client does
    for part in msg.walk():
        if part.get_content_maintype() == "image":
            data = base64.b64encode(part.get_payload(decode=True)).decode()
            html = html.replace(f"cid:{part['Content-ID'].strip().strip('<>')}", f"data:image/png;base64,{data}")
    assert 'src="cid:' not in html, html[html.find('src="cid:') - 200:][:400]
    out = browser_util.screenshot_html(html, browser_util.artifact("digest.png"), width=760, height=900)
    png = out.read_bytes()
    assert png.startswith(b"\x89PNG")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width == 760 and height > 1500  # the whole digest, not just the first screen
