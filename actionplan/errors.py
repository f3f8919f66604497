"""The error of every step: a problem in an input file, with the place a maintainer fixes it. A
module of its own, so that the site's plugins, which check data files too, import none of the model.
"""


class PlanError(Exception):
    """A problem in an input file that a maintainer must fix, with the place to fix it."""

    def __init__(self, file: str, line: int, message: str):
        super().__init__(f"{file}:{line}: {message}")
        self.file = file
        self.line = line
        self.message = message
