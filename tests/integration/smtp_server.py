"""A small SMTP server on a free loopback port, for a worker in another process to send to.

It keeps each message it accepted (answered 250 to) with its recipients. With `hold` set, it
reads a message but does not answer, like a server gone quiet, until `release()`; a client
that disappears meanwhile (a killed worker) never got its 250, so the message is not kept.
"""

import email
import select
import socket
import threading
from contextlib import contextmanager
from email.header import decode_header, make_header


class SMTPServer:
    def __init__(self):
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"smtp://127.0.0.1:{self.port}"
        self.accepted = []  # (recipients, subject), in order
        self.held = 0  # messages whose answer was held
        self.abandoned = 0  # of those, the ones whose client went away meanwhile
        self.hold = False
        self.holding = threading.Semaphore(0)  # released once per message being held
        self._released = threading.Event()
        self._lock = threading.Lock()
        threading.Thread(target=self._serve, daemon=True).start()

    def release(self):
        self.hold = False
        self._released.set()

    def close(self):
        self.release()
        self._socket.close()

    def _serve(self):
        while True:
            try:
                conn, _address = self._socket.accept()
            except OSError:  # closed
                return
            threading.Thread(target=self._session, args=(conn,), daemon=True).start()

    def _session(self, conn):
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 test ESMTP\r\n")
            recipients = []
            for line in lines:
                verb = line[:4].upper()
                if verb in (b"EHLO", b"HELO"):
                    conn.sendall(b"250 test\r\n")
                elif verb == b"MAIL":
                    recipients = []
                    conn.sendall(b"250 OK\r\n")
                elif verb == b"RCPT":
                    recipients.append(line.split(b":", 1)[1].strip().strip(b"<>").decode())
                    conn.sendall(b"250 OK\r\n")
                elif verb == b"DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    data = self._read_data(lines)
                    if data is None:  # the client went away in the middle: nothing to keep
                        return
                    if self.hold and not self._wait_for_release(conn):
                        with self._lock:
                            self.abandoned += 1
                        return
                    with self._lock:
                        self.accepted.append((tuple(recipients), _subject(data)))
                    conn.sendall(b"250 queued\r\n")
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:  # RSET, NOOP
                    conn.sendall(b"250 OK\r\n")

    @staticmethod
    def _read_data(lines):
        """The message up to the lone dot; None if the connection ends first."""
        body = []
        for line in lines:
            if line in (b".\r\n", b".\n"):
                return b"".join(body)
            body.append(line[1:] if line.startswith(b"..") else line)
        return None

    def _wait_for_release(self, conn):
        """Hold the answer until released; False if the client hung up first."""
        with self._lock:
            self.held += 1
        self.holding.release()
        while not self._released.wait(0.05):
            if _hung_up(conn):
                return False
        return not _hung_up(conn)  # once more: released just after the client went away


def _hung_up(conn):
    readable, _, _ = select.select([conn], [], [], 0)
    try:
        return bool(readable) and conn.recv(1, socket.MSG_PEEK) == b""
    except OSError:  # reset by the peer
        return True


def _subject(data):
    message = email.message_from_bytes(data)
    return str(make_header(decode_header(message.get("Subject", ""))))


@contextmanager
def smtp_server():
    server = SMTPServer()
    try:
        yield server
    finally:
        server.close()
