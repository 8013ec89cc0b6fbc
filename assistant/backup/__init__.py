"""Backups that can be trusted: plan, copy with progress and hashes, verify, restore.

Plain Python (no Qt). Long work is a job with a progress callback and a cancel token;
the result status is ``completed``, ``cancelled`` or ``failed``.
"""
