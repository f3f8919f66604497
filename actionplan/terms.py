"""Terms of the data the generator writes (content/, actions.json) and the site reads, in a module of
their own so that the site's plugins import them without the model's dataclasses."""

# What a date says: "by" a deadline ("by April 2028", "within three years"), "in" a future date it
# is due in ("in Spring 2026", "this year"), "from" a start ("from 2025"), "period" the span a sum
# or a strategy covers ("in 25/26", "2025–2030", "to March 2027"), "past" an event already past when
# the plan was published ("in November 2025"), "forecast" an expected outcome by a date, not a
# commitment to act ("an expectation that an additional 384,000 people will access treatment by
# 2028/2029").
DATE_KINDS = ("by", "in", "from", "period", "past", "forecast")
DEADLINE_KINDS = ("by", "in")
# What a date dates (`Deadline.of`): the action as a whole, one of its sub-items ("sub-item i"),
# something the action builds on or refers to ("background": a strategy published earlier), or the
# period a sum of money covers ("money").
DATE_OF = ("action", "background", "money")
SUBITEM_OF = "sub-item "  # "sub-item " + the sub-item's numeral

# Entity pages have no Markdown source for Pelican's {filename} to find: an action links to one as
# SITE_LINK + "/laws/<id>/" (actionplan/write.py), and the overview_pages plugin, which draws them,
# turns the mark into SITEURL when Pelican reads the action.
SITE_LINK = "{site}"
