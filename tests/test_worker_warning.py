"""``flask lms worker`` warns when the provider's retry ledger would die with each job."""

from __future__ import annotations

import logging

from host_app import create_app

from lms_export_blueprint.jobs.worker import warn_if_ledger_not_shared


def test_a_process_local_ledger_is_a_warning_naming_the_provider(canvas_config, caplog):
    app = create_app(canvas_config)
    caplog.set_level(logging.WARNING, logger="lms_export_blueprint")

    with app.app_context():
        warn_if_ledger_not_shared()

    assert "LMS_PROVIDER is canvas but the token store's cache is SimpleCache" in caplog.text


def test_a_provider_without_a_ledger_is_no_warning(lms, caplog):
    app = create_app({"LMS_BASE_URL": lms.base_url})
    caplog.set_level(logging.WARNING, logger="lms_export_blueprint")

    with app.app_context():
        warn_if_ledger_not_shared()

    assert "retry ledger" not in caplog.text
