"""Safe, confirmed, reversible changes to the user's mail app settings."""
