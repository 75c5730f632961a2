"""STARTTLS and implicit TLS (SSL) with a login, against aiosmtpd with a test CA (trustme)."""
from __future__ import annotations

import ssl

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pydantic import SecretStr

from monitor.digest.send import DeliveryError, send_due_digests, smtp_send
from tests.digest.conftest import Inbox, free_port
from tests.digest.seed import NOW

trustme = pytest.importorskip("trustme")
pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


def _server_ctx(ca) -> ssl.SSLContext:  # noqa: ANN001
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(ctx)
    return ctx


def _authenticator(server, session, envelope, mechanism, auth_data):  # noqa: ANN001
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"monitor" and auth_data.password == b"rahasia-123"
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535 itself


@pytest.fixture(params=["starttls", "ssl"])
def tls_server(request, ca):
    inbox = Inbox()
    kwargs = {"tls_context": _server_ctx(ca), "require_starttls": True} if request.param == "starttls" \
        else {"ssl_context": _server_ctx(ca), "auth_require_tls": False}  # aiosmtpd cannot tell implicit TLS is TLS
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=_authenticator,
                            auth_required=True, **kwargs)
    controller.start()
    try:
        yield request.param, controller.port, inbox
    finally:
        controller.stop()


def test_tls_with_login(settings, engine, tls_server, ca, tmp_path):
    security, port, inbox = tls_server
    path = tmp_path / "subs.yaml"
    path.write_text("subscribers:\n  - email: a@contoh.id\n", encoding="utf-8")
    cfg = settings.model_copy(update={"subscribers_file": path, "smtp_port": port, "smtp_security": security,
                                      "smtp_user": "monitor", "smtp_password": SecretStr("rahasia-123")})
    client = ssl.create_default_context()
    ca.configure_trust(client)

    def sender(st, msg, rcpt):  # noqa: ANN001
        smtp_send(st, msg, rcpt, context=client)

    assert [r.status for r in send_due_digests(cfg, engine, NOW, sender=sender)] == ["sent"]
    assert [rcpts for rcpts, _ in inbox.received] == [["a@contoh.id"]]

    # a wrong password is reported as a permanent SMTP error, not a crash
    with pytest.raises(DeliveryError) as err:
        smtp_send(cfg.model_copy(update={"smtp_password": SecretStr("salah")}), inbox.received[0][1], "a@contoh.id", context=client)
    assert err.value.permanent and "535" in str(err.value)
    # an untrusted certificate is refused by the default context
    with pytest.raises(DeliveryError, match="CERTIFICATE_VERIFY_FAILED|certificate verify failed"):
        smtp_send(cfg, inbox.received[0][1], "a@contoh.id")
