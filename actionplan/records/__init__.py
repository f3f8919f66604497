"""The data files a maintainer edits beside the plan (standings, review, updates, helplines,
vocabulary, our headings) and the one schema validator that checks them."""
