#!/usr/bin/env python3
"""A server that resets every TLS connection right after the ClientHello (judge9 k20).

It accepts on LISTEN, reads the first TLS record (the ClientHello) and closes with SO_LINGER 0,
so the kernel sends a TCP RST with no ServerHello and no alert: what a client sees when
HTTP.sys finds no SSL binding for the connection. Synthetic: the RST is made here, not by
HTTP.sys; the ClientHellos are real OpenSSL ones.

    rst-after-clienthello.py 127.0.0.1:44304 <connections>
"""
import socket
import struct
import sys


def main() -> None:
    host, port = sys.argv[1].rsplit(':', 1)
    count = int(sys.argv[2])
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, int(port)))
    srv.listen(8)
    for _ in range(count):
        conn, _addr = srv.accept()
        data = b''
        while len(data) < 5:
            chunk = conn.recv(5 - len(data))
            if not chunk:
                break
            data += chunk
        if len(data) == 5:
            (n,) = struct.unpack('>H', data[3:5])
            while len(data) < 5 + n:
                chunk = conn.recv(5 + n - len(data))
                if not chunk:
                    break
                data += chunk
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        conn.close()
    srv.close()


if __name__ == '__main__':
    main()
