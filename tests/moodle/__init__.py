"""The moodle tier: tests against a real Moodle 5.0 (docs/testing.md)."""
