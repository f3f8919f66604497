"""This site's Pelican plugins, one package each, installed with the project (pyproject.toml) so that
`pelican content`, the tests and the scripts import them the same way: `plugins.plan_data`, ..."""
