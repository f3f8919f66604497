"""Reading the plan: its source lines, parse, errata, front matter and the lock."""
