"""Writes of the assets app, one module per sub-domain, all re-exported here."""

from assets.services.purchase import *  # noqa: F401,F403
from assets.services.register import *  # noqa: F401,F403
from assets.services.stocktake import *  # noqa: F401,F403
from assets.services.supplies import *  # noqa: F401,F403
from assets.services.upkeep import *  # noqa: F401,F403
