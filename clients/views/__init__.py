"""The consulent screens, by topic: caseload, file, actions, import."""
