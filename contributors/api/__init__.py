"""The people part of the REST API: contributors, their progress and activity, mentees."""
