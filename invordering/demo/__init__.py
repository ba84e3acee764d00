"""The demo world: personas, helpers and staff with consistent multi-year histories."""
