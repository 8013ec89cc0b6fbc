"""Apple's side of the Mac: Apple Mail, app bundles, plists, Internet Accounts, Full Disk Access."""
