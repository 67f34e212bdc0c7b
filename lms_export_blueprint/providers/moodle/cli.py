"""``flask lms moodle-plugin``: the Moodle provider's command (its ``cli_commands``)."""

from __future__ import annotations

import click

from .plugin import plugin_files, plugin_zip


@click.command("moodle-plugin")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, allow_dash=True),
              help="The zip to write, '-' for stdout.")
def moodle_plugin(output: str) -> None:
    """Write the Moodle plugin local_lmsexport as the zip a Moodle administrator installs."""
    data = plugin_zip()
    with click.open_file(output, "wb") as target:
        target.write(data)
    click.echo(f"Wrote the Moodle plugin local_lmsexport ({len(plugin_files())} files) to "
               f"{'stdout' if output == '-' else output} ({len(data)} bytes); install it in "
               f"Moodle under Site administration > Plugins > Install plugins", err=True)
