from medsec.cli.main import run

run()
