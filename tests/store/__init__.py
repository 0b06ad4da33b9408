"""Tests of the plan store."""
