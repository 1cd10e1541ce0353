"""An e-mail backend for worker processes under test: one line per message in
$FAULTS_MAIL_DIR/sent.log (appended whole, so concurrent workers never interleave), so a test can
count what was really sent, and how often."""

import json
import os
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend


class EmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        path = Path(os.environ["FAULTS_MAIL_DIR"]) / "sent.log"
        with path.open("a", encoding="utf-8") as log:
            for message in email_messages:
                log.write(json.dumps({"to": message.to, "subject": message.subject}, ensure_ascii=False) + "\n")
                log.flush()
        return len(email_messages)


def sent(folder) -> list[dict]:
    path = Path(folder) / "sent.log"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
