from qrsign.cli import main

main()
