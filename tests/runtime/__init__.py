"""Tests of the hand-written runtime that is copied into the generated client."""
