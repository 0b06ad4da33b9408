"""The application file for ``spark-submit``: the ``luoshi`` command line, master from Spark.

``spark-submit [options] …/luoshi/batch/submit.py batch extract INPUT OUTPUT`` runs
``luoshi batch extract`` in the driver that spark-submit starts, on the master and with
the resources spark-submit was given (see ``docs/batch.md``).
"""

from __future__ import annotations

from luoshi.cli import main

if __name__ == "__main__":
    main()
