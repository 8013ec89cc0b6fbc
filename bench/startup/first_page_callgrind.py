"""``first_page.py`` for an instruction count, the figure a loaded machine does not move:

    LANG=ja_JP.UTF-8 XDG_CONFIG_HOME=$(mktemp -d) QT_QPA_PLATFORM=offscreen \\
      valgrind --tool=callgrind --callgrind-out-file=/dev/null \\
      .venv/bin/python bench/startup/first_page_callgrind.py [WORDS...]

against ``bench/startup/bare_qwizard.py ja`` counted the same way (run each once first,
so that both count with their bytecode written; with ``PYTHONDONTWRITEBYTECODE`` set none
is written, and compiling every module adds some 100M instructions to the assistant's).
The same start as ``first_page.py``, except that the Welcome page's read of the
organisation profile, set for 100 ms after the page, never starts: under valgrind's
slowness it would start before the paint, on a thread, and move the count by some 50M
instructions from one run to the next."""

from types import ModuleType

from first_page import start  # this folder is the script's: first on sys.path


class _NoTimer:
    @staticmethod
    def singleShot(*_: object) -> None:
        pass


def quiet_the_timer(page_welcome: ModuleType) -> None:
    page_welcome.QTimer = _NoTimer


start({"assistant.gui.wizard.page_welcome": quiet_the_timer})
