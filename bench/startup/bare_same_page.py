"""For ``startup_bench.py --same-page`` (analysis, not the baseline): a bare QWizard showing
the widgets and Japanese texts of the assistant's first page (the step list, the title,
two paragraphs, the language row, two buttons) with the same label settings (plain
text, word wrap, selectable; set as property values, so that, like the assistant, it
builds none of the Qt namespace's enums). No assistant code: no catalog, command line,
settings, translations or icon. Its ratio to the bare script is what the page's content
costs Qt; the assistant's ratio above it is what the program around the page costs."""

import os
import sys

from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

STEPS = ("ようこそ", "確認", "アプリの選択", "準備", "バックアップ", "設定の変更", "再確認", "完了")
WHAT = (
    "このアシスタントは、このコンピューターのメールアプリを調べ、新しい認証方式（先進認証）に"
    "切り替えるまでを順番に案内します。変更の前に、メールのバックアップも取ります。"
)
HOW_LONG = (
    "かかる時間は10～30分ほどです（バックアップするメールの量によって変わります）。"
    "設定は、各ページで確認してから変更します。"
)
BUTTONS = ("Web版Outlook（ブラウザー）だけを使っています(&W)", "バックアップから元に戻す(&R)…")


def label(text: str, *, selectable: bool = True, bold: bool = False) -> QLabel:
    widget = QLabel()
    widget.setProperty("textFormat", 0)  # Qt::PlainText
    widget.setWordWrap(True)
    if selectable:
        widget.setProperty("textInteractionFlags", 1)  # Qt::TextSelectableByMouse
    if bold:
        font = widget.font()
        font.setBold(True)
        widget.setFont(font)
    widget.setText(text)
    return widget


app = QApplication(sys.argv[:1])
wizard = QWizard()
page = QWizardPage()
page.setTitle(STEPS[0])
grid = QGridLayout()
grid.addWidget(label("手順", selectable=False, bold=True), 0, 0, 1, 2)
for row, step in enumerate(STEPS, start=1):
    grid.addWidget(label("▶" if row == 1 else "", selectable=False), row, 0)
    grid.addWidget(label(f"{row}．{step}", selectable=False, bold=row == 1), row, 1)
step_frame = QFrame()
step_frame.setLayout(grid)
step_frame.setFixedWidth(190)
body = QVBoxLayout()
body.addWidget(label(WHAT))
body.addWidget(label(HOW_LONG))
language = QHBoxLayout()
language.addWidget(label("表示言語(&L)：", selectable=False))
choices = QComboBox()
choices.addItems(["システムの設定に従う", "日本語", "English"])
language.addWidget(choices)
language.addStretch(1)
body.addLayout(language)
for text in BUTTONS:
    line = QHBoxLayout()
    line.addWidget(QPushButton(text))
    line.addStretch(1)
    body.addLayout(line)
body.addStretch(1)
top = QHBoxLayout(page)
top.addWidget(step_frame)
top.addLayout(body, 1)
wizard.addPage(page)
wizard.resize(960, 680)
wizard.show()
app.processEvents()
sys.stdout.write("shown\n")
sys.stdout.flush()
os._exit(0)
