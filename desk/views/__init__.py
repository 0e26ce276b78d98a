"""The desk's pages, by what they are about: cases (the case list and page, screening and
decisions), conditions, assignment of reviewers, the reviewers themselves, and analytics."""
