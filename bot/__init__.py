"""newsbot core: article links in, actors and quotes out. Knows nothing of Slack's wire format."""

from bot import lean_imports

__version__ = "0.1.0"

# Bump when actor or quote extraction changes what it produces: stored articles analysed by an
# older version are re-analysed when they are shared again.
ANALYZER_VERSION = "2026.11.1"

# Before any module of newsbot imports spaCy or httpx.
lean_imports.install()
