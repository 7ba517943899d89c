"""The error a document writer raises when it cannot write (its engine missing, the file not writable)."""


class PdfError(Exception):
    """The PDF (or Word) document could not be written (WeasyPrint, its system libraries or python-docx
    missing, or the file not writable); one line for the user."""
