import sys

from geo.export.cli import main

sys.exit(main())
