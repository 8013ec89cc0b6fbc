"""The baseline for `make bench-dist`: the smallest QWizard program, frozen the default way.

It shows a one-page QWizard, prints the same timing fields as the assistant's
`smoke-test` (``window_shown_s``, ``total_s``, ``ok``) as one JSON line, and exits.
"""

import json
import os
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
started = time.perf_counter()

from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage  # noqa: E402

app = QApplication(sys.argv[:1])
wizard = QWizard()
page = QWizardPage()
page.setTitle("Welcome")
layout = QVBoxLayout(page)
layout.addWidget(QLabel("A bare QWizard."))
wizard.addPage(page)
wizard.show()
app.processEvents()
shown = round(time.perf_counter() - started, 4)
print(json.dumps({"window_shown_s": shown, "ok": True, "total_s": shown}), flush=True)
wizard.close()
