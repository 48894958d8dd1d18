"""Tools for AI assistants (``argmap mcp``): read, check, evaluate and render maps, and propose nodes.

An assistant works on the maps of one workspace folder (:mod:`.workspace`). It can read
everything and write only proposals (:func:`.tools.propose`): nodes with ``status:
proposed`` that count nowhere until a person accepts them with ``argmap review``. There
is no tool to accept, reject, delete or rewrite. Every text an assistant sends is cleaned
and limited like an LLM's answer (:mod:`.clean`). :mod:`.server` is the thin MCP layer.
"""
