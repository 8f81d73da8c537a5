"""Documented limits on what a pull request may contain (docs/security.md explains them).

Each limit keeps a hostile or broken file from exhausting memory or time; real listings
stay far below them.
"""

MAX_FILE_BYTES = 128 * 1024  # a rich credential file is about 10 KiB
MAX_NESTING_DEPTH = 8  # the format nests three levels deep at most
MAX_FILES = 200_000  # a 100,000-credential directory still fits
MAX_LIST_ITEMS = 100  # learning outcomes, skills, keywords, ...
MAX_TEXT_CHARS = 10_000  # the longest Markdown field
# A price in any currency: a year's tuition in the currency with the most units to the euro
# is about 10^10; beyond this a number is a slip or a trick (1.0e+400 reads as infinity).
MAX_AMOUNT = 1_000_000_000_000
MAX_PROBLEMS_PER_FILE = 50  # reported per file, then "and N more": output stays bounded
