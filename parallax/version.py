"""The package version: one place, read by the package, the CLI, the web app, the HTTP user agent and the
build (pyproject.toml)."""

__version__ = "0.1.0"
