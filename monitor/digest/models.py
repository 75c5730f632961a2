"""Digest tables (filled in by the digest issue)."""
