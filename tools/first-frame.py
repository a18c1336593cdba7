#!/usr/bin/env python3
"""Time the TUI's first frame as a whole process in a pseudo-terminal.

    tools/first-frame.py BINARY ARTICLE [RUNS]

Starts `BINARY ARTICLE` on a 120x40 pseudo-terminal and reports, per run,
the time from the start of the process to the first bytes of its first
frame ("loading" drawn, or the list for a small sheet) and to the list
("Claims N/N", the sheet read and drawn), then sends `q`. The environment
is passed on (set CLAIMDESK_NO_CACHE=1 for a cold parse, XDG_CACHE_HOME
for a cache of its own). Note the machine's load (uptime) beside figures.
"""
import os, pty, re, select, struct, sys, time, fcntl, termios

def run(binary, article):
    start = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary, article])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen, first, listed = b"", None, None
    while listed is None and time.monotonic() - start < 60:
        r, _, _ = select.select([fd], [], [], 0.5)
        if not r:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        seen += chunk
        now = time.monotonic() - start
        if first is None and (b"loading" in seen or b"Claims" in seen):
            first = now
        if re.search(rb"Claims (\d+)/\1", seen):
            listed = now
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    os.close(fd)
    return first, listed

def main():
    binary, article = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    print("load:", os.getloadavg())
    for i in range(runs):
        first, listed = run(binary, article)
        fmt = lambda t: "-" if t is None else f"{t * 1000:.0f} ms"
        print(f"run {i + 1}: first frame {fmt(first)}, list drawn {fmt(listed)}")

main()
