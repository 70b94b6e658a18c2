"""The python-telegram-bot adapter: handlers that parse a chat, call a service, answer."""
