"""exitguard: mitmproxy addons that guard what AI agents send to and receive from the outside world.

The engine (``addons.detect``, ``addons.formats``) is pure Python and never imports mitmproxy;
the addon modules are thin adapters from mitmproxy events to it. ``addons/bundle.py`` is the one
script mitmproxy loads.
"""
