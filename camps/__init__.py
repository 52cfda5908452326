"""Running camps: the organizers' pages to create camps and enrol people, the camp page's
figures, and the camp reports."""
