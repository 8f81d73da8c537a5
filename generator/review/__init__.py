"""Review: what a pull request changes, who may change it, and what has gone stale or broken."""
