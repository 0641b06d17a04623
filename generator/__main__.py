"""`python -m generator` is the same as the `hoko-codegen` command."""

import sys

from generator.cli import main

sys.exit(main())
