"""Writes of the canteens app, one module per sub-domain, all re-exported here."""

from canteens.services.accounts import *  # noqa: F401,F403
from canteens.services.daily import *  # noqa: F401,F403
from canteens.services.menu import *  # noqa: F401,F403
from canteens.services.register import *  # noqa: F401,F403
from canteens.services.supply import *  # noqa: F401,F403
