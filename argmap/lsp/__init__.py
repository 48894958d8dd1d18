"""The language server for maps (``argmap lsp``): diagnostics, hover, navigation, rename, code actions.

Every feature is a pure function over a document's text (:mod:`.index`, :mod:`.diagnostics`,
:mod:`.hover`, :mod:`.navigation`, :mod:`.actions`), testable without the protocol;
:mod:`.server` is the thin pygls layer that speaks it. Positions here are 0-based lines
and columns counted in characters; the server converts them to the client's units.
"""
