"""Click-to-Run product ids: which contain Outlook, and which Outlook edition they are.

From Microsoft's "Product IDs that are supported by the Office Deployment Tool for
Click-to-Run" (learn.microsoft.com, troubleshoot/microsoft-365/installation), its 2024
additions, and the ids Office 2016-era retail and pre-installed PCs carry (``Pipc``: the
Office Personal / Home & Business that come with Japanese consumer PCs). Every id here is
tested one by one (tests/test_windows_office_products.py).

An id not listed is still read by its family (``Personal2027Retail`` is a Personal, of
2027), so a new Office is not mistaken for one without Outlook.
"""

from __future__ import annotations

import re

# Outlook edition -> the product ids of that edition that contain Outlook.
WITH_OUTLOOK: dict[str, tuple[str, ...]] = {
    "365": (
        "O365ProPlusRetail",
        "O365ProPlusEEANoTeamsRetail",
        "O365BusinessRetail",
        "O365BusinessEEANoTeamsRetail",
        "O365SmallBusPremRetail",
        "O365HomePremRetail",  # Microsoft 365 Family and Personal
        "O365EduCloudRetail",
    ),
    "2024": (
        "HomeBusiness2024Retail",
        "Personal2024Retail",
        "ProPlus2024Retail",
        "ProPlus2024Volume",
        "Standard2024Volume",
        "Outlook2024Retail",
        "Outlook2024Volume",
    ),
    "2021": (
        "HomeBusiness2021Retail",
        "Personal2021Retail",
        "Professional2021Retail",
        "ProPlus2021Retail",
        "ProPlus2021Volume",
        "ProPlusSPLA2021Volume",
        "Standard2021Volume",
        "StandardSPLA2021Volume",
        "Outlook2021Retail",
        "Outlook2021Volume",
    ),
    "2019": (
        "HomeBusiness2019Retail",
        "Personal2019Retail",
        "Professional2019Retail",
        "ProPlus2019Retail",
        "ProPlus2019Volume",
        "Standard2019Volume",
        "Outlook2019Retail",
        "Outlook2019Volume",
    ),
    "2016": (
        "HomeBusinessRetail",
        "HomeBusinessPipcRetail",
        "PersonalRetail",
        "PersonalPipcRetail",
        "ProfessionalRetail",
        "ProfessionalPipcRetail",
        "ProPlusRetail",
        "StandardRetail",
        "OutlookRetail",
        "MondoRetail",
        "MondoVolume",
    ),
}

# Products without Outlook: Home & Student, Office Home 2024, the single apps, Visio,
# Project, Skype for Business, and the add-ons installed beside a suite.
WITHOUT_OUTLOOK: tuple[str, ...] = (
    "HomeStudentRetail",
    "HomeStudent2019Retail",
    "HomeStudent2021Retail",
    "Home2024Retail",
    *(
        f"{app}{year}{kind}"
        for app in ("Access", "Excel", "PowerPoint", "Publisher", "Word")
        for year, kind in (
            ("", "Retail"),
            ("2019", "Retail"),
            ("2021", "Retail"),
            ("2024", "Retail"),
            ("2019", "Volume"),
            ("2021", "Volume"),
            ("2024", "Volume"),
        )
        if not (app == "Publisher" and year == "2024")  # Publisher ends with 2021
    ),
    "OneNoteFreeRetail",
    "OneNoteRetail",
    "OneNote2021Volume",
    "ProjectProRetail",
    "ProjectProXVolume",
    "ProjectStdRetail",
    "ProjectStdXVolume",
    "VisioProRetail",
    "VisioProXVolume",
    "VisioStdRetail",
    "VisioStdXVolume",
    *(
        f"{app}{year}{kind}"
        for app in ("ProjectPro", "ProjectStd", "VisioPro", "VisioStd")
        for year in ("2019", "2021", "2024")
        for kind in ("Retail", "Volume")
    ),
    "AccessRuntimeRetail",
    "LanguagePack",
    "ProofingTools",
    "SkypeforBusinessRetail",
    "SkypeforBusinessEntryRetail",
    "SkypeforBusiness2019Retail",
    "SkypeforBusiness2019Volume",
    "SkypeforBusinessEntry2019Retail",
    "SkypeforBusiness2021Volume",
    "SkypeforBusiness2024Volume",
)

_EDITION_OF = {pid.lower(): edition for edition, ids in WITH_OUTLOOK.items() for pid in ids}
_NO_OUTLOOK = {pid.lower() for pid in WITHOUT_OUTLOOK}

# An id not listed, read by its family: suites and the single app that contain Outlook.
_FAMILY = re.compile(
    r"^(?P<o365>O365)?(?P<family>[A-Za-z]+?)(SPLA|EEANoTeams|Pipc)?(?P<year>20\d\d)?"
    r"(SPLA|EEANoTeams|Pipc)?(Retail|Volume)$",
    re.IGNORECASE,
)
_FAMILIES_WITH_OUTLOOK = frozenset(
    {"proplus", "professional", "standard", "homebusiness", "personal", "outlook", "mondo"}
)


def outlook_edition(product_id: str) -> str | None:
    """The Outlook edition a product id installs, or None when it has no Outlook (or is
    not a product id at all)."""
    key = product_id.strip().lower()
    if key in _EDITION_OF:
        return _EDITION_OF[key]
    if key in _NO_OUTLOOK:
        return None
    match = _FAMILY.match(product_id.strip())
    if match is None:
        return None
    family = match.group("family").lower()
    if match.group("o365"):
        # Microsoft 365 suites hold Outlook; its Visio, Project, and the like do not.
        return None if family.startswith(("visio", "project", "homestudent")) else "365"
    if family not in _FAMILIES_WITH_OUTLOOK:
        return None
    return match.group("year") or "2016"


def is_listed(product_id: str) -> bool:
    """Whether the id is one of Microsoft's listed ones (known with certainty)."""
    key = product_id.strip().lower()
    return key in _EDITION_OF or key in _NO_OUTLOOK
