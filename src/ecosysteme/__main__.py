from ecosysteme.cli import main

main()
