#!/usr/bin/env python3
"""Opens CONNECTIONS SIP/TCP connections to HOST:PORT from 127.0.0.1, 127.0.0.2, ... (PER_SOURCE from
each), each sending half a request header and then nothing, holds them HOLD seconds and reports how
many the server closed (at once, and by the end). Loopback only. Usage: sip-tcp-flood.py PORT
CONNECTIONS PER_SOURCE HOLD"""
import socket
import sys
import time

port, count, per_source, hold = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
sockets = []
started = time.monotonic()
for i in range(count):
    s = socket.socket()
    s.bind((f"127.0.0.{1 + i // per_source}", 0))
    s.connect(("127.0.0.1", port))
    s.sendall(b"OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP ")
    s.setblocking(False)
    sockets.append(s)


def closed(s):
    try:
        return s.recv(1) == b""
    except BlockingIOError:
        return False
    except OSError:
        return True


opened = time.monotonic() - started
time.sleep(1)  # let the server accept or refuse them all
print(f"== opened {count} in {opened:.1f} s; closed by the server 1 s later: {sum(closed(s) for s in sockets)}",
      flush=True)
sys.stdout.write("READY\n")
sys.stdout.flush()
time.sleep(hold)
print(f"== closed by the server after {hold:.0f} s: {sum(closed(s) for s in sockets)}", flush=True)
for s in sockets:
    s.close()
