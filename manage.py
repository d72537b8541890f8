#!/usr/bin/env python
from clusterzone.cli import main

if __name__ == "__main__":
    main()
