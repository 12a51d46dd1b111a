"""The site's own code: Markdown for the pages, the calendar file, the Content-Security-Policy, the Chinese on
English pages. Only the build (MkDocs hooks, scripts/build_site.py) uses it; it is not in the browser's wheel."""
