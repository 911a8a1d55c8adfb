# The two commands of the README.
#   make demo   set up, then run the main job on the bundled data (no server needed)
#   make test   set up everything the tests need (Chromium, Neo4j from Maven Central), then run them all
.PHONY: demo test lint

demo:
	scripts/setup.sh
	.venv/bin/ecosysteme demo -o sortie-demo

test:
	scripts/setup.sh --test
	.venv/bin/python -m pytest

lint:
	.venv/bin/ruff check src tests scripts bench
