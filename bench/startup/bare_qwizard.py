"""The baseline: a bare QWizard with one page (a title and a sentence, in Japanese with
``ja``: the same fonts to load as the assistant's page), shown; prints "shown", exits."""

import os
import sys

from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage

app = QApplication(sys.argv[:1])
wizard = QWizard()
page = QWizardPage()
japanese = sys.argv[1:] == ["ja"]
page.setTitle("ようこそ" if japanese else "Welcome")
text = "このアシスタントは、このコンピューターのメールアプリを調べます。"
QVBoxLayout(page).addWidget(
    QLabel(text if japanese else "This assistant looks at the mail apps on this computer.")
)
wizard.addPage(page)
wizard.show()
app.processEvents()
sys.stdout.write("shown\n")
sys.stdout.flush()
os._exit(0)
