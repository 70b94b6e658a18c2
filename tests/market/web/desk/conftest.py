"""The desk's tests sign in through the bot: the flows' served Feria on the demo network and its sandbox people."""

from tests.bot.conftest import patience, sandbox  # noqa: F401
from tests.bot.flows.conftest import feria_settings, hilda, people, retry_after_as_timedelta  # noqa: F401
