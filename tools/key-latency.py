#!/usr/bin/env python3
"""Time the TUI's search results on screen after the last key, as a person sees them.

    tools/key-latency.py BINARY ARTICLE [QUERY ...] [--runs N] [--gap MS]

Starts `BINARY ARTICLE` on a 120x40 pseudo-terminal, keeps a terminal
emulator's screen of what it draws (pyte: `pip install pyte`), waits for the
claims list ("Claims N/N"), then for each QUERY presses `/`, types the query
one key every GAP ms (150 by default, a quick typist), and reports the time
from the last key to the first frame whose search line shows the whole
query with its count ("/QUERY  N/M"), the status bar no longer saying
"searching". Esc and the next query follow; `q` ends the run. The
environment is passed on (CLAIMDESK_NO_CACHE, XDG_CACHE_HOME,
CLAIMDESK_MATCHER). Note the machine's load (printed) beside the figures.
"""
import fcntl, os, pty, re, select, struct, sys, termios, time

try:
    import pyte
except ImportError:
    sys.exit("key-latency.py needs pyte: pip install pyte")

COLS, ROWS = 120, 40


class Term:
    def __init__(self, binary, article):
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execv(binary, [binary, article])
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))

    def pump(self, timeout):
        r, _, _ = select.select([self.fd], [], [], timeout)
        if r:
            try:
                self.stream.feed(os.read(self.fd, 1 << 16))
            except OSError:
                return False
        return True

    def text(self):
        return "\n".join(self.screen.display)

    def wait_for(self, pred, limit):
        """Pump output until pred(screen text) holds; the time it held, or None."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if pred(self.text()):
                return time.monotonic()
            self.pump(0.002)
        return None

    def send(self, data):
        os.write(self.fd, data)

    def close(self):
        self.send(b"\x1b")
        time.sleep(0.1)
        self.send(b"q")
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def measure(term, query, gap):
    term.send(b"/")
    for ch in query:
        end = time.monotonic() + gap / 1000
        while time.monotonic() < end:
            term.pump(0.002)
        term.send(ch.encode())
    sent = time.monotonic()
    line = re.compile(r"^/" + re.escape(query) + r"\s+\d+/\d+", re.M)
    done = term.wait_for(lambda s: line.search(s) and "searching" not in s, 30)
    shown = "-" if done is None else f"{(done - sent) * 1000:.0f} ms"
    term.send(b"\x1b")
    term.wait_for(lambda s: not line.search(s), 5)
    return shown


def main():
    args = sys.argv[1:]
    runs, gap = 3, 150
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i : i + 2]
    if "--gap" in args:
        i = args.index("--gap")
        gap = int(args[i + 1])
        del args[i : i + 2]
    binary, article, queries = args[0], args[1], args[2:] or ["parliament", "peace talks"]
    print("load:", os.getloadavg())
    for run in range(runs):
        term = Term(binary, article)
        start = time.monotonic()
        listed = term.wait_for(lambda s: re.search(r"Claims (\d+)/\1", s), 120)
        if listed is None:
            term.close()
            sys.exit("the claims list never showed")
        figures = [f"{q!r} {measure(term, q, gap)}" for q in queries]
        term.close()
        print(f"run {run + 1}: list after {(listed - start) * 1000:.0f} ms; last key to results: " + ", ".join(figures))


if __name__ == "__main__":
    main()
