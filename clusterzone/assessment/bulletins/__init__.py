"""Bulletins (通报) for a region and a period: `content.build` gathers the figures (progress
selector, reporting status, latest published assessment run); `docx.render` writes them as a
government bulletin in Word, `xlsx.render` the same tables as an Excel workbook."""

from .content import Bulletin, build  # noqa: F401
