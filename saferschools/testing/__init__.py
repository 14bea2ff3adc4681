"""Record builders for the test suite (imported by tests only, never by the application):
`builders` (users, schools, officers, sign-in helpers), and per-app builders for the
authorization matrix (`allocation`, `rostering`, `people`)."""
