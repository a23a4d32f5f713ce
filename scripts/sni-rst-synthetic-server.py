#!/usr/bin/env python3
"""A stand-in for an HTTP.sys port that has only SNI (hostname:port) bindings.

It accepts on LISTEN, reads the first TLS record (the ClientHello) and looks for the
server_name extension. Without it, it closes with SO_LINGER 0, so the kernel sends a TCP RST
right after the ClientHello, as HTTP.sys does when no ip:port / ccs binding can serve the
connection. With it, the bytes are relayed both ways to a real `openssl s_server` (BACKEND),
which completes the handshake. Given BOUND names (comma-separated), a server_name that is not
one of them (compared case-insensitively) is reset the same way: a name with no hostname:port
entry on a port without a fallback. Synthetic: the RST is made here, not by HTTP.sys.

    sni-rst-synthetic-server.py 127.0.0.1:443 127.0.0.1:44302 <connections> [BOUND]
"""
import socket
import struct
import sys
import threading


def sni_name(hello: bytes):
    """The first host_name of a TLS ClientHello record's server_name extension (type 0), or None."""
    if len(hello) < 5 or hello[0] != 0x16:
        return None
    body = hello[5:]
    if len(body) < 4 or body[0] != 0x01:
        return None
    p = 4 + 2 + 32  # handshake header, legacy_version, random
    sid = body[p]
    p += 1 + sid
    (suites,) = struct.unpack('>H', body[p:p + 2])
    p += 2 + suites
    comp = body[p]
    p += 1 + comp
    if p + 2 > len(body):
        return None
    (ext_len,) = struct.unpack('>H', body[p:p + 2])
    p += 2
    end = min(len(body), p + ext_len)
    while p + 4 <= end:
        ext_type, n = struct.unpack('>HH', body[p:p + 4])
        if ext_type == 0:
            # server_name_list length (2), name_type (1), host_name length (2), host_name
            (name_len,) = struct.unpack('>H', body[p + 7:p + 9])
            return body[p + 9:p + 9 + name_len].decode('ascii', 'replace')
        p += 4 + n
    return None


def read_record(conn: socket.socket) -> bytes:
    data = b''
    while len(data) < 5:
        chunk = conn.recv(5 - len(data))
        if not chunk:
            return data
        data += chunk
    (n,) = struct.unpack('>H', data[3:5])
    while len(data) < 5 + n:
        chunk = conn.recv(5 + n - len(data))
        if not chunk:
            break
        data += chunk
    return data


def pump(src: socket.socket, dst: socket.socket) -> None:
    try:
        while True:
            b = src.recv(65536)
            if not b:
                break
            dst.sendall(b)
    except OSError:
        pass
    finally:
        try:
            dst.shutdown(socket.SHUT_WR)
        except OSError:
            pass


def serve(conn: socket.socket, backend: tuple, bound) -> None:
    hello = read_record(conn)
    name = sni_name(hello)
    if name is None or (bound is not None and name.lower() not in bound):
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack('ii', 1, 0))
        conn.close()
        return
    up = socket.create_connection(backend)
    up.sendall(hello)
    t = threading.Thread(target=pump, args=(up, conn))
    t.start()
    pump(conn, up)
    t.join()
    conn.close()
    up.close()


def main() -> None:
    host, port = sys.argv[1].rsplit(':', 1)
    bhost, bport = sys.argv[2].rsplit(':', 1)
    count = int(sys.argv[3])
    bound = {n.lower() for n in sys.argv[4].split(',')} if len(sys.argv) > 4 else None
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((host, int(port)))
    srv.listen(8)
    for _ in range(count):
        conn, _addr = srv.accept()
        serve(conn, (bhost, int(bport)), bound)
    srv.close()


if __name__ == '__main__':
    main()
