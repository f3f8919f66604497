"""Shared helpers for the site and browser tests: a local static server and readers of the built site."""
