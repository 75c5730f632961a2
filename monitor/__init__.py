"""monitor: news intelligence for Indonesian-language news."""

__version__ = "0.1.0"
