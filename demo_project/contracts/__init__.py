"""Contracts of avanti clients, and the demo's user statistics (both summarized)."""
