"""The public portal (no sign-in): what parents and the public may read, and nothing else."""
