"""Moodle: a provider over Moodle's web services and the companion plugin they need."""
