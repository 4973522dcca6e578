import sys

from tifa.cli import main

sys.exit(main())
