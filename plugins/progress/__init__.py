"""progress: the progress record on the site. Labels and a chart for templates, the Atom feeds of
updates and the iCalendar file of deadlines, all from `progress` in content/data/actions.json."""

from .plugin import register

__all__ = ["register"]
