#!/usr/bin/env python
"""Django's command-line utility. The `saferschools` console script is the same thing."""

import sys

from saferschools.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv))
