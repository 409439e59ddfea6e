"""The ondermijningsbeeld per municipality: figures (pure), document, HTML and PDF."""

from outputs.report.write import documents, report_dir, write_reports

__all__ = ["documents", "report_dir", "write_reports"]
