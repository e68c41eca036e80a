"""Plain-Python core of the site of Kế hoạch số 32-KH/ĐU.

Nothing in this package imports MkDocs: the data model, the official-text parser and the checks
outlive the site generator. MkDocs reaches them through one thin adapter (kehoach.mkdocs_plugin, the only
module that imports the site generator) and editors through the `kehoach-check` command (kehoach.cli).
"""
