"""Feria's configuration: one frozen Settings, read from the environment in one place."""

from config.settings import ConfigError, Settings, load_settings

__all__ = ["ConfigError", "Settings", "load_settings"]
