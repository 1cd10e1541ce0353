"""Writes of the fees app: one module per sub-domain, every service re-exported here."""

from fees.services.catalogue import *  # noqa: F401,F403
from fees.services.consent import *  # noqa: F401,F403
from fees.services.notices import *  # noqa: F401,F403
from fees.services.settlement import *  # noqa: F401,F403
