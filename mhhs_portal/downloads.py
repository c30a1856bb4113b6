"""One way to hand a stored, access-checked file to its reader."""

from django.http import FileResponse


def private_file_response(stored_file, *, filename: str, content_type: str) -> FileResponse:
    """An attachment the browser must not sniff, render inline or keep in a
    shared cache: evidence and deliverables are commercially sensitive, and the
    view that calls this has already checked the reader may see them."""
    response = FileResponse(
        stored_file.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
