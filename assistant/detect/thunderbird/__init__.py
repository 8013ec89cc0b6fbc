"""Thunderbird: installs, profiles, prefs.js, accounts, the profile lock."""
