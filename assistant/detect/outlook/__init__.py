"""Outlook: classic Outlook for Windows, the new Outlook, Outlook for Mac;
mail profiles and data files."""
