"""Teaching package for the lessons on the US-Turkey dispute over the S-400 and the F-35."""
