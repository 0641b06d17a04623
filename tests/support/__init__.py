"""Helpers shared by the test suites: a scripted local HTTP server (``support.server``)."""
