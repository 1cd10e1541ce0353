"""The notify app's pages: the inbox, the bureau's notices, the reminder schedule and runs."""
