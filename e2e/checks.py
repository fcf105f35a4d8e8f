"""What the Python parts of the e2e run share: counting checks and the
summary line run.sh adds up."""

import sys


class Checks:
    """Counts PASS and FAIL lines of one part, named in each line."""

    def __init__(self, name):
        self.name = name
        self.passed = 0
        self.failed = 0

    def result(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print("%s %s: %s" % ("PASS" if ok else "FAIL", self.name, what), flush=True)

    def run(self, main):
        """Runs main, counts an exception out of it as a failed check, prints
        "NAME: N passed, M failed" and exits 1 if anything failed."""
        try:
            main()
        except Exception as e:
            self.result(False, "stopped: %s: %s" % (type(e).__name__, e))
        print("%s: %d passed, %d failed" % (self.name, self.passed, self.failed), flush=True)
        sys.exit(0 if self.failed == 0 else 1)
