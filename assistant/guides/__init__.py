"""The PDF guides: which guide fits whom, where its file is, what may be opened.

Plain Python (no Qt): ``catalog`` names the guides and their files, ``source`` reads the
guide sources (the same text feeds the PDF build and the wizard's short summary),
``selection`` picks the guide for an app and finds its PDF (the organisation's official
folder first), ``safety`` decides what may ever be handed to the system to open, and
``manifest`` tells whether a built PDF still matches its source.
"""
