"""The PAB approval pack: gathered in a fixed number of queries, rendered to
PDF with WeasyPrint, stored as an immutable version with its SHA-256."""
