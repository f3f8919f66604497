"""What the site's plugins share, so that none imports another or depends on the order they run in:
the model (content/data/actions.json, checked against its schema once, with its derived lists),
the labels, the CSV table and the chart drawing. Not a plugin itself: it has no register()."""
