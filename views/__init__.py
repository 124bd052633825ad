"""Web pages: candidate/ for candidates, admin/ for staff."""
