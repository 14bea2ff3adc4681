"""The GOV.UK Notify backend, against a stand-in for Notify's HTTP API on loopback (the real
client library makes the real requests): e-mail and text messages go to Notify's endpoints
with the template and personalisation; a refusal fails at once; a 500 is retried."""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from saferschools.core.messaging.models import OutboundMessage
from saferschools.core.messaging.services import message_send
from saferschools.testing.builders import make_user

pytestmark = pytest.mark.django_db

SERVICE_ID, SECRET = str(uuid.uuid4()), str(uuid.uuid4())


class FakeNotify(BaseHTTPRequestHandler):
    received: list[tuple[str, dict, str]] = []
    answers: list[int] = []

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeNotify.received.append((self.path, body, self.headers.get("Authorization", "")))
        status = FakeNotify.answers.pop(0) if FakeNotify.answers else 201
        payload = (
            {"id": str(uuid.uuid4())}
            if status == 201
            else {"errors": [{"error": "BadRequestError", "message": "Not a valid number"}]}
        )
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def notify_api(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeNotify)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    FakeNotify.received, FakeNotify.answers = [], []
    settings.MESSAGES_BACKEND = "notify"
    settings.NOTIFY_API_KEY = f"saferschools_test-{SERVICE_ID}-{SECRET}"
    settings.NOTIFY_BASE_URL = f"http://127.0.0.1:{server.server_port}"
    settings.NOTIFY_EMAIL_TEMPLATE_ID = "11111111-1111-1111-1111-111111111111"
    settings.NOTIFY_SMS_TEMPLATE_ID = "22222222-2222-2222-2222-222222222222"
    settings.MESSAGES_MAX_ATTEMPTS = 3
    yield FakeNotify
    server.shutdown()
    server.server_close()


def test_email_and_text_go_through_notify(notify_api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = message_send(
            to="parent@example.com", subject="Reply REF1", text="Hello", topic="t", reference="REF1"
        )
        sms = message_send(
            to="07700 900123", subject="Reply REF1", text="Hi", topic="t", channel="sms"
        )
    email.refresh_from_db()
    sms.refresh_from_db()
    assert email.state == sms.state == OutboundMessage.State.SENT
    paths = [p for p, _, _ in notify_api.received]
    assert paths == ["/v2/notifications/email", "/v2/notifications/sms"]
    _, body, auth = notify_api.received[0]
    assert body["email_address"] == "parent@example.com" and body["reference"] == "REF1"
    assert body["template_id"] == "11111111-1111-1111-1111-111111111111"
    assert body["personalisation"] == {"subject": "Reply REF1", "body": "Hello"}
    assert auth.startswith("Bearer ")
    assert notify_api.received[1][1]["phone_number"] == "07700 900123"


def test_notify_refusal_fails_at_once_and_busy_is_retried(
    notify_api, django_capture_on_commit_callbacks
):
    sender = make_user("inspector")
    notify_api.answers = [400]
    with django_capture_on_commit_callbacks(execute=True):
        bad = message_send(to="0", subject="S", text="x", topic="t", channel="sms", sent_by=sender)
    bad.refresh_from_db()
    assert bad.state == "failed" and bad.attempts == 1 and "400" in bad.last_error
    notify_api.answers = [500, 500]
    with django_capture_on_commit_callbacks(execute=True):
        ok = message_send(to="a@example.com", subject="S", text="x", topic="t")
    ok.refresh_from_db()
    assert ok.state == "sent" and ok.attempts == 3
