"""The «Пары и группы» tab: waiting mentees, mentors' load, pairs and groups, suggestions, the order."""
