"""``python -m kg`` runs the command line."""

from kg.cli.app import main

if __name__ == "__main__":
    main()
