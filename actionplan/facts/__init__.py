"""The facts found in the plan's text (enrich and one finder per kind), and their measures."""
