"""The command line: every command has help with an example."""

import click
import pytest
from click.testing import CliRunner

from citygraph.cli import cli


def _commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("path", list(_commands(cli)), ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output and "Example" in result.output


def test_parse_prints_json_of_a_profile(fixture_data):
    from json import loads

    path = fixture_data / "profiles" / "musterstadt.en.txt"
    result = CliRunner().invoke(cli, ["parse", str(path), "--data", str(fixture_data)])
    assert result.exit_code == 0
    doc = loads(result.output)
    assert doc["city"] == "Sampleton" and doc["lang"] == "en" and len(doc["approaches"]) == 2
